import LedgerSupport

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
