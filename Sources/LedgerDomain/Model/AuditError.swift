import Foundation
import LedgerEvents
import LedgerStore
import LedgerSupport

/// Why an audit question could not be answered.
public enum AuditError: Error, Sendable, Hashable, CustomStringConvertible {
    case unknownCase(String)
    case unknownWorker(String)
    case unknownTeam(String)
    case noSnapshotDirectory
    /// The log no longer holds what the projection folded: it was replaced or rewritten.
    case logChanged(detail: String)
    /// An event's details could not be read back from the log.
    case detailUnavailable(sequence: UInt64, detail: String)
    /// A period whose start is after its end.
    case invalidPeriod(from: Instant, to: Instant)

    public var description: String {
        switch self {
        case .unknownCase(let id): return "the ledger has no case \(id)"
        case .unknownWorker(let id): return "the ledger has no worker \(id)"
        case .unknownTeam(let id): return "the ledger has no team \(id)"
        case .noSnapshotDirectory: return "no snapshot directory is configured"
        case .logChanged(let detail): return "the log changed under the audit view: \(detail); reopen it"
        case .detailUnavailable(let sequence, let detail): return "event \(sequence) could not be read back: \(detail)"
        case .invalidPeriod(let from, let to): return "the period starts (\(from)) after it ends (\(to))"
        }
    }
}
