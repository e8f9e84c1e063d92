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

private func isoInstant(_ text: String) -> Instant {
    guard let instant = Instant(iso8601: text) else { fatalError("bad test instant \(text)") }
    return instant
}

private func isoDate(_ text: String) -> LocalDate {
    guard let date = LocalDate(iso8601: text) else { fatalError("bad test date \(text)") }
    return date
}

@Suite("LondonTime")
struct LondonTimeTests {
    @Test("BST starts at 01:00 UTC on 31 March 2024")
    func springForward2024() {
        #expect(LondonTime.summerTimeStart(year: 2024) == isoInstant("2024-03-31T01:00:00Z"))
        #expect(LondonTime.offsetMilliseconds(at: isoInstant("2024-03-31T00:59:59.999Z")) == 0)
        #expect(LondonTime.offsetMilliseconds(at: isoInstant("2024-03-31T01:00:00Z")) == 3_600_000)
        // The hour before and after, on the wall clock.
        #expect(LondonTime.localDateTime(of: isoInstant("2024-03-31T00:30:00Z")).description == "2024-03-31T00:30:00.000")
        #expect(LondonTime.localDateTime(of: isoInstant("2024-03-31T01:30:00Z")).description == "2024-03-31T02:30:00.000")
    }

    @Test("BST ends at 01:00 UTC on 27 October 2024")
    func fallBack2024() {
        #expect(LondonTime.summerTimeEnd(year: 2024) == isoInstant("2024-10-27T01:00:00Z"))
        #expect(LondonTime.offsetMilliseconds(at: isoInstant("2024-10-27T00:59:59.999Z")) == 3_600_000)
        #expect(LondonTime.offsetMilliseconds(at: isoInstant("2024-10-27T01:00:00Z")) == 0)
        // Both 00:30Z and 01:30Z read 01:30 on London clocks.
        #expect(LondonTime.localDateTime(of: isoInstant("2024-10-27T00:30:00Z")).description == "2024-10-27T01:30:00.000")
        #expect(LondonTime.localDateTime(of: isoInstant("2024-10-27T01:30:00Z")).description == "2024-10-27T01:30:00.000")
    }

    @Test("wall clock to instant around the clock changes", arguments: [
        // Spring 2024: 00:59 GMT exists, 01:00-01:59 do not (read with GMT), 02:00 is BST.
        ("2024-03-31", 0, 59, "2024-03-31T00:59:00.000Z"),
        ("2024-03-31", 1, 0, "2024-03-31T01:00:00.000Z"),
        ("2024-03-31", 1, 30, "2024-03-31T01:30:00.000Z"),
        ("2024-03-31", 2, 0, "2024-03-31T01:00:00.000Z"),
        ("2024-03-31", 2, 30, "2024-03-31T01:30:00.000Z"),
        ("2024-03-31", 3, 0, "2024-03-31T02:00:00.000Z"),
        // Autumn 2024: 00:30 BST, the repeated 01:00-01:59 takes BST, 02:00 is GMT.
        ("2024-10-27", 0, 30, "2024-10-26T23:30:00.000Z"),
        ("2024-10-27", 1, 0, "2024-10-27T00:00:00.000Z"),
        ("2024-10-27", 1, 30, "2024-10-27T00:30:00.000Z"),
        ("2024-10-27", 1, 59, "2024-10-27T00:59:00.000Z"),
        ("2024-10-27", 2, 0, "2024-10-27T02:00:00.000Z"),
        // Ordinary winter and summer.
        ("2024-01-15", 9, 30, "2024-01-15T09:30:00.000Z"),
        ("2024-07-15", 9, 30, "2024-07-15T08:30:00.000Z"),
    ])
    func wallClock(date: String, hour: Int, minute: Int, expected: String) {
        #expect(LondonTime.instant(date: isoDate(date), hour: hour, minute: minute).iso8601 == expected)
    }

    @Test("a wall-clock reading of an instant maps back to the same instant, except the repeated hour's second pass")
    func roundTrip() {
        var t = isoInstant("2024-01-01T00:00:00Z")
        let end = isoInstant("2025-01-01T00:00:00Z")
        while t < end {
            let local = LondonTime.localDateTime(of: t)
            let back = LondonTime.instant(
                date: local.date, hour: local.hour, minute: local.minute,
                second: local.second, millisecond: local.millisecond)
            if t >= isoInstant("2024-10-27T01:00:00Z") && t < isoInstant("2024-10-27T02:00:00Z") {
                #expect(back == t.adding(hours: -1))
            } else {
                #expect(back == t)
            }
            t = t.adding(milliseconds: 15 * Instant.millisecondsPerMinute)
        }
    }

    @Test("end of day is the last millisecond of the London day, winter and summer")
    func endOfDay() {
        #expect(LondonTime.endOfDay(isoDate("2024-01-15")) == isoInstant("2024-01-15T23:59:59.999Z"))
        #expect(LondonTime.endOfDay(isoDate("2024-07-15")) == isoInstant("2024-07-15T22:59:59.999Z"))
        #expect(LondonTime.startOfDay(isoDate("2024-07-15")) == isoInstant("2024-07-14T23:00:00Z"))
        // The change days are 23 and 25 hours long.
        #expect(LondonTime.endOfDay(isoDate("2024-03-31")) == isoInstant("2024-03-31T22:59:59.999Z"))
        #expect(LondonTime.startOfDay(isoDate("2024-03-31")) == isoInstant("2024-03-31T00:00:00Z"))
        #expect(LondonTime.endOfDay(isoDate("2024-10-27")) == isoInstant("2024-10-27T23:59:59.999Z"))
        #expect(LondonTime.startOfDay(isoDate("2024-10-27")) == isoInstant("2024-10-26T23:00:00Z"))
        // Just after midnight BST is still the previous day in UTC but the same day in London.
        #expect(LondonTime.localDate(of: isoInstant("2024-03-31T23:30:00Z")) == isoDate("2024-04-01"))
        #expect(LondonTime.localDate(of: isoInstant("2024-07-14T23:00:00Z")) == isoDate("2024-07-15"))
        #expect(LondonTime.localDate(of: isoInstant("2024-07-14T22:59:59.999Z")) == isoDate("2024-07-14"))
    }

    @Test("offset agrees with Foundation's Europe/London for every hour", arguments: Array(1996...2035))
    func foundationCrossCheck(year: Int) throws {
        let zone = try #require(TimeZone(identifier: "Europe/London"))
        var t = LondonTime.startOfDay(isoDate("\(year)-01-01"))
        let end = LondonTime.startOfDay(isoDate("\(year + 1)-01-01"))
        var mismatches: [String] = []
        while t < end {
            let date = Date(timeIntervalSince1970: Double(t.millisecondsSinceEpoch) / 1000)
            let expected = Int64(zone.secondsFromGMT(for: date)) * 1000
            if LondonTime.offsetMilliseconds(at: t) != expected { mismatches.append(t.iso8601) }
            t = t.adding(hours: 1)
        }
        #expect(mismatches.isEmpty, "offset differs at \(mismatches.prefix(5))")
    }

    @Test("transition instants agree with Foundation's Europe/London", arguments: Array(1996...2035))
    func foundationTransitions(year: Int) throws {
        let zone = try #require(TimeZone(identifier: "Europe/London"))
        let newYear = Date(timeIntervalSince1970: Double(isoDate("\(year)-01-01").startOfDayUTC.millisecondsSinceEpoch) / 1000)
        let first = try #require(zone.nextDaylightSavingTimeTransition(after: newYear))
        let second = try #require(zone.nextDaylightSavingTimeTransition(after: first))
        #expect(Int64(first.timeIntervalSince1970 * 1000) == LondonTime.summerTimeStart(year: year).millisecondsSinceEpoch)
        #expect(Int64(second.timeIntervalSince1970 * 1000) == LondonTime.summerTimeEnd(year: year).millisecondsSinceEpoch)
    }

    @Test("wall clock to instant agrees with Foundation's calendar away from the changes")
    func foundationWallClock() throws {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = try #require(TimeZone(identifier: "Europe/London"))
        var date = isoDate("1996-01-01")
        while date < isoDate("2036-01-01") {
            for hour in [0, 9, 17, 23] {
                let components = DateComponents(year: date.year, month: date.month, day: date.day, hour: hour, minute: 45)
                let foundation = try #require(calendar.date(from: components))
                let ours = LondonTime.instant(date: date, hour: hour, minute: 45)
                #expect(Int64(foundation.timeIntervalSince1970 * 1000) == ours.millisecondsSinceEpoch,
                        "\(date) \(hour):45")
            }
            date = date.adding(days: 5)
        }
    }
}

@Suite("LocalDate")
struct LocalDateTests {
    @Test("every day 1900-2100 round-trips through daysSinceEpoch and follows the calendar")
    func everyDay() throws {
        var expected = try #require(LocalDate(year: 1900, month: 1, day: 1))
        var days = expected.daysSinceEpoch
        #expect(days == -25_567)
        var weekday = 1 // 1900-01-01 was a Monday.
        var failures = 0
        while expected.year <= 2100 {
            let fromDays = LocalDate(daysSinceEpoch: days)
            if fromDays != expected || fromDays.daysSinceEpoch != days || fromDays.isoWeekday != weekday {
                failures += 1
            }
            // Next date by counting, independently of the conversion under test.
            let (y, m, d) = (expected.year, expected.month, expected.day)
            if d < LocalDate.daysIn(month: m, year: y) {
                expected = try #require(LocalDate(year: y, month: m, day: d + 1))
            } else if m < 12 {
                expected = try #require(LocalDate(year: y, month: m + 1, day: 1))
            } else {
                expected = try #require(LocalDate(year: y + 1, month: 1, day: 1))
            }
            days += 1
            weekday = weekday % 7 + 1
        }
        #expect(failures == 0)
        #expect(days == LocalDate(year: 2101, month: 1, day: 1)!.daysSinceEpoch)
    }

    @Test("isoWeekday agrees with Foundation's Calendar on a sample")
    func weekdayAgainstFoundation() {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        var days: Int64 = LocalDate(year: 1900, month: 1, day: 1)!.daysSinceEpoch
        let last = LocalDate(year: 2100, month: 12, day: 31)!.daysSinceEpoch
        while days <= last {
            let date = LocalDate(daysSinceEpoch: days)
            let foundationDate = Date(timeIntervalSince1970: Double(days) * 86_400)
            let components = calendar.dateComponents([.year, .month, .day, .weekday], from: foundationDate)
            // Foundation: Sunday 1 ... Saturday 7.
            let foundationISO = (components.weekday! + 5) % 7 + 1
            #expect(date.isoWeekday == foundationISO, "\(date)")
            #expect(components.year == date.year && components.month == date.month && components.day == date.day, "\(date)")
            days += 13
        }
    }
}
