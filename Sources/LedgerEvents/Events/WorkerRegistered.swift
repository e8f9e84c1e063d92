import LedgerStore
import LedgerSupport

/// A worker joined a team, with the facts the allocation rules read: role, start date,
/// agency and qualified status, and hours.
///
/// Schema version 2 stores hours as an integer percentage; version 1 stored a decimal string
/// `fte` ("0.8") and is upcast by ``EventUpcaster``.
public struct WorkerRegistered: EventPayload {
    public static let typeName = "WorkerRegistered"
    public static let schemaVersion = 2

    public let workerId: String
    public let teamId: String
    public let role: Role
    /// Week 1 of the NQSW ramp for an ASYE.
    public let startDate: LocalDate
    /// Agency workers may not hold court proceedings or child-in-care cases (AGENCY-COURT-CIC).
    public let isAgency: Bool
    /// Holds a social work qualification; statutory cases need one (STATUTORY-QUALIFIED).
    public let isQualified: Bool
    /// Hours as a percentage of full time: 100 full time, 80 for four days a week.
    /// An integer, never a fraction, so the stored bytes round-trip exactly.
    public let fullTimeEquivalentPercent: Int
    /// The worker's Social Work England registration number (`SW` and digits), which the DfE's
    /// returns use as the social worker's id. Optional and absent from entries written before it
    /// existed, which read as "not recorded": an added optional key, so the schema version stays.
    public let socialWorkEnglandNumber: String?
    /// The operating-system account this worker acts from, when an authority binds workers to
    /// logins (policy `identity: "login"`): a command naming this worker as its actor must then
    /// run from this account. Optional and absent from older entries (no login bound): an added
    /// optional key, so the schema version stays.
    public let login: String?

    public init(
        workerId: String, teamId: String, role: Role, startDate: LocalDate, isAgency: Bool,
        isQualified: Bool, fullTimeEquivalentPercent: Int, socialWorkEnglandNumber: String? = nil, login: String? = nil
    ) {
        self.workerId = workerId
        self.teamId = teamId
        self.role = role
        self.startDate = startDate
        self.isAgency = isAgency
        self.isQualified = isQualified
        self.fullTimeEquivalentPercent = fullTimeEquivalentPercent
        self.socialWorkEnglandNumber = socialWorkEnglandNumber
        self.login = login
    }

    public var stream: StreamName { .worker(workerId) }
}
