import LedgerStore
import LedgerSupport

/// A worker was added to a case as a co-worker, alongside (or pending) a primary worker.
///
/// Students and unqualified workers may be co-allocated a statutory case, never primary
/// (CO-ALLOCATION-PRIMARY); an ASYE takes a pre-birth assessment only co-allocated (PREBIRTH).
/// Carries the same "why" as ``CaseAllocated``.
public struct CaseCoAllocated: EventPayload {
    public static let typeName = "CaseCoAllocated"
    public static let schemaVersion = 1

    public let caseId: String
    public let workerId: String
    /// The co-worker's team when it differs from, or is not known from, the case's team.
    public let teamId: String?
    /// The primary worker at the time, who keeps lead responsibility (JOINT-PRIMARY).
    public let primaryWorkerId: String?
    public let reason: AllocationReason
    public let rationale: String
    /// Stored sorted, without duplicates.
    public let factorsConsidered: [AllocationFactor]
    public let tasks: [AllocationTask]
    public let discussedWithWorker: Bool
    public let overrides: [PolicyOverride]
    public let caseloadAtAllocation: CaseloadFigures?
    /// Breaches of rules whose severity is "finding": allowed, recorded here and reported by the
    /// audit. Nil when there were none (and in events written before the field existed).
    public let findings: [PolicyFinding]?

    public init(
        caseId: String, workerId: String, teamId: String?, primaryWorkerId: String?, reason: AllocationReason,
        rationale: String, factorsConsidered: [AllocationFactor], tasks: [AllocationTask],
        discussedWithWorker: Bool, overrides: [PolicyOverride], caseloadAtAllocation: CaseloadFigures?,
        findings: [PolicyFinding]? = nil
    ) {
        self.caseId = caseId
        self.workerId = workerId
        self.teamId = teamId
        self.primaryWorkerId = primaryWorkerId
        self.reason = reason
        self.rationale = rationale
        self.factorsConsidered = canonicalSet(factorsConsidered)
        self.tasks = tasks
        self.discussedWithWorker = discussedWithWorker
        self.overrides = overrides
        self.caseloadAtAllocation = caseloadAtAllocation
        self.findings = findings
    }

    public var stream: StreamName { .case(caseId) }
}
