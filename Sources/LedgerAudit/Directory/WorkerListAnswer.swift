import LedgerDomain
import LedgerEvents
import LedgerStore
import LedgerSupport

/// The workers matching a filter at a moment (`caseledger workers`), each with a caseload headline.
public struct WorkerListAnswer: Sendable, Hashable, Codable {
    public var asOf: Instant
    public var asKnown: Instant
    public var head: Citation
    public var filter: WorkerFilter
    public var workers: [WorkerListing]
}

/// One worker as they stood at the answer's as-of time.
public struct WorkerListing: Sendable, Hashable, Codable {
    public var workerId: String
    public var teamId: String?
    public var role: Role?
    public var isQualified: Bool
    public var isAgency: Bool
    public var startDate: LocalDate?
    /// Set once their leaving is recorded, whether or not the date has passed.
    public var lastWorkingDate: LocalDate?
    /// Their last working day is before the as-of date.
    public var hasLeft: Bool
    public var caseCount: Int
    public var weightedScore: Int
    public var cap: CapFigures?
    public var isOverCap: Bool
}

/// Which workers to list; every condition given must hold (nil means any).
public struct WorkerFilter: Sendable, Hashable, Codable {
    public var teamId: String?
    public var role: Role?
    public var isAgency: Bool?
    /// True: only those who have left; false: only those still in post; nil: both.
    public var hasLeft: Bool?

    public init(teamId: String? = nil, role: Role? = nil, isAgency: Bool? = nil, hasLeft: Bool? = nil) {
        self.teamId = teamId
        self.role = role
        self.isAgency = isAgency
        self.hasLeft = hasLeft
    }
}
