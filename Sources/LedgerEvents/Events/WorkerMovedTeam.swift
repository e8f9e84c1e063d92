import LedgerStore
import LedgerSupport

/// A worker moved from one team to another; the cases they hold do not move with them by this event.
public struct WorkerMovedTeam: EventPayload {
    public static let typeName = "WorkerMovedTeam"
    public static let schemaVersion = 1

    public let workerId: String
    public let fromTeamId: String
    public let toTeamId: String

    public init(workerId: String, fromTeamId: String, toTeamId: String) {
        self.workerId = workerId
        self.fromTeamId = fromTeamId
        self.toTeamId = toTeamId
    }

    public var stream: StreamName { .worker(workerId) }
}
