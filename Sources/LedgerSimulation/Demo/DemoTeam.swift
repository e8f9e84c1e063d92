import LedgerAudit
import LedgerDomain
import LedgerEvents
import LedgerImport
import LedgerStore
import LedgerSupport

/// A team of the demo authority, with the figures that drive its simulated demand.
package struct DemoTeam: Sendable, Hashable {
    package var teamId: String
    package var name: String
    package var serviceArea: ServiceArea
    package var managerId: String
    /// The service manager (children's or adults') escalations go to first.
    package var serviceManagerId: String
    /// Mean referrals per working day.
    package var referralsPerDay: Double
}
