/// The codec's direct path between an ``Instant`` and its JSON bytes, with no `String` between.
///
/// It covers the canonical form `Instant.iso8601` writes for years 0000 to 9999; the codec falls
/// back to `Instant`'s own `Codable` implementation for anything else, so the two can never
/// disagree on what is accepted or produced.
extension Instant {
    /// 0000-01-01T00:00:00.000Z.
    package static let fourDigitYearsStart: Int64 = -62_167_219_200_000
    /// 10000-01-01T00:00:00.000Z.
    package static let fourDigitYearsEnd: Int64 = 253_402_300_800_000

    /// Whether the instant falls in a year with four digits, where the direct path applies.
    package var isInFourDigitYears: Bool {
        millisecondsSinceEpoch >= Self.fourDigitYearsStart && millisecondsSinceEpoch < Self.fourDigitYearsEnd
    }

    /// Reads the 24 bytes `yyyy-MM-ddTHH:mm:ss.SSSZ`, or returns nil for any other text, which
    /// the caller then hands to `Instant(iso8601:)`.
    package static func parseCanonical(_ text: UnsafeBufferPointer<UInt8>) -> Instant? {
        guard text.count == 24, let bytes = text.baseAddress,
              bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"), bytes[10] == UInt8(ascii: "T"),
              bytes[13] == UInt8(ascii: ":"), bytes[16] == UInt8(ascii: ":"), bytes[19] == UInt8(ascii: "."),
              bytes[23] == UInt8(ascii: "Z"),
              let year = digits(bytes, 0, 4), let month = digits(bytes, 5, 2), let day = digits(bytes, 8, 2),
              let hour = digits(bytes, 11, 2), hour < 24, let minute = digits(bytes, 14, 2), minute < 60,
              let second = digits(bytes, 17, 2), second < 60, let millisecond = digits(bytes, 20, 3),
              let date = LocalDate(year: year, month: month, day: day)
        else { return nil }
        // The same sum as `Instant.parse`, so both paths give the same instant.
        let milliseconds = Int64(date.daysSinceEpoch) * millisecondsPerDay
            + Int64(hour) * millisecondsPerHour + Int64(minute) * millisecondsPerMinute
            + Int64(second) * 1000 + Int64(millisecond)
        return Instant(millisecondsSinceEpoch: milliseconds)
    }

    /// The value of `count` ASCII digits at `offset`, or nil if any is not a digit.
    @inline(__always)
    package static func digits(_ bytes: UnsafePointer<UInt8>, _ offset: Int, _ count: Int) -> Int? {
        var value = 0
        for index in offset..<(offset + count) {
            let digit = bytes[index] &- 0x30
            guard digit < 10 else { return nil }
            value = value * 10 + Int(digit)
        }
        return value
    }
}

extension LocalDate {
    /// Whether the year has four digits, where the direct path applies.
    package var isInFourDigitYears: Bool { year >= 0 && year <= 9999 }

    /// Reads the 10 bytes `yyyy-MM-dd`, or returns nil for any other text.
    package static func parseCanonical(_ text: UnsafeBufferPointer<UInt8>) -> LocalDate? {
        guard text.count == 10, let bytes = text.baseAddress,
              bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"),
              let year = Instant.digits(bytes, 0, 4), let month = Instant.digits(bytes, 5, 2),
              let day = Instant.digits(bytes, 8, 2)
        else { return nil }
        return LocalDate(year: year, month: month, day: day)
    }
}

extension GrowableBuffer where Element == UInt8 {
    /// Appends `"yyyy-MM-ddTHH:mm:ss.SSSZ"`; the instant must be ``Instant/isInFourDigitYears``.
    @inline(__always)
    package mutating func appendQuotedISO8601(_ instant: Instant) {
        let milliseconds = instant.millisecondsSinceEpoch
        let days = Instant.floorDivide(milliseconds, Instant.millisecondsPerDay)
        let millisecondOfDay = Int(milliseconds - days * Instant.millisecondsPerDay)
        let date = LocalDate(daysSinceEpoch: days)
        reserve(26)
        appendReserved(0x22)
        appendDateDigits(date)
        appendReserved(UInt8(ascii: "T"))
        appendFixedDigits(millisecondOfDay / 3_600_000, width: 2)
        appendReserved(UInt8(ascii: ":"))
        appendFixedDigits(millisecondOfDay / 60_000 % 60, width: 2)
        appendReserved(UInt8(ascii: ":"))
        appendFixedDigits(millisecondOfDay / 1000 % 60, width: 2)
        appendReserved(UInt8(ascii: "."))
        appendFixedDigits(millisecondOfDay % 1000, width: 3)
        appendReserved(UInt8(ascii: "Z"))
        appendReserved(0x22)
    }

    /// Appends `"yyyy-MM-dd"`; the date must be ``LocalDate/isInFourDigitYears``.
    @inline(__always)
    package mutating func appendQuotedISO8601(_ date: LocalDate) {
        reserve(12)
        appendReserved(0x22)
        appendDateDigits(date)
        appendReserved(0x22)
    }

    @inline(__always)
    private mutating func appendDateDigits(_ date: LocalDate) {
        appendFixedDigits(date.year, width: 4)
        append(UInt8(ascii: "-"))
        appendFixedDigits(date.month, width: 2)
        append(UInt8(ascii: "-"))
        appendFixedDigits(date.day, width: 2)
    }
}
