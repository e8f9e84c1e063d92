import LedgerDomain
import LedgerEvents
import LedgerStore
import LedgerSupport

/// Every rule finding and missed timescale in a period, each with the events that prove it.
public struct BreachesAnswer: Sendable, Hashable, Codable {
    /// Valid-time period (inclusive); nil ends are open.
    public var from: Instant?
    public var to: Instant?
    /// Timescales are judged as at this valid time (`to`, or now).
    public var asOf: Instant
    public var asKnown: Instant
    public var head: Citation
    public var policy: PolicyReference
    public var breaches: [Breach]
    /// How many of each rule or timescale id, in id order.
    public var counts: [BreachCount]
    public var citations: [Citation]
}

/// One breach.
public struct Breach: Sendable, Hashable, Codable {
    /// What sort of breach it is.
    public enum Kind: String, Sendable, Hashable, Codable {
        /// A policy rule broken with no recorded justification (typically imported history).
        case finding
        /// A policy rule broken and overridden with a recorded justification.
        case overridden
        /// A timescale missed, or open and overdue.
        case timescale
    }

    public var kind: Kind
    /// The rule id (`CAP`, `ON-LEAVE`, …) or timescale id (`UNALLOCATED-LETTER`, …).
    public var ruleId: String
    /// The severity the policy in force gives the rule (rule findings only).
    public var severity: RuleSeverity?
    public var caseId: String?
    public var workerId: String?
    /// When it happened: the event's valid time, or the timescale's deadline.
    public var at: Instant
    public var summary: String
    /// For an overridden finding: the recorded justification.
    public var justification: String?
    /// For a timescale: its full status.
    public var timescale: TimescaleStatus?
    public var evidence: [Citation]
}

/// How many breaches of one rule or timescale, of one kind, the answer holds.
public struct BreachCount: Sendable, Hashable, Codable {
    public var ruleId: String
    public var kind: Breach.Kind
    public var count: Int
}
