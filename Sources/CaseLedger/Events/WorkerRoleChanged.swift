/// A worker's role changed, for instance an ASYE completing the year or a social work officer qualifying.
public struct WorkerRoleChanged: EventPayload {
    public static let typeName = "WorkerRoleChanged"
    public static let schemaVersion = 1

    public let workerId: String
    public let fromRole: Role
    public let toRole: Role
    /// Qualified status after the change.
    public let isQualified: Bool
    /// The date the new role takes effect, when it differs from the day the event occurred.
    public let effectiveDate: LocalDate?

    public init(workerId: String, fromRole: Role, toRole: Role, isQualified: Bool, effectiveDate: LocalDate?) {
        self.workerId = workerId
        self.fromRole = fromRole
        self.toRole = toRole
        self.isQualified = isQualified
        self.effectiveDate = effectiveDate
    }

    public var stream: StreamName { .worker(workerId) }
}
