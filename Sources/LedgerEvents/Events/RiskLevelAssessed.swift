import LedgerStore
import LedgerSupport

/// A manager scored the case's complexity and risk, which weights it in the holder's caseload.
public struct RiskLevelAssessed: EventPayload {
    public static let typeName = "RiskLevelAssessed"
    public static let schemaVersion = 1

    public let caseId: String
    public let riskLevel: RiskLevel
    /// The level before this assessment, if there was one.
    public let previousRiskLevel: RiskLevel?
    public let rationale: String
    /// Policy findings the decider overrode with a justification (absent in entries written
    /// before the change was judged against the case's holders: read as none).
    public let overrides: [PolicyOverride]?
    /// Breaches of "finding" rules the change caused, recorded and reported.
    public let findings: [PolicyFinding]?

    public init(caseId: String, riskLevel: RiskLevel, previousRiskLevel: RiskLevel?, rationale: String,
                overrides: [PolicyOverride]? = nil, findings: [PolicyFinding]? = nil) {
        self.caseId = caseId
        self.riskLevel = riskLevel
        self.previousRiskLevel = previousRiskLevel
        self.rationale = rationale
        self.overrides = overrides
        self.findings = findings
    }

    public var stream: StreamName { .case(caseId) }
}
