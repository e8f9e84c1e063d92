import Foundation

/// A JSON value read by ``StrictJSON/parse(_:maximumDepth:)``: objects keep their keys in order.
public indirect enum StrictJSONValue: Sendable, Hashable {
    case object([StrictJSONMember])
    case array([StrictJSONValue])
    case string(String)
    /// The number's text exactly as written (RFC 8259 grammar), so no precision is lost or guessed.
    case number(String)
    case bool(Bool)
    case null

    /// The JSON type's name, for messages such as "expected a string, got a number".
    public var typeName: String {
        switch self {
        case .object: return "an object"
        case .array: return "an array"
        case .string: return "a string"
        case .number: return "a number"
        case .bool: return "a boolean"
        case .null: return "null"
        }
    }

    /// The value as Foundation's `JSONSerialization` would give it (`[String: Any]`, `[Any]`,
    /// `String`, `Int` or `Double`, `Bool`, `NSNull`), for code that decodes through it.
    public var foundationValue: Any {
        switch self {
        case .object(let members):
            var dictionary: [String: Any] = [:]
            for member in members { dictionary[member.key] = member.value.foundationValue }
            return dictionary
        case .array(let elements): return elements.map(\.foundationValue)
        case .string(let text): return text
        case .number(let text): return Int(text) ?? Double(text) ?? 0
        case .bool(let value): return value
        case .null: return NSNull()
        }
    }
}

/// One key and its value in an object.
public struct StrictJSONMember: Sendable, Hashable {
    public var key: String
    public var value: StrictJSONValue
}

/// Why a text is not strict JSON: where (byte offset) and what.
public struct StrictJSONError: Error, Sendable, Hashable, CustomStringConvertible {
    public var offset: Int
    public var problem: String

    public var description: String { "\(problem) at byte \(offset)" }
}

/// A strict RFC 8259 parser for input a person or another program hands the tool (`apply`
/// lines, the ledger manifest), where an ambiguity must be refused rather than resolved.
///
/// Foundation's parser keeps the last of duplicate keys and replaces invalid UTF-8, so
/// `{"actor":"W1","actor":"TM1"}` would silently act as TM1. This one refuses invalid UTF-8,
/// duplicate keys (compared after unescaping), lone surrogates, raw control characters in
/// strings, leading zeros, `NaN`, a byte-order mark, trailing content and nesting deeper than
/// `maximumDepth`.
public enum StrictJSON {
    public static func parse(_ bytes: [UInt8], maximumDepth: Int = 32) throws(StrictJSONError) -> StrictJSONValue {
        guard String(validating: bytes, as: UTF8.self) != nil else {
            throw StrictJSONError(offset: firstInvalidUTF8Offset(bytes), problem: "invalid UTF-8")
        }
        var parser = Parser(bytes: bytes, maximumDepth: maximumDepth)
        parser.skipWhitespace()
        let value = try parser.value(depth: 0)
        parser.skipWhitespace()
        guard parser.index == bytes.count else {
            throw StrictJSONError(offset: parser.index, problem: "unexpected content after the JSON value")
        }
        return value
    }

    /// Where decoding as UTF-8 first fails (for the message only).
    package static func firstInvalidUTF8Offset(_ bytes: [UInt8]) -> Int {
        var parser = Unicode.UTF8.ForwardParser()
        var iterator = bytes.makeIterator()
        var offset = 0
        while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid(let encoded): offset += encoded.count
            case .emptyInput, .error: return offset
            }
        }
    }

    private struct Parser {
        let bytes: [UInt8]
        let maximumDepth: Int
        var index = 0

        init(bytes: [UInt8], maximumDepth: Int) {
            self.bytes = bytes
            self.maximumDepth = maximumDepth
        }

        func fail(_ problem: String, at offset: Int? = nil) -> StrictJSONError {
            StrictJSONError(offset: offset ?? index, problem: problem)
        }

        mutating func skipWhitespace() {
            while index < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[index]) { index += 1 }
        }

        mutating func value(depth: Int) throws(StrictJSONError) -> StrictJSONValue {
            guard index < bytes.count else { throw fail("unexpected end of input") }
            switch bytes[index] {
            case UInt8(ascii: "{"): return try object(depth: depth + 1)
            case UInt8(ascii: "["): return try array(depth: depth + 1)
            case UInt8(ascii: "\""): return .string(try string())
            case UInt8(ascii: "t"): try literal("true"); return .bool(true)
            case UInt8(ascii: "f"): try literal("false"); return .bool(false)
            case UInt8(ascii: "n"): try literal("null"); return .null
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try number())
            default: throw fail("unexpected character '\(Self.show(bytes[index]))'")
            }
        }

        static func show(_ byte: UInt8) -> String {
            byte >= 0x20 && byte < 0x7F ? String(UnicodeScalar(byte)) : "0x" + String(byte, radix: 16)
        }

        mutating func literal(_ word: String) throws(StrictJSONError) {
            let expected = Array(word.utf8)
            guard index + expected.count <= bytes.count, Array(bytes[index..<index + expected.count]) == expected else {
                throw fail("expected \(word)")
            }
            index += expected.count
        }

        mutating func object(depth: Int) throws(StrictJSONError) -> StrictJSONValue {
            guard depth <= maximumDepth else { throw fail("nested deeper than \(maximumDepth)") }
            index += 1
            var members: [StrictJSONMember] = []
            var seen: Set<String> = []
            skipWhitespace()
            if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
                index += 1
                return .object(members)
            }
            while true {
                skipWhitespace()
                guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { throw fail("expected a key (a string)") }
                let keyOffset = index
                let key = try string()
                guard seen.insert(key).inserted else { throw fail("duplicate key \"\(key)\"", at: keyOffset) }
                skipWhitespace()
                guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { throw fail("expected ':' after a key") }
                index += 1
                skipWhitespace()
                members.append(StrictJSONMember(key: key, value: try value(depth: depth)))
                skipWhitespace()
                guard index < bytes.count else { throw fail("unexpected end of input in an object") }
                if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
                if bytes[index] == UInt8(ascii: "}") { index += 1; return .object(members) }
                throw fail("expected ',' or '}' in an object")
            }
        }

        mutating func array(depth: Int) throws(StrictJSONError) -> StrictJSONValue {
            guard depth <= maximumDepth else { throw fail("nested deeper than \(maximumDepth)") }
            index += 1
            var elements: [StrictJSONValue] = []
            skipWhitespace()
            if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
                index += 1
                return .array(elements)
            }
            while true {
                skipWhitespace()
                elements.append(try value(depth: depth))
                skipWhitespace()
                guard index < bytes.count else { throw fail("unexpected end of input in an array") }
                if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
                if bytes[index] == UInt8(ascii: "]") { index += 1; return .array(elements) }
                throw fail("expected ',' or ']' in an array")
            }
        }

        mutating func number() throws(StrictJSONError) -> String {
            let start = index
            if bytes[index] == UInt8(ascii: "-") { index += 1 }
            guard index < bytes.count, isDigit(bytes[index]) else { throw fail("expected a digit", at: start) }
            if bytes[index] == UInt8(ascii: "0") {
                index += 1
                if index < bytes.count, isDigit(bytes[index]) { throw fail("a number with a leading zero", at: start) }
            } else {
                while index < bytes.count, isDigit(bytes[index]) { index += 1 }
            }
            if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
                index += 1
                guard index < bytes.count, isDigit(bytes[index]) else { throw fail("expected a digit after '.'") }
                while index < bytes.count, isDigit(bytes[index]) { index += 1 }
            }
            if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
                index += 1
                if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
                guard index < bytes.count, isDigit(bytes[index]) else { throw fail("expected a digit in an exponent") }
                while index < bytes.count, isDigit(bytes[index]) { index += 1 }
            }
            return String(decoding: bytes[start..<index], as: UTF8.self)
        }

        func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }

        mutating func string() throws(StrictJSONError) -> String {
            let start = index
            index += 1
            var output: [UInt8] = []
            while true {
                guard index < bytes.count else { throw fail("unterminated string", at: start) }
                let byte = bytes[index]
                if byte == UInt8(ascii: "\"") {
                    index += 1
                    // The input was validated as UTF-8 and escapes only add valid scalars.
                    return String(decoding: output, as: UTF8.self)
                }
                guard byte >= 0x20 else { throw fail("a raw control character (0x\(String(byte, radix: 16))) in a string") }
                guard byte == UInt8(ascii: "\\") else {
                    output.append(byte)
                    index += 1
                    continue
                }
                index += 1
                guard index < bytes.count else { throw fail("unterminated escape") }
                let escape = bytes[index]
                index += 1
                switch escape {
                case UInt8(ascii: "\""): output.append(0x22)
                case UInt8(ascii: "\\"): output.append(0x5C)
                case UInt8(ascii: "/"): output.append(0x2F)
                case UInt8(ascii: "b"): output.append(0x08)
                case UInt8(ascii: "f"): output.append(0x0C)
                case UInt8(ascii: "n"): output.append(0x0A)
                case UInt8(ascii: "r"): output.append(0x0D)
                case UInt8(ascii: "t"): output.append(0x09)
                case UInt8(ascii: "u"):
                    let escapeOffset = index - 2
                    var scalar = try hex4()
                    if scalar >= 0xD800 && scalar <= 0xDBFF {
                        guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") else {
                            throw fail("a lone surrogate \\u\(String(scalar, radix: 16))", at: escapeOffset)
                        }
                        index += 2
                        let low = try hex4()
                        guard low >= 0xDC00 && low <= 0xDFFF else { throw fail("a lone surrogate", at: escapeOffset) }
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    } else if scalar >= 0xDC00 && scalar <= 0xDFFF {
                        throw fail("a lone surrogate \\u\(String(scalar, radix: 16))", at: escapeOffset)
                    }
                    guard let unicode = Unicode.Scalar(scalar) else { throw fail("an invalid \\u escape", at: escapeOffset) }
                    output.append(contentsOf: Array(String(Character(unicode)).utf8))
                default:
                    throw fail("an unknown escape '\\\(Self.show(escape))'", at: index - 2)
                }
            }
        }

        mutating func hex4() throws(StrictJSONError) -> UInt32 {
            guard index + 4 <= bytes.count else { throw fail("a \\u escape needs four hex digits") }
            var value: UInt32 = 0
            for _ in 0..<4 {
                let byte = bytes[index]
                let nibble: UInt32
                switch byte {
                case 0x30...0x39: nibble = UInt32(byte - 0x30)
                case 0x41...0x46: nibble = UInt32(byte - 0x41 + 10)
                case 0x61...0x66: nibble = UInt32(byte - 0x61 + 10)
                default: throw fail("a \\u escape needs four hex digits")
                }
                value = value << 4 | nibble
                index += 1
            }
            return value
        }
    }
}
