import LedgerStore
import LedgerSupport

/// The manager's decision on a contact or referral: next steps, and why.
///
/// Meets (or misses) DECISION-24H; an outcome needing a social work response starts ALLOCATION-24H.
public struct ReferralDecisionRecorded: EventPayload {
    public static let typeName = "ReferralDecisionRecorded"
    public static let schemaVersion = 1

    public let caseId: String
    public let referralId: String
    public let outcome: ReferralOutcome
    public let rationale: String
    /// The manager who made the decision (the envelope's actor may be whoever recorded it).
    public let deciderId: String

    public init(caseId: String, referralId: String, outcome: ReferralOutcome, rationale: String, deciderId: String) {
        self.caseId = caseId
        self.referralId = referralId
        self.outcome = outcome
        self.rationale = rationale
        self.deciderId = deciderId
    }

    public var stream: StreamName { .case(caseId) }
}
