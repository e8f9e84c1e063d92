import LedgerDomain
import LedgerEvents
import LedgerStore
import LedgerSupport

/// Cases waiting for allocation at a moment, each with its working-day age and every
/// DESIGN §5 deadline that applies to it, with its status.
public struct UnallocatedAnswer: Sendable, Hashable, Codable {
    public var teamId: String?
    public var asOf: Instant
    public var asKnown: Instant
    public var head: Citation
    public var policy: PolicyReference
    public var cases: [UnallocatedCase]
    public var citations: [Citation]
}

/// One case open with no primary worker.
public struct UnallocatedCase: Sendable, Hashable, Codable {
    public var caseId: String
    public var teamId: String?
    public var category: CaseCategory?
    public var riskLevel: RiskLevel?
    public var isStatutory: Bool
    /// Start of the current unallocated interval.
    public var since: Instant
    /// Working days from the London date of `since` to that of `asOf` (the start day not counted).
    public var workingDays: Int
    public var calendarDays: Int
    /// The event that left the case unallocated (referral, deallocation, transfer, reopening).
    public var startedBy: Citation
    public var startedByType: String
    /// Co-workers still on the case, if any.
    public var coWorkerIds: [String]
    /// Every timescale of the current interval, and any other still open, with its status.
    public var deadlines: [TimescaleStatus]
    /// Earlier unallocated intervals of the same case.
    public var earlierIntervals: [IntervalSummary]
    /// Rule findings about the wait itself, such as STATUTORY-ALLOCATED.
    public var findings: [String]
}

/// A past interval, with its length.
public struct IntervalSummary: Sendable, Hashable, Codable {
    public var start: Instant
    public var end: Instant
    public var workingDays: Int
    public var startedBy: Citation
    public var endedBy: Citation
}
