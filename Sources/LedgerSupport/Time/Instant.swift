/// A point on the UTC time line, with millisecond precision.
///
/// The ledger stores every time as an `Instant` because the log format fixes instants to
/// ISO 8601 UTC with milliseconds: a coarser or finer type would not round-trip byte for byte.
/// It is an integer, not a `Date`, so comparisons and arithmetic are exact and encoding needs
/// no formatter.
public struct Instant: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    /// Milliseconds since 1970-01-01T00:00:00Z.
    public var millisecondsSinceEpoch: Int64

    public init(millisecondsSinceEpoch: Int64) {
        self.millisecondsSinceEpoch = millisecondsSinceEpoch
    }

    public static let millisecondsPerDay: Int64 = 86_400_000
    public static let millisecondsPerHour: Int64 = 3_600_000
    public static let millisecondsPerMinute: Int64 = 60_000

    public static func < (lhs: Instant, rhs: Instant) -> Bool {
        lhs.millisecondsSinceEpoch < rhs.millisecondsSinceEpoch
    }

    /// The UTC calendar date on which this instant falls.
    public var utcDate: LocalDate {
        LocalDate(daysSinceEpoch: Self.floorDivide(millisecondsSinceEpoch, Self.millisecondsPerDay))
    }

    public func adding(milliseconds: Int64) -> Instant {
        Instant(millisecondsSinceEpoch: millisecondsSinceEpoch + milliseconds)
    }

    public func adding(hours: Int) -> Instant {
        adding(milliseconds: Int64(hours) * Self.millisecondsPerHour)
    }

    /// The canonical text: `yyyy-MM-ddTHH:mm:ss.SSSZ`, always UTC, always milliseconds.
    public var description: String { iso8601 }

    public var iso8601: String {
        let days = Self.floorDivide(millisecondsSinceEpoch, Self.millisecondsPerDay)
        let millisecondOfDay = millisecondsSinceEpoch - days * Self.millisecondsPerDay
        let date = LocalDate(daysSinceEpoch: days)
        let hour = Int(millisecondOfDay / Self.millisecondsPerHour)
        let minute = Int(millisecondOfDay / Self.millisecondsPerMinute % 60)
        let second = Int(millisecondOfDay / 1000 % 60)
        let millisecond = Int(millisecondOfDay % 1000)
        var text = date.iso8601
        text.reserveCapacity(24)
        text += "T"
        text += Self.pad(hour, 2) + ":" + Self.pad(minute, 2) + ":" + Self.pad(second, 2)
        text += "." + Self.pad(millisecond, 3) + "Z"
        return text
    }

    /// Parses ISO 8601 with a time and an offset: `2024-03-14T09:30:00Z`,
    /// `2024-03-14T09:30:00.250+01:00`, `2024-03-14T09:30Z`. Fractions beyond milliseconds are
    /// truncated. Text without an offset is refused here: a local time needs a zone
    /// (see ``LondonTime``), and guessing one would put events in the wrong hour.
    public init?(iso8601 text: some StringProtocol) {
        let bytes = Array(text.utf8)
        guard let parsed = Self.parse(bytes) else { return nil }
        self = parsed
    }

    package static func parse(_ bytes: [UInt8]) -> Instant? {
        var reader = DigitReader(bytes: bytes)
        guard let dateTime = reader.readDateTime() else { return nil }
        var offsetMinutes = 0
        if reader.consume(UInt8(ascii: "Z")) || reader.consume(UInt8(ascii: "z")) {
            offsetMinutes = 0
        } else if let sign = reader.peek(), sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") {
            reader.index += 1
            guard let offsetHour = reader.readNumber(digits: 2), offsetHour < 24 else { return nil }
            _ = reader.consume(UInt8(ascii: ":"))
            guard let offsetMinute = reader.readNumber(digits: 2), offsetMinute < 60 else { return nil }
            offsetMinutes = (offsetHour * 60 + offsetMinute) * (sign == UInt8(ascii: "+") ? 1 : -1)
        } else {
            return nil
        }
        guard reader.isAtEnd else { return nil }
        let milliseconds = Int64(dateTime.date.daysSinceEpoch) * millisecondsPerDay
            + Int64(dateTime.hour) * millisecondsPerHour + Int64(dateTime.minute) * millisecondsPerMinute
            + Int64(dateTime.second) * 1000 + Int64(dateTime.millisecond)
            - Int64(offsetMinutes) * millisecondsPerMinute
        return Instant(millisecondsSinceEpoch: milliseconds)
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let value = Instant(iso8601: text) else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "expected an ISO 8601 instant with offset, got \"\(text)\"")
        }
        self = value
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(iso8601)
    }

    package static func floorDivide(_ value: Int64, _ divisor: Int64) -> Int64 {
        let quotient = value / divisor
        return (value % divisor < 0) ? quotient - 1 : quotient
    }

    package static func pad(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }
}

/// A cursor over ASCII bytes for the date and time parsers.
package struct DigitReader {
    package var bytes: [UInt8]
    package var index = 0

    package var isAtEnd: Bool { index == bytes.count }

    package func peek() -> UInt8? { index < bytes.count ? bytes[index] : nil }

    package func peekDigit() -> Int? {
        guard let byte = peek(), byte >= 0x30, byte <= 0x39 else { return nil }
        return Int(byte - 0x30)
    }

    package mutating func consume(_ byte: UInt8) -> Bool {
        guard peek() == byte else { return false }
        index += 1
        return true
    }

    package mutating func readNumber(digits: Int) -> Int? {
        var value = 0
        for _ in 0..<digits {
            guard let digit = peekDigit() else { return nil }
            value = value * 10 + digit
            index += 1
        }
        return value
    }

    package mutating func readDate() -> LocalDate? {
        guard let year = readNumber(digits: 4), consume(UInt8(ascii: "-")),
              let month = readNumber(digits: 2), consume(UInt8(ascii: "-")),
              let day = readNumber(digits: 2)
        else { return nil }
        return LocalDate(year: year, month: month, day: day)
    }

    /// `yyyy-MM-dd[T ]HH:mm[:ss[.fraction]]`, stopping after it: the date and time every accepted
    /// instant and local time starts with (fractions beyond milliseconds are truncated).
    package mutating func readDateTime() -> LocalDateTime? {
        guard let date = readDate(), consume(UInt8(ascii: "T")) || consume(UInt8(ascii: " ")),
              let hour = readNumber(digits: 2), hour < 24,
              consume(UInt8(ascii: ":")),
              let minute = readNumber(digits: 2), minute < 60
        else { return nil }
        var second = 0
        var millisecond = 0
        if consume(UInt8(ascii: ":")) {
            guard let value = readNumber(digits: 2), value < 60 else { return nil }
            second = value
            if consume(UInt8(ascii: ".")) || consume(UInt8(ascii: ",")) {
                var scale = 100
                var digitCount = 0
                while let digit = peekDigit() {
                    index += 1
                    digitCount += 1
                    millisecond += digit * scale
                    scale /= 10
                }
                guard digitCount > 0 else { return nil }
            }
        }
        return LocalDateTime(date: date, hour: hour, minute: minute, second: second, millisecond: millisecond)
    }
}
