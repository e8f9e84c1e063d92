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

@Suite("Audit output formats")
struct AuditFormatterTests {
    @Test("CSV cells that a spreadsheet would run are neutralised", arguments: [
        ("=SUM(A1:A9)", "'=SUM(A1:A9)"),
        ("+44 20 7946 0000", "'+44 20 7946 0000"),
        ("-1", "-1"),
        ("-2.5", "-2.5"),
        ("+3", "+3"),
        ("-x", "'-x"),
        ("-1+1", "'-1+1"),
        ("-", "'-"),
        ("1.", "1."),
        ("\u{1B}[2J", "'\u{1B}[2J"),
        ("@cmd", "'@cmd"),
        ("\tindented", "'\tindented"),
        ("plain", "plain"),
        ("", ""),
        ("a=b", "a=b"),
    ])
    func neutralised(input: String, expected: String) {
        #expect(CSVTable.field(input) == expected)
    }

    @Test("--excel: a byte-order mark, and instant cells as London wall-clock time; other cells unchanged")
    func excel() {
        var table = CSVTable(header: ["at", "note", "count"])
        table.append(["2024-03-14T09:30:00.000Z", "\"2024-07-01T08:00:00.000Z\" quoted", "-1"])
        table.append(["2024-07-01T08:00:00.000Z", "at 2024-07-01T08:00:00.000Z, later", "2"])
        let excel = CSVTable.excel(table.text)
        #expect(excel.hasPrefix("\u{FEFF}at,note,count\r\n"))
        #expect(excel.contains("\r\n2024-03-14 09:30,"), "GMT in March")
        #expect(excel.contains("\r\n2024-07-01 09:00,"), "BST in July")
        #expect(excel.contains("\"at 2024-07-01T08:00:00.000Z, later\""), "an instant inside text is text")
        #expect(excel.contains(",-1\r\n"))
        #expect(excel.components(separatedBy: "\r\n").count == table.text.components(separatedBy: "\r\n").count)
    }

    @Test("CSV fields are quoted per RFC 4180 and rows end in CRLF")
    func quoting() {
        #expect(CSVTable.field("a,b") == "\"a,b\"")
        #expect(CSVTable.field("say \"hi\"") == "\"say \"\"hi\"\"\"")
        #expect(CSVTable.field("two\nlines") == "\"two\nlines\"")
        #expect(CSVTable.field("\rreturn") == "\"'\rreturn\"")
        #expect(CSVTable.field("=1,2") == "\"'=1,2\"")
        var table = CSVTable(header: ["a", "b"])
        table.append(["1", "x,y"])
        #expect(table.text == "a,b\r\n1,\"x,y\"\r\n")
    }

    @Test("JSON is one line with sorted keys; absent optionals are omitted; citations carry hex hashes")
    func json() throws {
        let citation = Citation(sequence: 7, hash: SHA256.hash(Array("x".utf8)))
        let status = TimescaleStatus(timescale: .unallocatedLetter, caseId: "C1", subject: "letter",
                                     startedAt: Instant(millisecondsSinceEpoch: 0),
                                     dueAt: Instant(millisecondsSinceEpoch: 1000), status: .overdue, satisfiedAt: nil,
                                     evidence: [citation])
        let text = AuditFormatter.json(status)
        #expect(!text.contains("\n"))
        #expect(!text.contains("satisfiedAt"))
        #expect(text.hasPrefix(#"{"caseId":"C1","dueAt":"1970-01-01T00:00:01.000Z","evidence":[{"hash":""#))
        #expect(text.contains(#""status":"overdue","subject":"letter","timescale":"UNALLOCATED-LETTER""#))
        let decoded = try JSONDecoder().decode(TimescaleStatus.self, from: Data(text.utf8))
        #expect(decoded == status)
    }

    @Test("times are shown in London time with the zone in force")
    func londonDisplay() {
        #expect(AuditFormatter.london(AuditScenario.instant("2024-07-01T00:30")) == "2024-07-01 00:30:00 BST")
        #expect(AuditFormatter.london(AuditScenario.instant("2024-12-01T09:05")) == "2024-12-01 09:05:00 GMT")
    }
}
