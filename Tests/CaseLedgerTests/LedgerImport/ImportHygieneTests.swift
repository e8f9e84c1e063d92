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

/// Issue 14 item 7, import hygiene: imports that went quietly wrong, run as the built binary.
@Suite("import hygiene (CLI)", .serialized)
struct ImportHygieneTests {
    /// The fixture rows in `preset`'s layout without the column `dropped` (nil keeps them all).
    static func export(_ rows: [ImportFixtures.Row], preset: String, dropping dropped: String?) throws -> String {
        let full = ImportFixtures.export(rows, preset: preset)
        guard let dropped else { return full }
        let position = try #require(ImportFixtures.header(preset).firstIndex(of: dropped))
        let records = try CSVReader.records(in: String(full.unicodeScalars.drop { $0 == "\u{FEFF}" }))
        var bytes: [UInt8] = []
        for record in records {
            let kept = record.enumerated().filter { $0.offset != position }.map(\.element)
            for (index, field) in kept.enumerated() {
                if index > 0 { bytes.append(UInt8(ascii: ",")) }
                ImportSummary.appendCSVField(field, to: &bytes)
            }
            bytes.append(contentsOf: [0x0D, 0x0A])
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    static func reportRows(_ path: String) throws -> [[String]] {
        try CSVReader.records(in: String(decoding: try StoreFixtures.bytes(path), as: UTF8.self))
    }

    static func run(_ directory: TemporaryDirectory, _ arguments: [String]) throws -> ChildProcess.Result {
        try ChildProcess.run("caseledger", arguments + ["--store", directory.store])
    }

    // MARK: - Columns

    @Test("a missing required column refuses the file, naming the column, on standard error; nothing is written", arguments: [
        ("invo_person_id", "person id"),
        ("invo_professional_id", "worker id"),
        ("invo_involvement_start_date", "start date"),
        ("invo_involvements_id", "involvement id"),
    ])
    func missingRequiredColumn(column: String, field: String) throws {
        let directory = TemporaryDirectory("hygiene-required")
        let path = try ImportFixtures.write(try Self.export(ImportFixtures.rows(holding: "CW"), preset: "ssd", dropping: column), in: directory)
        let result = try Self.run(directory, ["import", path, "--preset", "ssd"])
        #expect(result.status == 65, "\(result.standardError)")
        #expect(result.standardError.contains("lacks the required column \(column)"), "\(result.standardError)")
        #expect(result.standardError.contains("(\(field)), without which no row can be read"), "\(result.standardError)")
        #expect(result.standardError.contains("--mapping"), "says how to read a file with other column names")
        #expect(result.standardOutput.isEmpty, "\(result.standardOutput)")
        #expect(try ImportFixtures.storeBytes(directory.store).isEmpty)
    }

    @Test("a missing optional column is a warning in the summary and a row of the report, saying what was assumed", arguments: [
        ("invo_professional_role_id", "involvement type", "every row is read as type"),
        ("invo_professional_team", "team id", "team \"unknown\""),
        ("invo_involvement_end_date", "end date", "still open"),
        ("invo_worker_change_reason", "change reason", "newReferral"),
        ("invo_referral_id", "referral id", "without their referral"),
    ])
    func missingOptionalColumn(column: String, field: String, assumption: String) throws {
        let directory = TemporaryDirectory("hygiene-optional")
        let path = try ImportFixtures.write(try Self.export(ImportFixtures.rows(holding: "CW"), preset: "ssd", dropping: column), in: directory)
        let report = directory.path + "/report.csv"
        let result = try Self.run(directory, ["import", path, "--preset", "ssd", "--report", report])
        #expect(result.status == 0, "\(result.standardError)")
        let warnings = result.standardOutput.split(separator: "\n").filter { $0.hasPrefix("warning: ") }
        #expect(warnings.count == 1, "\(warnings)")
        #expect(warnings.first?.hasPrefix("warning: no \(field) column (\(column)): ") == true, "\(warnings)")
        #expect(warnings.first?.contains(assumption) == true, "\(warnings)")
        let rows = try Self.reportRows(report)
        let warningRows = rows.filter { $0.count == 6 && $0[2] == "warning" }
        #expect(warningRows.count == 1, "\(rows)")
        #expect(warningRows.first.map { Array($0.prefix(5)) } == ["1", "", "warning", "missing-column", column])
        #expect(warningRows.first?[5].contains(assumption) == true, "\(warningRows)")
    }

    @Test("an export with every column warns of nothing")
    func completeExportNoWarning() throws {
        let directory = TemporaryDirectory("hygiene-complete")
        let path = try ImportFixtures.write(ImportFixtures.export(ImportFixtures.rows(holding: "CW"), preset: "ssd"), in: directory)
        let report = directory.path + "/report.csv"
        let result = try Self.run(directory, ["import", path, "--preset", "ssd", "--report", report])
        #expect(result.status == 0, "\(result.standardError)")
        #expect(!result.standardOutput.contains("warning"), "\(result.standardOutput)")
        #expect(try !Self.reportRows(report).contains { $0.count == 6 && $0[2] == "warning" })
    }

    @Test("the issue's file: a Mosaic export with neither type, end nor reason columns warns of each, and JSON lists them")
    func issueFileWarnsOfEachDefault() throws {
        let directory = TemporaryDirectory("hygiene-issue")
        let path = try ImportFixtures.write("ID,PERSON_ID,WORKER_ID,START_DATE\r\n1,P1,W1,2024-01-05\r\n2,P2,W2,2024-02-01\r\n", in: directory)
        let result = try Self.run(directory, ["import", path, "--preset", "mosaic", "--dry-run", "--format", "json"])
        #expect(result.status == 0, "\(result.standardError)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any])
        let warnings = try #require(object["warnings"] as? [String])
        for column in ["(TEAM_ID or ORGANISATION_ID)", "(TYPE)", "(END_DATE)", "(START_DATE_REASON)"] {
            #expect(warnings.contains { $0.contains(column) }, "\(column) not warned of: \(warnings)")
        }
        #expect(warnings.count == 4, "\(warnings)")
    }

    // MARK: - Duplicate ids

    @Test("two rows with one involvement id are both rejected and both reported; --skip-rejected loads neither")
    func duplicateIdsRejectBothRows() throws {
        let directory = TemporaryDirectory("hygiene-duplicate")
        var rows = Array(ImportFixtures.rows(holding: "CW").prefix(3))
        rows[1].id = "1"
        rows[1].person = "P9"  // line 3 repeats line 2's id, for another person
        rows[0].reason = "ZZZ"  // line 2 is flagged (unknown reason) before line 3 rejects it
        let path = try ImportFixtures.write(ImportFixtures.export(rows, preset: "ssd"), in: directory)
        let report = directory.path + "/report.csv"
        let refused = try Self.run(directory, ["import", path, "--preset", "ssd", "--report", report])
        #expect(refused.status == 65, "\(refused.standardError)")
        #expect(refused.standardError.contains("refused: 2 rows were rejected"), "\(refused.standardError)")
        let duplicates = try Self.reportRows(report).filter { $0.count == 6 && $0[3] == "duplicate-involvement-id" }
        #expect(duplicates.map { $0[0] } == ["2", "3"], "\(duplicates)")
        #expect(duplicates.allSatisfy { $0[1] == "1" && $0[2] == "rejected" && $0[4] == "invo_involvements_id" })
        #expect(duplicates.first?[5].contains("appears again on line 3") == true, "\(duplicates)")
        #expect(duplicates.last?[5].contains("already appears on line 2") == true, "\(duplicates)")
        #expect(try ImportFixtures.storeBytes(directory.store).isEmpty)

        let loadedReport = directory.path + "/loaded-report.csv"
        let loaded = try Self.run(directory, ["import", path, "--preset", "ssd", "--skip-rejected", "--report", loadedReport])
        #expect(loaded.status == 0, "\(loaded.standardError)")
        #expect(loaded.standardOutput.contains("new 1, changed 0, unchanged 0, rejected 2"), "\(loaded.standardOutput)")
        // Line 2's anomaly (its unknown reason) flags nothing loaded: only its rejection is reported.
        let lineTwo = try Self.reportRows(loadedReport).filter { $0.first == "2" }
        #expect(lineTwo.count == 1 && lineTwo.first?[3] == "duplicate-involvement-id", "\(lineTwo)")
        let streams = Set(try ImportFixtures.events(directory.store).map(\.envelope.stream.rawValue))
        #expect(!streams.contains("case/P1") && !streams.contains("case/P9"), "a row with a repeated id was loaded: \(streams)")
        #expect(streams.contains("case/P2"))
    }

    @Test("a row repeating the id of a row rejected for another reason is rejected too")
    func duplicateOfRejectedRow() throws {
        let directory = TemporaryDirectory("hygiene-duplicate-rejected")
        var rows = Array(ImportFixtures.rows(holding: "CW").prefix(3))
        rows[0].start = "2024-02-30"
        rows[2].id = "1"
        let path = try ImportFixtures.write(ImportFixtures.export(rows, preset: "ssd"), in: directory)
        let report = directory.path + "/report.csv"
        let result = try Self.run(directory, ["import", path, "--preset", "ssd", "--skip-rejected", "--report", report])
        #expect(result.status == 0, "\(result.standardError)")
        let rejected = try Self.reportRows(report).filter { $0.count == 6 && $0[2] == "rejected" }
        #expect(rejected.map { [$0[0], $0[3]] } == [["2", "unreadable-date"], ["4", "duplicate-involvement-id"]], "\(rejected)")
    }

    // MARK: - Line endings

    @Test("the same export saved with LF instead of CRLF is unchanged: no retraction, no replacement")
    func lineEndingsCompareEqual() throws {
        let directory = TemporaryDirectory("hygiene-line-endings")
        var rows = Array(ImportFixtures.rows(holding: "CW").prefix(2))
        rows[1].reason = "MANAGE\r\nsee the supervision note"
        let crlf = ImportFixtures.export(rows, preset: "ssd")
        #expect(crlf.utf8.contains(0x0D))
        let first = try Self.run(directory, ["import", try ImportFixtures.write(crlf, in: directory, name: "crlf.csv"), "--preset", "ssd"])
        #expect(first.status == 0, "\(first.standardError)")
        let lf = crlf.replacingOccurrences(of: "\r\n", with: "\n")
        let second = try Self.run(directory, ["import", try ImportFixtures.write(lf, in: directory, name: "lf.csv"), "--preset", "ssd"])
        #expect(second.status == 0, "\(second.standardError)")
        #expect(second.standardOutput.contains("new 0, changed 0, unchanged 2"), "\(second.standardOutput)")
        let events = try ImportFixtures.events(directory.store)
        #expect(!events.contains { $0.envelope.type == "EntryRetracted" })
        // The value is stored as it compares: one line break, whichever way the file wrote it.
        let rationales = events.compactMap { stored -> String? in
            if case .caseAllocated(let allocation) = stored.envelope.event { return allocation.rationale }
            return nil
        }
        #expect(rationales.contains { $0.contains("MANAGE\nsee the supervision note") }, "\(rationales)")
        #expect(!rationales.contains { $0.contains("\r") })
    }

    // MARK: - Corrections name their actor

    @Test("an import that corrects rows is refused without --actor (dry run too), and records the --actor it is given")
    func correctionsRecordTheActor() throws {
        let directory = TemporaryDirectory("hygiene-actor")
        let original = Array(ImportFixtures.rows(holding: "CW").prefix(3))
        let v1 = try ImportFixtures.write(ImportFixtures.export(original, preset: "ssd"), in: directory, name: "v1.csv")
        #expect(try Self.run(directory, ["import", v1, "--preset", "ssd"]).status == 0, "new rows alone need no --actor")
        var later = original
        later[1].end = "2024-05-01"
        let v2 = try ImportFixtures.write(ImportFixtures.export(later, preset: "ssd"), in: directory, name: "v2.csv")
        let before = try ImportFixtures.storeBytes(directory.store)
        for extra in [[], ["--dry-run"]] {
            let refused = try Self.run(directory, ["import", v2, "--preset", "ssd"] + extra)
            #expect(refused.status == 65, "\(extra) \(refused.standardError)")
            #expect(refused.standardError.contains("refused: this export changes 1 row of earlier imports"), "\(refused.standardError)")
            #expect(refused.standardError.contains("--actor ID"), "\(refused.standardError)")
            #expect(refused.standardOutput.contains("changed 1"), "the summary still shows what would change")
            #expect(try ImportFixtures.storeBytes(directory.store) == before)
        }

        let result = try Self.run(directory, ["import", v2, "--preset", "ssd", "--actor", "DO7", "--authorised-by", "TM3"])
        #expect(result.status == 0, "\(result.standardError)")
        let appended = try ImportFixtures.events(directory.store).map(\.envelope).filter { $0.correlationId == "import-" + batchId(result) }
        let retractions = appended.filter { $0.type == "EntryRetracted" }
        #expect(retractions.count == 1)
        for envelope in retractions {
            #expect(envelope.actor.id == "DO7")
            guard case .entryRetracted(let retraction) = envelope.event else { continue }
            #expect(retraction.authorisingManagerId == "TM3")
        }
        #expect(!appended.isEmpty && appended.allSatisfy { $0.actor.id == "DO7" }, "every event of the batch names the real actor")
    }

    func batchId(_ result: ChildProcess.Result) -> String {
        let first = result.standardOutput.split(separator: "\n").first ?? ""
        guard let range = first.range(of: "batch ") else { return "" }
        return String(first[range.upperBound...].prefix(16))
    }

    // MARK: - Refusals and documentation

    @Test("a refusal goes to standard error, the summary to standard output, in text and JSON")
    func refusalOnStandardError() throws {
        let directory = TemporaryDirectory("hygiene-refusal")
        var rows = ImportFixtures.rows(holding: "CW")
        rows[2].start = "not a date"
        let path = try ImportFixtures.write(ImportFixtures.export(rows, preset: "ssd"), in: directory)
        let text = try Self.run(directory, ["import", path, "--preset", "ssd"])
        #expect(text.status == 65)
        #expect(text.standardError.hasPrefix("caseledger import: refused: 1 row was rejected"), "\(text.standardError)")
        #expect(text.standardError.contains("--skip-rejected") && text.standardError.contains("--report"), "\(text.standardError)")
        #expect(text.standardOutput.contains("rows read: 9"), "\(text.standardOutput)")
        #expect(!text.standardOutput.contains("refused"), "\(text.standardOutput)")

        let json = try Self.run(directory, ["import", path, "--preset", "ssd", "--format", "json"])
        #expect(json.status == 65)
        let summary = try #require(try JSONSerialization.jsonObject(with: Data(json.standardOutput.utf8)) as? [String: Any])
        #expect((summary["outcome"] as? [String: Any])?["status"] as? String == "refused")
        let failure = try #require(try JSONSerialization.jsonObject(with: Data(json.standardError.utf8)) as? [String: Any])
        #expect(failure["exitCode"] as? Int == 65)
        #expect((failure["message"] as? String)?.hasPrefix("refused: 1 row was rejected") == true, "\(failure)")
    }

    @Test("the mapping format has its own page, linked from --help and the README, naming every key of a mapping file")
    func mappingPageDocumented() throws {
        let help = try ChildProcess.run("caseledger", ["import", "--help"])
        #expect(help.standardOutput.contains("docs/import-mapping.md"), "\(help.standardOutput)")
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        let readme = try String(contentsOf: root.appendingPathComponent("README.md"), encoding: .utf8)
        #expect(readme.contains("(docs/import-mapping.md)"))
        let page = try String(contentsOf: root.appendingPathComponent("docs/import-mapping.md"), encoding: .utf8)
        for key in ImportMapping.fileKeys.sorted() {
            #expect(page.contains("`\(key)`"), "docs/import-mapping.md does not describe \(key)")
        }
        for field in InvolvementField.allCases {
            #expect(page.contains("`\(field.rawValue)`"), "docs/import-mapping.md does not describe column \(field.rawValue)")
        }
        for label in ImportAnomalyKind.allCases.map(\.rawValue) + ImportRejectionReason.allCases.map(\.rawValue) + [ImportWarning.Kind.missingColumn.rawValue] {
            #expect(page.contains("`\(label)`"), "docs/import-mapping.md does not explain \(label)")
        }
    }
}
