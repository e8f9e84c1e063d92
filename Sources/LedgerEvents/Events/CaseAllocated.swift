import LedgerStore
import LedgerSupport

/// A worker became the primary holder of a case, with the "why" as data: reason code, rationale,
/// factors considered, tasks with due dates, whether it was discussed, and every policy finding
/// overridden with its justification.
///
/// Any previous primary worker stops holding the case as primary at the same moment.
public struct CaseAllocated: EventPayload {
    public static let typeName = "CaseAllocated"
    public static let schemaVersion = 1

    public let caseId: String
    public let workerId: String
    /// The team the case sits with after the allocation.
    public let teamId: String
    /// The primary worker this allocation replaces, if any.
    public let previousWorkerId: String?
    public let reason: AllocationReason
    /// The manager's reflective decision: why this worker, now.
    public let rationale: String
    /// Stored sorted, without duplicates.
    public let factorsConsidered: [AllocationFactor]
    /// Tasks with timescales (ALLOCATION-RECORD); empty only in imported history.
    public let tasks: [AllocationTask]
    /// Whether the manager had a one-to-one conversation with the worker first.
    public let discussedWithWorker: Bool
    /// Policy findings of severity "justify" that the manager overrode.
    public let overrides: [PolicyOverride]
    /// The worker's caseload as the manager saw it; nil in imported history where it was not recorded.
    public let caseloadAtAllocation: CaseloadFigures?
    /// Breaches of rules whose severity is "finding": allowed, recorded here and reported by the
    /// audit. Nil when there were none (and in events written before the field existed).
    public let findings: [PolicyFinding]?

    public init(
        caseId: String, workerId: String, teamId: String, previousWorkerId: String?, reason: AllocationReason,
        rationale: String, factorsConsidered: [AllocationFactor], tasks: [AllocationTask],
        discussedWithWorker: Bool, overrides: [PolicyOverride], caseloadAtAllocation: CaseloadFigures?,
        findings: [PolicyFinding]? = nil
    ) {
        self.caseId = caseId
        self.workerId = workerId
        self.teamId = teamId
        self.previousWorkerId = previousWorkerId
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
