/// Europe/London civil time, computed by rule rather than read from a time zone database.
///
/// Social care practice runs on London wall-clock time ("visited at 10:00", "due by the end of
/// Friday"), while the ledger stores UTC ``Instant``s. The conversion is done by hand so that it
/// is deterministic: the same log gives the same answers on every machine and in every year,
/// whatever tzdata the host happens to carry.
///
/// The rule is the EU summer-time rule, in force in the UK since 1996: Greenwich Mean Time
/// (UTC+0) in winter, British Summer Time (UTC+1) from 01:00 UTC on the last Sunday of March
/// until 01:00 UTC on the last Sunday of October. Earlier dates use the same rule, which is an
/// approximation: before 1996 the UK changed on different Sundays and at 02:00 GMT, and
/// 1968–1971 kept UTC+1 all year. Records from those years may be an hour out near a change.
public enum LondonTime {
    /// Offset of British Summer Time from UTC.
    public static let summerOffsetMilliseconds: Int64 = Instant.millisecondsPerHour

    /// The offset from UTC in force in London at `instant`: 0 (GMT) or 3 600 000 (BST).
    ///
    /// An integer offset, not a zone object, so callers can do exact arithmetic with it.
    public static func offsetMilliseconds(at instant: Instant) -> Int64 {
        let year = instant.utcDate.year
        return summerTimeStart(year: year) <= instant && instant < summerTimeEnd(year: year)
            ? summerOffsetMilliseconds : 0
    }

    /// Whether London keeps British Summer Time at `instant`.
    public static func isSummerTime(at instant: Instant) -> Bool {
        offsetMilliseconds(at: instant) != 0
    }

    /// The instant BST begins in `year`: 01:00 UTC on the last Sunday of March.
    ///
    /// Exposed so that reports and tests can name the change exactly instead of probing for it.
    public static func summerTimeStart(year: Int) -> Instant {
        lastSunday(month: 3, year: year).startOfDayUTC.adding(hours: 1)
    }

    /// The instant BST ends in `year`: 01:00 UTC on the last Sunday of October.
    ///
    /// From this instant London is back on GMT; the wall clock repeats 01:00–01:59.
    public static func summerTimeEnd(year: Int) -> Instant {
        lastSunday(month: 10, year: year).startOfDayUTC.adding(hours: 1)
    }

    /// The London calendar date on which `instant` falls.
    ///
    /// Dates in the ledger (due dates, working days) are London dates, never UTC ones: an event
    /// at 00:30 BST on 1 April is on 1 April, although it is still 31 March in UTC.
    public static func localDate(of instant: Instant) -> LocalDate {
        localDateTime(of: instant).date
    }

    /// The London wall-clock reading of `instant`, to the millisecond.
    ///
    /// Used to display times to practitioners and to find which day an event belongs to.
    public static func localDateTime(of instant: Instant) -> LocalDateTime {
        let local = instant.millisecondsSinceEpoch + offsetMilliseconds(at: instant)
        let days = Instant.floorDivide(local, Instant.millisecondsPerDay)
        let millisecondOfDay = local - days * Instant.millisecondsPerDay
        return LocalDateTime(
            date: LocalDate(daysSinceEpoch: days),
            hour: Int(millisecondOfDay / Instant.millisecondsPerHour),
            minute: Int(millisecondOfDay / Instant.millisecondsPerMinute % 60),
            second: Int(millisecondOfDay / 1000 % 60),
            millisecond: Int(millisecondOfDay % 1000))
    }

    /// The instant a London wall clock shows `date` at `hour:minute:second.millisecond`.
    ///
    /// Wall-clock times are how people write times down, so each one must map to exactly one
    /// instant, including the two each year that are not unique:
    /// - **The missing hour in spring** (01:00–01:59 on the last Sunday of March never appears on
    ///   London clocks): the time is read with the offset in force just before the change (GMT),
    ///   which is the same as moving it forward by the gap. 01:30 becomes 01:30 UTC = 02:30 BST.
    /// - **The repeated hour in autumn** (01:00–01:59 on the last Sunday of October happens
    ///   twice): the earlier occurrence, in BST, is taken. 01:30 becomes 00:30 UTC. Taking the
    ///   earlier reading never makes a deadline later than the person recording it meant.
    ///
    /// Components outside their usual ranges are not rejected but carried arithmetically
    /// (`hour: 24` is midnight of the next day); parsers validate ranges before calling this.
    public static func instant(
        date: LocalDate, hour: Int, minute: Int, second: Int = 0, millisecond: Int = 0
    ) -> Instant {
        let wall = date.daysSinceEpoch * Instant.millisecondsPerDay
            + Int64(hour) * Instant.millisecondsPerHour
            + Int64(minute) * Instant.millisecondsPerMinute
            + Int64(second) * 1000 + Int64(millisecond)
        let asSummer = Instant(millisecondsSinceEpoch: wall - summerOffsetMilliseconds)
        if offsetMilliseconds(at: asSummer) == summerOffsetMilliseconds {
            // Valid in BST; if it is also valid in GMT (the autumn repeat), BST is the earlier.
            return asSummer
        }
        // Valid in GMT, or in the spring gap, where GMT is the offset before the change.
        return Instant(millisecondsSinceEpoch: wall)
    }

    /// The instant `date` begins in London (local midnight).
    ///
    /// Midnight always exists and is unique in London, since the clocks change at 01:00 UTC.
    /// `2024-03-01 15:00` in London time: how refusals name an instant to a person.
    public static func wallClockText(_ instant: Instant) -> String {
        let reading = localDateTime(of: instant)
        return reading.date.iso8601 + " " + Instant.pad(reading.hour, 2) + ":" + Instant.pad(reading.minute, 2)
    }

    public static func startOfDay(_ date: LocalDate) -> Instant {
        instant(date: date, hour: 0, minute: 0)
    }

    /// The last millisecond of `date` in London: the start of the next day minus 1 ms.
    ///
    /// A date without a time means the end of that day (DESIGN §3), so a task "due 14 March"
    /// is met by anything recorded up to and including 23:59:59.999 London time on 14 March.
    /// Using the last millisecond, not the next midnight, keeps the day's own events inside it
    /// under the inclusive `<=` comparisons the queries use.
    public static func endOfDay(_ date: LocalDate) -> Instant {
        startOfDay(date.adding(days: 1)).adding(milliseconds: -1)
    }

    /// The last Sunday of `month` in `year`.
    package static func lastSunday(month: Int, year: Int) -> LocalDate {
        let last = LocalDate(year: year, month: month, day: LocalDate.daysIn(month: month, year: year))!
        return last.adding(days: -(last.isoWeekday % 7))
    }
}

/// A London wall-clock reading: a date and a time of day, with no offset.
///
/// Kept distinct from ``Instant`` so that a local reading can never be stored by mistake as if
/// it were UTC.
public struct LocalDateTime: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var date: LocalDate
    /// 0...23.
    public var hour: Int
    /// 0...59.
    public var minute: Int
    /// 0...59.
    public var second: Int
    /// 0...999.
    public var millisecond: Int

    /// A reading as given; ``LondonTime/localDateTime(of:)`` is the usual way to get one.
    public init(date: LocalDate, hour: Int, minute: Int, second: Int = 0, millisecond: Int = 0) {
        self.date = date
        self.hour = hour
        self.minute = minute
        self.second = second
        self.millisecond = millisecond
    }

    public static func < (lhs: LocalDateTime, rhs: LocalDateTime) -> Bool {
        if lhs.date != rhs.date { return lhs.date < rhs.date }
        return (lhs.hour, lhs.minute, lhs.second, lhs.millisecond)
            < (rhs.hour, rhs.minute, rhs.second, rhs.millisecond)
    }

    /// `yyyy-MM-ddTHH:mm:ss.SSS`, with no offset.
    public var description: String {
        date.iso8601 + "T" + Instant.pad(hour, 2) + ":" + Instant.pad(minute, 2) + ":"
            + Instant.pad(second, 2) + "." + Instant.pad(millisecond, 3)
    }
}
