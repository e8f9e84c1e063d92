import LedgerAudit
import LedgerDomain
import LedgerImport
import LedgerEvents
import LedgerStore
import LedgerSupport
/// What the case management system says about the children a return covers: the facts the
/// ledger does not hold and must not start to (dates of birth, legal statuses, placements).
///
/// Read from the SSDA903 tables the CMS already exports, by their DfE column names, so a council
/// passes the files it has. Children are joined to ledger cases by id: the CMS's `CHILD` is the
/// ledger's case id.
public struct CMSTables: Sendable, Hashable {
    /// A period of care from the `Episodes` table.
    public struct CareEpisode: Sendable, Hashable {
        public var childId: String
        /// `DECOM`.
        public var startDate: LocalDate
        /// `DEC`; nil while the episode is open.
        public var endDate: LocalDate?
        /// `LS`, the legal status: V3 and V4 are short breaks, which the social worker rules ignore.
        public var legalStatus: String
        public var lineNumber: Int

        public init(childId: String, startDate: LocalDate, endDate: LocalDate?, legalStatus: String, lineNumber: Int) {
            self.childId = childId
            self.startDate = startDate
            self.endDate = endDate
            self.legalStatus = legalStatus
            self.lineNumber = lineNumber
        }

        /// A short-break episode (V3, V4): the child is not looked after for the social worker rules.
        public var isShortBreak: Bool { ["V3", "V4"].contains(legalStatus.uppercased()) }
    }

    /// A row of the CMS's own `SWEpisodes` table, assembled by hand: what the ledger is compared with.
    public struct WorkerEpisode: Sendable, Hashable {
        public var childId: String
        public var socialWorkerId: String
        public var startDate: LocalDate
        public var endDate: LocalDate?
        public var lineNumber: Int

        public init(childId: String, socialWorkerId: String, startDate: LocalDate, endDate: LocalDate?, lineNumber: Int) {
            self.childId = childId
            self.socialWorkerId = socialWorkerId
            self.startDate = startDate
            self.endDate = endDate
            self.lineNumber = lineNumber
        }
    }

    /// `DOB` by child, as the CMS wrote it (dd/mm/yyyy), from the `Header` table.
    public var datesOfBirth: [String: String]
    public var careEpisodes: [CareEpisode]
    /// Nil when no CMS social worker table was given: then only care periods are compared.
    public var workerEpisodes: [WorkerEpisode]?

    public init(datesOfBirth: [String: String] = [:], careEpisodes: [CareEpisode] = [], workerEpisodes: [WorkerEpisode]? = nil) {
        self.datesOfBirth = datesOfBirth
        self.careEpisodes = careEpisodes
        self.workerEpisodes = workerEpisodes
    }

    /// The children looked after on at least one day of `year` (short breaks aside).
    public func childrenLookedAfter(in year: CollectionYear) -> Set<String> {
        Set(careEpisodes.filter { !$0.isShortBreak && $0.startDate <= year.lastDate && ($0.endDate ?? year.lastDate) >= year.firstDate }
            .map(\.childId))
    }

    /// Whether the CMS has `childId` looked after at the end of `date`.
    ///
    /// An episode covers `DECOM` up to the day before `DEC`: `DEC` is the day care ceased (the
    /// next episode of a change, `REC` X1, begins on it), as the ledger's case is closed at the
    /// end of the day it closed. Read inclusively, every ending would be a day's disagreement.
    public func isLookedAfter(_ childId: String, on date: LocalDate, episodesByChild: [String: [CareEpisode]]) -> Bool {
        (episodesByChild[childId] ?? []).contains { !$0.isShortBreak && $0.startDate <= date && ($0.endDate.map { date < $0 } ?? true) }
    }
}
