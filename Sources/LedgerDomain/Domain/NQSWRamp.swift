import LedgerEvents
import LedgerStore
import LedgerSupport

/// How the NQSW ramp counts time, in one place so decisions and reports agree.
public enum NQSWRamp {
    /// The week since the ramp started on `start`, as people count it (DESIGN §5): the start date
    /// is day 0 of week 1, so week N runs from day 7(N−1) to day 7N−1, and a Monday starter is in
    /// week 3 on the Monday two weeks later. Days before the start give week 0 or less (the
    /// worker holds no cases then either).
    public static func week(startedOn start: LocalDate, on date: LocalDate) -> Int {
        let days = start.distance(to: date)
        return days >= 0 ? days / 7 + 1 : -((-days - 1) / 7)
    }
}
