/// A legacy involvement that is not case holding (an IRO, a personal adviser, an unknown type
/// code), kept so an import drops nothing; it never counts in a caseload.
public struct InvolvementRecorded: EventPayload {
    public static let typeName = "InvolvementRecorded"
    public static let schemaVersion = 1

    public let caseId: String
    /// Nil for a team-only involvement (`-1` in the export).
    public let workerId: String?
    public let teamId: String?
    /// The involvement type code as exported, such as `IRO` or `PA`.
    public let involvementType: String
    public let startedAt: Instant
    /// Nil while open (`1900-01-01` or empty in the export).
    public let endedAt: Instant?

    public init(
        caseId: String, workerId: String?, teamId: String?, involvementType: String, startedAt: Instant,
        endedAt: Instant?
    ) {
        self.caseId = caseId
        self.workerId = workerId
        self.teamId = teamId
        self.involvementType = involvementType
        self.startedAt = startedAt
        self.endedAt = endedAt
    }

    public var stream: StreamName { .case(caseId) }
}
