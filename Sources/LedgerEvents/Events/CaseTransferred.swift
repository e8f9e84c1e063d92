import LedgerStore
import LedgerSupport

/// A case moved from one team (and worker) to another, with the "Case Transfer" summary.
///
/// When `toWorkerId` is set the event is also the allocation to that worker and carries the same
/// "why" as ``CaseAllocated``; when it is nil the case arrives unallocated at the receiving team
/// (`discussedWithWorker` and `caseloadAtAllocation` are then nil).
public struct CaseTransferred: EventPayload {
    public static let typeName = "CaseTransferred"
    public static let schemaVersion = 1

    public let caseId: String
    /// The primary worker before the transfer, if the case was allocated.
    public let fromWorkerId: String?
    /// The receiving primary worker, or nil when the case waits for allocation in the new team.
    public let toWorkerId: String?
    public let fromTeamId: String
    public let toTeamId: String
    public let reason: AllocationReason
    /// Work done, outstanding work and whose responsibility it is (CLOSURE-SUMMARY).
    public let transferSummary: TransferSummary
    public let rationale: String
    /// Stored sorted, without duplicates.
    public let factorsConsidered: [AllocationFactor]
    public let tasks: [AllocationTask]
    /// Whether the receiving worker was spoken to first; nil when there is no receiving worker.
    public let discussedWithWorker: Bool?
    public let overrides: [PolicyOverride]
    /// The receiving worker's caseload; nil when there is none or it was not recorded.
    public let caseloadAtAllocation: CaseloadFigures?
    /// Breaches of rules whose severity is "finding": allowed, recorded here and reported by the
    /// audit. Nil when there were none (and in events written before the field existed).
    public let findings: [PolicyFinding]?

    public init(
        caseId: String, fromWorkerId: String?, toWorkerId: String?, fromTeamId: String, toTeamId: String,
        reason: AllocationReason, transferSummary: TransferSummary, rationale: String,
        factorsConsidered: [AllocationFactor], tasks: [AllocationTask], discussedWithWorker: Bool?,
        overrides: [PolicyOverride], caseloadAtAllocation: CaseloadFigures?, findings: [PolicyFinding]? = nil
    ) {
        self.caseId = caseId
        self.fromWorkerId = fromWorkerId
        self.toWorkerId = toWorkerId
        self.fromTeamId = fromTeamId
        self.toTeamId = toTeamId
        self.reason = reason
        self.transferSummary = transferSummary
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
