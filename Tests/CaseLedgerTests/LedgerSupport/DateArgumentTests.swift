import Testing
@testable import LedgerSupport
@testable import LedgerStore
@testable import LedgerEvents
@testable import LedgerDomain
@testable import LedgerAudit
@testable import LedgerImport
@testable import LedgerReturns
@testable import LedgerSimulation

@Suite("DateArgument")
struct DateArgumentTests {
    @Test("instants from every accepted form", arguments: [
        // A date alone is the end of that London day.
        ("2024-01-15", "2024-01-15T23:59:59.999Z"),
        ("2024-07-15", "2024-07-15T22:59:59.999Z"),
        ("15/07/2024", "2024-07-15T22:59:59.999Z"),
        ("\t2024-07-15 ", "2024-07-15T22:59:59.999Z"),
        // London wall clock.
        ("2024-07-15T09:30", "2024-07-15T08:30:00.000Z"),
        ("2024-07-15T09:30:15", "2024-07-15T08:30:15.000Z"),
        ("2024-07-15T09:30:15.250", "2024-07-15T08:30:15.250Z"),
        ("2024-07-15T09:30:15.2509", "2024-07-15T08:30:15.250Z"),
        ("2024-07-15 09:30", "2024-07-15T08:30:00.000Z"),
        ("2024-01-15T09:30", "2024-01-15T09:30:00.000Z"),
        // Missing hour in spring reads with GMT; repeated hour in autumn takes BST.
        ("2024-03-31T01:30", "2024-03-31T01:30:00.000Z"),
        ("2024-10-27T01:30", "2024-10-27T00:30:00.000Z"),
        // Exact instants.
        ("2024-07-15T09:30:00Z", "2024-07-15T09:30:00.000Z"),
        ("2024-07-15T09:30Z", "2024-07-15T09:30:00.000Z"),
        ("2024-07-15T09:30:00+01:00", "2024-07-15T08:30:00.000Z"),
        ("2024-01-15T09:30:00.5-05:00", "2024-01-15T14:30:00.500Z"),
    ])
    func instants(text: String, expected: String) throws {
        #expect(try DateArgument.parseInstant(text).iso8601 == expected)
    }

    @Test("dates from both accepted forms", arguments: [
        ("2024-03-14", "2024-03-14"),
        ("14/03/2024", "2024-03-14"),
        ("4/3/2024", "2024-03-04"),
        ("29/02/2024", "2024-02-29"),
        (" 2024-12-25 ", "2024-12-25"),
    ])
    func dates(text: String, expected: String) throws {
        #expect(try DateArgument.parseDate(text).iso8601 == expected)
    }

    @Test("instants refused", arguments: [
        "", "now", "yesterday", "2024-3-14", "2024-13-01", "2024-02-30", "2024-07-15T24:00",
        "2024-07-15T09:60", "2024-07-15T9:30", "2024-07-15T09:30:15.", "2024-07-15T09:30+1",
        "14/03/24", "03/14/2024", "2024-07-15T09:30:00Zjunk", "1710408600000",
    ])
    func refusedInstants(text: String) {
        #expect(throws: TimeParseError.self) { try DateArgument.parseInstant(text) }
    }

    @Test("dates refused", arguments: [
        "", "today", "2024-07-15T09:30", "31/02/2024", "14-03-2024", "2024/03/14", "14/3/24", "123/01/2024",
    ])
    func refusedDates(text: String) {
        #expect(throws: TimeParseError.self) { try DateArgument.parseDate(text) }
    }

    @Test("errors name the text, the problem and the accepted forms")
    func errorMessages() {
        do {
            _ = try DateArgument.parseInstant("2024-02-30")
            Issue.record("expected an error")
        } catch {
            #expect(error.text == "2024-02-30")
            #expect(error.expected == .instant)
            #expect(error.detail == "2024-02 has no day 30")
            #expect(error.message.hasPrefix("cannot read \"2024-02-30\" as a date or time: 2024-02 has no day 30."))
            #expect(error.message.contains("2024-03-14T09:30:15+01:00"))
            #expect(error.message.contains("end of that day, London time"))
        }
        do {
            _ = try DateArgument.parseDate("14/13/2024")
            Issue.record("expected an error")
        } catch {
            #expect(error.expected == .date)
            #expect(error.detail == "there is no month 13")
            #expect(error.description.contains("dd/MM/yyyy"))
        }
        do {
            _ = try DateArgument.parseInstant("now")
            Issue.record("expected an error")
        } catch {
            #expect(error.detail == nil)
            #expect(error.message.hasPrefix("cannot read \"now\" as a date or time. Accepted forms: "))
        }
    }
}
