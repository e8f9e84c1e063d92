/// How the NQSW ramp counts time, in one place so decisions and reports agree.
public enum NQSWRamp {
    /// Whole weeks since the ramp started on `start` (DESIGN §5 "week since start"): week 0 is
    /// the start date and the six days after it, week 3 begins 21 days after the start. Days
    /// before the start give negative weeks (the worker holds no cases then either).
    public static func week(startedOn start: LocalDate, on date: LocalDate) -> Int {
        let days = start.distance(to: date)
        return days >= 0 ? days / 7 : -((-days + 6) / 7)
    }
}
