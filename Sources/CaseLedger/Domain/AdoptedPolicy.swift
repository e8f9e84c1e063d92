/// A policy adopted in the log, with the time it took effect.
public struct AdoptedPolicy: Sendable, Hashable {
    public var policy: Policy
    public var effectiveFrom: Instant
    /// The sequence of the `PolicyAdopted` event.
    public var sequence: UInt64

    public init(policy: Policy, effectiveFrom: Instant, sequence: UInt64) {
        self.policy = policy
        self.effectiveFrom = effectiveFrom
        self.sequence = sequence
    }
}
