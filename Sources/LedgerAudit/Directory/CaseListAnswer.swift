import LedgerDomain
import LedgerEvents
import LedgerStore
import LedgerSupport

/// The cases matching a filter at a moment (`caseledger cases`, `caseledger find`): enough about
/// each to recognise it and to ask the next question (holders, audit) with its exact id.
public struct CaseListAnswer: Sendable, Hashable, Codable {
    public var asOf: Instant
    public var asKnown: Instant
    public var head: Citation
    public var filter: CaseFilter
    public var cases: [CaseListing]
}

/// One case as it stood at the answer's as-of time.
public struct CaseListing: Sendable, Hashable, Codable {
    /// Open with a primary worker, open with none (held by the team), or closed.
    public enum Status: String, Sendable, Hashable, Codable, CaseIterable {
        case allocated, unallocated, closed
    }

    public var caseId: String
    public var familyId: String?
    public var teamId: String?
    public var category: CaseCategory?
    public var riskLevel: RiskLevel?
    public var flags: [CaseFlag]
    public var isStatutory: Bool
    public var status: Status
    public var primaryWorkerId: String?
    public var coWorkerIds: [String]
    /// When the current (or last) open period began.
    public var openedAt: Instant?
    /// When the case was closed, if it is closed.
    public var closedAt: Instant?
    /// Start of the current unallocated interval, if unallocated.
    public var unallocatedSince: Instant?

    public var isOpen: Bool { status != .closed }
}

/// Which cases to list; every condition given must hold (nil means any).
public struct CaseFilter: Sendable, Hashable, Codable {
    /// Open, closed or unallocated (open with no primary worker); nil lists all.
    public enum StatusFilter: String, Sendable, Hashable, Codable, CaseIterable {
        case open, closed, unallocated
    }

    public var teamId: String?
    /// Cases the worker holds (primary or co-worker) at the time.
    public var workerId: String?
    public var familyId: String?
    public var category: CaseCategory?
    public var status: StatusFilter?
    public var isStatutory: Bool?

    public init(teamId: String? = nil, workerId: String? = nil, familyId: String? = nil, category: CaseCategory? = nil,
                status: StatusFilter? = nil, isStatutory: Bool? = nil) {
        self.teamId = teamId
        self.workerId = workerId
        self.familyId = familyId
        self.category = category
        self.status = status
        self.isStatutory = isStatutory
    }
}
