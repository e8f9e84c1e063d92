import LedgerStore
import LedgerSupport

/// The grammar of ids (cases, workers, teams, referrals, families, absences, actors) that people
/// give the tool: 1 to 64 ASCII letters, digits, `-`, `_` and `.`, not starting with `-` or `.`,
/// and never containing `..`.
///
/// An id becomes part of a stream name, a file name (`CASE-audit.html`) and every printed
/// answer, so one with a `/`, `..`, a control character or an escape sequence could place a
/// file outside the current directory or forge lines on an inspector's terminal. Ids already in
/// the ledger from legacy imports may be looser (an export's own key); queries accept those
/// (``checkQueried(_:)``), but no command mints a new one.
public enum IdentifierGrammar {
    public static let lengthMax = 64
    /// An imported id may be up to the import's value limit; queries accept that long.
    public static let queriedLengthMax = 256

    /// Why `id` breaks the grammar, or nil when it follows it.
    public static func problem(_ id: String) -> String? {
        let bytes = Array(id.utf8)
        if bytes.isEmpty { return "an id may not be empty" }
        if bytes.count > lengthMax { return "an id is at most \(lengthMax) characters; this one is \(bytes.count) bytes" }
        for byte in bytes where !isAllowed(byte) {
            return "an id holds only letters, digits, '-', '_' and '.'; this one holds \(describe(byte))"
        }
        if bytes[0] == UInt8(ascii: "-") || bytes[0] == UInt8(ascii: ".") {
            return "an id may not start with '\(Character(UnicodeScalar(bytes[0])))'"
        }
        if id.contains("..") { return "an id may not contain '..'" }
        return nil
    }

    /// Why an id given to a query is unusable, or nil: no control character, at most
    /// ``queriedLengthMax`` bytes. (Looser than ``problem(_:)``, so imported ids stay answerable.)
    public static func queriedProblem(_ id: String) -> String? {
        let bytes = Array(id.utf8)
        if bytes.isEmpty { return "an id may not be empty" }
        if bytes.count > queriedLengthMax { return "an id is at most \(queriedLengthMax) bytes; this one is \(bytes.count)" }
        if let scalar = id.unicodeScalars.first(where: TerminalText.isControl) {
            return "an id may not hold a control character (\(TerminalText.escapeScalar(scalar)))"
        }
        return nil
    }

    /// A file-name-safe form of any id: characters outside the grammar become `_`, and leading
    /// dots or dashes too, so `../x` becomes `___x` and the file lands where it was asked to.
    public static func fileNameComponent(_ id: String) -> String {
        var bytes = Array(id.utf8.prefix(queriedLengthMax)).map { isAllowed($0) ? $0 : UInt8(ascii: "_") }
        for index in bytes.indices {
            guard bytes[index] == UInt8(ascii: ".") || bytes[index] == UInt8(ascii: "-") else { break }
            bytes[index] = UInt8(ascii: "_")
        }
        var text = String(decoding: bytes, as: UTF8.self)
        while text.contains("..") { text = text.replacingOccurrences(of: "..", with: "._") }
        return text.isEmpty ? "_" : text
    }

    package static func isAllowed(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
             UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."):
            return true
        default:
            return false
        }
    }

    package static func describe(_ byte: UInt8) -> String {
        if byte < 0x20 || byte == 0x7F { return "a control character (\\u" + TerminalText.hex4(UInt32(byte)) + ")" }
        if byte >= 0x80 { return "a non-ASCII character" }
        return "'\(Character(UnicodeScalar(byte)))'"
    }
}
