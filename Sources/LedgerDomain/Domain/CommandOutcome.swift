import LedgerEvents
import LedgerStore
import LedgerSupport

/// What an executed command appended, and what its decision found.
public struct CommandOutcome: Sendable, Hashable {
    public var decision: Decision
    public var receipt: AppendReceipt

    public init(decision: Decision, receipt: AppendReceipt) {
        self.decision = decision
        self.receipt = receipt
    }

    /// The sequence numbers appended.
    public var sequences: ClosedRange<UInt64> { receipt.firstSequence...receipt.lastSequence }
}
