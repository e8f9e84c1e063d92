import Foundation
import LedgerAudit
import LedgerDomain
import LedgerImport
import LedgerEvents
import LedgerStore
import LedgerSupport

extension CMSTables {
    /// Reads the `Header` table (CHILD, DOB) and the `Episodes` table (CHILD, DECOM, DEC, LS), and
    /// the CMS's own `SWEpisodes` table (CHILD, SW_ID, SW_DECOM, SW_DEC) if a path is given.
    public static func load(headerPath: String?, episodesPath: String?, workerEpisodesPath: String?) throws(ReturnInputError) -> CMSTables {
        var tables = CMSTables()
        if let headerPath {
            let table = try Table(path: headerPath, columns: ["CHILD", "DOB"])
            for row in table.rows {
                let child = try table.child(row)
                tables.datesOfBirth[child] = row.fields[table.index["DOB"]!].trimmingCharacters(in: .whitespaces)
            }
        }
        if let episodesPath {
            let table = try Table(path: episodesPath, columns: ["CHILD", "DECOM", "DEC", "LS"])
            for row in table.rows {
                tables.careEpisodes.append(CareEpisode(
                    childId: try table.child(row), startDate: try table.date(row, "DECOM")!, endDate: try table.date(row, "DEC", optional: true),
                    legalStatus: row.fields[table.index["LS"]!].trimmingCharacters(in: .whitespaces), lineNumber: row.line))
            }
        }
        if let workerEpisodesPath {
            let table = try Table(path: workerEpisodesPath, columns: ["CHILD", "SW_ID", "SW_DECOM", "SW_DEC"])
            var episodes: [WorkerEpisode] = []
            for row in table.rows {
                episodes.append(WorkerEpisode(
                    childId: try table.child(row), socialWorkerId: row.fields[table.index["SW_ID"]!].trimmingCharacters(in: .whitespaces),
                    startDate: try table.date(row, "SW_DECOM")!, endDate: try table.date(row, "SW_DEC", optional: true),
                    lineNumber: row.line))
            }
            tables.workerEpisodes = episodes
        }
        return tables
    }

    /// A CSV table read whole with its column positions by (upper-cased) name.
    package struct Table {
        package struct Row {
            package var fields: [String]
            package var line: Int
        }
        package let path: String
        package var index: [String: Int] = [:]
        package var rows: [Row] = []

        package init(path: String, columns: [String]) throws(ReturnInputError) {
            self.path = path
            do {
                let reader = try CSVReader(path: path)
                guard let header = try reader.nextRecord() else { throw ReturnInputError.missingColumn(path: path, column: columns.first ?? "CHILD") }
                for position in 0..<header.count {
                    index[header[position].trimmingCharacters(in: .whitespaces).uppercased()] = position
                }
                for column in columns where index[column] == nil {
                    throw ReturnInputError.missingColumn(path: path, column: column)
                }
                while let record = try reader.nextRecord() {
                    rows.append(Row(fields: (0..<record.count).map { record[$0] }, line: record.lineNumber))
                }
            } catch let error as ReturnInputError {
                throw error
            } catch {
                throw ReturnInputError.unreadable(path: path, detail: "\(error)")
            }
        }

        package func child(_ row: Row, column: String = "CHILD") throws(ReturnInputError) -> String {
            let child = row.fields[index[column]!].trimmingCharacters(in: .whitespaces)
            guard !child.isEmpty else { throw ReturnInputError.missingChild(path: path, line: row.line) }
            return child
        }

        /// The date in `column`; an empty optional cell is nil, an empty required one an error.
        package func date(_ row: Row, _ column: String, optional: Bool = false) throws(ReturnInputError) -> LocalDate? {
            let text = row.fields[index[column]!].trimmingCharacters(in: .whitespaces)
            if text.isEmpty, optional { return nil }
            do { return try DateArgument.parseDate(text) } catch {
                throw ReturnInputError.badDate(path: path, line: row.line, column: column, value: text)
            }
        }
    }
}
