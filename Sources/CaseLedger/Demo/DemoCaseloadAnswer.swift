/// A worker's caseload at the end of a day: cases, weighted score, the role's cap and headroom,
/// and for an NQSW the ramp step in force.
///
/// The team manager's question (DESIGN §1): was this caseload within policy on that day?
public struct DemoCaseloadAnswer: Sendable, Hashable {
    /// One case held, with its weight.
    public struct HeldCase: Sendable, Hashable {
        public var caseId: String
        public var category: CaseCategory
        public var riskLevel: RiskLevel?
        public var weight: Int
        public var isPrimary: Bool
    }

    /// The NQSW ramp for an ASYE: the week since the ramp started and the step in force.
    public struct Ramp: Sendable, Hashable {
        public var startDate: LocalDate
        public var week: Int
        public var serviceArea: ServiceArea
        public var target: RampTarget
    }

    public var workerId: String
    public var date: LocalDate
    public var isKnown: Bool
    public var teamId: String?
    public var role: Role?
    public var isAgency: Bool
    public var startDate: LocalDate?
    /// An absence covering the date, in words.
    public var absence: String?
    public var cases: [HeldCase]
    public var families: Int
    public var weightedScore: Int
    public var cap: CaseloadCap?
    public var policyId: String
    public var ramp: Ramp?

    public var caseCount: Int { cases.count }
    /// Cases the cap still allows (negative when over); nil without a case cap.
    public var caseHeadroom: Int? { cap?.cases.map { $0 - caseCount } }
    /// Points the cap still allows (negative when over); nil without a points cap.
    public var pointsHeadroom: Int? { cap?.points.map { $0 - weightedScore } }
}
