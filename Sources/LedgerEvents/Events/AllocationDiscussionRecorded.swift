import LedgerStore
import LedgerSupport

/// The manager's one-to-one allocation discussion with the worker, and the tasks agreed in it.
public struct AllocationDiscussionRecorded: EventPayload {
    public static let typeName = "AllocationDiscussionRecorded"
    public static let schemaVersion = 1

    public let caseId: String
    public let workerId: String
    public let managerId: String
    /// When the conversation took place, if it differs from when the event occurred.
    public let discussedAt: Instant?
    public let notes: String
    public let agreedTasks: [AllocationTask]

    public init(
        caseId: String, workerId: String, managerId: String, discussedAt: Instant?, notes: String,
        agreedTasks: [AllocationTask]
    ) {
        self.caseId = caseId
        self.workerId = workerId
        self.managerId = managerId
        self.discussedAt = discussedAt
        self.notes = notes
        self.agreedTasks = agreedTasks
    }

    public var stream: StreamName { .case(caseId) }
}
