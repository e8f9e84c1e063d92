#if canImport(Glibc)
import Glibc
#endif
import LedgerSupport

/// A trusted place in the log to open a writer from, so that opening checks only the lines
/// after it instead of the whole log.
///
/// The caller (the domain service) takes it from a projection snapshot it has already checked:
/// the snapshot recorded the position (sequence, chain value, recorded time) and the cursor
/// (segment and byte offset) of the last line it folded, and the version of every stream it
/// tracks at that position. The lines before the position are not re-read: the position's chain
/// value commits to all of them, and `caseledger verify` still checks every byte.
public struct LedgerResumePoint {
    /// The log's position after the last committed batch the caller has seen.
    public var position: LogPosition
    /// Where the position's line is; nil searches the segment that must hold it from its start.
    public var cursor: LogCursor?
    /// Each stream's version (event count) at `position`, or nil when the caller does not track
    /// that stream. Asked lazily, when an append names a stream, for as long as the ledger is
    /// open; the ledger adds the events it has seen since, so the answers must stay those of
    /// `position` (capture the snapshot's state, not state the caller goes on folding). Never
    /// guessed: an append that needs an unknown version is refused.
    public var streamVersion: (StreamName) -> Int?

    public init(position: LogPosition, cursor: LogCursor?, streamVersion: @escaping (StreamName) -> Int?) {
        self.position = position
        self.cursor = cursor
        self.streamVersion = streamVersion
    }
}

/// Why a resume point does not describe the log: the caller should open without it (a full
/// open), which checks the whole log.
public enum ResumePointRejection: Sendable, Hashable, CustomStringConvertible {
    /// The log has no committed batch ending at that sequence where the cursor points: it is
    /// shorter, the cursor is stale, or it is another log.
    case notFound
    /// The log has another event at that sequence: it is another log, or it was rewritten.
    case chainDiffers(expected: SHA256Digest, found: SHA256Digest)
    /// The event matches, but its recorded time is not the resume point's: the resume point was
    /// not taken from this log's line (appends after it would get another transaction time).
    case recordedAtDiffers(expected: Instant, found: Instant)

    public var description: String {
        switch self {
        case .notFound:
            return "the log has no committed batch ending there (it is shorter, the cursor is stale, or it is another log)"
        case .chainDiffers(let expected, let found):
            return "the log's chain value there is \(found.hex), not \(expected.hex) (another log, or the log was rewritten)"
        case .recordedAtDiffers(let expected, let found):
            return "the event there was recorded at \(found), not \(expected) (the resume point was not taken from this log)"
        }
    }
}

/// Why a search for a trusted position's own line failed; the tail reader and a resumed writer
/// each turn it into their own error.
package enum PositionLookupFailure: Error, Sendable, Hashable {
    case notInLog(sequence: UInt64)
    case otherEvent(sequence: UInt64, expected: SHA256Digest, found: SHA256Digest)
}

extension LogPosition {
    /// What one line means to a search for this position's own line.
    package enum LineMatch {
        /// An earlier line: keep looking (it is covered by the position's chain value).
        case before
        /// The position's line: same sequence, same stored chain value, and the last line of its
        /// batch (a position is always after a committed batch).
        case found(EnvelopeHeader)
    }

    /// Compares `line` (without its newline) with this position: the one check that both
    /// ``LogTailReader`` and a resumed ``Ledger`` make before trusting the lines up to a position.
    ///
    /// Only the frame and header are read: the line's stored chain value is what the position
    /// recorded, and the next line's chain check builds on it.
    package func match(_ line: UnsafeRawBufferPointer) throws(PositionLookupFailure) -> LineMatch {
        // A line that does not parse here means the cursor does not fit this log.
        guard let frame = try? LineFrame.parse(line) else { throw .notInLog(sequence: sequence) }
        let content = UnsafeRawBufferPointer(rebasing: line[frame.contentRange])
        guard let header = try? EnvelopeHeader.decode(content) else { throw .notInLog(sequence: sequence) }
        if header.sequence < sequence { return .before }
        guard header.sequence == sequence else { throw .notInLog(sequence: sequence) }
        guard frame.storedChain == chain else {
            throw .otherEvent(sequence: sequence, expected: chain, found: frame.storedChain)
        }
        guard header.batch.isLast else { throw .notInLog(sequence: sequence) }
        return .found(header)
    }
}

/// A trusted position's line, found in the segment files.
package struct LocatedPosition {
    /// Index of the segment holding the line in the list the search was given.
    package var segmentIndex: Int
    /// Byte offset of the line's first byte.
    package var lineOffset: Int
    /// Byte offset just past the line's newline: where the tail starts.
    package var endOffset: Int
    package var header: EnvelopeHeader
    /// Bytes read from the segment to find the line.
    package var readByteCount: Int
}

extension LogScanner {
    /// Finds `position`'s line among `segments` as ``LogTailReader`` does: in the last segment
    /// whose first sequence is not after it, from the cursor's offset when the cursor names that
    /// segment (else from the segment's start), skipping earlier lines unchecked.
    ///
    /// Reads in growing chunks rather than the whole segment, so a cursor that points at the
    /// line costs about one line's bytes. `position.sequence` must be above 0 (the empty log's
    /// position has no line).
    package static func locate(_ position: LogPosition, cursor: LogCursor?, in segments: [SegmentFile],
                       system: FileSystemCalls = .system) throws -> LocatedPosition
    {
        guard let segmentIndex = segments.lastIndex(where: { $0.firstSequence <= position.sequence }) else {
            throw PositionLookupFailure.notInLog(sequence: position.sequence)
        }
        let segment = segments[segmentIndex]
        var bufferOffset = 0
        if let cursor, cursor.segmentFirstSequence == segment.firstSequence, cursor.lineOffset >= 0 {
            bufferOffset = Int(cursor.lineOffset)
        }
        let file = try POSIXFile.open(segment.path, .readOnly, system: system)
        defer { file.close() }
        guard bufferOffset <= (try file.sizeBytes()) else { throw PositionLookupFailure.notInLog(sequence: position.sequence) }
        var buffer: [UInt8] = []
        var lineStart = 0
        var readByteCount = 0
        // A first chunk of a page or so usually holds the whole line when the cursor points at it;
        // the tail scan reads from the line's end, so little is read twice.
        var chunkByteCount = 4 << 10
        while true {
            // The next complete line in the buffer, if there is one.
            let newline: Int? = buffer.withUnsafeBytes { bytes in
                guard lineStart < bytes.count, let base = bytes.baseAddress,
                      let found = memchr(base + lineStart, 0x0A, bytes.count - lineStart) else { return nil }
                return base.distance(to: UnsafeRawPointer(found))
            }
            if let newline {
                let match = try buffer.withUnsafeBytes { bytes throws(PositionLookupFailure) in
                    try position.match(UnsafeRawBufferPointer(rebasing: bytes[lineStart..<newline]))
                }
                if case .found(let header) = match {
                    return LocatedPosition(segmentIndex: segmentIndex, lineOffset: bufferOffset + lineStart,
                                           endOffset: bufferOffset + newline + 1, header: header,
                                           readByteCount: readByteCount)
                }
                lineStart = newline + 1
                continue
            }
            let more = try file.read(offset: bufferOffset + buffer.count, count: chunkByteCount)
            readByteCount += more.count
            // The segment ends before the line: without a complete line there is no position.
            guard !more.isEmpty else { throw PositionLookupFailure.notInLog(sequence: position.sequence) }
            buffer.removeFirst(lineStart)
            bufferOffset += lineStart
            lineStart = 0
            buffer += more
            chunkByteCount = min(chunkByteCount * 2, 16 << 20)
        }
    }
}
