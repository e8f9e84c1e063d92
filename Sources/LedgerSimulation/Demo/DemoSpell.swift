import LedgerAudit
import LedgerDomain
import LedgerEvents
import LedgerImport
import LedgerStore
import LedgerSupport

/// A case's wait for allocation, with the days (counted from the start of the wait) on which
/// this team's manager will do each unallocated-case action; nil means it will be missed.
package struct DemoSpell: Sendable, Hashable {
    package var since: Instant
    package var startDate: LocalDate
    /// Working days after the start.
    package var letterDay: Int?
    package var monitoringDay: Int?
    /// Calendar days after the start.
    package var nextReviewDay: Int?
    package var serviceManagerEscalationDay: Int?
    package var headOfServiceEscalationDay: Int?
    package var letterSent = false
    package var monitored = false
    package var escalatedToServiceManager = false
    package var escalatedToHeadOfService = false
    package var lastAllocationTry: LocalDate
}
