/// A calendar date with no time and no zone: a due date, a start date, a bank holiday.
///
/// Practice records talk in dates ("task due 14 March"), and working-day arithmetic is over
/// dates, so they get their own exact type rather than a midnight `Instant` in some zone.
public struct LocalDate: Sendable, Hashable, Comparable, Codable, CustomStringConvertible, Strideable {
    public let year: Int
    public let month: Int
    public let day: Int

    /// Creates a date if it exists in the proleptic Gregorian calendar.
    public init?(year: Int, month: Int, day: Int) {
        guard (1...12).contains(month), day >= 1, day <= LocalDate.daysIn(month: month, year: year) else {
            return nil
        }
        self.year = year
        self.month = month
        self.day = day
    }

    /// The date `daysSinceEpoch` days after 1970-01-01 (Howard Hinnant's civil-from-days).
    public init(daysSinceEpoch: Int64) {
        let shifted = daysSinceEpoch + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthPrime = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthPrime + 2) / 5 + 1
        let month = monthPrime < 10 ? monthPrime + 3 : monthPrime - 9
        self.year = Int(yearOfEra + era * 400 + (month <= 2 ? 1 : 0))
        self.month = Int(month)
        self.day = Int(day)
    }

    /// Days since 1970-01-01 (Howard Hinnant's days-from-civil).
    public var daysSinceEpoch: Int64 {
        let adjustedYear = Int64(month <= 2 ? year - 1 : year)
        let era = (adjustedYear >= 0 ? adjustedYear : adjustedYear - 399) / 400
        let yearOfEra = adjustedYear - era * 400
        let monthIndex = Int64(month > 2 ? month - 3 : month + 9)
        let dayOfYear = (153 * monthIndex + 2) / 5 + Int64(day) - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// ISO weekday: Monday 1 ... Sunday 7.
    public var isoWeekday: Int {
        let days = daysSinceEpoch
        // 1970-01-01 was a Thursday (4).
        let index = ((days % 7) + 7 + 3) % 7
        return Int(index) + 1
    }

    public var isWeekend: Bool { isoWeekday >= 6 }

    public func adding(days: Int) -> LocalDate {
        LocalDate(daysSinceEpoch: daysSinceEpoch + Int64(days))
    }

    public func distance(to other: LocalDate) -> Int {
        Int(other.daysSinceEpoch - daysSinceEpoch)
    }

    public func advanced(by days: Int) -> LocalDate { adding(days: days) }

    /// The instant this date starts in UTC (midnight UTC).
    public var startOfDayUTC: Instant {
        Instant(millisecondsSinceEpoch: daysSinceEpoch * Instant.millisecondsPerDay)
    }

    public static func < (lhs: LocalDate, rhs: LocalDate) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

    public static func isLeap(year: Int) -> Bool {
        (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
    }

    public static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return isLeap(year: year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    public var description: String { iso8601 }

    /// `yyyy-MM-dd`.
    public var iso8601: String {
        Instant.pad(year, 4) + "-" + Instant.pad(month, 2) + "-" + Instant.pad(day, 2)
    }

    /// Parses `yyyy-MM-dd` exactly.
    public init?(iso8601 text: some StringProtocol) {
        var reader = DigitReader(bytes: Array(text.utf8))
        guard let date = reader.readDate(), reader.isAtEnd else { return nil }
        self = date
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let value = LocalDate(iso8601: text) else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "expected a date yyyy-MM-dd, got \"\(text)\"")
        }
        self = value
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(iso8601)
    }
}
