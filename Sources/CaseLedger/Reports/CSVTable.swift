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

    /// One field, neutralised and quoted as needed.
    public static func field(_ value: String) -> String {
        var text = value
        if let first = text.unicodeScalars.first, ["=", "+", "-", "@", "\t", "\r"].contains(first) {
            text = "'" + text
        }
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }) else {
            return text
        }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
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
