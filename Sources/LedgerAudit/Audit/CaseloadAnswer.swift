import LedgerDomain
import LedgerEvents
import LedgerStore
import LedgerSupport

/// Caseloads at a moment: one worker, a team's workers, or everyone, with caps, headroom and
/// the NQSW ramp for the role in force at that date.
public struct CaseloadAnswer: Sendable, Hashable, Codable {
    /// Whose caseloads the answer covers.
    public enum Scope: String, Sendable, Hashable, Codable {
        case worker, team, all
    }

    public var scope: Scope
    /// The worker or team asked about; nil for `all`.
    public var subject: String?
    public var asOf: Instant
    public var asKnown: Instant
    public var head: Citation
    public var policy: PolicyReference
    public var workers: [WorkerCaseload]
    /// Per team totals (team and all scopes).
    public var teams: [TeamCaseloadSummary]
    public var citations: [Citation]
}

/// Which policy the figures were judged against.
public struct PolicyReference: Sendable, Hashable, Codable {
    public var policyId: String
    public var profile: String
    /// The `PolicyAdopted` event; nil when the built-in default applies.
    public var citation: Citation?
}

/// One worker's caseload at a moment.
public struct WorkerCaseload: Sendable, Hashable, Codable {
    public var workerId: String
    public var teamId: String?
    public var role: Role?
    public var isQualified: Bool
    public var isAgency: Bool
    public var fullTimeEquivalentPercent: Int?
    /// Registered and not yet past the last working day.
    public var inService: Bool
    /// An absence covering the date, if any.
    public var absence: AbsenceSummary?
    public var cases: [CaseloadEntry]
    /// Cases held, primary and co-worker.
    public var caseCount: Int
    public var primaryCount: Int
    public var coWorkerCount: Int
    /// Sum of the risk weights of the cases held (an unassessed case weighs as moderate).
    public var weightedScore: Int
    public var statutoryCount: Int
    /// Children held (each case is one child) and the distinct families they belong to.
    public var childrenCount: Int
    public var familyCount: Int
    /// The cap for the role in force, if the policy sets one.
    public var cap: CapFigures?
    /// Cap minus load; negative when over.
    public var headroom: CapFigures?
    public var isOverCap: Bool
    /// For an ASYE: the NQSW ramp step in force and how the caseload compares.
    public var nqswRamp: RampStatus?
    /// Rule ids with a sentence each: CAP, NQSW-RAMP (over target), and "under target" notes.
    public var findings: [String]
    public var citations: [Citation]
}

/// An absence covering the query date, with the event that recorded it.
public struct AbsenceSummary: Sendable, Hashable, Codable {
    public var absenceId: String
    public var kind: AbsenceKind
    public var startDate: LocalDate
    public var endDate: LocalDate?
    public var citation: Citation
}

/// Cases and points, either of which may be unset.
public struct CapFigures: Sendable, Hashable, Codable {
    public var cases: Int?
    public var points: Int?
}

/// A case in a caseload.
public struct CaseloadEntry: Sendable, Hashable, Codable {
    public var caseId: String
    public var familyId: String?
    public var holding: HolderRecord.Holding
    public var since: Instant
    public var teamId: String?
    public var category: CaseCategory?
    public var riskLevel: RiskLevel?
    public var weight: Int
    public var isStatutory: Bool
    /// The event that made the worker hold the case.
    public var allocation: Citation
}

/// The NQSW ramp for a worker in their ASYE.
public struct RampStatus: Sendable, Hashable, Codable {
    public enum Target: String, Sendable, Hashable, Codable {
        /// Before the first step (week 3): no cases.
        case noCases
        /// A row of the table applies.
        case limit
        /// The table leaves it to the team.
        case decidedInTeam
        /// The area has no ramp: the role's cap applies.
        case beyondRamp
    }

    /// Week since start, week 1 being the start date's week.
    public var week: Int
    public var serviceArea: ServiceArea?
    public var target: Target
    /// The step's first week, when a step applies.
    public var fromWeek: Int?
    public var minimumChildren: Int?
    public var maximumChildren: Int?
    public var minimumFamilies: Int?
    public var maximumFamilies: Int?
    public var isOverTarget: Bool
    /// Below the recommended minimum: reported, never enforced.
    public var isUnderTarget: Bool
}

/// A team's totals at a moment.
public struct TeamCaseloadSummary: Sendable, Hashable, Codable {
    public var teamId: String
    public var name: String?
    public var serviceArea: ServiceArea?
    public var workerCount: Int
    /// Cases held by the team's workers (a case co-worked by two of them counts once).
    public var heldCaseCount: Int
    public var weightedScore: Int
    /// Open cases sitting with the team with no primary worker.
    public var unallocatedCount: Int
    public var overCapWorkerCount: Int
}
