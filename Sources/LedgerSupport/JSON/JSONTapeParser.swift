/// Turns JSON text into a ``JSONToken`` tape in one pass, checking it strictly against RFC 8259.
///
/// Every string is checked completely here (escapes, surrogate pairs, UTF-8), so turning a
/// token into a `String` later cannot fail. Foundation is laxer about values nobody reads (see
/// ``LedgerJSONDecoder`` for the differences); for the valid JSON the ledger writes, both accept
/// the same input. The parser is iterative, so deep nesting cannot overflow the stack; nesting
/// beyond ``maximumDepth`` is refused, as Foundation refuses it.
package enum JSONTapeParser {
    /// The deepest nesting of arrays and objects accepted, the same limit as Foundation's.
    package static let maximumDepth = 512

    /// Parses `input` into `tokens`, using `stack` for the open containers. On return the tape
    /// ends with one extra `null` token (see ``JSONDecodingStorage/missingValueToken``).
    ///
    /// Each `stack` entry is an open container's tape index, with the index of its latest key
    /// in the high 32 bits (for objects), so the key can be pointed at the next one.
    package static func parse(
        _ input: UnsafeRawBufferPointer, into tokens: inout GrowableBuffer<JSONToken>, stack: inout GrowableBuffer<Int>
    ) throws(JSONSyntaxError) {
        tokens.removeAll()
        stack.removeAll()
        let end = input.count
        // Offsets and tape indices are stored in 32 bits.
        guard end < Int(Int32.max) else { throw JSONSyntaxError(reason: .tooLarge, offset: 0) }
        guard end > 0, let base = input.baseAddress?.assumingMemoryBound(to: UInt8.self) else {
            throw JSONSyntaxError(reason: .unexpectedEnd, offset: 0)
        }
        var position = 0
        // A UTF-8 byte order mark, which Foundation skips too.
        if end >= 3, base[0] == 0xEF, base[1] == 0xBB, base[2] == 0xBF { position = 3 }
        position = skipWhitespace(base, position, end)

        parsing: while true {
            guard position < end else { throw JSONSyntaxError(reason: .unexpectedEnd, offset: position) }
            let byte = base[position]
            switch byte {
            case UInt8(ascii: "\""):
                position = try scanString(base, position + 1, end, &tokens)
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                guard stack.count < maximumDepth else {
                    throw JSONSyntaxError(reason: .tooDeep(limit: maximumDepth), offset: position)
                }
                let isObject = byte == UInt8(ascii: "{")
                stack.append(tokens.count)
                tokens.append(JSONToken(kind: isObject ? .object : .array, flags: 0, start: UInt32(position), end: 0, count: 0))
                position = skipWhitespace(base, position + 1, end)
                guard position < end else { throw JSONSyntaxError(reason: .unexpectedEnd, offset: position) }
                if base[position] == (isObject ? UInt8(ascii: "}") : UInt8(ascii: "]")) {
                    tokens.base[stack.last].end = UInt32(tokens.count)
                    stack.truncate(to: stack.count - 1)
                    position += 1
                } else {
                    if isObject { position = try scanKey(base, position, end, &tokens, &stack) }
                    continue parsing
                }
            case UInt8(ascii: "t"):
                position = try scanLiteral(base, position, end, "rue", .trueValue, &tokens)
            case UInt8(ascii: "f"):
                position = try scanLiteral(base, position, end, "alse", .falseValue, &tokens)
            case UInt8(ascii: "n"):
                position = try scanLiteral(base, position, end, "ull", .null, &tokens)
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                position = try scanNumber(base, position, end, &tokens)
            default:
                throw JSONSyntaxError(reason: .unexpectedByte(byte), offset: position)
            }
            // A value is complete: count it in its container and see what follows it.
            while true {
                position = skipWhitespace(base, position, end)
                guard stack.count > 0 else { break parsing }
                let container = stack.last & 0xFFFF_FFFF
                guard position < end else { throw JSONSyntaxError(reason: .unexpectedEnd, offset: position) }
                let next = base[position]
                // No overflow: a container cannot hold more values than the input has bytes.
                tokens.base[container].count &+= 1
                let isObject = tokens.base[container].kind == .object
                if isObject {
                    // The member is complete: its key points at whatever comes next.
                    tokens.base[stack.last >> 32].count = UInt32(tokens.count)
                }
                if next == UInt8(ascii: ",") {
                    position = skipWhitespace(base, position + 1, end)
                    if isObject { position = try scanKey(base, position, end, &tokens, &stack) }
                    continue parsing
                }
                guard next == (isObject ? UInt8(ascii: "}") : UInt8(ascii: "]")) else {
                    throw JSONSyntaxError(reason: .unexpectedByte(next), offset: position)
                }
                tokens.base[container].end = UInt32(tokens.count)
                stack.truncate(to: stack.count - 1)
                position += 1
            }
        }
        guard position == end else { throw JSONSyntaxError(reason: .trailingBytes, offset: position) }
        tokens.append(JSONToken(kind: .null, flags: 0, start: UInt32(end), end: UInt32(end), count: 0))
    }

    @inline(__always)
    private static func skipWhitespace(_ base: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> Int {
        var position = start
        while position < end, base[position] <= 0x20, JSONByteClass.isWhitespace(base[position]) {
            position += 1
        }
        return position
    }

    /// Reads `"key"` and the colon after it, leaving the position at the member's value, and
    /// records the key as its object's latest on the `stack`.
    @inline(__always)
    private static func scanKey(
        _ base: UnsafePointer<UInt8>, _ start: Int, _ end: Int, _ tokens: inout GrowableBuffer<JSONToken>,
        _ stack: inout GrowableBuffer<Int>
    ) throws(JSONSyntaxError) -> Int {
        stack.base[stack.count - 1] = stack.last & 0xFFFF_FFFF | tokens.count << 32
        guard start < end else { throw JSONSyntaxError(reason: .unexpectedEnd, offset: start) }
        guard base[start] == UInt8(ascii: "\"") else {
            throw JSONSyntaxError(reason: .unexpectedByte(base[start]), offset: start)
        }
        var position = try scanString(base, start + 1, end, &tokens)
        position = skipWhitespace(base, position, end)
        guard position < end else { throw JSONSyntaxError(reason: .unexpectedEnd, offset: position) }
        guard base[position] == UInt8(ascii: ":") else {
            throw JSONSyntaxError(reason: .unexpectedByte(base[position]), offset: position)
        }
        return skipWhitespace(base, position + 1, end)
    }

    /// Reads a string whose text starts at `start` (after the opening quote); returns the
    /// position after the closing quote.
    @inline(__always)
    private static func scanString(
        _ base: UnsafePointer<UInt8>, _ start: Int, _ end: Int, _ tokens: inout GrowableBuffer<JSONToken>
    ) throws(JSONSyntaxError) -> Int {
        var position = start
        var tokenFlags: UInt8 = 0
        while true {
            // Skip plain ASCII eight bytes at a time, straight to the next byte that needs a
            // look: a quote, a backslash, a control character or non-ASCII.
            findingStop: while true {
                while position &+ 8 <= end {
                    let stops = JSONByteClass.stringScanStops(UnsafeRawPointer(base + position).loadUnaligned(as: UInt64.self))
                    if stops != 0 {
                        position &+= JSONByteClass.firstFlaggedByte(stops)
                        break findingStop
                    }
                    position &+= 8
                }
                // Fewer than eight bytes left: one at a time.
                while position < end {
                    let byte = base[position]
                    guard byte >= 0x20, byte < 0x80, byte != 0x22, byte != 0x5C else { break findingStop }
                    position &+= 1
                }
                break
            }
            guard position < end else { throw JSONSyntaxError(reason: .unexpectedEnd, offset: position) }
            let byte = base[position]
            if byte == 0x22 { break }
            if byte == 0x5C {
                tokenFlags = JSONToken.hasEscapes
                position = try scanEscape(base, position, end)
            } else if byte >= 0x80 {
                position = try scanUTF8Sequence(base, position, end)
            } else {
                throw JSONSyntaxError(reason: .controlCharacterInString, offset: position)
            }
        }
        let signature = JSONToken.signature(length: position - start, first: position > start ? base[start] : 0)
        tokens.append(
            JSONToken(kind: .string, flags: tokenFlags, signature: signature, start: UInt32(start), end: UInt32(position), count: 0))
        return position + 1
    }

    /// Checks the escape at `position` (a backslash); returns the position after it.
    private static func scanEscape(_ base: UnsafePointer<UInt8>, _ position: Int, _ end: Int) throws(JSONSyntaxError) -> Int {
        guard position + 1 < end else { throw JSONSyntaxError(reason: .unexpectedEnd, offset: end) }
        switch base[position + 1] {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"),
             UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
            return position + 2
        case UInt8(ascii: "u"):
            let unit = try hexQuad(base, position + 2, end)
            switch unit {
            case 0xD800...0xDBFF:
                // A high surrogate must be followed at once by an escaped low surrogate.
                guard position + 7 < end, base[position + 6] == UInt8(ascii: "\\"), base[position + 7] == UInt8(ascii: "u")
                else { throw JSONSyntaxError(reason: .unpairedSurrogate, offset: position) }
                let low = try hexQuad(base, position + 8, end)
                guard (0xDC00...0xDFFF).contains(low) else {
                    throw JSONSyntaxError(reason: .unpairedSurrogate, offset: position)
                }
                return position + 12
            case 0xDC00...0xDFFF:
                throw JSONSyntaxError(reason: .unpairedSurrogate, offset: position)
            default:
                return position + 6
            }
        default:
            throw JSONSyntaxError(reason: .invalidEscape, offset: position)
        }
    }

    /// The value of the four hex digits at `position`.
    package static func hexQuad(_ base: UnsafePointer<UInt8>, _ position: Int, _ end: Int) throws(JSONSyntaxError) -> UInt32 {
        guard position + 4 <= end else { throw JSONSyntaxError(reason: .unexpectedEnd, offset: end) }
        guard let first = JSONByteClass.hexValue(base[position]), let second = JSONByteClass.hexValue(base[position + 1]),
              let third = JSONByteClass.hexValue(base[position + 2]), let fourth = JSONByteClass.hexValue(base[position + 3])
        else { throw JSONSyntaxError(reason: .invalidUnicodeEscape, offset: position) }
        return first << 12 | second << 8 | third << 4 | fourth
    }

    /// Checks the UTF-8 sequence starting with the non-ASCII byte at `position` (Unicode table
    /// 3-7: no overlong forms, no surrogates, nothing above U+10FFFF); returns the position after it.
    private static func scanUTF8Sequence(
        _ base: UnsafePointer<UInt8>, _ position: Int, _ end: Int
    ) throws(JSONSyntaxError) -> Int {
        let lead = base[position]
        let length: Int
        var secondLow: UInt8 = 0x80
        var secondHigh: UInt8 = 0xBF
        switch lead {
        case 0xC2...0xDF: length = 2
        case 0xE0: length = 3; secondLow = 0xA0
        case 0xE1...0xEC, 0xEE...0xEF: length = 3
        case 0xED: length = 3; secondHigh = 0x9F
        case 0xF0: length = 4; secondLow = 0x90
        case 0xF1...0xF3: length = 4
        case 0xF4: length = 4; secondHigh = 0x8F
        default: throw JSONSyntaxError(reason: .invalidUTF8, offset: position)
        }
        guard position + length <= end else { throw JSONSyntaxError(reason: .invalidUTF8, offset: position) }
        let second = base[position + 1]
        guard second >= secondLow, second <= secondHigh else {
            throw JSONSyntaxError(reason: .invalidUTF8, offset: position)
        }
        var index = 2
        while index < length {
            guard base[position + index] & 0xC0 == 0x80 else {
                throw JSONSyntaxError(reason: .invalidUTF8, offset: position)
            }
            index += 1
        }
        return position + length
    }

    private static func scanNumber(
        _ base: UnsafePointer<UInt8>, _ start: Int, _ end: Int, _ tokens: inout GrowableBuffer<JSONToken>
    ) throws(JSONSyntaxError) -> Int {
        var position = start
        var flags = JSONToken.isPlainInteger
        if base[position] == UInt8(ascii: "-") { position += 1 }
        guard position < end else { throw JSONSyntaxError(reason: .unexpectedEnd, offset: position) }
        if base[position] == UInt8(ascii: "0") {
            position += 1
            if position < end, JSONByteClass.isDigit(base[position]) {
                throw JSONSyntaxError(reason: .leadingZero, offset: start)
            }
        } else if JSONByteClass.isDigit(base[position]) {
            while position < end, JSONByteClass.isDigit(base[position]) { position += 1 }
        } else {
            throw JSONSyntaxError(reason: .invalidNumber, offset: start)
        }
        if position < end, base[position] == UInt8(ascii: ".") {
            flags = 0
            position += 1
            guard position < end, JSONByteClass.isDigit(base[position]) else {
                throw JSONSyntaxError(reason: .invalidNumber, offset: start)
            }
            while position < end, JSONByteClass.isDigit(base[position]) { position += 1 }
        }
        if position < end, base[position] | 0x20 == UInt8(ascii: "e") {
            flags = 0
            position += 1
            if position < end, base[position] == UInt8(ascii: "+") || base[position] == UInt8(ascii: "-") {
                position += 1
            }
            guard position < end, JSONByteClass.isDigit(base[position]) else {
                throw JSONSyntaxError(reason: .invalidNumber, offset: start)
            }
            while position < end, JSONByteClass.isDigit(base[position]) { position += 1 }
        }
        tokens.append(JSONToken(kind: .number, flags: flags, start: UInt32(start), end: UInt32(position), count: 0))
        return position
    }

    @inline(__always)
    private static func scanLiteral(
        _ base: UnsafePointer<UInt8>, _ start: Int, _ end: Int, _ rest: StaticString, _ kind: JSONToken.Kind,
        _ tokens: inout GrowableBuffer<JSONToken>
    ) throws(JSONSyntaxError) -> Int {
        let length = rest.utf8CodeUnitCount
        guard start + 1 + length <= end else { throw JSONSyntaxError(reason: .unexpectedEnd, offset: start) }
        let expected = rest.utf8Start
        for index in 0..<length where base[start + 1 + index] != expected[index] {
            throw JSONSyntaxError(reason: .unexpectedByte(base[start + 1 + index]), offset: start + 1 + index)
        }
        tokens.append(JSONToken(kind: kind, flags: 0, start: UInt32(start), end: UInt32(start + 1 + length), count: 0))
        return start + 1 + length
    }
}
