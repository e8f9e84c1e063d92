#if canImport(Glibc)
import Glibc
#endif
import LedgerSupport

/// A cursor that reads JSON tokens in an expected order. The envelope has a fixed field order,
/// so reading it is a sequence of "expect this key, read that value" steps, with no tree built.
package struct JSONCursor {
    package let bytes: UnsafeRawBufferPointer
    package var index: Int

    package init(_ bytes: UnsafeRawBufferPointer, index: Int = 0) {
        self.bytes = bytes
        self.index = index
    }

    package struct Mismatch: Error {
        package var offset: Int
        package var expected: String
    }

    package mutating func expect(_ literal: StaticString) throws(Mismatch) {
        let count = literal.utf8CodeUnitCount
        guard index + count <= bytes.count,
              memcmp(bytes.baseAddress! + index, literal.utf8Start, count) == 0
        else { throw Mismatch(offset: index, expected: literal.description) }
        index += count
    }

    /// Steps over `literal` when it comes next, for an optional key; false leaves the cursor.
    package mutating func accept(_ literal: StaticString) -> Bool {
        let count = literal.utf8CodeUnitCount
        guard index + count <= bytes.count,
              memcmp(bytes.baseAddress! + index, literal.utf8Start, count) == 0
        else { return false }
        index += count
        return true
    }

    package mutating func readUnsignedInteger() throws(Mismatch) -> UInt64 {
        let start = index
        var value: UInt64 = 0
        while index < bytes.count, bytes[index] >= 0x30, bytes[index] <= 0x39 {
            let (multiplied, overflowA) = value.multipliedReportingOverflow(by: 10)
            let (added, overflowB) = multiplied.addingReportingOverflow(UInt64(bytes[index] - 0x30))
            guard !overflowA, !overflowB else { throw Mismatch(offset: start, expected: "an integer that fits 64 bits") }
            value = added
            index += 1
        }
        guard index > start, !(bytes[start] == 0x30 && index - start > 1) else {
            throw Mismatch(offset: start, expected: "an unsigned integer")
        }
        return value
    }

    /// Reads a JSON string, decoding escapes (including surrogate pairs).
    package mutating func readString() throws(Mismatch) -> String {
        guard index < bytes.count, bytes[index] == 0x22 else { throw Mismatch(offset: index, expected: "a string") }
        index += 1
        let start = index
        // Fast path: no escapes.
        while index < bytes.count {
            let byte = bytes[index]
            if byte == 0x22 {
                let text = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
                index += 1
                return text
            }
            if byte == 0x5C || byte < 0x20 { break }
            index += 1
        }
        var output = [UInt8](UnsafeRawBufferPointer(rebasing: bytes[start..<index]))
        while index < bytes.count {
            let byte = bytes[index]
            if byte == 0x22 {
                index += 1
                return String(decoding: output, as: UTF8.self)
            }
            guard byte >= 0x20 else { throw Mismatch(offset: index, expected: "no raw control character in a string") }
            if byte != 0x5C {
                output.append(byte)
                index += 1
                continue
            }
            index += 1
            guard index < bytes.count else { break }
            let escape = bytes[index]
            index += 1
            switch escape {
            case 0x22: output.append(0x22)
            case 0x5C: output.append(0x5C)
            case 0x2F: output.append(0x2F)
            case UInt8(ascii: "n"): output.append(0x0A)
            case UInt8(ascii: "r"): output.append(0x0D)
            case UInt8(ascii: "t"): output.append(0x09)
            case UInt8(ascii: "b"): output.append(0x08)
            case UInt8(ascii: "f"): output.append(0x0C)
            case UInt8(ascii: "u"):
                var scalarValue = try readHexQuad()
                if (0xD800...0xDBFF).contains(scalarValue) {
                    try expect("\\u")
                    let low = try readHexQuad()
                    guard (0xDC00...0xDFFF).contains(low) else {
                        throw Mismatch(offset: index, expected: "a low surrogate")
                    }
                    scalarValue = 0x10000 + ((scalarValue - 0xD800) << 10) + (low - 0xDC00)
                }
                guard let scalar = Unicode.Scalar(scalarValue) else {
                    throw Mismatch(offset: index, expected: "a valid Unicode scalar")
                }
                output.append(contentsOf: String(Character(scalar)).utf8)
            default:
                throw Mismatch(offset: index - 1, expected: "a JSON escape")
            }
        }
        throw Mismatch(offset: start - 1, expected: "a closing quote")
    }

    private mutating func readHexQuad() throws(Mismatch) -> UInt32 {
        guard index + 4 <= bytes.count else { throw Mismatch(offset: index, expected: "four hex digits") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[index]
            let digit: UInt32
            switch byte {
            case 0x30...0x39: digit = UInt32(byte - 0x30)
            case 0x41...0x46: digit = UInt32(byte - 0x41 + 10)
            case 0x61...0x66: digit = UInt32(byte - 0x61 + 10)
            default: throw Mismatch(offset: index, expected: "a hex digit")
            }
            value = value << 4 | digit
            index += 1
        }
        return value
    }
}
