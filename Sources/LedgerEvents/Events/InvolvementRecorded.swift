import LedgerStore
import LedgerSupport

/// A legacy involvement that is not an allocation of a worker: a team-only involvement (worker
/// `-1`), an IRO, a personal adviser, an unknown type code. Kept so an import drops nothing; it
/// never counts in a worker's caseload.
///
/// Schema version 2 added ``holdsCase``: a team-only involvement of a case-holding type means the
/// team held the case unallocated for the involvement's period, which the projections need to
/// know without the import's mapping.
public struct InvolvementRecorded: EventPayload {
    public static let typeName = "InvolvementRecorded"
    public static let schemaVersion = 2

    public let caseId: String
    /// Nil for a team-only involvement (`-1` in the export).
    public let workerId: String?
    public let teamId: String?
    /// The involvement type code as exported, such as `IRO` or `PA`.
    public let involvementType: String
    public let startedAt: Instant
    /// Nil while open (`1900-01-01` or empty in the export).
    public let endedAt: Instant?
    /// A team-only involvement of a case-holding type: the case is open and unallocated in
    /// ``teamId`` from ``startedAt`` until ``endedAt``. False for IRO, personal adviser and other
    /// involvements that never hold a case.
    public let holdsCase: Bool

    public init(
        caseId: String, workerId: String?, teamId: String?, involvementType: String, startedAt: Instant,
        endedAt: Instant?, holdsCase: Bool
    ) {
        self.caseId = caseId
        self.workerId = workerId
        self.teamId = teamId
        self.involvementType = involvementType
        self.startedAt = startedAt
        self.endedAt = endedAt
        self.holdsCase = holdsCase
    }

    public var stream: StreamName { .case(caseId) }
}
