/// A case's wait for allocation, with the days (counted from the start of the wait) on which
/// this team's manager will do each unallocated-case action; nil means it will be missed.
struct DemoSpell: Sendable, Hashable {
    var since: Instant
    var startDate: LocalDate
    /// Working days after the start.
    var letterDay: Int?
    var monitoringDay: Int?
    /// Calendar days after the start.
    var nextReviewDay: Int?
    var serviceManagerEscalationDay: Int?
    var headOfServiceEscalationDay: Int?
    var letterSent = false
    var monitored = false
    var escalatedToServiceManager = false
    var escalatedToHeadOfService = false
    var lastAllocationTry: LocalDate
}
