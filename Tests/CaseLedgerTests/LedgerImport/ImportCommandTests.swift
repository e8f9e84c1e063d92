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

/// `caseledger import`, run as the built binary.
@Suite("caseledger import (CLI)", .serialized)
struct ImportCommandTests {
    static func export(in directory: TemporaryDirectory, rows: [ImportFixtures.Row]? = nil, name: String = "export.csv") throws -> String {
        try ImportFixtures.write(ImportFixtures.export(rows ?? ImportFixtures.rows(holding: "CW"), preset: "ssd"), in: directory, name: name)
    }

    @Test("happy path: imports, prints the summary, and a second run appends nothing")
    func happyPath() throws {
        let directory = TemporaryDirectory("cli-import")
        let path = try Self.export(in: directory)
        let result = try ChildProcess.run("caseledger", ["import", path, "--preset", "ssd", "--store", directory.store])
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardOutput.contains("rows read: 9"))
        #expect(result.standardOutput.contains("appended sequences 1–"))
        #expect(result.standardOutput.contains("overlapping-allocation: 1"))
        #expect(try LedgerVerifier.verify(directory: directory.store).isIntact)
        let before = try ImportFixtures.storeBytes(directory.store)
        let again = try ChildProcess.run("caseledger", ["import", path, "--preset", "ssd", "--store", directory.store, "--format", "json"])
        #expect(again.status == 0)
        #expect(again.standardOutput.contains(#""status":"already-imported""#))
        #expect(try ImportFixtures.storeBytes(directory.store) == before)
    }

    @Test("--help describes the command")
    func help() throws {
        let result = try ChildProcess.run("caseledger", ["import", "--help"])
        #expect(result.status == 0)
        for word in ["--preset", "--mapping", "--dry-run", "--report", "import:<batch>:<line>"] {
            #expect(result.standardOutput.contains(word), "help lacks \(word)")
        }
        #expect(try ChildProcess.run("caseledger", ["--help"]).standardOutput.contains("import"))
    }

    @Test("bad arguments exit 64 with a message naming the problem", arguments: [
        (["import"], "missing argument FILE"),
        (["import", "EXPORT", "--preset", "eclipse"], "unknown preset"),
        (["import", "EXPORT"], "--preset"),
        (["import", "EXPORT", "--preset", "ssd", "--mapping", "m.json"], "not both"),
        (["import", "EXPORT", "--preset", "ssd", "--frobnicate"], "unknown option --frobnicate"),
        (["import", "/nonexistent/file.csv", "--preset", "ssd"], "does not exist"),
    ])
    func badArguments(arguments: [String], message: String) throws {
        let directory = TemporaryDirectory("cli-usage")
        let path = try Self.export(in: directory)
        let result = try ChildProcess.run("caseledger", arguments.map { $0 == "EXPORT" ? path : $0 } + ["--store", directory.store])
        #expect(result.status == 64, "\(result.standardError)")
        #expect(result.standardError.contains(message), "\(result.standardError)")
        #expect(!FileManager.default.fileExists(atPath: directory.store))
    }

    @Test("a malformed file exits 65, leaves the log unchanged, and the report names each bad row")
    func malformedFile() throws {
        let directory = TemporaryDirectory("cli-malformed")
        let good = try Self.export(in: directory)
        #expect(try ChildProcess.run("caseledger", ["import", good, "--preset", "ssd", "--store", directory.store]).status == 0)
        let before = try ImportFixtures.storeBytes(directory.store)
        var rows = ImportFixtures.rows(holding: "CW")
        rows[1].start = "2024-02-30"
        rows[3].id = "1"  // repeats row 1's id
        let bad = try Self.export(in: directory, rows: rows, name: "bad.csv")
        let report = directory.path + "/report.csv"
        let result = try ChildProcess.run("caseledger", ["import", bad, "--preset", "ssd", "--store", directory.store, "--report", report])
        #expect(result.status == 65, "\(result.standardError)")
        #expect(result.standardError.contains("refused"), "\(result.standardError)")
        #expect(!result.standardOutput.contains("refused"), "a refusal belongs on standard error")
        #expect(try ImportFixtures.storeBytes(directory.store) == before)
        let lines = try CSVReader.records(in: String(decoding: try StoreFixtures.bytes(report), as: UTF8.self))
        #expect(lines.first == ImportSummary.reportColumns)
        let rejected = lines.filter { $0.count == 6 && $0[2] == "rejected" }
        // Both rows sharing id 1 are rejected, each naming the other's line.
        try #require(rejected.map { $0[0] } == ["2", "3", "5"], "\(rejected)")
        #expect(rejected[0][3] == "duplicate-involvement-id" && rejected[0][5].contains("line 5"))
        #expect(rejected[1][3] == "unreadable-date" && rejected[1][4] == "invo_involvement_start_date")
        #expect(rejected[2][3] == "duplicate-involvement-id" && rejected[2][5].contains("line 2"))
    }

    @Test("--dry-run appends nothing; --report lists every flagged row")
    func dryRunAndReport() throws {
        let directory = TemporaryDirectory("cli-dry")
        let path = try Self.export(in: directory)
        let report = directory.path + "/flags.csv"
        let result = try ChildProcess.run("caseledger", ["import", path, "--preset", "ssd", "--store", directory.store, "--dry-run", "--report", report])
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardOutput.contains("dry run: nothing appended"))
        #expect(result.standardOutput.contains("events to append:"))
        #expect(!FileManager.default.fileExists(atPath: directory.store))
        let lines = try CSVReader.records(in: String(decoding: try StoreFixtures.bytes(report), as: UTF8.self))
        let kinds = Set(lines.dropFirst().map { $0[3] })
        #expect(kinds.isSuperset(of: ["team-only-involvement", "no-team", "open-end-marker", "zero-length", "overlapping-allocation"]))
        #expect(lines.dropFirst().allSatisfy { $0[2] == "anomaly" && Int($0[0]) != nil })
    }
}
