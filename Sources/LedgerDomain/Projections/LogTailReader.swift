import Foundation
import LedgerEvents
import LedgerStore
import LedgerSupport

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
package struct LogTailReader {
    package let directory: String

    package init(directory: String) {
        self.directory = directory
    }

    package struct Outcome {
        package var head: LogPosition
        package var cursor: LogCursor?
        package var eventCount: Int
    }

    /// Where the line of `position` (the log's last event) is: found by reading back from the end
    /// of the last segment, so a writer can record a snapshot's cursor without scanning the log.
    /// Nil when the last line is not that event (the caller then records no cursor).
    package static func cursor(of position: LogPosition, in directory: String) throws -> LogCursor? {
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

    /// What is at `cursor`, in words for a refusal: "the line at SEGMENT, byte offset N is event S
    /// (batch position I of B)". Nil when the cursor names no segment of the log or no line.
    /// Only a cursor into `segment`, the one the search read, is described: a cursor into another
    /// segment was not where the search looked.
    private static func describeLine(at cursor: LogCursor?, searching segment: SegmentFile) -> String? {
        guard let cursor, cursor.lineOffset >= 0, cursor.segmentFirstSequence == segment.firstSequence,
              let file = try? POSIXFile.open(segment.path, .readOnly)
        else { return nil }
        defer { file.close() }
        if let size = try? file.sizeBytes(), Int(cursor.lineOffset) >= size {
            return "the recorded byte offset \(cursor.lineOffset) is past the end of \(segment.name) (\(size) bytes)"
        }
        guard let bytes = try? file.read(offset: Int(cursor.lineOffset), count: 1 << 16),
              let end = bytes.firstIndex(of: 0x0A)
        else { return nil }
        let offset = cursor.lineOffset
        let what = bytes[..<end].withUnsafeBytes { line -> String in
            guard let frame = try? LineFrame.parse(line),
                  let header = try? EnvelopeHeader.decode(UnsafeRawBufferPointer(rebasing: line[frame.contentRange]))
            else { return "a line that does not parse" }
            return "event \(header.sequence) (batch position \(header.batch.index) of \(header.batch.size))"
        }
        return "the line at \(segment.name), byte offset \(offset) is \(what)"
    }

    /// Calls `body` for each committed event after `position`, in order.
    ///
    /// The position's line is found by the store (``LogScanner/locate(_:cursor:in:)``, the search
    /// a resumed writer makes) and every later line is checked by the store's one scanner, so the
    /// tail is held to exactly the checks `verify` applies; only decoding the envelope is this
    /// layer's.
    package func read(after position: LogPosition, cursor: LogCursor?, _ body: (StoredEvent) throws -> Void) throws -> Outcome {
        let segments: [SegmentFile]
        do { segments = try LogScanner.listSegments(in: directory) } catch { throw LogTailError.io(error) }
        var start: ScanStart?
        var lastCursor: LogCursor?
        if position.sequence == 0 {
            // The empty log's position: everything is tail.
            guard position.chain == LedgerFormat.genesis else {
                throw LogTailError.positionNotInLog(sequence: 0, reason: "sequence 0 with a chain value other than the genesis value")
            }
            guard !segments.isEmpty else { return Outcome(head: position, cursor: nil, eventCount: 0) }
        } else {
            guard let first = segments.first, first.firstSequence <= position.sequence else {
                let reason = segments.first.map { "the log's first segment, \($0.name), starts after it" } ?? "the log is empty"
                throw LogTailError.positionNotInLog(sequence: position.sequence, reason: reason)
            }
            let located: LocatedPosition
            do {
                located = try LogScanner.locate(position, cursor: cursor, in: segments)
            } catch let failure as PositionLookupFailure {
                switch failure {
                case .notInLog(let sequence):
                    throw LogTailError.positionNotInLog(
                        sequence: sequence,
                        reason: Self.describeLine(at: cursor, searching: segments[segments.lastIndex {
                            $0.firstSequence <= position.sequence } ?? 0])
                            ?? "no committed line of the segment it would be in is that event")
                case .otherEvent(let sequence, let expected, let found):
                    throw LogTailError.positionMismatch(sequence: sequence, expected: expected, found: found)
                }
            } catch let error as IOFailure {
                throw LogTailError.io(error)
            }
            let segment = segments[located.segmentIndex]
            start = ScanStart(segmentIndex: located.segmentIndex, byteOffset: located.endOffset, position: LogPosition(
                sequence: position.sequence, chain: position.chain, recordedAt: located.header.recordedAt))
            lastCursor = LogCursor(segmentFirstSequence: segment.firstSequence, lineOffset: Int64(located.lineOffset))
        }
        var eventCount = 0
        let outcome: ScanOutcome
        do {
            outcome = try LogScanner(directory: directory).scanLines(segments: segments, from: start, makeExtractor: {
                let decoder = LedgerJSONDecoder()
                return { content, _ in Result { try EventEnvelope.decodeContent(content, using: decoder) } }
            }) { line, decoded in
                let envelope: EventEnvelope
                switch decoded {
                case .success(let value):
                    envelope = value
                case .failure(let error):
                    // The store checked the line; it is intact but not an event this build reads.
                    throw FoldDecodingError(sequence: line.header.sequence, segment: line.segment.name,
                                            byteOffset: line.offset, detail: "\(error)")
                }
                try body(StoredEvent(envelope: envelope, contentHash: line.contentHash, chain: line.chain,
                                     segment: line.segment.name, byteOffset: line.offset))
                eventCount += 1
                lastCursor = LogCursor(segmentFirstSequence: line.segment.firstSequence, lineOffset: Int64(line.offset))
            }
        } catch let error as IOFailure {
            throw LogTailError.io(error)
        }
        // An unfinished batch or torn line at the end is a writer's business (in flight, or
        // recovered on its next open): not delivered, as ``LedgerReader`` behaves.
        if let fault = outcome.fault, !outcome.faultIsRecoverableTail { throw LogTailError.corrupt(fault) }
        return Outcome(head: outcome.head, cursor: lastCursor, eventCount: eventCount)
    }
}
