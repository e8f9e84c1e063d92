import LedgerAudit
import LedgerDomain
import LedgerImport
import LedgerEvents
import LedgerStore
import LedgerSupport
/// Why a table the case management system gave for a return could not be used.
public enum ReturnInputError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The file could not be read as CSV.
    case unreadable(path: String, detail: String)
    /// The table lacks a column the return needs.
    case missingColumn(path: String, column: String)
    /// A date cell is not a dd/mm/yyyy (or yyyy-mm-dd) date.
    case badDate(path: String, line: Int, column: String, value: String)
    /// A row names no child.
    case missingChild(path: String, line: Int)

    public var description: String {
        switch self {
        case .unreadable(let path, let detail):
            return "\(path) could not be read as CSV: \(detail)"
        case .missingColumn(let path, let column):
            return "\(path) has no \(column) column; export the table with its SSDA903 column names in the first row"
        case .badDate(let path, let line, let column, let value):
            return "\(path) line \(line): \(column) '\(value)' is not a date; write it dd/mm/yyyy"
        case .missingChild(let path, let line):
            return "\(path) line \(line): CHILD is empty; every row must name the child"
        }
    }
}
