import Foundation
import LedgerAudit
import LedgerDomain
import LedgerEvents
import LedgerImport
import LedgerReturns
import LedgerStore
import LedgerSupport

extension DemoCareRecords {
    /// The `Header` columns as the DfE's validator (csc-validator-be-903, `config.column_names`) reads them.
    public static let headerColumns = ["CHILD", "SEX", "DOB", "ETHNIC", "UPN", "MOTHER", "MC_DOB"]
    /// The `Episodes` columns, likewise.
    public static let episodesColumns = ["CHILD", "DECOM", "RNE", "LS", "CIN", "PLACE", "PLACE_PROVIDER", "DEC", "REC",
                                         "REASON_PLACE_CHANGE", "HOME_POST", "PL_POST", "URN"]

    /// The collection years that overlap `firstDay` … `lastDay`, each named by the year it ends in.
    public static func collectionYears(from firstDay: LocalDate, through lastDay: LocalDate) -> [CollectionYear] {
        let first = firstDay.month >= 4 ? firstDay.year + 1 : firstDay.year
        let last = lastDay.month >= 4 ? lastDay.year + 1 : lastDay.year
        return (first...max(first, last)).compactMap { CollectionYear(endingYear: $0) }
    }

    /// Where the demo writes the CMS side: `cms` beside the store directory (`DIR/cms` for the
    /// store `DIR/events`), never inside it, where only the log and its sidecars belong.
    public static func directory(forStore store: String) -> String {
        URL(fileURLWithPath: store).standardizedFileURL.deletingLastPathComponent().appendingPathComponent("cms").path
    }

    /// The episodes open on some day of `year` (a CMS's extract for that year's return), by child.
    public func episodes(in year: CollectionYear) -> [(child: Child, episodes: [CareEpisode])] {
        children.compactMap { child in
            let inYear = child.episodes.filter { $0.startDate <= year.lastDate && ($0.endDate.map { $0 >= year.firstDate } ?? true) }
            return inYear.isEmpty ? nil : (child, inYear)
        }
    }

    /// The `Header` table of `year`'s return: one row per child with an episode in it.
    public func headerTable(for year: CollectionYear) -> CSVTable {
        // The DfE replaced the codes 1 and 2 by M and F from 2024/25 (the validator's rule 101).
        let codes = year.endingYear >= 2025 ? ("M", "F") : ("1", "2")
        return CSVTable(header: Self.headerColumns, rows: episodes(in: year).map { child, _ in
            // MOTHER is asked of girls only ("is this young woman a mother"); none in the demo is.
            [child.childId, child.isFemale ? codes.1 : codes.0, child.dateOfBirth.ukText, child.ethnicity, child.uniquePupilNumber,
             child.isFemale ? "0" : "", ""]
        })
    }

    /// The `Episodes` table of `year`'s return, by child then start date. An episode that ceased
    /// after 31 March is written open (no `DEC`, `REC`), as the return sees it at the year's end.
    public func episodesTable(for year: CollectionYear) -> CSVTable {
        var rows: [[String]] = []
        for (child, episodes) in episodes(in: year) {
            for episode in episodes {
                let open = episode.endDate.map { $0 > year.lastDate } ?? true
                rows.append([child.childId, episode.startDate.ukText, episode.reasonNewEpisode, episode.legalStatus,
                             episode.categoryOfNeed, episode.placement, episode.placementProvider,
                             open ? "" : episode.endDate?.ukText ?? "", open ? "" : episode.reasonCeased ?? "",
                             open ? "" : episode.reasonPlaceChange ?? "", episode.homePostcode, episode.placementPostcode, episode.urn])
            }
        }
        return CSVTable(header: Self.episodesColumns, rows: rows)
    }

    /// The directory of `year`'s tables inside `directory`: `ssda903-2025` for the year ending 31 March 2025.
    public static func yearDirectory(_ directory: String, _ year: CollectionYear) -> String {
        directory + "/ssda903-\(year.endingYear)"
    }

    /// The paths of the files ``write(to:firstDay:)`` writes for `years`.
    public static func paths(in directory: String, years: [CollectionYear]) -> [String] {
        years.flatMap { year in ["Header.csv", "Episodes.csv"].map { yearDirectory(directory, year) + "/" + $0 } }
    }

    /// Writes `Header.csv` and `Episodes.csv` for every collection year of the history, each in
    /// its own directory, and returns the paths written. Refuses to replace a file.
    public func write(to directory: String, firstDay: LocalDate) throws(DemoError) -> [String] {
        let years = Self.collectionYears(from: firstDay, through: lastDay)
        if let existing = Self.paths(in: directory, years: years).first(where: { FileManager.default.fileExists(atPath: $0) }) {
            throw .careRecordsExist(path: existing)
        }
        var written: [String] = []
        for year in years {
            let yearDirectory = Self.yearDirectory(directory, year)
            for (name, table) in [("Header.csv", headerTable(for: year)), ("Episodes.csv", episodesTable(for: year))] {
                let path = yearDirectory + "/" + name
                do {
                    try FileManager.default.createDirectory(atPath: yearDirectory, withIntermediateDirectories: true)
                    try Data(table.text.utf8).write(to: URL(fileURLWithPath: path))
                } catch {
                    throw .ledger(.io(IOFailure(operation: "write", path: path, errorNumber: EIO)))
                }
                written.append(path)
            }
        }
        return written
    }
}
