/// What the simulation tracks about a case beyond the decision state: its pace, its wait for
/// allocation, and what makes it a good case to ask about.
struct DemoCaseWork: Sendable, Hashable {
    var caseId: String
    var familyId: String
    var referredAt: Instant
    var decidedAt: Instant?
    /// The current wait for allocation, if any.
    var spell: DemoSpell?
    /// Why the case lost its worker, when the wait began that way (a departure, a transfer to a
    /// team); nil for a new referral's first wait.
    var spellReason: AllocationReason?
    /// The current primary holding was decided with an override / came by a transfer.
    var holdingOverridden = false
    var holdingViaTransfer = false
    var everTransferred = false
    var everOverridden = false
    /// A mistaken allocation awaits its retraction.
    var awaitingRetraction = false
    /// `holdingChanges` just after the mistaken allocation.
    var mistakeHoldingChange: Int?
    /// Counts changes of holder, so a retraction planned yesterday can tell nothing moved since.
    var holdingChanges = 0
    /// A later phase of work (or closure) is diarised.
    var progressDue: LocalDate?

    init(caseId: String, familyId: String, referredAt: Instant) {
        self.caseId = caseId
        self.familyId = familyId
        self.referredAt = referredAt
    }
}
