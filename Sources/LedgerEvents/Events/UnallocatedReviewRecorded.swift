import LedgerStore
import LedgerSupport

/// The review of an unallocated case, due at 4 weeks and every 2 weeks after (UNALLOCATED-REVIEW).
public struct UnallocatedReviewRecorded: EventPayload {
    public static let typeName = "UnallocatedReviewRecorded"
    public static let schemaVersion = 1

    public let caseId: String
    public let reviewerId: String
    /// What the review decided: keep monitoring, step down, close, move to another team.
    public let outcome: String
    public let nextReviewDue: LocalDate?

    public init(caseId: String, reviewerId: String, outcome: String, nextReviewDue: LocalDate?) {
        self.caseId = caseId
        self.reviewerId = reviewerId
        self.outcome = outcome
        self.nextReviewDue = nextReviewDue
    }

    public var stream: StreamName { .case(caseId) }
}
