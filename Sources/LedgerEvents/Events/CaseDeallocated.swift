import LedgerStore
import LedgerSupport

/// A worker stopped holding a case without a successor named in the same event; if it was the
/// primary worker, the case is unallocated (held by its team) until the next allocation.
public struct CaseDeallocated: EventPayload {
    public static let typeName = "CaseDeallocated"
    public static let schemaVersion = 1

    public let caseId: String
    public let workerId: String
    /// Whether the worker was the primary worker (as opposed to a co-worker).
    public let isPrimary: Bool
    public let reason: AllocationReason
    public let rationale: String
    /// The team that keeps the case while it waits, if known.
    public let remainsWithTeamId: String?
    /// Policy findings of severity "justify" that the manager overrode (STATUTORY-ALLOCATED where
    /// an authority allows it); nil when there were none.
    public let overrides: [PolicyOverride]?
    /// Breaches of rules whose severity is "finding": allowed, recorded here and reported by the
    /// audit. Nil when there were none (and in events written before the field existed).
    public let findings: [PolicyFinding]?

    public init(
        caseId: String, workerId: String, isPrimary: Bool, reason: AllocationReason, rationale: String,
        remainsWithTeamId: String?, overrides: [PolicyOverride]? = nil, findings: [PolicyFinding]? = nil
    ) {
        self.caseId = caseId
        self.workerId = workerId
        self.isPrimary = isPrimary
        self.reason = reason
        self.rationale = rationale
        self.remainsWithTeamId = remainsWithTeamId
        self.overrides = overrides
        self.findings = findings
    }

    public var stream: StreamName { .case(caseId) }
}
