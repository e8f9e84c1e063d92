import LedgerAudit
import LedgerDomain
import LedgerEvents
import LedgerImport
import LedgerStore
import LedgerSupport

/// A recent closure, so a sibling can be referred within the re-referral window.
package struct DemoClosure: Sendable, Hashable {
    package var caseId: String
    package var familyId: String
    package var teamId: String
    package var closedOn: LocalDate
}
