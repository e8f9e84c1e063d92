import LedgerSupport

/// What opening a writer found wrong with the tree sidecar, and rebuilt or cut back.
public enum TreeSidecarRepair: Sendable, Hashable, CustomStringConvertible {
    case missing
    case badHeader
    /// The file ends part-way through a record (an append cut short).
    case tornRecord(sizeBytes: Int)
    /// More records than log lines: cut back to the log's head.
    case aheadOfLog(count: UInt64, head: UInt64)
    /// Fewer records than log lines: the missing ones were added from the log.
    case behindLog(count: UInt64, head: UInt64)
    /// A record differs from the log line's content hash: rebuilt from the log.
    case differs(sequence: UInt64)

    public var description: String {
        switch self {
        case .missing: return "tree sidecar missing: rebuilt from the log"
        case .badHeader: return "tree sidecar header is not format 1: rebuilt from the log"
        case .tornRecord(let sizeBytes): return "tree sidecar ends inside a record (\(sizeBytes) bytes): cut to whole records"
        case .aheadOfLog(let count, let head): return "tree sidecar holds \(count) records but the log ends at \(head): cut back"
        case .behindLog(let count, let head): return "tree sidecar holds \(count) records but the log has \(head): completed from the log"
        case .differs(let sequence): return "tree sidecar record for sequence \(sequence) differs from the log: rebuilt from the log"
        }
    }
}
