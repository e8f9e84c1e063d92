import LedgerStore
import LedgerSupport

/// A case moved to another category or its flags changed, for instance child in need to child
/// protection; decides whether it is statutory from then on.
public struct CaseCategoryChanged: EventPayload {
    public static let typeName = "CaseCategoryChanged"
    public static let schemaVersion = 1

    public let caseId: String
    /// The category before, when known (an import may not know it).
    public let fromCategory: CaseCategory?
    public let toCategory: CaseCategory
    /// The full flag set after the change, not a difference; stored sorted, without duplicates.
    public let flags: [CaseFlag]
    public let reason: String
    /// Policy findings the decider overrode with a justification (absent in entries written
    /// before the change was judged against the case's holders: read as none).
    public let overrides: [PolicyOverride]?
    /// Breaches of "finding" rules the change caused, recorded and reported.
    public let findings: [PolicyFinding]?

    public init(caseId: String, fromCategory: CaseCategory?, toCategory: CaseCategory, flags: [CaseFlag], reason: String,
                overrides: [PolicyOverride]? = nil, findings: [PolicyFinding]? = nil) {
        self.caseId = caseId
        self.fromCategory = fromCategory
        self.toCategory = toCategory
        self.flags = canonicalSet(flags)
        self.reason = reason
        self.overrides = overrides
        self.findings = findings
    }

    public var stream: StreamName { .case(caseId) }
}
