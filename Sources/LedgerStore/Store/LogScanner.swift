import Dispatch
#if canImport(Glibc)
import Glibc
#endif
import LedgerSupport

/// One segment file of the log.
public struct SegmentFile: Sendable, Hashable {
    public var name: String
    public var path: String
    /// The sequence number the file name promises for its first line.
    public var firstSequence: UInt64
}

/// The log's position after a committed batch: what a digest names.
public struct LogPosition: Sendable, Hashable {
    public var sequence: UInt64
    public var chain: SHA256Digest
    public var recordedAt: Instant?

    package init(sequence: UInt64, chain: SHA256Digest, recordedAt: Instant? = nil) {
        self.sequence = sequence
        self.chain = chain
        self.recordedAt = recordedAt
    }

    public static let genesis = LogPosition(sequence: 0, chain: LedgerFormat.genesis, recordedAt: nil)
}

/// A line the scanner has checked: frame, content hash, chain, envelope header, order.
package struct ScannedLine {
    package var segment: SegmentFile
    /// Byte offset of the line's first byte within its segment.
    package var offset: Int
    package var header: EnvelopeHeader
    package var contentHash: SHA256Digest
    package var chain: SHA256Digest
    /// The content bytes; valid only during the callback.
    package var content: UnsafeRawBufferPointer
}

/// The first thing found wrong in the log, with where it is.
public struct ScanFault: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Kind: Sendable, Hashable {
        /// The line is not `{"event":…,"sha256":"…","chain":"…"}`.
        case unparsableLine(detail: String)
        case contentHashMismatch(stored: String, computed: String)
        case chainMismatch(stored: String, computed: String)
        case malformedEnvelope(detail: String)
        /// A sequence number is missing, repeated or out of order.
        case sequenceOutOfOrder(expected: UInt64, found: UInt64)
        /// A segment's file name and its first line disagree.
        case segmentNameMismatch(promised: UInt64, found: UInt64)
        /// A segment before the last is empty: it was truncated or replaced.
        case emptySegment
        /// A segment's name promises a sequence other than the one it must start at (the one
        /// after the previous segment's last line), whether or not it holds a line: an append
        /// into it would be acknowledged into a file every later reader refuses.
        case segmentMisnamed(promised: UInt64, expected: UInt64)
        case recordedAtDecreased(previous: Instant, found: Instant)
        /// Batch positions do not follow 1, 2, … size.
        case batchBroken(detail: String)
        /// The last segment ends without a newline (a write torn by a crash).
        case tornTail(byteCount: Int)
        /// The last lines belong to a batch whose final line never arrived.
        case incompleteBatch(firstSequence: UInt64, linesPresent: Int, batchSize: Int)
        /// The digest names a position the log no longer reaches, or a different chain value there.
        case digestMismatch(sequence: UInt64, expected: String, found: String?)
    }

    public var kind: Kind
    public var segment: String
    public var byteOffset: Int
    /// The sequence number at fault: the one expected at this place.
    public var sequence: UInt64

    package init(kind: Kind, segment: String, byteOffset: Int, sequence: UInt64) {
        self.kind = kind
        self.segment = segment
        self.byteOffset = byteOffset
        self.sequence = sequence
    }

    public var description: String {
        let place = "sequence \(sequence), segment \(segment), byte offset \(byteOffset)"
        switch kind {
        case .unparsableLine(let detail): return "unparsable line at \(place): \(detail)"
        case .contentHashMismatch(let stored, let computed):
            return "content hash mismatch at \(place): stored \(stored), computed \(computed) (the event's bytes were changed)"
        case .chainMismatch(let stored, let computed):
            return "hash chain broken at \(place): stored \(stored), computed \(computed) (a line before it was changed, removed or inserted)"
        case .malformedEnvelope(let detail): return "malformed envelope at \(place): \(detail)"
        case .sequenceOutOfOrder(let expected, let found):
            return "sequence out of order at \(place): expected \(expected), found \(found) (a line was removed, inserted or reordered)"
        case .segmentNameMismatch(let promised, let found):
            return "segment \(segment) is named for sequence \(promised) but starts at \(found) (a segment is missing or was replaced); at \(place)"
        case .emptySegment: return "segment \(segment) is empty but is not the last segment (truncated); at \(place)"
        case .segmentMisnamed(let promised, let expected):
            return "segment \(segment) is named for sequence \(promised), but it must start at sequence \(expected) (the segment was renamed, or one before it is missing or truncated); at \(place)"
        case .recordedAtDecreased(let previous, let found):
            return "recordedAt went backwards at \(place): \(found) after \(previous)"
        case .batchBroken(let detail): return "batch framing broken at \(place): \(detail)"
        case .tornTail(let byteCount):
            return "torn tail at \(place): \(byteCount) bytes without a final newline (an unfinished write; a writer quarantines it on open)"
        case .incompleteBatch(let first, let present, let size):
            return "incomplete batch at \(place): \(present) of \(size) lines from sequence \(first) (never acknowledged; a writer quarantines it on open)"
        case .digestMismatch(let sequence, let expected, let found):
            if let found {
                return "digest mismatch: at sequence \(sequence) the log's chain is \(found), the digest says \(expected) (the log up to \(sequence) was rewritten)"
            }
            return "digest mismatch: the digest names sequence \(sequence) but the log ends before it (the log was truncated); at \(place)"
        }
    }

}

/// What a scan found: how far the log is good, and the first fault if any.
package struct ScanOutcome {
    package var head: LogPosition = .genesis
    /// Every segment of the log, scanned or not.
    package var segments: [SegmentFile] = []
    /// Size of each segment scanned up to the end of its last committed batch, in scan order
    /// (so the last element is the last segment's when the scan reached it).
    package var committedSizeBytes: [Int] = []
    package var fault: ScanFault?
    /// True when the fault is confined to the end of the last segment: a torn line, a last line
    /// whose frame does not parse, or an unfinished batch. Only such a fault may be cut off; a
    /// well-framed line whose hash fails is damage to acknowledged data and is never cut.
    package var faultIsRecoverableTail = false
    /// Sum of committed bytes scanned.
    package var byteCount = 0
    /// Bytes read from segment files, committed or not (a segment read ahead counts too).
    package var readByteCount = 0
    /// Lines of committed batches delivered.
    package var committedLineCount = 0
}

/// Where a scan starts when it does not start at the beginning of the log: just after a trusted
/// position's line (found by ``LogScanner/locate(_:cursor:in:)``), whose chain, sequence and
/// recorded time the first scanned line must follow.
package struct ScanStart {
    /// Index of the segment holding the position's line, in the list given to the scan.
    package var segmentIndex: Int
    /// Byte offset just past the position's line: the first byte to check.
    package var byteOffset: Int
    package var position: LogPosition

    package init(segmentIndex: Int, byteOffset: Int, position: LogPosition) {
        self.segmentIndex = segmentIndex
        self.byteOffset = byteOffset
        self.position = position
    }
}

/// A line that passed every check, as the header-only scan delivers it: the lean header, the
/// hashes and the content bytes (valid only during the callback).
package struct CheckedLine {
    package var segment: SegmentFile
    /// Byte offset of the line's first byte within its segment.
    package var offset: Int
    package var header: LineHeader
    package var contentHash: SHA256Digest
    package var chain: SHA256Digest
    package var content: UnsafeRawBufferPointer
}

/// Reads and checks segments line by line: the single reading engine behind opening a writer,
/// reading events, `verify` and the projections' fold.
///
/// Each segment is read whole (the next one is read in the background meanwhile) and its lines
/// are checked in blocks. Everything that depends on one line alone runs on all cores: the
/// frame, the content hash, the header, whatever the caller extracts from the content, and
/// also the chain step, computed from the previous line's *stored* chain value. That is the same
/// value the sequential walk would use: the walk stops at the first line whose stored chain
/// differs from the computed one, so every line it reaches follows a line whose stored value was
/// confirmed. Only the order checks (sequence, recorded time, batch framing) are sequential, and
/// they run on one block while the next is being analysed.
package struct LogScanner {
    package var directory: String
    /// Compute content hashes on all cores; the chain step stays sequential.
    package var parallelHashing = true
    /// Lines analysed together; the sequential checks of one block overlap the next one's analysis.
    package var blockLineCount = 8_192
    /// The calls segments are listed and read through (a test's faults, or the system's).
    package var fileSystem: FileSystemCalls = .system

    package static func listSegments(in directory: String, system: FileSystemCalls = .system) throws(IOFailure) -> [SegmentFile] {
        try POSIXFile.listDirectory(directory, system: system).compactMap { name -> SegmentFile? in
            guard let first = LedgerFormat.firstSequence(ofSegmentFileName: name) else { return nil }
            return SegmentFile(name: name, path: directory + "/" + name, firstSequence: first)
        }.sorted { $0.firstSequence < $1.firstSequence }
    }

    /// Checked on the way when set: the chain at the digest's sequence must equal its value.
    package var digestToCheck: LogPosition?

    package init(directory: String, parallelHashing: Bool = true, blockLineCount: Int = 8_192, digestToCheck: LogPosition? = nil,
                 fileSystem: FileSystemCalls = .system) {
        self.directory = directory
        self.parallelHashing = parallelHashing
        self.blockLineCount = blockLineCount
        self.digestToCheck = digestToCheck
        self.fileSystem = fileSystem
    }

    /// Scans every segment in order, calling `body` for each line of each committed batch
    /// (in sequence order) until the first fault, with the fully decoded envelope header.
    package func scan(body: (ScannedLine) throws -> Void) throws -> ScanOutcome {
        try scan(segments: try LogScanner.listSegments(in: directory, system: fileSystem), from: nil, body: body)
    }

    /// ``scan(body:)`` of `segments` from `start` (see ``scanLines(segments:from:makeExtractor:body:)``).
    package func scan(segments: [SegmentFile], from start: ScanStart?, body: (ScannedLine) throws -> Void) throws -> ScanOutcome {
        try scanLines(segments: segments, from: start, makeExtractor: {
            { content, _ in try? EnvelopeHeader.decode(content) }
        }) { line, header in
            // The lean header is a subset of what the full decoder accepts, so this is never nil.
            guard let header else { return }
            try body(ScannedLine(segment: line.segment, offset: line.offset, header: header,
                                 contentHash: line.contentHash, chain: line.chain, content: line.content))
        }
    }

    /// Scans every segment in order, calling `body` for each line of each committed batch (in
    /// sequence order) until the first fault, with what `makeExtractor`'s extractor took from the
    /// line's content on a worker thread. `makeExtractor` is called once per worker task, so an
    /// extractor may keep scratch state.
    package func scanLines<Payload>(
        makeExtractor: @escaping @Sendable () -> (UnsafeRawBufferPointer, LineHeader) -> Payload,
        body: (CheckedLine, Payload) throws -> Void
    ) throws -> ScanOutcome {
        try scanLines(segments: try LogScanner.listSegments(in: directory, system: fileSystem), from: nil, makeExtractor: makeExtractor,
                      body: body)
    }

    /// Scans `segments` (the log's, in order) from `start`, or from the beginning when it is
    /// nil, with every check of a whole scan applied to each line after the start. A segment
    /// the start lies in is read only from the start's offset; segments before it are not read.
    package func scanLines<Payload>(
        segments: [SegmentFile], from start: ScanStart?,
        makeExtractor: @escaping @Sendable () -> (UnsafeRawBufferPointer, LineHeader) -> Payload,
        body: (CheckedLine, Payload) throws -> Void
    ) throws -> ScanOutcome {
        var outcome = ScanOutcome()
        outcome.segments = segments
        var position = start?.position ?? .genesis
        let firstIndex = start?.segmentIndex ?? 0
        let firstOffset = start?.byteOffset ?? 0
        var prefetch: SegmentRead? = firstIndex < segments.count
            ? SegmentRead(path: segments[firstIndex].path, offset: firstOffset, system: fileSystem) : nil
        for segmentIndex in firstIndex..<max(firstIndex, segments.count) {
            let segment = segments[segmentIndex]
            let isLast = segmentIndex == segments.count - 1
            let baseOffset = segmentIndex == firstIndex ? firstOffset : 0
            let bytes = try prefetch.map { try $0.wait() } ?? []
            outcome.readByteCount += bytes.count
            prefetch = isLast ? nil : SegmentRead(path: segments[segmentIndex + 1].path, system: fileSystem)
            let committed = try bytes.withUnsafeBytes { buffer in
                try scanSegment(segment, buffer, baseOffset: baseOffset, isLast: isLast, position: &position,
                                outcome: &outcome, makeExtractor: makeExtractor, body: body)
            }
            outcome.committedSizeBytes.append(committed)
            outcome.byteCount += committed - baseOffset
            if outcome.fault != nil { break }
        }
        if let unused = try? prefetch?.wait() { outcome.readByteCount += unused.count }
        outcome.head = position
        if outcome.fault == nil, let digest = digestToCheck, digest.sequence > 0 {
            // Reached the end without meeting the digest's sequence: the log was truncated.
            if position.sequence < digest.sequence {
                outcome.fault = ScanFault(
                    kind: .digestMismatch(sequence: digest.sequence, expected: digest.chain.hex, found: nil),
                    segment: segments.last?.name ?? "(none)", byteOffset: outcome.committedSizeBytes.last ?? 0,
                    sequence: position.sequence + 1)
            }
        }
        return outcome
    }

    private struct PendingLine<Payload> {
        var offset: Int
        var header: LineHeader
        var contentHash: SHA256Digest
        var chain: SHA256Digest
        var contentRange: Range<Int>
        var payload: Payload
    }

    /// Returns the committed byte count of this segment (from the file's start).
    ///
    /// `bytes` are the segment's bytes from `baseOffset` on; offsets within `bytes` are local,
    /// and every offset reported (lines, faults, the committed size) adds `baseOffset`. A scan
    /// that starts mid-segment starts after a trusted line, so the checks that belong to a
    /// segment's first line (its file name, emptiness) do not apply.
    private func scanSegment<Payload>(
        _ segment: SegmentFile, _ bytes: UnsafeRawBufferPointer, baseOffset: Int, isLast: Bool,
        position: inout LogPosition, outcome: inout ScanOutcome,
        makeExtractor: @escaping @Sendable () -> (UnsafeRawBufferPointer, LineHeader) -> Payload,
        body: (CheckedLine, Payload) throws -> Void
    ) throws -> Int {
        let lineStarts = LogScanner.lineBoundaries(bytes)
        let completeEnd = lineStarts.last ?? 0  // offset just past the last newline
        if bytes.isEmpty && !isLast && baseOffset == 0 {
            outcome.fault = ScanFault(kind: .emptySegment, segment: segment.name, byteOffset: 0,
                                      sequence: position.sequence + 1)
            return 0
        }
        if baseOffset == 0 && segment.firstSequence != position.sequence + 1 {
            // Checked on the name itself, not only on a first line: an empty last segment (a roll
            // that crashed before its first line, or whose batch was quarantined) or one holding
            // only a torn line has none, and the writer would append into a file whose name lies.
            outcome.fault = ScanFault(kind: .segmentMisnamed(promised: segment.firstSequence, expected: position.sequence + 1),
                                      segment: segment.name, byteOffset: 0, sequence: position.sequence + 1)
            return 0
        }
        let lineCount = max(0, lineStarts.count - 1)
        let startChain = position.chain
        let blockSize = max(1, blockLineCount)
        func launch(_ block: Int) -> AnalysisJob<Payload>? {
            let lower = block * blockSize
            guard lower < lineCount else { return nil }
            return AnalysisJob(bytes, lineStarts: lineStarts, lines: lower..<min(lineCount, lower + blockSize),
                               startChain: startChain, parallel: parallelHashing, makeExtractor: makeExtractor)
        }

        var committedEnd = 0
        var pending: [PendingLine<Payload>] = []
        var pendingPosition = position
        var lineIndex = 0
        var block = 0
        var job = launch(0)
        defer { job?.wait() }
        while let current = job {
            current.wait()
            block += 1
            job = launch(block)
            let blockStart = current.lines.lowerBound
            while lineIndex < current.lines.upperBound {
                let offset = lineStarts[lineIndex]
                let expected = pendingPosition.sequence + 1
                func fault(_ kind: ScanFault.Kind) -> ScanFault {
                    ScanFault(kind: kind, segment: segment.name, byteOffset: baseOffset + offset, sequence: expected)
                }
                let isLastLine = isLast && lineIndex == lineCount - 1
                let analysis = current.analyses[lineIndex - blockStart]
                guard let frame = analysis.frame else {
                    return finish(fault(.unparsableLine(detail: "frame: \(analysis.frameProblem.map { "\($0)" } ?? "unknown")")),
                                  tail: isLastLine && completeEnd == bytes.count)
                }
                let contentHash = analysis.contentHash
                guard contentHash == frame.storedContentHash else {
                    return finish(fault(.contentHashMismatch(stored: frame.storedContentHash.hex, computed: contentHash.hex)),
                                  tail: false)
                }
                guard let header = analysis.header else {
                    return finish(fault(.malformedEnvelope(detail: analysis.headerProblem?.description ?? "unknown")), tail: false)
                }
                if lineIndex == 0 && baseOffset == 0 && header.sequence != segment.firstSequence {
                    return finish(fault(.segmentNameMismatch(promised: segment.firstSequence, found: header.sequence)), tail: false)
                }
                guard header.sequence == expected else {
                    return finish(fault(.sequenceOutOfOrder(expected: expected, found: header.sequence)), tail: false)
                }
                // Every line reached here follows one whose stored chain was confirmed, so the
                // chain computed from the stored value is the one the walk would compute.
                let chain = analysis.chainComputed
                    ? analysis.chain : SHA256.chain(previous: pendingPosition.chain, content: contentHash)
                guard chain == frame.storedChain else {
                    return finish(fault(.chainMismatch(stored: frame.storedChain.hex, computed: chain.hex)), tail: false)
                }
                if let previous = pendingPosition.recordedAt, header.recordedAt < previous {
                    return finish(fault(.recordedAtDecreased(previous: previous, found: header.recordedAt)), tail: false)
                }
                if let last = pending.last {
                    guard header.batchIndex == last.header.batchIndex + 1, header.batchSize == last.header.batchSize,
                          header.recordedAt == last.header.recordedAt
                    else {
                        return finish(fault(.batchBroken(detail: "expected position \(last.header.batchIndex + 1) of \(last.header.batchSize), found \(header.batchIndex) of \(header.batchSize)")), tail: false)
                    }
                } else if header.batchIndex != 1 {
                    return finish(fault(.batchBroken(detail: "a batch starts at position \(header.batchIndex)")), tail: false)
                }
                // Set for every line whose frame and header parsed.
                guard let payload = current.payloads[lineIndex - blockStart] else {
                    return finish(fault(.malformedEnvelope(detail: "not analysed")), tail: false)
                }
                pending.append(PendingLine(offset: offset, header: header, contentHash: contentHash, chain: chain,
                                           contentRange: offset + frame.contentRange.lowerBound..<offset + frame.contentRange.upperBound,
                                           payload: payload))
                pendingPosition = LogPosition(sequence: header.sequence, chain: chain, recordedAt: header.recordedAt)
                if header.isLastOfBatch {
                    if let digest = digestToCheck, digest.sequence > position.sequence, digest.sequence <= pendingPosition.sequence,
                       let line = pending.first(where: { $0.header.sequence == digest.sequence }), line.chain != digest.chain {
                        return finish(ScanFault(kind: .digestMismatch(sequence: digest.sequence, expected: digest.chain.hex, found: line.chain.hex),
                                                segment: segment.name, byteOffset: baseOffset + line.offset, sequence: digest.sequence), tail: false)
                    }
                    // After reading, the batch just checked is whole and follows the position before it.
                    precondition(pending.count == header.batchSize
                                 && pendingPosition.sequence == position.sequence + UInt64(pending.count),
                                 "a batch delivered without all its lines, or not after the position before it")
                    outcome.committedLineCount += pending.count
                    for line in pending {
                        // Expensive (a second, full parse), so debug builds only: the lean header
                        // the checks read is what the full decoder reads.
                        assert((try? EnvelopeHeader.decode(UnsafeRawBufferPointer(rebasing: bytes[line.contentRange]))).map {
                            $0.sequence == line.header.sequence && $0.recordedAt == line.header.recordedAt
                                && $0.batch.index == line.header.batchIndex && $0.batch.size == line.header.batchSize
                        } ?? false, "the lean header reader and the full decoder disagree")
                        try body(CheckedLine(segment: segment, offset: baseOffset + line.offset, header: line.header,
                                             contentHash: line.contentHash, chain: line.chain,
                                             content: UnsafeRawBufferPointer(rebasing: bytes[line.contentRange])),
                                 line.payload)
                    }
                    pending.removeAll(keepingCapacity: true)
                    position = pendingPosition
                    committedEnd = lineStarts[lineIndex + 1]
                }
                lineIndex += 1
            }
        }
        if let first = pending.first {
            let kind = ScanFault.Kind.incompleteBatch(firstSequence: first.header.sequence, linesPresent: pending.count,
                                                      batchSize: first.header.batchSize)
            return finish(ScanFault(kind: kind, segment: segment.name, byteOffset: baseOffset + first.offset,
                                    sequence: first.header.sequence),
                          tail: isLast)
        }
        if completeEnd < bytes.count {
            return finish(ScanFault(kind: .tornTail(byteCount: bytes.count - completeEnd), segment: segment.name,
                                    byteOffset: baseOffset + completeEnd, sequence: position.sequence + 1), tail: isLast)
        }
        return baseOffset + committedEnd

        func finish(_ found: ScanFault, tail: Bool) -> Int {
            outcome.fault = found
            outcome.faultIsRecoverableTail = isLast && tail
            return baseOffset + committedEnd
        }
    }

    /// Offsets of line starts: 0, then one past every newline. The last element is therefore the
    /// end of the last complete line (or 0); bytes after it are an unterminated tail.
    package static func lineBoundaries(_ bytes: UnsafeRawBufferPointer) -> [Int] {
        var starts: [Int] = [0]
        starts.reserveCapacity(bytes.count / 400 + 2)
        guard let base = bytes.baseAddress else { return starts }
        var offset = 0
        while offset < bytes.count {
            guard let found = memchr(base + offset, 0x0A, bytes.count - offset) else { break }
            offset = base.distance(to: UnsafeRawPointer(found)) + 1
            starts.append(offset)
        }
        return starts
    }
}

/// What can be learned about one line on its own, before the sequential checks.
package struct LineAnalysis {
    package var frame: LineFrame?
    package var frameProblem: LineFrame.Problem?
    package var contentHash = SHA256Digest.zero
    /// The chain step from the previous line's stored chain value (or the segment's starting
    /// chain for its first line); valid when `chainComputed`.
    package var chain = SHA256Digest.zero
    package var chainComputed = false
    package var header: LineHeader?
    package var headerProblem: EnvelopeFormatError?

    /// Analyses the line `lines[index]` of `input`; `previousChain` is the stored chain of the line before.
    package static func analyze(_ line: UnsafeRawBufferPointer, previousChain: SHA256Digest?) -> LineAnalysis {
        var analysis = LineAnalysis()
        do throws(LineFrame.Problem) {
            let frame = try LineFrame.parse(line)
            analysis.frame = frame
            let content = UnsafeRawBufferPointer(rebasing: line[frame.contentRange])
            analysis.contentHash = SHA256.hash(content)
            if let previousChain {
                analysis.chain = SHA256.chain(previous: previousChain, content: analysis.contentHash)
                analysis.chainComputed = true
            }
            if let header = LineHeader.parse(content) {
                analysis.header = header
            } else {
                do throws(EnvelopeFormatError) {
                    analysis.header = LineHeader(try EnvelopeHeader.decode(content))
                } catch {
                    analysis.headerProblem = error
                }
            }
        } catch {
            analysis.frameProblem = error
        }
        return analysis
    }
}

/// The analysis of one block of a segment's lines, running on all cores in the background.
///
/// The results are written by the workers before the group is left and read by the scanner
/// only after waiting on it, hence `@unchecked Sendable`.
package final class AnalysisJob<Payload>: @unchecked Sendable {
    package let lines: Range<Int>
    package private(set) var analyses: [LineAnalysis]
    package private(set) var payloads: [Payload?]
    private let group = DispatchGroup()

    package init(_ bytes: UnsafeRawBufferPointer, lineStarts: [Int], lines: Range<Int>, startChain: SHA256Digest, parallel: Bool,
         makeExtractor: @escaping @Sendable () -> (UnsafeRawBufferPointer, LineHeader) -> Payload) {
        self.lines = lines
        analyses = []
        payloads = []
        nonisolated(unsafe) let input = bytes
        group.enter()
        DispatchQueue.global().async { [self] in
            let count = lines.count
            var analyses = [LineAnalysis](repeating: LineAnalysis(), count: count)
            var payloads = [Payload?](repeating: nil, count: count)
            let chunkCount = parallel && count >= 256 ? 8 : 1
            analyses.withUnsafeMutableBufferPointer { analysisBuffer in
                payloads.withUnsafeMutableBufferPointer { payloadBuffer in
                    nonisolated(unsafe) let analysisOutput = analysisBuffer.baseAddress!
                    nonisolated(unsafe) let payloadOutput = payloadBuffer.baseAddress!
                    DispatchQueue.concurrentPerform(iterations: chunkCount) { chunk in
                        let extract = makeExtractor()
                        let first = lines.lowerBound + count * chunk / chunkCount
                        let end = lines.lowerBound + count * (chunk + 1) / chunkCount
                        guard first < end else { return }
                        var previousChain: SHA256Digest?
                        if first == 0 {
                            previousChain = startChain
                        } else {
                            let before = UnsafeRawBufferPointer(rebasing: input[lineStarts[first - 1]..<lineStarts[first] - 1])
                            previousChain = (try? LineFrame.parse(before))?.storedChain
                        }
                        for lineIndex in first..<end {
                            let line = UnsafeRawBufferPointer(rebasing: input[lineStarts[lineIndex]..<lineStarts[lineIndex + 1] - 1])
                            let analysis = LineAnalysis.analyze(line, previousChain: previousChain)
                            previousChain = analysis.frame?.storedChain
                            if let frame = analysis.frame, let header = analysis.header {
                                let content = UnsafeRawBufferPointer(rebasing: line[frame.contentRange])
                                (payloadOutput + (lineIndex - lines.lowerBound)).pointee = extract(content, header)
                            }
                            (analysisOutput + (lineIndex - lines.lowerBound)).pointee = analysis
                        }
                    }
                }
            }
            self.analyses = analyses
            self.payloads = payloads
            self.group.leave()
        }
    }

    package func wait() { group.wait() }
}

/// A whole segment file being read on a background thread, so reading the next segment
/// overlaps checking the current one.
package final class SegmentRead: @unchecked Sendable {
    private var bytes: [UInt8] = []
    private var failure: IOFailure?
    private let group = DispatchGroup()

    /// Reads the file from `offset` to its end.
    package init(path: String, offset: Int = 0, system: FileSystemCalls = .system) {
        group.enter()
        DispatchQueue.global().async { [self] in
            do throws(IOFailure) {
                let file = try POSIXFile.open(path, .readOnly, system: system)
                defer { file.close() }
                bytes = try file.read(offset: offset, count: max(0, try file.sizeBytes() - offset))
            } catch {
                failure = error
            }
            group.leave()
        }
    }

    package func wait() throws(IOFailure) -> [UInt8] {
        group.wait()
        if let failure { throw failure }
        return bytes
    }
}
