import LedgerStore
import LedgerSupport

/// A practitioner asked for a case to be closed and wrote the closure summary; a manager's
/// ``CaseClosed`` authorises it. The case stays open until then.
public struct CaseClosureRequested: EventPayload {
    public static let typeName = "CaseClosureRequested"
    public static let schemaVersion = 1

    public let caseId: String
    public let requestedById: String
    public let closureSummary: ClosureSummary
    /// Policy findings of severity "justify" overridden when the request was made; nil when none.
    public let overrides: [PolicyOverride]?
    /// Breaches of rules whose severity is "finding": allowed, recorded here and reported by the
    /// audit. Nil when there were none (and in events written before the field existed).
    public let findings: [PolicyFinding]?

    public init(
        caseId: String, requestedById: String, closureSummary: ClosureSummary, overrides: [PolicyOverride]? = nil,
        findings: [PolicyFinding]? = nil
    ) {
        self.caseId = caseId
        self.requestedById = requestedById
        self.closureSummary = closureSummary
        self.overrides = overrides
        self.findings = findings
    }

    public var stream: StreamName { .case(caseId) }
}
