import Foundation
import Testing
@testable import CaseLedger

@Suite("Audit output formats")
struct AuditFormatterTests {
    @Test("CSV cells that a spreadsheet would run are neutralised", arguments: [
        ("=SUM(A1:A9)", "'=SUM(A1:A9)"),
        ("+44 20 7946 0000", "'+44 20 7946 0000"),
        ("-1", "'-1"),
        ("@cmd", "'@cmd"),
        ("\tindented", "'\tindented"),
        ("plain", "plain"),
        ("", ""),
        ("a=b", "a=b"),
    ])
    func neutralised(input: String, expected: String) {
        #expect(CSVTable.field(input) == expected)
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
