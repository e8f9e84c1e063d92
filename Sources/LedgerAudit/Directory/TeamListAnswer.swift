import LedgerDomain
import LedgerEvents
import LedgerStore
import LedgerSupport

/// Every team at a moment (`caseledger teams`): who manages it and its caseload totals.
public struct TeamListAnswer: Sendable, Hashable, Codable {
    public var asOf: Instant
    public var asKnown: Instant
    public var head: Citation
    public var teams: [TeamListing]
}

/// One team's registration and totals at the answer's as-of time.
public struct TeamListing: Sendable, Hashable, Codable {
    public var teamId: String
    public var name: String?
    public var serviceArea: ServiceArea?
    public var managerId: String?
    /// Case-holding workers in post in the team.
    public var workerCount: Int
    public var heldCaseCount: Int
    public var unallocatedCount: Int
    public var overCapWorkerCount: Int
}
