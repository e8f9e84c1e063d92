import LedgerAudit
import LedgerDomain
import LedgerImport
import LedgerEvents
import LedgerStore
import LedgerSupport
/// The SSDA903 social worker episodes return for one collection year, with the events each row
/// rests on and every disagreement with the case management system.
public struct SSDA903Return: Sendable, Hashable {
    /// One `SWEpisodes` row: an episode with the CMS's date of birth and the worker's `SW_ID`.
    public struct Row: Sendable, Hashable {
        public var episode: SocialWorkerEpisode
        /// `DOB` as the CMS wrote it; empty when no header was given or it lacks the child.
        public var dateOfBirth: String
        public var socialWorkerId: String
    }

    public var year: CollectionYear
    /// The head the return was built from: rerunning it on the same log gives the same bytes.
    public var head: Citation
    public var rows: [Row]
    public var disagreements: [ReturnDisagreement]
    /// The children the return covers, sorted.
    public var childIds: [String]

    /// The column names of the DfE's `SWEpisodes` table.
    public static let columns = ["CHILD", "DOB", "SW_ID", "SW_DECOM", "SW_DEC", "SW_REASON"]

    /// The `SW_ID` written for a worker: the Social Work England registration number when the
    /// ledger has one, otherwise `XX` followed by the ledger's worker id.
    ///
    /// The DfE accepts an id that begins `SW` (a registration number) or `XX` (rule SW02): a
    /// worker id alone would be rejected, and inventing a registration number would be false.
    public static func socialWorkerId(for workerId: String, registrationNumbers: [String: String]) -> String {
        if let number = registrationNumbers[workerId], !number.isEmpty { return number }
        return "XX" + workerId
    }

    /// The `SWEpisodes` table, rows by child then start date, dates dd/mm/yyyy.
    public var episodesTable: CSVTable {
        CSVTable(header: Self.columns, rows: rows.map { row in
            [row.episode.childId, row.dateOfBirth, row.socialWorkerId, row.episode.startDate.ukText,
             row.episode.endDate?.ukText ?? "", row.episode.reason.rawValue]
        })
    }

    /// The sidecar: for each row, the events (sequence numbers and hashes) it rests on.
    public var citationsTable: CSVTable {
        CSVTable(header: ["CHILD", "SW_ID", "SW_DECOM", "SEQUENCES", "HASHES"], rows: rows.map { row in
            [row.episode.childId, row.socialWorkerId, row.episode.startDate.ukText,
             row.episode.citations.map { String($0.sequence) }.joined(separator: " "),
             row.episode.citations.map(\.hash.hex).joined(separator: " ")]
        })
    }

    /// Every disagreement and every left-out short episode, one per row.
    public var disagreementsTable: CSVTable {
        CSVTable(header: ["CHILD", "KIND", "FROM", "TO", "LEDGER", "CMS", "SEQUENCES"], rows: disagreements.map { item in
            [item.childId, item.kind.rawValue, item.firstDate?.ukText ?? "", item.lastDate?.ukText ?? "", item.ledgerSide,
             item.cmsSide, item.citations.map { String($0.sequence) }.joined(separator: " ")]
        })
    }
}

extension LocalDate {
    /// dd/mm/yyyy, the date shape of the DfE's returns.
    public var ukText: String {
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(two(day))/\(two(month))/\(year)"
    }
}
