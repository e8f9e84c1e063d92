/// Turns the dates and times people type (command line, policy files, imports) into
/// ``Instant``s and ``LocalDate``s.
///
/// One parser for every input keeps the rules identical everywhere: a bare date means the end of
/// that London day (DESIGN §3), a time without an offset is London wall-clock time, and a time
/// with an offset is exact. `now` is deliberately not accepted here: the caller owns the clock
/// (see `Clock`), and a parser that read the system time would make commands untestable.
public enum DateArgument {
    /// The forms ``parseInstant(_:)`` accepts, for help text and error messages.
    public static let acceptedInstantForms: [String] = [
        "2024-03-14 or 14/03/2024 (a date: the end of that day, London time)",
        "2024-03-14T09:30, 2024-03-14T09:30:15 or 2024-03-14T09:30:15.250 (London wall-clock time)",
        "2024-03-14T09:30:15Z or 2024-03-14T09:30:15+01:00 (an exact instant with its offset)",
    ]

    /// The forms ``parseDate(_:)`` accepts.
    public static let acceptedDateForms: [String] = [
        "2024-03-14 (yyyy-MM-dd)",
        "14/03/2024 (dd/MM/yyyy, day first as in the UK)",
    ]

    /// Parses a point in time.
    ///
    /// - A date alone (`yyyy-MM-dd` or `dd/MM/yyyy`) is the last millisecond of that day in
    ///   London (``LondonTime/endOfDay(_:)``), so `--as-of 2024-03-14` includes all of 14 March.
    /// - `yyyy-MM-ddTHH:mm[:ss[.SSS]]` without an offset is London wall-clock time; the missing
    ///   and repeated hours at the clock changes resolve as ``LondonTime/instant(date:hour:minute:second:millisecond:)``
    ///   documents. A space may replace the `T`. Fraction digits beyond milliseconds are dropped.
    /// - The same with `Z` or `±HH:MM` is that exact instant.
    ///
    /// Leading and trailing whitespace is ignored.
    public static func parseInstant(_ text: String) throws(TimeParseError) -> Instant {
        let trimmed = trimmingWhitespace(text)
        if let date = dateIfValid(trimmed) {
            return LondonTime.endOfDay(date)
        }
        let bytes = Array(trimmed.utf8)
        if let exact = Instant.parse(bytes) {
            return exact
        }
        if let local = parseLocalDateTime(bytes) {
            return LondonTime.instant(
                date: local.date, hour: local.hour, minute: local.minute,
                second: local.second, millisecond: local.millisecond)
        }
        throw TimeParseError(text: text, expected: .instant, detail: detail(for: bytes))
    }

    /// Parses a calendar date: `yyyy-MM-dd`, or `dd/MM/yyyy` (day first; a one-digit day or
    /// month is accepted, the year must have four digits so the century is never guessed).
    ///
    /// Leading and trailing whitespace is ignored.
    public static func parseDate(_ text: String) throws(TimeParseError) -> LocalDate {
        let trimmed = trimmingWhitespace(text)
        if let date = dateIfValid(trimmed) { return date }
        throw TimeParseError(text: text, expected: .date, detail: detail(for: Array(trimmed.utf8)))
    }

    // MARK: - Implementation

    package static func dateIfValid(_ text: Substring) -> LocalDate? {
        guard let (year, month, day) = dateFields(Array(text.utf8)) else { return nil }
        return LocalDate(year: year, month: month, day: day)
    }

    /// The fields of a date in either accepted shape, without checking that the date exists.
    package static func dateFields(_ bytes: [UInt8]) -> (Int, Int, Int)? {
        var reader = DigitReader(bytes: bytes)
        if let year = reader.readNumber(digits: 4), reader.consume(UInt8(ascii: "-")),
           let month = reader.readNumber(digits: 2), reader.consume(UInt8(ascii: "-")),
           let day = reader.readNumber(digits: 2), reader.isAtEnd {
            return (year, month, day)
        }
        reader = DigitReader(bytes: bytes)
        if let day = readOneOrTwoDigits(&reader), reader.consume(UInt8(ascii: "/")),
           let month = readOneOrTwoDigits(&reader), reader.consume(UInt8(ascii: "/")),
           let year = reader.readNumber(digits: 4), reader.isAtEnd {
            return (year, month, day)
        }
        return nil
    }

    package static func readOneOrTwoDigits(_ reader: inout DigitReader) -> Int? {
        guard let first = reader.readNumber(digits: 1) else { return nil }
        if let second = reader.peekDigit() {
            reader.index += 1
            return first * 10 + second
        }
        return first
    }

    /// `yyyy-MM-dd[T ]HH:mm[:ss[.fraction]]` with nothing after it.
    package static func parseLocalDateTime(_ bytes: [UInt8]) -> LocalDateTime? {
        var reader = DigitReader(bytes: bytes)
        guard let dateTime = reader.readDateTime(), reader.isAtEnd else { return nil }
        return dateTime
    }

    /// A specific complaint when the text has the right shape but names an impossible date.
    package static func detail(for bytes: [UInt8]) -> String? {
        var fields = dateFields(bytes)
        if fields == nil, bytes.count > 10 {
            // A date followed by a time: check just the date part.
            fields = dateFields(Array(bytes[0..<10]))
        }
        guard let (year, month, day) = fields else { return nil }
        if !(1...12).contains(month) { return "there is no month \(month)" }
        if LocalDate(year: year, month: month, day: day) == nil {
            return "\(Instant.pad(year, 4))-\(Instant.pad(month, 2)) has no day \(day)"
        }
        return nil
    }

    package static func trimmingWhitespace(_ text: String) -> Substring {
        let isSpace: (Character) -> Bool = { $0.isWhitespace }
        guard let first = text.firstIndex(where: { !isSpace($0) }),
              let last = text.lastIndex(where: { !isSpace($0) })
        else { return text[text.endIndex...] }
        return text[first...last]
    }
}

/// A date or time that could not be read, with the offending text and the forms that would
/// have been accepted.
///
/// Typed so callers can report it without casting, and explicit so a user who typed
/// `31/02/2024` or `2024-03-14 9:30` learns what to type instead.
public struct TimeParseError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What the parser was asked for.
    public enum Expected: Sendable, Hashable {
        /// ``DateArgument/parseInstant(_:)``: a date, or a date and time.
        case instant
        /// ``DateArgument/parseDate(_:)``: a calendar date only.
        case date
    }

    /// The text exactly as given.
    public let text: String
    public let expected: Expected
    /// A specific problem, when one can be named (for example "2024-02 has no day 30").
    public let detail: String?

    /// An error for `text`; the accepted forms are filled in from `expected`.
    public init(text: String, expected: Expected, detail: String? = nil) {
        self.text = text
        self.expected = expected
        self.detail = detail
    }

    /// One message naming the text, the problem if known, and every accepted form.
    public var message: String {
        let what = expected == .instant ? "a date or time" : "a date"
        let forms = expected == .instant ? DateArgument.acceptedInstantForms : DateArgument.acceptedDateForms
        var result = "cannot read \"\(text)\" as \(what)"
        if let detail { result += ": \(detail)" }
        result += ". Accepted forms: " + forms.joined(separator: "; ") + "."
        return result
    }

    public var description: String { message }
}
