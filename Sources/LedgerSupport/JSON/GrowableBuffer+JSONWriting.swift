/// JSON text written exactly as Foundation's `JSONEncoder` writes it with `.withoutEscapingSlashes`.
///
/// Foundation's rules on this toolchain, established by encoding every code point (see the
/// codec tests): `"` and `\` are escaped with a backslash; U+0008, U+0009, U+000A, U+000C and
/// U+000D use `\b`, `\t`, `\n`, `\f` and `\r`; the other code points below U+0020 use `\u00xx`
/// with lower-case hex; everything else, including U+007F, U+2028, U+2029 and all non-ASCII
/// text, is written as raw UTF-8. Integers are plain decimal.
extension GrowableBuffer where Element == UInt8 {
    /// Appends `text` as a quoted, escaped JSON string.
    @inline(__always)
    package mutating func appendJSONString(_ text: String) {
        var text = text
        text.withUTF8 { appendJSONString(utf8: $0) }
    }

    /// Appends the UTF-8 bytes `utf8` as a quoted, escaped JSON string.
    package mutating func appendJSONString(utf8: UnsafeBufferPointer<UInt8>) {
        append(0x22)
        appendJSONEscaped(utf8: utf8)
        append(0x22)
    }

    /// Appends `text` escaped but without quotes: the middle of a string built from parts
    /// (the envelope's `import:<batch>:<row>`).
    @inline(__always)
    package mutating func appendJSONEscaped(_ text: String) {
        var text = text
        text.withUTF8 { appendJSONEscaped(utf8: $0) }
    }

    /// Appends the UTF-8 bytes `utf8` escaped, without quotes.
    package mutating func appendJSONEscaped(utf8: UnsafeBufferPointer<UInt8>) {
        let length = utf8.count
        guard let source = utf8.baseAddress, length > 0 else { return }
        reserve(length + 1)
        var index = 0
        var runStart = 0
        // Eight bytes at a time, jumping straight to the next byte to escape: most text has no
        // quotes, backslashes or control characters at all.
        while index &+ 8 <= length {
            let flags = JSONByteClass.escapedBytes(UnsafeRawPointer(source + index).loadUnaligned(as: UInt64.self))
            if flags == 0 {
                index &+= 8
                continue
            }
            index &+= JSONByteClass.firstFlaggedByte(flags)
            append(source + runStart, count: index &- runStart)
            appendEscape(for: source[index])
            index &+= 1
            runStart = index
        }
        while index < length {
            let byte = source[index]
            if JSONByteClass.needsEscaping(byte) {
                append(source + runStart, count: index &- runStart)
                appendEscape(for: byte)
                runStart = index &+ 1
            }
            index &+= 1
        }
        append(source + runStart, count: length &- runStart)
    }

    @inline(never)
    private mutating func appendEscape(for byte: UInt8) {
        reserve(6)
        appendReserved(0x5C)
        switch byte {
        case 0x22: appendReserved(0x22)
        case 0x5C: appendReserved(0x5C)
        case 0x08: appendReserved(UInt8(ascii: "b"))
        case 0x09: appendReserved(UInt8(ascii: "t"))
        case 0x0A: appendReserved(UInt8(ascii: "n"))
        case 0x0C: appendReserved(UInt8(ascii: "f"))
        case 0x0D: appendReserved(UInt8(ascii: "r"))
        default:
            appendReserved(UInt8(ascii: "u"))
            appendReserved(0x30)
            appendReserved(0x30)
            appendReserved(JSONByteClass.lowerHexDigit(byte >> 4))
            appendReserved(JSONByteClass.lowerHexDigit(byte & 0x0F))
        }
    }

    /// Appends the decimal digits of a non-negative integer.
    @inline(__always)
    package mutating func appendDecimal(_ value: UInt64) {
        var digitCount = 1
        var remaining = value
        while remaining >= 10 {
            remaining /= 10
            digitCount &+= 1
        }
        reserve(digitCount)
        var cursor = base + count + digitCount
        remaining = value
        repeat {
            cursor -= 1
            cursor.pointee = UInt8(truncatingIfNeeded: remaining % 10) &+ 0x30
            remaining /= 10
        } while remaining != 0
        advance(by: digitCount)
    }

    /// Appends an integer as Foundation does: its `description`.
    @inline(__always)
    package mutating func appendInteger<Integer: FixedWidthInteger>(_ value: Integer) {
        if Integer.bitWidth <= 64 {
            if value < 0 {
                append(UInt8(ascii: "-"))
                appendDecimal(UInt64(truncatingIfNeeded: value.magnitude))
            } else {
                appendDecimal(UInt64(truncatingIfNeeded: value))
            }
        } else {
            // Wider than 64 bits (Int128, UInt128): rare enough to go through String.
            appendASCII(String(value))
        }
    }

    /// Appends text that needs no escaping (numbers, literals) as it is.
    @inline(__always)
    package mutating func appendASCII(_ text: String) {
        var text = text
        text.withUTF8 { append($0) }
    }

    @inline(__always)
    package mutating func appendTrue() {
        reserve(4)
        appendReserved(UInt8(ascii: "t"))
        appendReserved(UInt8(ascii: "r"))
        appendReserved(UInt8(ascii: "u"))
        appendReserved(UInt8(ascii: "e"))
    }

    @inline(__always)
    package mutating func appendFalse() {
        reserve(5)
        appendReserved(UInt8(ascii: "f"))
        appendReserved(UInt8(ascii: "a"))
        appendReserved(UInt8(ascii: "l"))
        appendReserved(UInt8(ascii: "s"))
        appendReserved(UInt8(ascii: "e"))
    }

    @inline(__always)
    package mutating func appendNull() {
        reserve(4)
        appendReserved(UInt8(ascii: "n"))
        appendReserved(UInt8(ascii: "u"))
        appendReserved(UInt8(ascii: "l"))
        appendReserved(UInt8(ascii: "l"))
    }

    /// Appends exactly `width` decimal digits of `value` (0 <= value < 10^width).
    @inline(__always)
    package mutating func appendFixedDigits(_ value: Int, width: Int) {
        reserve(width)
        var cursor = base + count + width
        var remaining = value
        for _ in 0..<width {
            cursor -= 1
            cursor.pointee = UInt8(truncatingIfNeeded: remaining % 10) &+ 0x30
            remaining /= 10
        }
        advance(by: width)
    }
}

/// Byte classes shared by the JSON writer and the tape parser.
package enum JSONByteClass {
    /// Whether the writer must escape this byte: `"`, `\` or a control character below U+0020.
    @inline(__always)
    package static func needsEscaping(_ byte: UInt8) -> Bool {
        byte < 0x20 || byte == 0x22 || byte == 0x5C
    }

    /// Whether any of `bytes` must be escaped.
    @inline(__always)
    package static func containsEscapedByte(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        for byte in bytes where needsEscaping(byte) { return true }
        return false
    }

    package static let ones: UInt64 = 0x0101_0101_0101_0101
    package static let highBits: UInt64 = 0x8080_8080_8080_8080

    /// The high bit of each byte of `word` that is zero. Borrows can also flag a byte above a
    /// zero byte, never below one, so the lowest flag is exact (the classic bit trick).
    @inline(__always)
    package static func zeroBytes(_ word: UInt64) -> UInt64 {
        (word &- ones) & ~word & highBits
    }

    /// The high bit of each byte of `word` that the writer escapes: below 0x20, `"` or `\`.
    /// As with ``zeroBytes(_:)``, the lowest flag is exact.
    @inline(__always)
    package static func escapedBytes(_ word: UInt64) -> UInt64 {
        ((word &- ones &* 0x20) & ~word & highBits) | zeroBytes(word ^ (ones &* 0x22)) | zeroBytes(word ^ (ones &* 0x5C))
    }

    /// The high bit of each byte of `word` that stops the parser's string scan: an escaped byte
    /// or a non-ASCII byte (which must be checked as UTF-8). The lowest flag is exact.
    @inline(__always)
    package static func stringScanStops(_ word: UInt64) -> UInt64 {
        (word & highBits) | escapedBytes(word)
    }

    /// The offset in its word of the byte with the lowest flag in a non-zero `flags`.
    @inline(__always)
    package static func firstFlaggedByte(_ flags: UInt64) -> Int {
        // Words are loaded little-endian, so the lowest bits are the first byte.
        flags.trailingZeroBitCount &>> 3
    }

    /// Whether `count` bytes at `left` and `right` are equal. Keys are short, so comparing
    /// eight bytes at a time inline beats calling `memcmp`.
    @inline(__always)
    package static func equal(_ left: UnsafePointer<UInt8>, _ right: UnsafePointer<UInt8>?, count: Int) -> Bool {
        guard count > 0 else { return true }
        guard let right else { return false }
        var offset = 0
        while offset &+ 8 <= count {
            let leftWord = UnsafeRawPointer(left + offset).loadUnaligned(as: UInt64.self)
            let rightWord = UnsafeRawPointer(right + offset).loadUnaligned(as: UInt64.self)
            if leftWord != rightWord { return false }
            offset &+= 8
        }
        while offset < count {
            if left[offset] != right[offset] { return false }
            offset &+= 1
        }
        return true
    }

    @inline(__always)
    package static func lowerHexDigit(_ value: UInt8) -> UInt8 {
        value < 10 ? value &+ 0x30 : value &+ (0x61 &- 10)
    }

    /// The value of a hex digit, or nil.
    @inline(__always)
    package static func hexValue(_ byte: UInt8) -> UInt32? {
        switch byte {
        case 0x30...0x39: return UInt32(byte &- 0x30)
        case 0x41...0x46: return UInt32(byte &- 0x41 &+ 10)
        case 0x61...0x66: return UInt32(byte &- 0x61 &+ 10)
        default: return nil
        }
    }

    @inline(__always)
    package static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09
    }

    @inline(__always)
    package static func isDigit(_ byte: UInt8) -> Bool {
        byte &- 0x30 < 10
    }
}

extension GrowableBuffer where Element == UInt8 {
    /// Appends literal text (keys and punctuation) as it is.
    @inline(__always)
    package mutating func appendStaticText(_ text: StaticString) {
        append(text.utf8Start, count: text.utf8CodeUnitCount)
    }

    /// Appends an instant as `Instant`'s `Codable` form writes it: the direct path for
    /// four-digit years, the `iso8601` text otherwise.
    @inline(__always)
    package mutating func appendInstant(_ instant: Instant) {
        if instant.isInFourDigitYears {
            appendQuotedISO8601(instant)
        } else {
            appendJSONString(instant.iso8601)
        }
    }
}
