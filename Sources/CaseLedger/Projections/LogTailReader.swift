import Foundation

/// Where a fold stands in the log files: the segment and byte offset of the last folded line.
///
/// Recorded in snapshots so that opening reads only the lines after it instead of scanning the
/// whole log, which is what makes opening a large ledger from a snapshot fast.
public struct LogCursor: Sendable, Hashable {
    /// The first sequence number of the segment holding the line (its file name).
    public var segmentFirstSequence: UInt64
    /// Byte offset of the line within that segment.
    public var lineOffset: Int64

    public init(segmentFirstSequence: UInt64, lineOffset: Int64) {
        self.segmentFirstSequence = segmentFirstSequence
        self.lineOffset = lineOffset
    }
}

/// Why the tail after a position could not be read.
public enum LogTailError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The log does not hold the position where it was recorded (it is shorter, or it is
    /// another log); `reason` says what was found instead.
    case positionNotInLog(sequence: UInt64, reason: String)
    /// The log has another event at the position: it is another log, or it was rewritten.
    case positionMismatch(sequence: UInt64, expected: SHA256Digest, found: SHA256Digest)
    /// The log is damaged after the position.
    case corrupt(ScanFault)
    case io(IOFailure)

    public var description: String {
        switch self {
        case .positionNotInLog(let sequence, let reason):
            return "the position of event \(sequence) is not in this log: \(reason) (the log is shorter, or another log)"
        case .positionMismatch(let sequence, let expected, let found):
            return "event \(sequence) of the log has hash \(found.hex), not \(expected.hex) (another log, or the log was rewritten)"
        case .corrupt(let fault):
            return "the log is damaged: \(fault)"
        case .io(let failure):
            return "I/O failure: \(failure)"
        }
    }
}

/// Reads the committed events after a known position, checking that the log still holds that
/// position (same sequence, same chain value) and checking every later line as `LogScanner` does:
/// frame, content hash, chain, sequence, recorded time and batch framing.
///
/// Lines before the position are not re-hashed: the position's stored chain value commits to
/// them, and `caseledger verify` checks the whole log. An unfinished batch at the end (a writer
/// mid-append) is not delivered, exactly as ``LedgerReader`` behaves.
struct LogTailReader {
    let directory: String

    struct Outcome {
        var head: LogPosition
        var cursor: LogCursor?
        var eventCount: Int
    }

    /// Where the line of `position` (the log's last event) is: found by reading back from the end
    /// of the last segment, so a writer can record a snapshot's cursor without scanning the log.
    /// Nil when the last line is not that event (the caller then records no cursor).
    static func cursor(of position: LogPosition, in directory: String) throws -> LogCursor? {
        guard let last = try LogScanner.listSegments(in: directory).last else { return nil }
        let file = try POSIXFile.open(last.path, .readOnly)
        defer { file.close() }
        let size = try file.sizeBytes()
        var count = min(size, 1 << 16)
        while count > 0 {
            let bytes = try file.read(offset: size - count, count: count)
            guard bytes.last == 0x0A else { return nil }
            let start: Int
            if let previous = bytes[..<(bytes.count - 1)].lastIndex(of: 0x0A) {
                start = size - count + previous + 1
            } else if count == size {
                start = 0
            } else {
                count = min(size, count * 4)
                continue
            }
            let line = Array(bytes[(start - (size - count))..<(bytes.count - 1)])
            let sequence = line.withUnsafeBytes { buffer -> UInt64? in
                guard let frame = try? LineFrame.parse(buffer),
                      let header = try? EnvelopeHeader.decode(UnsafeRawBufferPointer(rebasing: buffer[frame.contentRange]))
                else { return nil }
                return header.sequence
            }
            guard sequence == position.sequence else { return nil }
            return LogCursor(segmentFirstSequence: last.firstSequence, lineOffset: Int64(start))
        }
        return nil
    }

    /// Calls `body` for each committed event after `position`, in order.
    func read(after position: LogPosition, cursor: LogCursor?, _ body: (StoredEvent) throws -> Void) throws -> Outcome {
        let segments: [SegmentFile]
        do { segments = try LogScanner.listSegments(in: directory) } catch { throw LogTailError.io(error) }
        var state = ScanState(position: position, cursor: cursor)
        let startIndex: Int
        if position.sequence == 0 {
            // The empty log's position: everything is tail.
            guard position.chain == LedgerFormat.genesis else {
                throw LogTailError.positionNotInLog(sequence: 0, reason: "sequence 0 with a chain value other than the genesis value")
            }
            guard !segments.isEmpty else { return Outcome(head: position, cursor: nil, eventCount: 0) }
            state.foundPosition = true
            state.committedCursor = nil
            startIndex = 0
        } else if let index = segments.lastIndex(where: { $0.firstSequence <= position.sequence }) {
            startIndex = index
        } else {
            let reason = segments.first.map { "the log's first segment, \($0.name), starts after it" } ?? "the log is empty"
            throw LogTailError.positionNotInLog(sequence: position.sequence, reason: reason)
        }
        for segmentIndex in startIndex..<segments.count {
            let segment = segments[segmentIndex]
            let isFirst = segmentIndex == startIndex
            let isLast = segmentIndex == segments.count - 1
            var startOffset = 0
            if isFirst, position.sequence > 0, let cursor, cursor.segmentFirstSequence == segment.firstSequence,
               cursor.lineOffset >= 0 {
                startOffset = Int(cursor.lineOffset)
            }
            let bytes: [UInt8]
            do {
                let file = try POSIXFile.open(segment.path, .readOnly)
                defer { file.close() }
                let size = try file.sizeBytes()
                guard startOffset <= size else {
                    throw LogTailError.positionNotInLog(
                        sequence: position.sequence,
                        reason: "the recorded byte offset \(startOffset) is past the end of \(segment.name) (\(size) bytes)")
                }
                bytes = try file.read(offset: startOffset, count: size - startOffset)
            } catch let error as LogTailError {
                throw error
            } catch let error as IOFailure {
                throw LogTailError.io(error)
            }
            try bytes.withUnsafeBytes { buffer in
                try scan(segment: segment, buffer, baseOffset: startOffset, isFirst: isFirst, isLast: isLast,
                         state: &state, body: body)
            }
            if isFirst && !state.foundPosition {
                throw LogTailError.positionNotInLog(
                    sequence: position.sequence,
                    reason: "no line of \(segment.name) from byte offset \(startOffset) to its end is that event")
            }
        }
        return Outcome(head: state.committed, cursor: state.committedCursor, eventCount: state.eventCount)
    }

    private struct Pending {
        var envelope: EventEnvelope
        var contentHash: SHA256Digest
        var chain: SHA256Digest
        var offset: Int
    }

    private struct ScanState {
        var committed: LogPosition
        var committedCursor: LogCursor?
        var running: LogPosition
        var foundPosition = false
        var pending: [Pending] = []
        var eventCount = 0

        init(position: LogPosition, cursor: LogCursor?) {
            committed = position
            committedCursor = cursor
            running = position
        }
    }

    private func scan(segment: SegmentFile, _ bytes: UnsafeRawBufferPointer, baseOffset: Int, isFirst: Bool,
                      isLast: Bool, state: inout ScanState, body: (StoredEvent) throws -> Void) throws {
        let decoder = LedgerJSONDecoder()
        let starts = LogScanner.lineBoundaries(bytes)
        let lineCount = starts.count - 1
        if baseOffset == 0 && state.foundPosition && segment.firstSequence != state.running.sequence + 1 {
            // The name itself must be the sequence the segment starts at, also when it holds no
            // line to check it against (the scanner's rule).
            throw LogTailError.corrupt(ScanFault(
                kind: .segmentMisnamed(promised: segment.firstSequence, expected: state.running.sequence + 1),
                segment: segment.name, byteOffset: 0, sequence: state.running.sequence + 1))
        }
        for lineIndex in 0..<lineCount {
            let start = starts[lineIndex]
            let line = UnsafeRawBufferPointer(rebasing: bytes[start..<starts[lineIndex + 1] - 1])
            let offset = baseOffset + start
            func fault(_ kind: ScanFault.Kind) -> LogTailError {
                .corrupt(ScanFault(kind: kind, segment: segment.name, byteOffset: offset,
                                   sequence: state.running.sequence + 1))
            }
            if isFirst && !state.foundPosition {
                // Looking for the position's own line: it must carry the chain value the position
                // names (the check a resumed writer makes too).
                do throws(PositionLookupFailure) {
                    guard case .found = try state.running.match(line) else { continue }
                } catch {
                    switch error {
                    case .notInLog(let sequence):
                        let found = (try? LineFrame.parse(line)).flatMap {
                            try? EnvelopeHeader.decode(UnsafeRawBufferPointer(rebasing: line[$0.contentRange]))
                        }
                        let what = found.map { "event \($0.sequence) (batch position \($0.batch.index) of \($0.batch.size))" }
                            ?? "a line that does not parse"
                        throw LogTailError.positionNotInLog(
                            sequence: sequence, reason: "the line at \(segment.name), byte offset \(offset) is \(what)")
                    case .otherEvent(let sequence, let expected, let found):
                        throw LogTailError.positionMismatch(sequence: sequence, expected: expected, found: found)
                    }
                }
                state.foundPosition = true
                state.committedCursor = LogCursor(segmentFirstSequence: segment.firstSequence, lineOffset: Int64(offset))
                continue
            }
            let frame: LineFrame
            do { frame = try LineFrame.parse(line) } catch {
                if isLast && lineIndex == lineCount - 1 { return }  // a torn last line: a writer's business
                throw fault(.unparsableLine(detail: "frame: \(error)"))
            }
            let content = UnsafeRawBufferPointer(rebasing: line[frame.contentRange])
            let header: EnvelopeHeader
            do { header = try EnvelopeHeader.decode(content) } catch {
                throw fault(.malformedEnvelope(detail: error.description))
            }
            if lineIndex == 0 && baseOffset == 0 && header.sequence != segment.firstSequence {
                throw fault(.segmentNameMismatch(promised: segment.firstSequence, found: header.sequence))
            }
            let contentHash = SHA256.hash(content)
            guard contentHash == frame.storedContentHash else {
                throw fault(.contentHashMismatch(stored: frame.storedContentHash.hex, computed: contentHash.hex))
            }
            guard header.sequence == state.running.sequence + 1 else {
                throw fault(.sequenceOutOfOrder(expected: state.running.sequence + 1, found: header.sequence))
            }
            let chain = SHA256.chain(previous: state.running.chain, content: contentHash)
            guard chain == frame.storedChain else {
                throw fault(.chainMismatch(stored: frame.storedChain.hex, computed: chain.hex))
            }
            if let previous = state.running.recordedAt, header.recordedAt < previous {
                throw fault(.recordedAtDecreased(previous: previous, found: header.recordedAt))
            }
            if let last = state.pending.last {
                guard header.batch.index == last.envelope.batch.index + 1, header.batch.size == last.envelope.batch.size
                else { throw fault(.batchBroken(detail: "expected position \(last.envelope.batch.index + 1) of \(last.envelope.batch.size)")) }
            } else if header.batch.index != 1 {
                throw fault(.batchBroken(detail: "a batch starts at position \(header.batch.index)"))
            }
            let envelope: EventEnvelope
            do { envelope = try EventEnvelope.decodeContent(content, using: decoder) } catch {
                throw fault(.malformedEnvelope(detail: "\(error)"))
            }
            state.pending.append(Pending(envelope: envelope, contentHash: contentHash, chain: chain, offset: offset))
            state.running = LogPosition(sequence: header.sequence, chain: chain, recordedAt: header.recordedAt)
            if header.batch.isLast {
                for pending in state.pending {
                    try body(StoredEvent(envelope: pending.envelope, contentHash: pending.contentHash, chain: pending.chain,
                                         segment: segment.name, byteOffset: pending.offset))
                }
                state.eventCount += state.pending.count
                state.pending.removeAll(keepingCapacity: true)
                state.committed = state.running
                state.committedCursor = LogCursor(segmentFirstSequence: segment.firstSequence, lineOffset: Int64(offset))
            }
        }
        if !state.pending.isEmpty && !isLast {
            let first = state.pending[0]
            throw LogTailError.corrupt(ScanFault(
                kind: .incompleteBatch(firstSequence: first.envelope.sequence, linesPresent: state.pending.count,
                                       batchSize: first.envelope.batch.size),
                segment: segment.name, byteOffset: first.offset, sequence: first.envelope.sequence))
        }
    }
}
