import LedgerAudit
import LedgerDomain
import LedgerEvents
import LedgerImport
import LedgerStore
import LedgerSupport

/// Why a demo authority could not be built.
public enum DemoError: Error, Sendable, Hashable, CustomStringConvertible {
    /// An option outside its range.
    case invalidConfiguration(String)
    /// The store already holds events: a demo is never mixed into a real ledger.
    case storeNotEmpty(directory: String, eventCount: UInt64)
    /// The ledger could not be opened, read or appended to.
    case ledger(LedgerError)
    /// A day's batch was refused when appended although every command in it had been decided
    /// against the same state: a bug in the generator, reported rather than papered over.
    case batchRefused(date: LocalDate, detail: String)
    /// The log could not be read back to answer the questions.
    case unreadable(detail: String)
    /// The CMS side would replace a file already there: the demo writes only new files.
    case careRecordsExist(path: String)

    public var description: String {
        switch self {
        case .invalidConfiguration(let message):
            return message
        case .storeNotEmpty(let directory, let eventCount):
            return "\(directory) already holds \(eventCount) events; the demo writes only to an empty store: "
                + "pass an empty directory with --store, or delete \(directory) (and the demo's cms directory beside it) first"
        case .ledger(let error):
            return "\(error)"
        case .batchRefused(let date, let detail):
            return "the demo's batch for \(date) was refused at append (a generator bug): \(detail)"
        case .unreadable(let detail):
            return "the demo ledger could not be read back: \(detail)"
        case .careRecordsExist(let path):
            return "\(path) already exists; the demo writes its CMS side (Header, Episodes) only as new files: "
                + "delete the directory it is in, or pass --store in another directory"
        }
    }
}
