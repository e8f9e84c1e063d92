import LedgerEvents
import LedgerStore
import LedgerSupport

/// Why ``CaseLedgerService`` did not record a command.
public enum CommandError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The decision refused it: a rule, a permission, or a state that does not fit.
    case refused(DomainError)
    /// The ledger could not be opened or appended to.
    case ledger(LedgerError)
    /// The log could not be folded (an event this build cannot decode).
    case unreadable(detail: String)
    /// A snapshot block read while deciding failed its checksum; nothing was appended. The
    /// command line sets the snapshot aside and runs the command again from the log.
    case snapshotDamaged(problem: SnapshotProblem)

    public var description: String {
        switch self {
        case .refused(let error): return error.description
        case .ledger(let error): return error.description
        case .unreadable(let detail): return "the ledger could not be read: \(detail)"
        case .snapshotDamaged(let problem): return "nothing recorded: \(problem)"
        }
    }

    /// The domain refusal, if this is one.
    public var refusal: DomainError? {
        if case .refused(let error) = self { return error }
        return nil
    }
}
