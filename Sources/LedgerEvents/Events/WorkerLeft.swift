import LedgerStore
import LedgerSupport

/// A worker left the service; their cases must be reallocated within 5 working days.
public struct WorkerLeft: EventPayload {
    public static let typeName = "WorkerLeft"
    public static let schemaVersion = 1

    public let workerId: String
    public let lastWorkingDate: LocalDate
    /// A short practice reason ("end of agency contract"), never personal detail.
    public let reason: String?

    public init(workerId: String, lastWorkingDate: LocalDate, reason: String?) {
        self.workerId = workerId
        self.lastWorkingDate = lastWorkingDate
        self.reason = reason
    }

    public var stream: StreamName { .worker(workerId) }
}
