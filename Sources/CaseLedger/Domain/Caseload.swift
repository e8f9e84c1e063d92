/// A worker's open cases and their weight under a policy.
public struct Caseload: Sendable, Hashable {
    public var caseIds: [String]
    public var weightedScore: Int
    public var familyIds: Set<String>

    public init(caseIds: [String], weightedScore: Int, familyIds: Set<String>) {
        self.caseIds = caseIds
        self.weightedScore = weightedScore
        self.familyIds = familyIds
    }

    public var caseCount: Int { caseIds.count }

    /// A case's points: its risk level's weight, moderate until assessed.
    public static func weight(of record: CaseState, policy: Policy) -> Int {
        policy.weight(record.riskLevel ?? .moderate)
    }
}
