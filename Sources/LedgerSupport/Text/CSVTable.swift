import Foundation

/// A CSV table as RFC 4180 writes it, safe to open in a spreadsheet.
///
/// Every field is quoted when it contains a comma, quote, CR or LF (quotes doubled); rows end in
/// CRLF. A cell that a spreadsheet would read as a formula (starting with `=`, `+`, `-`, `@`, a
/// tab or a CR) is neutralised with a leading `'`, because ledger text (rationale, notes) is typed
/// by people and exports are opened by others.
public struct CSVTable: Sendable, Hashable {
    public var header: [String]
    public var rows: [[String]]

    public init(header: [String], rows: [[String]] = []) {
        self.header = header
        self.rows = rows
    }

    public mutating func append(_ row: [String]) { rows.append(row) }

    /// The table as CSV text, header first.
    public var text: String {
        var output = ""
        for row in [header] + rows {
            output += row.map(Self.field).joined(separator: ",")
            output += "\r\n"
        }
        return output
    }

    /// One field, neutralised and quoted as needed. A number (`-1`, `+2.5`) is left as it is: a
    /// spreadsheet reads it as the number it is, not as a formula.
    public static func field(_ value: String) -> String {
        var text = value
        if let first = text.unicodeScalars.first,
           ["=", "+", "-", "@"].contains(first) || first.value < 0x20 || first.value == 0x7F,
           !isNumber(text) {
            text = "'" + text
        }
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }) else {
            return text
        }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// An optional sign, digits, and an optional fraction: a cell a spreadsheet reads as a number.
    package static func isNumber(_ text: String) -> Bool {
        var scalars = Substring(text).unicodeScalars[...]
        if let first = scalars.first, first == "-" || first == "+" { scalars = scalars.dropFirst() }
        let parts = scalars.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        guard let whole = parts.first, !whole.isEmpty else { return false }
        let digits = { (part: Substring.UnicodeScalarView.SubSequence) in part.allSatisfy { $0.value >= 0x30 && $0.value <= 0x39 } }
        guard digits(whole) else { return false }
        return parts.count == 1 || (!parts[1].isEmpty && digits(parts[1]))
    }

    /// The CSV text for a spreadsheet (`--excel`): a UTF-8 byte-order mark first, so Excel reads
    /// the text as UTF-8, and every cell that is exactly an instant (`2024-03-14T09:30:00.000Z`)
    /// written as London wall-clock time, `2024-03-14 09:30`, which spreadsheets read as a date
    /// and time. Other cells are unchanged (they were neutralised when the table was written).
    public static func excel(_ csv: String) -> String {
        var output = "\u{FEFF}"
        output.reserveCapacity(csv.utf8.count + 3)
        var field = ""
        var inQuotes = false
        func flush() {
            if field.utf8.count == 24, !field.hasPrefix("\""), let instant = Instant(iso8601: field), instant.iso8601 == field {
                output += LondonTime.wallClockText(instant)
            } else {
                output += field
            }
            field = ""
        }
        for character in csv {
            if inQuotes {
                field.append(character)
                if character == "\"" { inQuotes = false }  // a doubled quote re-enters below
                continue
            }
            switch character {
            case "\"":
                field.append(character)
                inQuotes = true
            case ",":
                flush()
                output += ","
            case "\r\n", "\n":
                flush()
                output.append(character)
            default:
                field.append(character)
            }
        }
        flush()
        return output
    }

    /// RFC 4180 quoting alone, for files that are program input rather than output a person
    /// opens in a spreadsheet (the synthetic exports the generator writes). Every report and
    /// answer goes through ``field(_:)``.
    public static func appendQuoted(_ field: String, to output: inout [UInt8]) {
        let needsQuotes = field.utf8.contains { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 0x0A || $0 == 0x0D }
        guard needsQuotes else {
            output.append(contentsOf: field.utf8)
            return
        }
        output.append(UInt8(ascii: "\""))
        for byte in field.utf8 {
            if byte == UInt8(ascii: "\"") { output.append(byte) }
            output.append(byte)
        }
        output.append(UInt8(ascii: "\""))
    }
}
