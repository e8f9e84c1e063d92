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

/// Issue 17 item 6: stored text reaches a spreadsheet, a terminal or a browser inert.
@Suite("Inert output", .serialized)
struct InertOutputTests {
    static let formulas = ["=1+1", "+cmd|' /C calc'!A0", "-2+3", "@SUM(A1)", "\tx", "\r=1+1"]

    @Test("the import report CSV neutralises formula cells exactly as the query CSVs do (one writer)")
    func importReportNeutralised() throws {
        var summary = ImportSummary()
        for (index, formula) in Self.formulas.enumerated() {
            summary.issues.append(ImportRowIssue(lineNumber: index + 2, involvementId: formula, problem: .rejected(.missingValue),
                                                 field: "person_id", detail: formula))
        }
        let records = try CSVReader.records(in: String(decoding: summary.reportCSV(), as: UTF8.self))
        #expect(records.count == Self.formulas.count + 1)
        for (record, formula) in zip(records.dropFirst(), Self.formulas) {
            #expect(record[1] == "'" + formula, "\(record)")
            #expect(record[1].hasPrefix("'"), "a formula cell stayed live: \(record[1].debugDescription)")
            #expect(record[5].hasPrefix("'"), "a formula cell stayed live: \(record[5].debugDescription)")
        }
    }

    @Test("the import report leaves genuine numbers as numbers, as the query CSVs do", arguments: ["-1", "+2.5", "-0.75", "42"])
    func importReportKeepsNumbers(number: String) throws {
        var summary = ImportSummary()
        summary.issues.append(ImportRowIssue(lineNumber: 7, involvementId: number, problem: .rejected(.missingValue),
                                             field: "person_id", detail: number + "x"))
        let records = try CSVReader.records(in: String(decoding: summary.reportCSV(), as: UTF8.self))
        let row = try #require(records.dropFirst().first)
        #expect(row[0] == "7")
        #expect(row[1] == number, "a number was neutralised: \(row[1].debugDescription)")
        // Text that merely starts like a number is still a formula to a spreadsheet.
        let signed = number.hasPrefix("-") || number.hasPrefix("+")
        #expect(row[5] == (signed ? "'" : "") + number + "x", "\(row[5].debugDescription)")
        #expect(row[1] == CSVTable.field(number))
    }

    @Test("a formula in a legacy export comes out neutralised in import --report (real binary)")
    func importReportFromExport() throws {
        let directory = TemporaryDirectory("inert-import")
        var rows = ImportFixtures.rows(holding: "CW")
        rows[0].id = "=1+1"
        rows[0].start = "not a date"
        let export = try ImportFixtures.write(ImportFixtures.export(rows, preset: "ssd"), in: directory)
        let report = directory.path + "/rows.csv"
        let result = try ChildProcess.run("caseledger", ["import", export, "--preset", "ssd", "--dry-run", "--report", report,
                                                         "--store", directory.store])
        #expect(result.status == 65 || result.status == 0, "\(result.standardError)")
        let text = String(decoding: try StoreFixtures.bytes(report), as: UTF8.self)
        #expect(text.contains("'=1+1"), "\(text)")
        #expect(!text.contains("\n=1+1") && !text.contains(",=1+1"), "\(text)")
    }

    @Test("trail and audit text print a note's escape sequences and carriage returns as \\u001b text")
    func terminalOutput() throws {
        let directory = try HardeningFixtures.makeStore("inert-terminal")
        for arguments in [["trail", "C1"], ["audit", "C1"], ["audit", "C1", "--format", "json"], ["trail", "C1", "--format", "json"]] {
            let result = try HardeningFixtures.run(directory, arguments + ["--as-of", "2024-03-10"])
            #expect(result.status == 0, "\(arguments): \(result.standardError)")
            let bytes = Array(result.standardOutput.utf8)
            #expect(!bytes.contains(0x1B), "\(arguments): raw ESC reached the terminal")
            #expect(!bytes.contains(0x0D), "\(arguments): raw CR reached the terminal")
            #expect(!result.standardOutput.unicodeScalars.contains { $0.value >= 0x80 && $0.value <= 0x9F }, "\(arguments): raw C1")
            #expect(result.standardOutput.contains(#"\u001b[2J"#), "\(arguments): \(result.standardOutput)")
            if arguments.count == 2 {
                // The note's own line feed cannot start a line that looks like the tool's.
                #expect(!result.standardOutput.contains("\nsecond line"), "\(arguments)")
                #expect(!result.standardOutput.split(separator: "\n").contains { $0.hasPrefix("Primary: W666") })
            }
        }
        // JSON output keeps its meaning: the escaped note decodes to the stored text.
        let json = try HardeningFixtures.run(directory, ["trail", "C1", "--format", "json", "--as-of", "2024-03-10"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.standardOutput.utf8)) as? [String: Any])
        let entries = try #require(object["entries"] as? [[String: Any]])
        let data = try #require(entries.last?["data"] as? [String: Any])
        #expect(data["text"] as? String == "ok\u{1b}[2J\rPrimary: W666 (forged)\nsecond line\u{9b}")
    }

    @Test("HTML escapes markup and shows control characters as text")
    func html() {
        let escaped = CaseAuditReport.escape("<script>\u{1b}[2J\r\u{9b}</script>'\"&")
        #expect(!escaped.contains("<") && !escaped.contains(">"))
        #expect(!escaped.unicodeScalars.contains { TerminalText.isControl($0) })
        #expect(escaped.contains(#"\u001b[2J"#))
        #expect(escaped.contains("&#39;&quot;&amp;"))
    }

    @Test("TerminalText escapes C0, DEL and C1, keeping line feeds only for whole output")
    func terminalText() {
        #expect(TerminalText.inline("a\u{1b}b\nc\td\u{7f}\u{85}") == #"a\u001bb\u000ac\u0009d\u007f\u0085"#)
        #expect(TerminalText.output("a\u{1b}b\nc\td\r") == "a\\u001bb\nc\td\\u000d")
        #expect(TerminalText.output("Zoë ✓ plain") == "Zoë ✓ plain")
    }
}
