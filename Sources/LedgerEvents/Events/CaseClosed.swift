import LedgerStore
import LedgerSupport

/// A case was closed, with its closure summary and the manager who authorised it
/// (CLOSURE-SUMMARY, CLOSURE-AUTHORISED). All holders stop holding it.
public struct CaseClosed: EventPayload {
    public static let typeName = "CaseClosed"
    public static let schemaVersion = 1

    public let caseId: String
    public let closureSummary: ClosureSummary
    /// The manager who authorised the closure; practitioners do not close cases on their own.
    public let authorisingManagerId: String
    /// For a case closed while unallocated: the evidence that its needs were addressed
    /// (UNALLOCATED-CLOSURE). Nil when the case was allocated.
    public let evidenceNeedsAddressed: String?
    /// Continuing support through other services considered at closure, if any.
    public let continuingSupport: String?
    public let overrides: [PolicyOverride]
    /// Breaches of rules whose severity is "finding": allowed, recorded here and reported by the
    /// audit. Nil when there were none (and in events written before the field existed).
    public let findings: [PolicyFinding]?

    public init(
        caseId: String, closureSummary: ClosureSummary, authorisingManagerId: String,
        evidenceNeedsAddressed: String?, continuingSupport: String?, overrides: [PolicyOverride],
        findings: [PolicyFinding]? = nil
    ) {
        self.caseId = caseId
        self.closureSummary = closureSummary
        self.authorisingManagerId = authorisingManagerId
        self.evidenceNeedsAddressed = evidenceNeedsAddressed
        self.continuingSupport = continuingSupport
        self.overrides = overrides
        self.findings = findings
    }

    public var stream: StreamName { .case(caseId) }
}
