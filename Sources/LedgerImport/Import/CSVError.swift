import LedgerDomain
import LedgerEvents
import LedgerStore
import LedgerSupport

/// Why a CSV file could not be read, naming the physical line (1-based) where the problem is.
///
/// Some errors concern one record only and leave the reader positioned at the next record
/// (``isRecoverable``), so a caller that wants every bad row of a file can keep reading; the
/// others end the reading, because nothing after them can be framed reliably.
public enum CSVError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A quoted field opened on `lineNumber` never closes before the end of the file.
    case unterminatedQuote(lineNumber: Int)
    /// A closing quote is followed by something other than a delimiter or a line break, as in `"ab"c`.
    case textAfterClosingQuote(lineNumber: Int, fieldNumber: Int)
    /// The record has a different number of fields from the first record (the header).
    case raggedRow(lineNumber: Int, fieldCount: Int, expectedFieldCount: Int)
    /// A field's bytes are not valid UTF-8.
    case invalidUTF8(lineNumber: Int, fieldNumber: Int)
    /// A field is larger than the reader's limit: usually a quote that was never closed.
    case fieldTooLarge(lineNumber: Int, fieldNumber: Int, sizeBytesMax: Int)
    /// A record has more fields than the reader's limit.
    case tooManyFields(lineNumber: Int, fieldCountMax: Int)
    /// The file starts with a UTF-16 or UTF-32 byte-order mark; only UTF-8 is read.
    case unsupportedEncoding(encoding: String)
    case io(IOFailure)

    /// Whether the reader is positioned at the next record after this error, so reading can go on.
    public var isRecoverable: Bool {
        switch self {
        case .textAfterClosingQuote, .raggedRow, .invalidUTF8: return true
        default: return false
        }
    }

    /// The line the problem is on, when there is one.
    public var lineNumber: Int? {
        switch self {
        case .unterminatedQuote(let line), .textAfterClosingQuote(let line, _), .raggedRow(let line, _, _),
             .invalidUTF8(let line, _), .fieldTooLarge(let line, _, _), .tooManyFields(let line, _):
            return line
        case .unsupportedEncoding, .io: return nil
        }
    }

    public var description: String {
        switch self {
        case .unterminatedQuote(let line):
            return "line \(line): a quoted field opens here and never closes; add the closing \" (a quote inside a quoted field is written \"\")"
        case .textAfterClosingQuote(let line, let field):
            return "line \(line), field \(field): text after a closing quote; quote the whole field and double any quote inside it"
        case .raggedRow(let line, let count, let expected):
            return "line \(line): \(count) field\(count == 1 ? "" : "s") where the header has \(expected); check for an unquoted comma or a missing delimiter"
        case .invalidUTF8(let line, let field):
            return "line \(line), field \(field): not valid UTF-8; save the export as UTF-8"
        case .fieldTooLarge(let line, let field, let maximum):
            return "line \(line), field \(field): longer than \(maximum) bytes; probably a quote opened here that never closes"
        case .tooManyFields(let line, let maximum):
            return "line \(line): more than \(maximum) fields; is the delimiter right?"
        case .unsupportedEncoding(let encoding):
            return "the file is \(encoding) (it starts with that byte-order mark); save it as UTF-8"
        case .io(let failure):
            return "cannot read the file: \(failure)"
        }
    }
}
