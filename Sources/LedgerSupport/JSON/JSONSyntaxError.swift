/// Why the input is not JSON, and where: the parser's error before it becomes a
/// `DecodingError.dataCorrupted`.
package struct JSONSyntaxError: Error {
    package enum Reason {
        case unexpectedEnd
        case unexpectedByte(UInt8)
        case trailingBytes
        case tooDeep(limit: Int)
        case controlCharacterInString
        case invalidEscape
        case invalidUnicodeEscape
        case unpairedSurrogate
        case invalidUTF8
        case leadingZero
        case invalidNumber
        case tooLarge
    }

    package var reason: Reason
    /// Byte offset in the input.
    package var offset: Int

    package var detail: String {
        switch reason {
        case .unexpectedEnd: return "the text ends early"
        case .unexpectedByte(let byte):
            if byte >= 0x21, byte < 0x7F {
                return "unexpected character '\(Character(Unicode.Scalar(byte)))'"
            }
            return "unexpected byte 0x\(String(byte, radix: 16, uppercase: true))"
        case .trailingBytes: return "there is more text after the JSON value"
        case .tooDeep(let limit): return "arrays and objects are nested more than \(limit) deep"
        case .controlCharacterInString: return "a string holds a raw control character (it must be escaped)"
        case .invalidEscape: return "a string has an invalid backslash escape"
        case .invalidUnicodeEscape: return "a \\u escape does not have four hex digits"
        case .unpairedSurrogate: return "a \\u escape is half of a surrogate pair without the other half"
        case .invalidUTF8: return "a string is not valid UTF-8"
        case .leadingZero: return "a number has a leading zero"
        case .invalidNumber: return "a number is malformed"
        case .tooLarge: return "the input is larger than 2 GiB"
        }
    }

    /// The error as Foundation's decoder reports invalid input: `dataCorrupted` with an empty path.
    package var decodingError: DecodingError {
        DecodingError.dataCorrupted(
            DecodingError.Context(
                codingPath: [],
                debugDescription: "The given data was not valid JSON: \(detail) at byte offset \(offset)."))
    }
}
