import LedgerDomain
import LedgerEvents
import LedgerStore
import LedgerSupport

/// A date or date-time layout of a legacy export, such as `dd/MM/yyyy` or `yyyy-MM-dd[ HH:mm[:ss]]`.
///
/// Exports write dates however their warehouse was configured, so a mapping lists the layouts it
/// expects and each value is read by the first that fits. Working on bytes keeps a million-row
/// import from spending its time in a general-purpose date parser.
///
/// Pattern letters: `yyyy` four-digit year; `MM` or `M` month (one or two digits); `MMM` month
/// name (`Jan`, `JAN`, `January`); `dd` or `d` day; `HH` or `H` hour; `mm` minute; `ss`
/// second; `S…` fraction of a second (any number of digits, kept to milliseconds); `XXX` a zone:
/// `Z`, `±HH:MM`, `±HHMM` or `±HH`. `[…]` is optional. A literal `T` also matches a space. Any other
/// character must appear as written. The keyword `iso8601` stands for
/// `yyyy-MM-dd[THH:mm[:ss[.SSS]][XXX]]`.
public struct ImportDateFormat: Sendable, Hashable, CustomStringConvertible {
    public let pattern: String
    package let tokens: [Token]

    package indirect enum Token: Sendable, Hashable {
        case year
        case month
        case monthName
        case day
        case hour
        case minute
        case second
        case fraction
        case zone
        case literal(UInt8)
        case optional([Token])
    }

    /// The layouts the built-in presets accept.
    public static let standard: [ImportDateFormat] = [
        "iso8601", "dd/MM/yyyy[ HH:mm[:ss[.SSS]]]", "dd-MMM-yyyy[ HH:mm[:ss[.SSS]]]",
    ].compactMap { try? ImportDateFormat($0) }

    /// Compiles `pattern`; a malformed pattern (an unclosed `[`) is an error naming it.
    public init(_ pattern: String) throws(ImportMappingError) {
        self.pattern = pattern
        let source = pattern == "iso8601" ? "yyyy-MM-dd[THH:mm[:ss[.SSS]][XXX]]" : pattern
        let bytes = Array(source.utf8)
        var position = 0
        guard let tokens = Self.compile(bytes, &position, nested: false), position == bytes.count, !tokens.isEmpty else {
            throw .invalidDateFormat(pattern: pattern)
        }
        self.tokens = tokens
    }

    public var description: String { pattern }

    private static func compile(_ bytes: [UInt8], _ position: inout Int, nested: Bool) -> [Token]? {
        var tokens: [Token] = []
        func run(of letter: UInt8) -> Int {
            var length = 0
            while position + length < bytes.count && bytes[position + length] == letter { length += 1 }
            return length
        }
        while position < bytes.count {
            let byte = bytes[position]
            switch byte {
            case UInt8(ascii: "["):
                position += 1
                guard let inner = compile(bytes, &position, nested: true), position < bytes.count,
                      bytes[position] == UInt8(ascii: "]")
                else { return nil }
                position += 1
                tokens.append(.optional(inner))
            case UInt8(ascii: "]"):
                return nested ? tokens : nil
            case UInt8(ascii: "y"):
                let length = run(of: byte)
                guard length == 4 else { return nil }
                position += length
                tokens.append(.year)
            case UInt8(ascii: "M"):
                let length = run(of: byte)
                guard length <= 4 else { return nil }
                position += length
                tokens.append(length >= 3 ? .monthName : .month)
            case UInt8(ascii: "d"):
                let length = run(of: byte)
                guard length <= 2 else { return nil }
                position += length
                tokens.append(.day)
            case UInt8(ascii: "H"):
                let length = run(of: byte)
                guard length <= 2 else { return nil }
                position += length
                tokens.append(.hour)
            case UInt8(ascii: "m"):
                let length = run(of: byte)
                guard length <= 2 else { return nil }
                position += length
                tokens.append(.minute)
            case UInt8(ascii: "s"):
                let length = run(of: byte)
                guard length <= 2 else { return nil }
                position += length
                tokens.append(.second)
            case UInt8(ascii: "S"):
                position += run(of: byte)
                tokens.append(.fraction)
            case UInt8(ascii: "X"), UInt8(ascii: "Z"):
                position += run(of: byte)
                tokens.append(.zone)
            default:
                position += 1
                tokens.append(.literal(byte))
            }
        }
        return nested ? nil : tokens
    }

    /// Reads `bytes` (surrounding spaces already trimmed) with this layout, or nil if it does not fit.
    public func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> ImportedTime? {
        var fields = Fields()
        var position = 0
        guard Self.match(tokens, bytes, &position, &fields), position == bytes.count else { return nil }
        return fields.time()
    }

    /// Reads `text` with this layout.
    public func parse(_ text: String) -> ImportedTime? {
        var text = text
        return text.withUTF8 { parse($0) }
    }

    package struct Fields {
        package var year = 0
        package var month = 0
        package var day = 0
        package var hour: Int?
        package var minute = 0
        package var second = 0
        package var millisecond = 0
        package var offsetMinutes: Int?

        package func time() -> ImportedTime? {
            guard let date = LocalDate(year: year, month: month, day: day) else { return nil }
            guard let hour else { return .date(date) }
            guard hour < 24, minute < 60, second < 60 else { return nil }
            let local = LocalDateTime(date: date, hour: hour, minute: minute, second: second, millisecond: millisecond)
            if let offsetMinutes {
                let wall = date.daysSinceEpoch * Instant.millisecondsPerDay + Int64(hour) * Instant.millisecondsPerHour
                    + Int64(minute) * Instant.millisecondsPerMinute + Int64(second) * 1000 + Int64(millisecond)
                return .exact(Instant(millisecondsSinceEpoch: wall - Int64(offsetMinutes) * Instant.millisecondsPerMinute), local.date)
            }
            return .local(local)
        }
    }

    private static func digits(_ bytes: UnsafeBufferPointer<UInt8>, _ position: inout Int, minimum: Int, maximum: Int) -> Int? {
        var value = 0
        var count = 0
        while count < maximum, position < bytes.count, bytes[position] &- 0x30 < 10 {
            value = value * 10 + Int(bytes[position] &- 0x30)
            position += 1
            count += 1
        }
        return count >= minimum ? value : nil
    }

    private static let monthNames: [[UInt8]] = [
        "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
        "november", "december",
    ].map { Array($0.utf8) }

    private static func match(_ tokens: [Token], _ bytes: UnsafeBufferPointer<UInt8>, _ position: inout Int, _ fields: inout Fields) -> Bool {
        for token in tokens {
            switch token {
            case .year:
                guard let value = digits(bytes, &position, minimum: 4, maximum: 4) else { return false }
                fields.year = value
            case .month:
                guard let value = digits(bytes, &position, minimum: 1, maximum: 2) else { return false }
                fields.month = value
            case .day:
                guard let value = digits(bytes, &position, minimum: 1, maximum: 2) else { return false }
                fields.day = value
            case .hour:
                guard let value = digits(bytes, &position, minimum: 1, maximum: 2) else { return false }
                fields.hour = value
            case .minute:
                guard let value = digits(bytes, &position, minimum: 2, maximum: 2) else { return false }
                fields.minute = value
            case .second:
                guard let value = digits(bytes, &position, minimum: 2, maximum: 2) else { return false }
                fields.second = value
            case .fraction:
                var scale = 100
                var count = 0
                var value = 0
                while position < bytes.count, bytes[position] &- 0x30 < 10 {
                    value += Int(bytes[position] &- 0x30) * scale
                    scale /= 10
                    position += 1
                    count += 1
                }
                guard count > 0 else { return false }
                fields.millisecond = value
            case .monthName:
                var length = 0
                while position + length < bytes.count, (bytes[position + length] | 0x20) &- 0x61 < 26 { length += 1 }
                guard length >= 3 else { return false }
                let word = (0..<length).map { bytes[position + $0] | 0x20 }
                guard let month = monthNames.firstIndex(where: { $0.count >= length && Array($0.prefix(length)) == word })
                else { return false }
                fields.month = month + 1
                position += length
            case .zone:
                guard position < bytes.count else { return false }
                let sign = bytes[position]
                if sign == UInt8(ascii: "Z") || sign == UInt8(ascii: "z") {
                    position += 1
                    fields.offsetMinutes = 0
                } else if sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") {
                    position += 1
                    guard let hours = digits(bytes, &position, minimum: 2, maximum: 2), hours < 24 else { return false }
                    var minutes = 0
                    if position < bytes.count, bytes[position] == UInt8(ascii: ":") { position += 1 }
                    if position < bytes.count, bytes[position] &- 0x30 < 10 {
                        guard let value = digits(bytes, &position, minimum: 2, maximum: 2), value < 60 else { return false }
                        minutes = value
                    }
                    fields.offsetMinutes = (hours * 60 + minutes) * (sign == UInt8(ascii: "+") ? 1 : -1)
                } else {
                    return false
                }
            case .literal(let byte):
                guard position < bytes.count else { return false }
                let actual = bytes[position]
                guard actual == byte || (byte == UInt8(ascii: "T") && (actual == UInt8(ascii: " ") || actual == UInt8(ascii: "t")))
                else { return false }
                position += 1
            case .optional(let inner):
                let savedPosition = position
                let savedFields = fields
                if !match(inner, bytes, &position, &fields) {
                    position = savedPosition
                    fields = savedFields
                }
            }
        }
        return true
    }
}

/// A time read from an export: a bare date, a London wall-clock reading, or an exact instant.
public enum ImportedTime: Sendable, Hashable {
    case date(LocalDate)
    /// A date and time without a zone: London wall-clock time (DESIGN §3).
    case local(LocalDateTime)
    /// A date and time with a zone; the date is as written, for sentinel checks.
    case exact(Instant, LocalDate)

    /// The instant it names. A bare date is the start of that London day: an involvement that
    /// starts on 14 March holds on 14 March, and one that ends on 20 March no longer holds on it.
    public var instant: Instant {
        switch self {
        case .date(let date): return LondonTime.startOfDay(date)
        case .local(let local):
            return LondonTime.instant(date: local.date, hour: local.hour, minute: local.minute,
                                      second: local.second, millisecond: local.millisecond)
        case .exact(let instant, _): return instant
        }
    }

    /// The calendar date as written.
    public var writtenDate: LocalDate {
        switch self {
        case .date(let date): return date
        case .local(let local): return local.date
        case .exact(_, let date): return date
        }
    }
}
