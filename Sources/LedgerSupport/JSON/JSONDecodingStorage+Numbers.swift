import Foundation

/// Numbers from tokens, accepting and refusing exactly what Foundation's `JSONDecoder` does.
extension JSONDecodingStorage {
    /// An integer of type `Integer` from the number at `index`.
    ///
    /// Plain integers (digits with an optional minus) are read directly. Anything else (`1.0`,
    /// `1e2`, or a plain integer out of range) takes Foundation's own route so the answer is the
    /// same: read as a `Double` and kept if that is an exact integer below 2^53, else read as a
    /// `Decimal` and truncated, else refused. (Foundation accepts `1.0000000000000001` as 1 and
    /// `9007199254740993.5` as 9007199254740993 this way, so this decoder does too.)
    @inline(__always)
    package func decodeInteger<Integer: FixedWidthInteger>(
        _ index: Int, as type: Integer.Type, anchor: Int, key: some CodingKey
    ) throws -> Integer {
        let token = tokens[index]
        guard token.kind == .number else { throw wrongKind(Integer.self, at: index, anchor: anchor, key: key) }
        if token.flags & JSONToken.isPlainInteger != 0, let value = plainInteger(token, as: Integer.self) {
            return value
        }
        return try integerSlowly(index, as: Integer.self, anchor: anchor, key: key)
    }

    /// The plain integer `token` as `Integer`, or nil if it has more than 19 digits or does not fit.
    @inline(__always)
    private func plainInteger<Integer: FixedWidthInteger>(_ token: JSONToken, as type: Integer.Type) -> Integer? {
        var cursor = inputBase + Int(token.start)
        let end = inputBase + Int(token.end)
        let isNegative = cursor.pointee == UInt8(ascii: "-")
        if isNegative { cursor += 1 }
        // Nineteen digits always fit in a UInt64; longer numbers take the slow path.
        guard end - cursor <= 19 else { return nil }
        var magnitude: UInt64 = 0
        while cursor < end {
            magnitude = magnitude &* 10 &+ UInt64(cursor.pointee &- 0x30)
            cursor += 1
        }
        if !isNegative { return Integer(exactly: magnitude) }
        if magnitude == 0 { return 0 }
        guard Integer.isSigned, let belowMagnitude = Integer(exactly: magnitude - 1) else { return nil }
        return 0 - belowMagnitude - 1
    }

    @inline(never)
    private func integerSlowly<Integer: FixedWidthInteger>(
        _ index: Int, as type: Integer.Type, anchor: Int, key: some CodingKey
    ) throws -> Integer {
        let text = numberText(at: index)
        // Foundation first parses the digits exactly, which settles every plain integer that fits
        // (the only ones left here are those wider than 64 bits).
        if tokens[index].flags & JSONToken.isPlainInteger != 0, let value = Integer(text) {
            return value
        }
        if let double = Double(text) {
            guard let value = Integer(exactly: double) else {
                throw numberDoesNotFit(text, Integer.self, anchor: anchor, key: key)
            }
            // Below 2^53 a Double holds every integer exactly, so `value` is the number written.
            if double.magnitude < 9_007_199_254_740_992 { return value }
        }
        if let decimal = Decimal(string: text, locale: nil), let value = Self.truncatedInteger(decimal, as: Integer.self) {
            return value
        }
        throw numberDoesNotFit(text, Integer.self, anchor: anchor, key: key)
    }

    /// `decimal` truncated toward zero, as Foundation converts a `Decimal` to an integer: the
    /// magnitude must fit in a UInt64 and then in `Integer` before the sign is applied.
    private static func truncatedInteger<Integer: FixedWidthInteger>(_ decimal: Decimal, as type: Integer.Type) -> Integer? {
        guard !decimal.isNaN else { return nil }
        let digits = decimal.magnitude.description.utf8
        var magnitude: UInt64 = 0
        for digit in digits {
            if digit == UInt8(ascii: ".") { break }
            guard JSONByteClass.isDigit(digit) else { return nil }
            let (shifted, overflowShift) = magnitude.multipliedReportingOverflow(by: 10)
            let (sum, overflowAdd) = shifted.addingReportingOverflow(UInt64(digit - 0x30))
            guard !overflowShift, !overflowAdd else { return nil }
            magnitude = sum
        }
        guard let value = Integer(exactly: magnitude) else { return nil }
        if decimal.sign == .minus {
            guard Integer.isSigned else { return nil }
            return 0 - value
        }
        return value
    }

    /// A floating-point number from the number at `index`: the nearest value, refused if it
    /// overflows to infinity or underflows to zero from non-zero digits, as Foundation refuses it.
    package func decodeFloatingPoint<Number: BinaryFloatingPoint & LosslessStringConvertible>(
        _ index: Int, as type: Number.Type, anchor: Int, key: some CodingKey
    ) throws -> Number {
        guard tokens[index].kind == .number else { throw wrongKind(Number.self, at: index, anchor: anchor, key: key) }
        let text = numberText(at: index)
        guard let value = Number(text), value.isFinite, value != 0 || Self.isZero(text) else {
            throw numberDoesNotFit(text, Number.self, anchor: anchor, key: key)
        }
        return value
    }

    /// Whether the number text has no non-zero digit before its exponent.
    private static func isZero(_ text: String) -> Bool {
        for byte in text.utf8 {
            if byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E") { return true }
            if byte >= UInt8(ascii: "1"), byte <= UInt8(ascii: "9") { return false }
        }
        return true
    }

    package func numberDoesNotFit(_ text: String, _ type: Any.Type, anchor: Int, key: some CodingKey) -> DecodingError {
        DecodingError.dataCorrupted(
            DecodingError.Context(
                codingPath: codingPath(anchor, key),
                debugDescription: "The number \(text) does not fit in \(type)."))
    }
}
