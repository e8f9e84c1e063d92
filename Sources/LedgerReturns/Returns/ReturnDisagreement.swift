import LedgerAudit
import LedgerDomain
import LedgerImport
import LedgerEvents
import LedgerStore
import LedgerSupport
/// A place where the ledger's history and the case management system's tables disagree, or where
/// the return had to leave something out: each one a person should look at before submitting.
public struct ReturnDisagreement: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        /// The CMS has the child looked after; the ledger has no such case.
        case childNotInLedger
        /// The child is in the return but the CMS header gives no date of birth.
        case noDateOfBirth
        /// The CMS has the child looked after on these days; the ledger's case is not child in care.
        case lookedAfterOnlyInCMS
        /// The ledger's case is child in care on these days; the CMS has no care episode.
        case lookedAfterOnlyInLedger
        /// Looked after on these days (per the return's cohort) with no primary worker in the ledger.
        case noWorkerInLedger
        /// The ledger has a primary worker on these days; the CMS's social worker table has none.
        case noWorkerInCMS
        /// The CMS's social worker table has two episodes on these days.
        case overlapInCMS
        /// The CMS names a different social worker on these days.
        case differentWorker
        /// A primary worker held the case for less than a day; the return leaves it out (SW09).
        case episodeShorterThanADayLeftOut
        /// The child's last episode ended before the end of 31 March (a closure, a deallocation):
        /// the validator's SW11a/SW11b/SW17 flag it; the DfE rule is for a child still looked after.
        case lastEpisodeEndedInYear
    }

    public var childId: String
    public var kind: Kind
    public var firstDate: LocalDate?
    public var lastDate: LocalDate?
    /// What the ledger says (a worker's SW_ID, a category), empty if nothing.
    public var ledgerSide: String
    /// What the CMS says, empty if nothing.
    public var cmsSide: String
    /// The ledger events that prove the ledger's side.
    public var citations: [Citation]

    public init(childId: String, kind: Kind, firstDate: LocalDate? = nil, lastDate: LocalDate? = nil,
                ledgerSide: String = "", cmsSide: String = "", citations: [Citation] = []) {
        self.childId = childId
        self.kind = kind
        self.firstDate = firstDate
        self.lastDate = lastDate
        self.ledgerSide = ledgerSide
        self.cmsSide = cmsSide
        self.citations = citations
    }
}
