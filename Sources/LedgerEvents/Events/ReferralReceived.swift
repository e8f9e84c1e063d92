import LedgerStore
import LedgerSupport

/// A contact or referral arrived at a team: the event that opens (or re-opens the work on) a case.
///
/// Starts the DECISION-24H clock. A case with a team and no primary worker is unallocated.
public struct ReferralReceived: EventPayload {
    public static let typeName = "ReferralReceived"
    public static let schemaVersion = 1

    public let caseId: String
    public let referralId: String
    /// The family or household the child or adult belongs to (the NQSW ramp counts families).
    public let familyId: String
    /// The team that receives the case; it holds it until a worker is allocated.
    public let teamId: String
    public let serviceArea: ServiceArea
    public let category: CaseCategory
    /// Flags such as section 47 or pre-birth assessment; stored sorted, without duplicates.
    public let flags: [CaseFlag]
    public let source: ReferralSource
    /// Complexity/risk, if assessed at the front door.
    public let riskLevel: RiskLevel?
    /// The family was open to the service before.
    public let isReReferral: Bool
    /// Who held the case before, for REREFERRAL-PREVIOUS.
    public let previousWorkerId: String?
    /// When the case was last closed; a re-referral within 6 weeks goes back to the previous worker.
    public let previousClosureAt: Instant?

    public init(
        caseId: String, referralId: String, familyId: String, teamId: String, serviceArea: ServiceArea,
        category: CaseCategory, flags: [CaseFlag], source: ReferralSource, riskLevel: RiskLevel?,
        isReReferral: Bool, previousWorkerId: String?, previousClosureAt: Instant?
    ) {
        self.caseId = caseId
        self.referralId = referralId
        self.familyId = familyId
        self.teamId = teamId
        self.serviceArea = serviceArea
        self.category = category
        self.flags = canonicalSet(flags)
        self.source = source
        self.riskLevel = riskLevel
        self.isReReferral = isReReferral
        self.previousWorkerId = previousWorkerId
        self.previousClosureAt = previousClosureAt
    }

    public var stream: StreamName { .case(caseId) }
}
