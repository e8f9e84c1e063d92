import LedgerEvents
import LedgerStore
import LedgerSupport

/// Reads single events back from the log by sequence number and byte offset, for answers that
/// quote what a projection keeps only a reference to (rationale, tasks, overrides, notes).
///
/// Each line read is checked: its content hash, and that it is the event the projection cited
/// (same sequence, same chain value). Offsets unknown to the projection are found by indexing
/// the segment's lines once.
package final class LogLineReader {
    package let directory: String
    private var segments: [SegmentFile] = []
    private var files: [UInt64: POSIXFile] = [:]
    private var lineOffsets: [UInt64: SegmentIndex] = [:]
    private let decoder = LedgerJSONDecoder()

    package init(directory: String) {
        self.directory = directory
    }

    package func storedEvent(sequence: UInt64, chain: SHA256Digest, lineOffset: Int64) throws(AuditError) -> StoredEvent {
        if segments.isEmpty { segments = (try? LogScanner.listSegments(in: directory)) ?? [] }
        do {
            return try read(sequence: sequence, chain: chain, lineOffset: lineOffset)
        } catch {
            // The event may be in a segment created since the last listing.
            segments = (try? LogScanner.listSegments(in: directory)) ?? []
            return try read(sequence: sequence, chain: chain, lineOffset: lineOffset)
        }
    }

    /// The event at `sequence`, found by indexing its segment, with its content hash checked (the
    /// chain value is the one the line stores: there is no citation to compare it with).
    package func storedEvent(sequence: UInt64) throws(AuditError) -> StoredEvent {
        if segments.isEmpty { segments = (try? LogScanner.listSegments(in: directory)) ?? [] }
        do {
            return try read(sequence: sequence, chain: nil, lineOffset: -1)
        } catch {
            // The event may be in a segment created since the last listing.
            segments = (try? LogScanner.listSegments(in: directory)) ?? []
            return try read(sequence: sequence, chain: nil, lineOffset: -1)
        }
    }

    private func read(sequence: UInt64, chain: SHA256Digest?, lineOffset: Int64) throws(AuditError) -> StoredEvent {
        func failure(_ detail: String) -> AuditError { .detailUnavailable(sequence: sequence, detail: detail) }
        guard let segment = segment(containing: sequence) else { throw failure("no segment holds it") }
        let file: POSIXFile
        do { file = try open(segment) } catch { throw failure("\(error)") }
        var offset = Int(lineOffset)
        if lineOffset < 0 {
            guard let found = try locate(sequence, in: segment, file: file) else { throw failure("not found in \(segment.name)") }
            offset = found
        }
        var line: [UInt8] = []
        var count = 4096
        do {
            while true {
                let bytes = try file.read(offset: offset, count: count)
                if let newline = bytes.firstIndex(of: 0x0A) {
                    line = Array(bytes[..<newline])
                    break
                }
                guard bytes.count == count else { throw failure("the line at byte \(offset) of \(segment.name) is unfinished") }
                count *= 4
            }
        } catch let error as AuditError {
            throw error
        } catch {
            throw failure("\(error)")
        }
        let result = line.withUnsafeBytes { buffer in
            Result { () throws(AuditError) -> StoredEvent in
                let frame: LineFrame
                do { frame = try LineFrame.parse(buffer) } catch { throw failure("the line at byte \(offset) of \(segment.name) does not parse") }
                let content = UnsafeRawBufferPointer(rebasing: buffer[frame.contentRange])
                let contentHash = SHA256.hash(content)
                guard contentHash == frame.storedContentHash else { throw failure("its content hash does not match: the log was altered") }
                if let chain, frame.storedChain != chain { throw failure("its hash is not the one the projection cites: the log was replaced") }
                let envelope: EventEnvelope
                do { envelope = try EventEnvelope.decodeContent(content, using: decoder) } catch { throw failure("\(error)") }
                guard envelope.sequence == sequence else { throw failure("byte \(offset) of \(segment.name) holds event \(envelope.sequence)") }
                return StoredEvent(envelope: envelope, contentHash: contentHash, chain: frame.storedChain, segment: segment.name,
                                   byteOffset: offset)
            }
        }
        return try result.get()
    }

    private func segment(containing sequence: UInt64) -> SegmentFile? {
        segments.last { $0.firstSequence <= sequence }
    }

    private func open(_ segment: SegmentFile) throws(IOFailure) -> POSIXFile {
        if let file = files[segment.firstSequence] { return file }
        let file = try POSIXFile.open(segment.path, .readOnly)
        files[segment.firstSequence] = file
        return file
    }

    /// Finds a line by sequence when its offset is not known. The segment is indexed once, and a
    /// segment a writer is still appending to is indexed further only from where the last
    /// indexing stopped, so a long-running writer never re-reads what it has indexed.
    private func locate(_ sequence: UInt64, in segment: SegmentFile, file: POSIXFile) throws(AuditError) -> Int? {
        var index = lineOffsets[segment.firstSequence] ?? SegmentIndex()
        if let offset = index.offsets[sequence] { return offset }
        let size: Int
        let bytes: [UInt8]
        do {
            size = try file.sizeBytes()
            guard size > index.indexedByteCount else { return nil }
            bytes = try file.read(offset: index.indexedByteCount, count: size - index.indexedByteCount)
        } catch {
            throw .detailUnavailable(sequence: sequence, detail: "\(error)")
        }
        let base = index.indexedByteCount
        bytes.withUnsafeBytes { buffer in
            let starts = LogScanner.lineBoundaries(buffer)
            for lineIndex in 0..<max(0, starts.count - 1) {
                let line = UnsafeRawBufferPointer(rebasing: buffer[starts[lineIndex]..<starts[lineIndex + 1] - 1])
                guard let frame = try? LineFrame.parse(line),
                      let header = try? EnvelopeHeader.decode(UnsafeRawBufferPointer(rebasing: line[frame.contentRange]))
                else { continue }
                index.offsets[header.sequence] = base + starts[lineIndex]
            }
            // Up to the end of the last whole line: a line still being written is indexed next time.
            if let last = starts.last { index.indexedByteCount = base + last }
        }
        lineOffsets[segment.firstSequence] = index
        return index.offsets[sequence]
    }

    /// Where each line of a segment starts, as far as the segment has been indexed.
    private struct SegmentIndex {
        var offsets: [UInt64: Int] = [:]
        var indexedByteCount = 0
    }
}
