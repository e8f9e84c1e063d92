/// When a timescale falls due, for the rules of DESIGN §5.
///
/// Each timescale is written in one of three units (hours, working days, weeks), and each unit
/// has one definition here, so that "met", "missed" and "overdue" mean the same thing in every
/// report. A timescale is met by anything that happens at or before the deadline instant.
public enum Deadline {
    /// The end of the London day that is the `n`-th working day after the London date of
    /// `instant` (used by REALLOCATION-5WD, UNALLOCATED-LETTER, UNALLOCATED-MONITORING).
    ///
    /// The day of the event itself is not counted, whatever the time of day, and the whole of
    /// the last day is allowed: practice guidance counts working days as whole days, not as
    /// multiples of 24 hours. An event on Friday 20 December 2024 with 5 working days is due by
    /// 23:59:59.999 on Tuesday 31 December (23, 24, 27, 30, 31; the 25th and 26th are bank
    /// holidays). An event at a weekend or on a holiday counts from the next working day.
    /// With `n == 0` the deadline is the end of the event's own London day.
    public static func deadline(
        workingDays n: Int, after instant: Instant, calendar: WorkingCalendar = .englandAndWales
    ) -> Instant {
        let start = LondonTime.localDate(of: instant)
        return LondonTime.endOfDay(calendar.addingWorkingDays(n, to: start))
    }

    /// `instant` plus exactly `hours` hours of elapsed time (used by DECISION-24H and
    /// ALLOCATION-24H).
    ///
    /// Elapsed, not wall-clock, time: 24 hours after 12:00 on the Saturday before the clocks go
    /// forward is 13:00 on the Sunday. The guidance asks for a response within a span of time,
    /// and weekends and holidays are deliberately not skipped: out-of-hours cover exists for that.
    public static func deadline(hours: Int, after instant: Instant) -> Instant {
        instant.adding(hours: hours)
    }

    /// The end of the London day `7 × weeks` calendar days after the London date of `instant`
    /// (used by UNALLOCATED-REVIEW and UNALLOCATED-ESCALATION).
    ///
    /// Weeks are calendar weeks, ignoring bank holidays, and the whole of the last day is
    /// allowed, matching how a "4-week review" is diarised: a case unallocated on Wednesday
    /// 3 April is due its review by the end of Wednesday 1 May.
    public static func deadline(weeks: Int, after instant: Instant) -> Instant {
        let start = LondonTime.localDate(of: instant)
        return LondonTime.endOfDay(start.adding(days: 7 * weeks))
    }
}
