import LedgerDomain
import LedgerEvents
import LedgerStore
import LedgerSupport

/// Why an import could not run at all: the file cannot be read, its header lacks a column, the
/// mapping is wrong, or the ledger refused. Problems with individual rows are not errors but
/// issues in the ``ImportSummary``.
public enum ImportError: Error, Sendable, Hashable, CustomStringConvertible {
    case cannotRead(path: String, detail: String)
    /// The file has no header row.
    case emptyFile(path: String)
    /// Required columns are absent from the header; `found` is the header as read.
    case missingColumns(path: String, columns: [String], found: [String])
    /// The file is not UTF-8, or cannot be framed as CSV from its start.
    case unreadableFile(path: String, detail: String)
    case mapping(ImportMappingError)
    case ledger(LedgerError)
    /// The importing actor (or the manager named for corrections) may not import into this
    /// ledger (``ImportAuthority``): `option` is the flag that named them.
    case notPermitted(workerId: String, option: String, problem: String, remedy: String)
    /// The ledger's model, needed to look up who is importing, could not be read.
    case modelUnreadable(storeDirectory: String, detail: String)
    /// The account running the import may not act as `--actor` (identity "login").
    case identity(refusal: IdentityError)

    public var description: String {
        switch self {
        case .cannotRead(let path, let detail):
            return "cannot read \(path): \(detail)"
        case .emptyFile(let path):
            return "\(path) is empty: an export needs at least a header row naming its columns"
        case .missingColumns(let path, let columns, let found):
            let plural = columns.count == 1 ? "the required column" : "the required columns"
            return "\(path) lacks \(plural) \(columns.joined(separator: ", ")), without which no row can be read (column names match case-insensitively); its header is: \(found.joined(separator: ", ")). "
                + "If the file calls a column something else, name it in a mapping file (--mapping FILE; see docs/import-mapping.md)"
        case .unreadableFile(let path, let detail):
            return "\(path): \(detail)"
        case .mapping(let error):
            return error.description
        case .ledger(let error):
            return error.description
        case .notPermitted(let workerId, let option, let problem, let remedy):
            return "PERMISSION: \(option) \(workerId) \(problem); nothing imported. To import: \(remedy)"
        case .identity(let refusal):
            return "\(refusal); nothing imported"
        case .modelUnreadable(let storeDirectory, let detail):
            return "cannot read the ledger in \(storeDirectory) to look up who is importing: \(detail)"
        }
    }
}
