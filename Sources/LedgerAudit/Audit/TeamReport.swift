import LedgerDomain
import LedgerEvents
import LedgerStore
import LedgerSupport

/// A team manager's report at a moment (`caseledger report team T`): each worker's caseload
/// against their cap, the team's caseload week by week over the previous year, NQSW workers
/// against their ramp, the cases waiting for allocation (most urgent first) with every overdue
/// deadline, the period's allocations and the period's breaches.
///
/// Made from the same queries as `caseload`, `unallocated` and `breaches`, so the report and the
/// commands cannot disagree.
public struct TeamReport: Sendable, Hashable, Codable {
    public var teamId: String
    public var name: String?
    public var serviceArea: ServiceArea?
    public var managerId: String?
    public var asOf: Instant
    public var asKnown: Instant
    /// The start of the period whose allocations and breaches are listed (a week before as-of by default).
    public var periodStart: Instant
    public var head: Citation
    public var policy: PolicyReference
    /// The team's caseloads at as-of (workers and totals).
    public var caseload: CaseloadAnswer
    /// When the team was registered (the earliest registration known), nil for a team that only
    /// appears in imported history.
    public var registeredAt: Instant?
    /// One point a week, oldest first, ending at as-of; none before the team was registered (a
    /// team that did not exist held nothing, and zeros would read as an empty team).
    public var weeks: [TeamCaseloadWeek]
    /// Cases waiting for allocation at as-of, most urgent first.
    public var unallocated: UnallocatedAnswer
    /// Allocations, co-allocations and transfers to a worker of the team in the period.
    public var allocations: [TeamAllocation]
    /// Findings and missed timescales of the team's cases and workers in the period.
    public var breaches: [Breach]

    /// Whether the weekly points begin at the team's registration rather than a year back: the
    /// one test the text and the page both use to say so.
    public var weeksStartAtRegistration: Bool {
        guard let registeredAt, let first = weeks.first else { return false }
        return registeredAt > first.at.adding(milliseconds: -7 * Instant.millisecondsPerDay)
    }
}

/// The team's totals at the end of one week.
public struct TeamCaseloadWeek: Sendable, Hashable, Codable {
    public var at: Instant
    public var heldCaseCount: Int
    public var weightedScore: Int
    public var unallocatedCount: Int
    public var workerCount: Int
    public var overCapWorkerCount: Int
}

/// A case given to a worker of the team in the report's period.
public struct TeamAllocation: Sendable, Hashable, Codable {
    public var caseId: String
    public var workerId: String
    public var holding: HolderRecord.Holding
    public var occurredAt: Instant
    public var reason: AllocationReason
    public var eventType: String
    public var citation: Citation
}
