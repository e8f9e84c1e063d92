import LedgerEvents
import LedgerStore
import LedgerSupport

/// A referral of a person or family closed less than the policy's window earlier: the worker who
/// held it should take it again where possible.
public struct ReReferral: Sendable, Hashable {
    public var previousWorkerId: String?
    public var previousClosureAt: Instant?

    public init(previousWorkerId: String?, previousClosureAt: Instant?) {
        self.previousWorkerId = previousWorkerId
        self.previousClosureAt = previousClosureAt
    }
}
