/// Makes stored text inert on a terminal: C0 and C1 control characters (and DEL) are shown as
/// `\u001b`-style text instead of being sent raw.
///
/// Notes, rationales and legacy exports are typed by people and other systems; an escape
/// sequence or a carriage return in one would otherwise clear or overwrite lines of an
/// inspector's screen, and a line feed could forge a line that looks like the tool's own.
public enum TerminalText {
    /// True for C0 (U+0000–U+001F), DEL (U+007F) and C1 (U+0080–U+009F).
    public static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (scalar.value >= 0x7F && scalar.value <= 0x9F)
    }

    /// `text` with every control character escaped, line feeds and tabs included: for a stored
    /// value printed inside a line.
    public static func inline(_ text: String) -> String {
        escape(text, keepingLineBreaks: false)
    }

    /// `text` with every control character escaped except line feed and tab: for whole output
    /// that the tool laid out in lines itself.
    public static func output(_ text: String) -> String {
        escape(text, keepingLineBreaks: true)
    }

    package static func escape(_ text: String, keepingLineBreaks: Bool) -> String {
        guard needsEscaping(text, keepingLineBreaks: keepingLineBreaks) else { return text }
        var result = ""
        result.reserveCapacity(text.utf8.count + 16)
        for scalar in text.unicodeScalars {
            if isControl(scalar) && !(keepingLineBreaks && (scalar == "\n" || scalar == "\t")) {
                result += escapeScalar(scalar)
            } else {
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    /// Cheap check on the UTF-8 bytes, so the common case (nothing to escape) allocates nothing.
    package static func needsEscaping(_ text: String, keepingLineBreaks: Bool) -> Bool {
        var previous: UInt8 = 0
        for byte in text.utf8 {
            if byte < 0x20 {
                if !(keepingLineBreaks && (byte == 0x0A || byte == 0x09)) { return true }
            } else if byte == 0x7F {
                return true
            } else if previous == 0xC2 && byte >= 0x80 && byte <= 0x9F {
                return true  // U+0080–U+009F encode as C2 80…C2 9F
            }
            previous = byte
        }
        return false
    }

    /// `\u001b` for ESC.
    public static func escapeScalar(_ scalar: Unicode.Scalar) -> String {
        "\\u" + hex4(scalar.value)
    }

    package static func hex4(_ value: UInt32) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }
}
