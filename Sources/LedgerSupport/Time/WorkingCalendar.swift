import Foundation

/// Working days: Monday to Friday, excluding bank holidays.
///
/// Timescales such as "reallocate within 5 working days" (DESIGN §5) are counted in working
/// days, and getting Christmas or Easter wrong moves a deadline by up to four days. The calendar
/// is a value built from an explicit holiday list, so an authority can add its own closure days
/// and every answer is reproducible.
public struct WorkingCalendar: Sendable, Hashable {
    /// Every holiday the calendar was built with, including any that fall at weekends.
    public let holidays: Set<LocalDate>

    /// Days since the epoch of the holidays that fall Monday to Friday, sorted, for counting.
    private let weekdayHolidayDays: [Int64]

    /// A calendar whose non-working days are the weekends plus exactly `holidays`.
    ///
    /// For a calendar with no bank holidays at all, pass an empty list.
    public init(holidays: some Sequence<LocalDate>) {
        let set = Set(holidays)
        self.holidays = set
        self.weekdayHolidayDays = set.filter { !$0.isWeekend }.map(\.daysSinceEpoch).sorted()
    }

    /// England and Wales bank holidays (``englandAndWalesBankHolidays``) plus `extraHolidays`,
    /// typically read from the authority's holiday file with ``loadHolidayFile(at:)``.
    ///
    /// Extras extend the built-in table (new one-off holidays, years beyond
    /// ``englandAndWalesCoveredYears``, local closure days); they cannot remove a bank holiday.
    public init(extraHolidays: [LocalDate] = []) {
        self.init(holidays: Self.englandAndWalesBankHolidays + extraHolidays)
    }

    /// Monday–Friday minus England and Wales bank holidays, 2015–2030.
    public static let englandAndWales = WorkingCalendar()

    /// Whether `date` is a bank holiday (or other listed holiday) of this calendar.
    public func isHoliday(_ date: LocalDate) -> Bool {
        holidays.contains(date)
    }

    /// Whether `date` is Monday to Friday and not a holiday.
    public func isWorkingDay(_ date: LocalDate) -> Bool {
        !date.isWeekend && !holidays.contains(date)
    }

    /// The `n`-th working day after `date`, not counting `date` itself.
    ///
    /// So `addingWorkingDays(1, to: friday)` is the next Monday (if it is not a holiday), and a
    /// start on a weekend or holiday counts from the next working day as day 1. With `n == 0`
    /// the result is `date` itself, working day or not. A negative `n` counts backwards: the
    /// `|n|`-th working day before `date`. For every `n >= 0`,
    /// `workingDays(from: date, to: addingWorkingDays(n, to: date)) == n`.
    public func addingWorkingDays(_ n: Int, to date: LocalDate) -> LocalDate {
        let step = n >= 0 ? 1 : -1
        var remaining = n.magnitude
        var current = date
        // Whole weeks first: five working days per week, then put back any holidays skipped.
        while remaining > 5 {
            let weeks = Int((remaining - 1) / 5)
            let next = current.adding(days: step * 7 * weeks)
            // Working days stepped over: (current, next] going forwards, [next, current) back.
            let counted = step > 0
                ? workingDays(from: current, to: next)
                : workingDays(from: next.adding(days: -1), to: current.adding(days: -1))
            current = next
            remaining -= UInt(counted)
        }
        while remaining > 0 {
            current = current.adding(days: step)
            if isWorkingDay(current) { remaining -= 1 }
        }
        return current
    }

    /// The number of working days `d` with `start < d <= end`.
    ///
    /// The start day is not counted and the end day is, so this is the number of working days
    /// that have passed between the two dates: from Friday to the next Monday is 1. If `end` is
    /// before `start` the answer is negative (minus the count with `end < d <= start`); if they
    /// are equal it is zero. Runs in time proportional to the number of holidays, not days.
    public func workingDays(from start: LocalDate, to end: LocalDate) -> Int {
        if end < start { return -workingDays(from: end, to: start) }
        let a = start.daysSinceEpoch
        let b = end.daysSinceEpoch
        let weekdays = Self.weekdaysThrough(b) - Self.weekdaysThrough(a)
        let holidays = Self.countBefore(b + 1, in: weekdayHolidayDays) - Self.countBefore(a + 1, in: weekdayHolidayDays)
        return Int(weekdays) - holidays
    }

    /// Monday–Friday days from an arbitrary origin Monday up to and including `day`, so that
    /// differences count weekdays in a half-open interval. 1970-01-05 (day 4) was a Monday.
    package static func weekdaysThrough(_ day: Int64) -> Int64 {
        let sinceMonday = day - 4
        let weeks = Instant.floorDivide(sinceMonday, 7)
        let dayOfWeek = sinceMonday - weeks * 7
        return weeks * 5 + min(dayOfWeek + 1, 5)
    }

    /// How many elements of the sorted array are less than `value`.
    package static func countBefore(_ value: Int64, in sorted: [Int64]) -> Int {
        var low = 0
        var high = sorted.count
        while low < high {
            let mid = (low + high) / 2
            if sorted[mid] < value { low = mid + 1 } else { high = mid }
        }
        return low
    }

    // MARK: - Holiday files

    /// Reads an authority's holiday file: one `yyyy-MM-dd` per line.
    ///
    /// Blank lines and lines starting with `#` are ignored, as is anything after a `#` on a date
    /// line, so each date can say what it is. Any other line is an error naming the file and the
    /// line number: a holiday silently dropped would move deadlines without anyone noticing.
    public static func loadHolidayFile(at path: String) throws(HolidayFileError) -> [LocalDate] {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw HolidayFileError(path: path, line: nil, text: nil, message: "cannot read the file (\(error.localizedDescription))")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw HolidayFileError(path: path, line: nil, text: nil, message: "the file is not UTF-8 text")
        }
        return try parseHolidayFile(text, path: path)
    }

    /// Parses holiday-file text (see ``loadHolidayFile(at:)``); `path` is only used in errors.
    public static func parseHolidayFile(_ text: String, path: String? = nil) throws(HolidayFileError) -> [LocalDate] {
        var dates: [LocalDate] = []
        var lineNumber = 0
        // `\r\n` is one Character in Swift, so split on newline characters, not on "\n".
        for rawLine in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline) {
            lineNumber += 1
            var content = Substring(rawLine)
            if let hash = content.firstIndex(of: "#") { content = content[..<hash] }
            let trimmed = content.trimmingCharacters(in: .whitespacesAndNewlines)
            if trimmed.isEmpty { continue }
            guard let date = LocalDate(iso8601: trimmed) else {
                throw HolidayFileError(
                    path: path, line: lineNumber, text: String(rawLine),
                    message: "expected one date as yyyy-MM-dd (e.g. 2024-12-27), a # comment, or a blank line")
            }
            dates.append(date)
        }
        return dates
    }
}

/// A holiday file that could not be read or has a line that is not a date.
public struct HolidayFileError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The file, when the text came from one.
    public let path: String?
    /// The 1-based line number of the bad line, or `nil` if the file itself could not be read.
    public let line: Int?
    /// The bad line as written.
    public let text: String?
    /// What is wrong and, for a bad line, what the line should look like.
    public let message: String

    /// An error for `path` (and `line`, when one line is at fault).
    public init(path: String?, line: Int?, text: String?, message: String) {
        self.path = path
        self.line = line
        self.text = text
        self.message = message
    }

    /// `path:line: "text": message`, the shape editors and terminals recognise.
    public var description: String {
        var result = path ?? "holiday file"
        if let line { result += ":\(line)" }
        result += ": "
        if let text { result += "\"\(text)\": " }
        return result + message
    }
}
