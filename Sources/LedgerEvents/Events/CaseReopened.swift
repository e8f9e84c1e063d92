import LedgerStore
import LedgerSupport

/// A closed case was opened again on a new referral; it is unallocated until allocated.
public struct CaseReopened: EventPayload {
    public static let typeName = "CaseReopened"
    public static let schemaVersion = 1

    public let caseId: String
    public let referralId: String
    public let reason: String
    /// A re-referral within 6 weeks of closure should go back to the previous worker (REREFERRAL-PREVIOUS).
    public let isReReferral: Bool
    public let previousWorkerId: String?

    public init(caseId: String, referralId: String, reason: String, isReReferral: Bool, previousWorkerId: String?) {
        self.caseId = caseId
        self.referralId = referralId
        self.reason = reason
        self.isReReferral = isReReferral
        self.previousWorkerId = previousWorkerId
    }

    public var stream: StreamName { .case(caseId) }
}
