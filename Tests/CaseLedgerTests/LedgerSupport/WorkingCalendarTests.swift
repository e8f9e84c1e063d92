import Foundation
import Testing
@testable import LedgerSupport
@testable import LedgerStore
@testable import LedgerEvents
@testable import LedgerDomain
@testable import LedgerAudit
@testable import LedgerImport
@testable import LedgerReturns
@testable import LedgerSimulation

private func isoDate(_ text: String) -> LocalDate {
    guard let date = LocalDate(iso8601: text) else { fatalError("bad test date \(text)") }
    return date
}

private func isoInstant(_ text: String) -> Instant {
    guard let instant = Instant(iso8601: text) else { fatalError("bad test instant \(text)") }
    return instant
}

/// England and Wales bank holidays for `year` by the standing rules, computed independently of
/// the shipped table.
private func ruleBasedHolidays(year: Int) -> Set<LocalDate> {
    // Easter Sunday: the anonymous Gregorian algorithm (Meeus/Jones/Butcher).
    let a = year % 19, b = year / 100, c = year % 100
    let d = b / 4, e = b % 4, f = (b + 8) / 25, g = (b - f + 1) / 3
    let h = (19 * a + b - d - g + 15) % 30
    let i = c / 4, k = c % 4
    let l = (32 + 2 * e + 2 * i - h - k) % 7
    let m = (a + 11 * h + 22 * l) / 451
    let easterMonth = (h + l - 7 * m + 114) / 31
    let easterDay = (h + l - 7 * m + 114) % 31 + 1
    let easter = LocalDate(year: year, month: easterMonth, day: easterDay)!

    func firstMonday(month: Int) -> LocalDate {
        let first = LocalDate(year: year, month: month, day: 1)!
        return first.adding(days: (8 - first.isoWeekday) % 7)
    }
    func lastMonday(month: Int) -> LocalDate {
        let last = LocalDate(year: year, month: month, day: LocalDate.daysIn(month: month, year: year))!
        return last.adding(days: -((last.isoWeekday + 6) % 7))
    }

    var holidays: Set<LocalDate> = [
        easter.adding(days: -2),
        easter.adding(days: 1),
        firstMonday(month: 5),
        lastMonday(month: 5),
        lastMonday(month: 8),
    ]
    // New Year's Day, Christmas Day and Boxing Day move to the next weekday not already taken.
    for fixed in [LocalDate(year: year, month: 1, day: 1)!, LocalDate(year: year, month: 12, day: 25)!,
                  LocalDate(year: year, month: 12, day: 26)!] {
        var date = fixed
        while date.isWeekend || holidays.contains(date) { date = date.adding(days: 1) }
        holidays.insert(date)
    }
    return holidays
}

/// The one-off changes to the rules: (removed, added) per year.
private let irregularYears: [Int: (removed: [String], added: [String])] = [
    2020: (["2020-05-04"], ["2020-05-08"]),                              // VE Day
    2022: (["2022-05-30"], ["2022-06-02", "2022-06-03", "2022-09-19"]),  // Jubilee; funeral
    2023: ([], ["2023-05-08"]),                                          // coronation
]

@Suite("WorkingCalendar")
struct WorkingCalendarTests {
    let calendar = WorkingCalendar.englandAndWales

    @Test("the table matches the rules for every regular year",
          arguments: Array(WorkingCalendar.englandAndWalesCoveredYears).filter { irregularYears[$0] == nil })
    func tableMatchesRules(year: Int) {
        let table = Set(WorkingCalendar.englandAndWalesBankHolidays.filter { $0.year == year })
        #expect(table == ruleBasedHolidays(year: year))
    }

    @Test("irregular years are the rules plus their listed one-off changes",
          arguments: irregularYears.keys.sorted())
    func irregularYearsMatch(year: Int) throws {
        let change = try #require(irregularYears[year])
        var expected = ruleBasedHolidays(year: year)
        for removed in change.removed { #expect(expected.remove(isoDate(removed)) != nil) }
        for added in change.added { expected.insert(isoDate(added)) }
        let table = Set(WorkingCalendar.englandAndWalesBankHolidays.filter { $0.year == year })
        #expect(table == expected)
    }

    @Test("the table is sorted, free of duplicates and weekends, and covers every year")
    func tableShape() {
        let table = WorkingCalendar.englandAndWalesBankHolidays
        #expect(table == table.sorted())
        #expect(Set(table).count == table.count)
        #expect(table.allSatisfy { !$0.isWeekend })
        #expect(Set(table.map(\.year)) == Set(WorkingCalendar.englandAndWalesCoveredYears))
    }

    @Test("5 working days", arguments: [
        // Christmas 2024: 23, 24, (25, 26), 27, 30, 31.
        ("2024-12-20", "2024-12-31"),
        // Christmas 2025 (Thu, Fri) and New Year 2026 (Thu): 22, 23, 24, (25, 26), 29, 30.
        ("2025-12-19", "2025-12-30"),
        ("2025-12-24", "2026-01-05"),
        // Easter 2024: Good Friday 29 March, Easter Monday 1 April.
        ("2024-03-27", "2024-04-05"),
        ("2024-03-28", "2024-04-08"),
        // Easter 2025: Good Friday 18 April, Easter Monday 21 April.
        ("2025-04-16", "2025-04-25"),
        ("2025-04-17", "2025-04-28"),
        // A plain Friday start.
        ("2024-06-07", "2024-06-14"),
        // A start on a holiday (Good Friday 2024) counts from the next working day.
        ("2024-03-29", "2024-04-08"),
        // Weekend starts.
        ("2024-06-08", "2024-06-14"),
        ("2024-06-09", "2024-06-14"),
        // The irregular 2022 Jubilee holidays.
        ("2022-05-31", "2022-06-09"),
    ])
    func fiveWorkingDays(start: String, expected: String) {
        let result = calendar.addingWorkingDays(5, to: isoDate(start))
        #expect(result == isoDate(expected))
        #expect(calendar.workingDays(from: isoDate(start), to: result) == 5)
    }

    @Test("isWorkingDay")
    func isWorkingDay() {
        #expect(calendar.isWorkingDay(isoDate("2024-12-24")))
        #expect(!calendar.isWorkingDay(isoDate("2024-12-25")))
        #expect(!calendar.isWorkingDay(isoDate("2024-12-28")))   // Saturday
        #expect(!calendar.isWorkingDay(isoDate("2022-09-19")))   // Queen's funeral
        #expect(!calendar.isWorkingDay(isoDate("2023-05-08")))   // coronation
        #expect(calendar.isWorkingDay(isoDate("2020-05-04")))    // May Day moved to VE Day
        #expect(!calendar.isWorkingDay(isoDate("2020-05-08")))
        #expect(calendar.isWorkingDay(isoDate("2022-05-30")))    // spring holiday moved to June
    }

    @Test("working days between dates: start excluded, end included, negative when reversed")
    func workingDaysBetween() {
        #expect(calendar.workingDays(from: isoDate("2024-06-07"), to: isoDate("2024-06-10")) == 1)  // Fri to Mon
        #expect(calendar.workingDays(from: isoDate("2024-06-10"), to: isoDate("2024-06-10")) == 0)
        #expect(calendar.workingDays(from: isoDate("2024-06-10"), to: isoDate("2024-06-07")) == -1)
        #expect(calendar.workingDays(from: isoDate("2024-06-08"), to: isoDate("2024-06-09")) == 0)  // weekend
        #expect(calendar.workingDays(from: isoDate("2024-01-01"), to: isoDate("2024-12-31")) == 254)
        #expect(calendar.workingDays(from: isoDate("2023-12-31"), to: isoDate("2024-12-31")) == 254)
    }

    @Test("counting by formula agrees with counting day by day, and adding inverts counting")
    func formulaAgreesWithWalk() {
        let start = isoDate("2019-11-01")
        for offset in stride(from: 0, through: 120, by: 7) {
            let from = start.adding(days: offset)
            var walked = 0
            var date = from
            for _ in 0..<400 {
                date = date.adding(days: 1)
                if calendar.isWorkingDay(date) { walked += 1 }
                #expect(calendar.workingDays(from: from, to: date) == walked)
                #expect(calendar.workingDays(from: date, to: from) == -walked)
            }
        }
        for n in 0...300 {
            for from in [isoDate("2024-12-20"), isoDate("2024-12-21"), isoDate("2022-06-01")] {
                let result = calendar.addingWorkingDays(n, to: from)
                #expect(calendar.workingDays(from: from, to: result) == n)
                if n > 0 { #expect(calendar.isWorkingDay(result)) }
            }
        }
    }

    @Test("negative working days count backwards")
    func backwards() {
        #expect(calendar.addingWorkingDays(-1, to: isoDate("2024-12-27")) == isoDate("2024-12-24"))
        #expect(calendar.addingWorkingDays(-1, to: isoDate("2024-06-08")) == isoDate("2024-06-07"))
        #expect(calendar.addingWorkingDays(-5, to: isoDate("2024-04-02")) == isoDate("2024-03-22"))
        #expect(calendar.addingWorkingDays(-100, to: isoDate("2025-01-01")) ==
                (0..<100).reduce(isoDate("2025-01-01")) { date, _ in calendar.addingWorkingDays(-1, to: date) })
        #expect(calendar.addingWorkingDays(0, to: isoDate("2024-12-25")) == isoDate("2024-12-25"))
    }

    @Test("extra holidays extend the calendar")
    func extraHolidays() {
        let extended = WorkingCalendar(extraHolidays: [isoDate("2024-12-27"), isoDate("2031-01-01")])
        #expect(!extended.isWorkingDay(isoDate("2024-12-27")))
        #expect(!extended.isWorkingDay(isoDate("2024-12-25")))
        #expect(extended.addingWorkingDays(5, to: isoDate("2024-12-20")) == isoDate("2025-01-02"))
        #expect(!extended.isWorkingDay(isoDate("2031-01-01")))
        #expect(calendar.isWorkingDay(isoDate("2031-01-01")))
        let bare = WorkingCalendar(holidays: [])
        #expect(bare.addingWorkingDays(5, to: isoDate("2024-12-20")) == isoDate("2024-12-27"))
    }

    @Test("holiday file: dates, comments, blank lines")
    func holidayFile() throws {
        let path = FileManager.default.temporaryDirectory
            .appendingPathComponent("holidays-\(UUID().uuidString).txt").path
        try "# Authority closure days\n\n2024-12-27  # between Christmas and New Year\r\n  2031-01-01\n".write(
            toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let dates = try WorkingCalendar.loadHolidayFile(at: path)
        #expect(dates == [isoDate("2024-12-27"), isoDate("2031-01-01")])
    }

    @Test("holiday file: a bad line is reported with its number")
    func holidayFileBadLine() {
        let text = "# closures\n2024-12-27\n27/12/2024\n"
        #expect {
            _ = try WorkingCalendar.parseHolidayFile(text, path: "holidays.txt")
        } throws: { error in
            guard let error = error as? HolidayFileError else { return false }
            return error.line == 3 && error.text == "27/12/2024"
                && error.description.hasPrefix("holidays.txt:3: \"27/12/2024\": expected one date as yyyy-MM-dd")
        }
        #expect(throws: HolidayFileError.self) { _ = try WorkingCalendar.parseHolidayFile("2024-02-30\n") }
    }

    @Test("holiday file: a missing file names the path")
    func holidayFileMissing() {
        do {
            _ = try WorkingCalendar.loadHolidayFile(at: "/nonexistent/holidays.txt")
            Issue.record("expected an error")
        } catch {
            #expect(error.path == "/nonexistent/holidays.txt")
            #expect(error.line == nil)
        }
    }
}

@Suite("Deadline")
struct DeadlineTests {
    @Test("working-day deadlines end at the end of the London day", arguments: [
        // Friday 20 December 2024, afternoon: 5th working day is Tuesday 31 December (GMT).
        ("2024-12-20T15:00:00Z", 5, "2024-12-31T23:59:59.999Z"),
        // The last millisecond of the Friday still counts from the Friday.
        ("2024-12-20T23:59:59.999Z", 5, "2024-12-31T23:59:59.999Z"),
        // 23:30 UTC on Thursday 6 June 2024 is 00:30 BST on Friday: the London date counts.
        ("2024-06-06T23:30:00Z", 5, "2024-06-14T22:59:59.999Z"),
        // 23:30 UTC on Sunday 31 March 2024 is 00:30 BST on Easter Monday 1 April, a holiday:
        // count from Tuesday 2 April.
        ("2024-03-31T23:30:00Z", 5, "2024-04-08T22:59:59.999Z"),
        // Zero working days: the end of the event's own day.
        ("2024-07-10T09:00:00+01:00", 0, "2024-07-10T22:59:59.999Z"),
    ])
    func workingDays(event: String, n: Int, expected: String) {
        #expect(Deadline.deadline(workingDays: n, after: isoInstant(event)).iso8601 == expected)
    }

    @Test("hour deadlines are elapsed time, across a clock change")
    func hours() {
        let saturdayNoon = isoInstant("2024-03-30T12:00:00Z")
        let due = Deadline.deadline(hours: 24, after: saturdayNoon)
        #expect(due == isoInstant("2024-03-31T12:00:00Z"))
        #expect(LondonTime.localDateTime(of: due).hour == 13)
    }

    @Test("week deadlines are calendar weeks to the end of the London day")
    func weeks() {
        #expect(Deadline.deadline(weeks: 4, after: isoInstant("2024-04-03T10:00:00+01:00")).iso8601 == "2024-05-01T22:59:59.999Z")
        #expect(Deadline.deadline(weeks: 6, after: isoInstant("2024-10-02T10:00:00+01:00")).iso8601 == "2024-11-13T23:59:59.999Z")
    }

    @Test("a custom calendar is honoured")
    func customCalendar() {
        let extended = WorkingCalendar(extraHolidays: [LocalDate(year: 2024, month: 12, day: 27)!])
        #expect(Deadline.deadline(workingDays: 5, after: isoInstant("2024-12-20T15:00:00Z"), calendar: extended).iso8601
                == "2025-01-02T23:59:59.999Z")
    }
}
