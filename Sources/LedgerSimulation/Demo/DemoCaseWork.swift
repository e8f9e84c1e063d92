import LedgerAudit
import LedgerDomain
import LedgerEvents
import LedgerImport
import LedgerStore
import LedgerSupport

/// What the simulation tracks about a case beyond the decision state: its pace, its wait for
/// allocation, and what makes it a good case to ask about.
package struct DemoCaseWork: Sendable, Hashable {
    package var caseId: String
    package var familyId: String
    package var referredAt: Instant
    package var decidedAt: Instant?
    /// The current wait for allocation, if any.
    package var spell: DemoSpell?
    /// Why the case lost its worker, when the wait began that way (a departure, a transfer to a
    /// team); nil for a new referral's first wait.
    package var spellReason: AllocationReason?
    /// The current primary holding was decided with an override / came by a transfer.
    package var holdingOverridden = false
    package var holdingViaTransfer = false
    package var everTransferred = false
    package var everOverridden = false
    /// A mistaken allocation awaits its retraction.
    package var awaitingRetraction = false
    /// `holdingChanges` just after the mistaken allocation.
    package var mistakeHoldingChange: Int?
    /// Counts changes of holder, so a retraction planned yesterday can tell nothing moved since.
    package var holdingChanges = 0
    /// A later phase of work (or closure) is diarised.
    package var progressDue: LocalDate?

    package init(caseId: String, familyId: String, referredAt: Instant) {
        self.caseId = caseId
        self.familyId = familyId
        self.referredAt = referredAt
    }
}
