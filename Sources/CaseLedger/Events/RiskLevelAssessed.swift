/// A manager scored the case's complexity and risk, which weights it in the holder's caseload.
public struct RiskLevelAssessed: EventPayload {
    public static let typeName = "RiskLevelAssessed"
    public static let schemaVersion = 1

    public let caseId: String
    public let riskLevel: RiskLevel
    /// The level before this assessment, if there was one.
    public let previousRiskLevel: RiskLevel?
    public let rationale: String

    public init(caseId: String, riskLevel: RiskLevel, previousRiskLevel: RiskLevel?, rationale: String) {
        self.caseId = caseId
        self.riskLevel = riskLevel
        self.previousRiskLevel = previousRiskLevel
        self.rationale = rationale
    }

    public var stream: StreamName { .case(caseId) }
}
