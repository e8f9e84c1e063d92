import LedgerStore
import LedgerSupport

/// The monitoring form for a child in need case unallocated for more than 5 working days
/// (UNALLOCATED-MONITORING): the management plan, visiting frequency and when the child was last seen.
public struct UnallocatedMonitoringRecorded: EventPayload {
    public static let typeName = "UnallocatedMonitoringRecorded"
    public static let schemaVersion = 1

    public let caseId: String
    /// How the child is kept safe until allocation.
    public let managementPlan: String
    /// How often duty workers visit.
    public let visitingFrequency: VisitingFrequency
    /// Detail of the visiting arrangements; needed when the frequency is `other`.
    public let visitingFrequencyDetail: String?
    /// When the child was last seen, if known.
    public let childLastSeen: LocalDate?
    /// What partner agencies (school, health) agreed to monitor and report, if anything.
    public let partnerAgencyMonitoring: String?
    public let recordedById: String

    public init(
        caseId: String, managementPlan: String, visitingFrequency: VisitingFrequency,
        visitingFrequencyDetail: String?, childLastSeen: LocalDate?, partnerAgencyMonitoring: String?,
        recordedById: String
    ) {
        self.caseId = caseId
        self.managementPlan = managementPlan
        self.visitingFrequency = visitingFrequency
        self.visitingFrequencyDetail = visitingFrequencyDetail
        self.childLastSeen = childLastSeen
        self.partnerAgencyMonitoring = partnerAgencyMonitoring
        self.recordedById = recordedById
    }

    public var stream: StreamName { .case(caseId) }
}
