import LedgerStore
import LedgerSupport

/// A period of leave or sickness, planned or notified.
///
/// Recording again with the same `absenceId` replaces the earlier record of that absence: this is
/// how an open-ended sickness gets its return date, or a planned leave is shortened. `notifiedAt`
/// starts the REALLOCATION-5WD clock; `startDate` drives ON-LEAVE and LEAVE-SOON.
public struct WorkerAbsenceRecorded: EventPayload {
    public static let typeName = "WorkerAbsenceRecorded"
    public static let schemaVersion = 1

    public let workerId: String
    /// Identifies the absence across re-recordings.
    public let absenceId: String
    public let kind: AbsenceKind
    /// First day away.
    public let startDate: LocalDate
    /// Last day away, inclusive; nil while open-ended.
    public let endDate: LocalDate?
    /// When the service was told, if it is known.
    public let notifiedAt: Instant?

    public init(
        workerId: String, absenceId: String, kind: AbsenceKind, startDate: LocalDate, endDate: LocalDate?,
        notifiedAt: Instant?
    ) {
        self.workerId = workerId
        self.absenceId = absenceId
        self.kind = kind
        self.startDate = startDate
        self.endDate = endDate
        self.notifiedAt = notifiedAt
    }

    public var stream: StreamName { .worker(workerId) }
}
