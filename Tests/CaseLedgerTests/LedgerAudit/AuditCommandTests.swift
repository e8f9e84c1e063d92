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

/// The audit subcommands, run as the real `caseledger` binary: each one's happy path, `--help`,
/// and a bad argument (exit 64).
@Suite("caseledger audit commands", .serialized)
struct AuditCommandTests {
    /// A small scenario ledger for one test.
    final class Fixture {
        let directory = TemporaryDirectory("cli")
        var store: String { directory.path + "/events" }

        init() {
            do {
                let scenario = try AuditScenario()
                let at = AuditScenario.instant
                scenario.record(AuditScenario.referral("C1", category: .childInNeed), at: at("2024-03-01T10:00"))
                scenario.record(AuditScenario.decision("C1"), at: at("2024-03-01T11:00"))
                scenario.record(AuditScenario.allocate("C1", to: "W1"), at: at("2024-03-04T11:00"),
                                recordedAt: at("2024-03-20T09:00"))
                scenario.record(AuditScenario.oversight("C1"), at: at("2024-03-20T10:00"))
                scenario.record(AuditScenario.referral("C2", category: .childInNeed), at: at("2024-03-21T10:00"))
                // A note whose text a spreadsheet would run as a formula.
                scenario.record(.caseNoteRecorded(CaseNoteRecorded(caseId: "C2", authorId: "W2", noteKind: nil,
                                                                   text: "=HYPERLINK(\"x\")")), at: at("2024-03-22T10:00"))
                scenario.record(AuditScenario.referral("C3"), at: at("2024-03-22T11:00"))
                scenario.record(AuditScenario.allocate("C3", to: "W2", rationale: "=cmd|' /C calc'!A0"),
                                at: at("2024-03-22T12:00"))
                scenario.ledger.close()
                try FileManager.default.moveItem(atPath: scenario.store, toPath: directory.path + "/events")
            } catch {
                Issue.record("fixture: \(error)")
            }
        }
    }

    let fixture = Fixture()

    private func run(_ arguments: [String]) throws -> ChildProcess.Result {
        try ChildProcess.run("caseledger", arguments + ["--store", fixture.store, "--snapshots", fixture.directory.path + "/snapshots"])
    }

    private func json(_ text: String) throws -> [String: Any] {
        let object = try JSONSerialization.jsonObject(with: Data(text.utf8))
        return try #require(object as? [String: Any])
    }

    @Test("holders: text, json and csv; as known before the backfill there was no holder")
    func holders() throws {
        let text = try run(["holders", "C1", "--as-of", "2024-03-10"])
        #expect(text.status == 0, "\(text.standardError)")
        #expect(text.standardOutput.contains("Primary: W1"))
        let json = try self.json(try run(["holders", "C1", "--as-of", "2024-03-10", "--format", "json"]).standardOutput)
        let primary = try #require(json["primary"] as? [String: Any])
        #expect(primary["workerId"] as? String == "W1")
        let allocation = try #require(primary["allocation"] as? [String: Any])
        #expect(allocation["rationale"] as? String == "capacity and experience")
        #expect((allocation["citation"] as? [String: Any])?["sequence"] as? Int == 8)
        #expect(json["citations"] is [[String: Any]])
        let before = try self.json(try run(["holders", "C1", "--as-of", "2024-03-10", "--as-known", "2024-03-15",
                                            "--format", "json"]).standardOutput)
        #expect(before["primary"] == nil)
        #expect(before["unallocatedSince"] as? String == "2024-03-01T10:00:00.000Z")
        let csv = try run(["holders", "C1", "--format", "csv", "--as-of", "2024-03-10"]).standardOutput
        #expect(csv.hasPrefix("caseId,asOf,asKnown,holding,workerId"))
        #expect(csv.contains("\r\nC1,"))
    }

    @Test("caseload of a worker, a team and all")
    func caseload() throws {
        let worker = try self.json(try run(["caseload", "W1", "--as-of", "2024-03-10", "--format", "json"]).standardOutput)
        let workers = try #require(worker["workers"] as? [[String: Any]])
        #expect(workers.first?["caseCount"] as? Int == 1)
        #expect(worker["scope"] as? String == "worker")
        let team = try run(["caseload", "--team", "T1", "--as-of", "2024-03-25"])
        #expect(team.status == 0)
        #expect(team.standardOutput.contains("Team T1"))
        let all = try run(["caseload", "--all", "--format", "csv", "--as-of", "2024-03-25"])
        #expect(all.status == 0)
        #expect(all.standardOutput.hasPrefix("workerId,teamId,role"))
    }

    @Test("unallocated, trail, breaches and the weekly report answer with exit 0")
    func otherQueries() throws {
        let unallocated = try self.json(try run(["unallocated", "--team", "T1", "--as-of", "2024-03-25",
                                                 "--format", "json"]).standardOutput)
        let cases = try #require(unallocated["cases"] as? [[String: Any]])
        #expect(cases.map { $0["caseId"] as? String } == ["C2"])
        #expect(cases.first?["workingDays"] as? Int == 2)
        let trail = try run(["trail", "C1", "--format", "json"])
        #expect(trail.status == 0)
        #expect((try self.json(trail.standardOutput)["entries"] as? [Any])?.count == 4)
        // Formula-like text is neutralised in CSV.
        let trailCSV = try run(["trail", "C2", "--format", "csv"]).standardOutput
        #expect(trailCSV.contains("HYPERLINK"))
        let holdersCSV = try run(["holders", "C3", "--format", "csv"]).standardOutput
        #expect(holdersCSV.contains(",'=cmd|' /C calc'!A0,"))
        #expect(!holdersCSV.contains(",=cmd"))
        let breaches = try run(["breaches", "--from", "2024-03-01", "--to", "2024-03-31"])
        #expect(breaches.status == 0, "\(breaches.standardError)")
        #expect(breaches.standardOutput.contains("ALLOCATION-24H"))
        let report = try self.json(try run(["report", "weekly", "--week-of", "2024-03-20", "--format", "json"]).standardOutput)
        #expect(report["weekStart"] as? String == "2024-03-18")
        let weeklyCSV = try run(["report", "weekly", "--week-of", "2024-03-20", "--format", "csv"])
        #expect(weeklyCSV.standardOutput.hasPrefix("weekStart,weekEnd,teamId"))
    }

    @Test("snapshot writes one, and a damaged one is reported on standard error")
    func snapshot() throws {
        let snapshots = TemporaryDirectory("cli-snap")
        let first = try ChildProcess.run("caseledger", ["snapshot", "--store", fixture.store, "--snapshots", snapshots.path,
                                                        "--format", "json"])
        #expect(first.status == 0, "\(first.standardError)")
        let written = try self.json(first.standardOutput)
        // Sorted keys, absent values left out, as in every other JSON answer.
        #expect(first.standardOutput.hasPrefix(#"{"eventsFolded":"#))
        #expect(!first.standardOutput.contains("null"))
        #expect(written["sequence"] as? Int != nil)
        let path = try #require(written["path"] as? String)
        var bytes = try StoreFixtures.bytes(path)
        // Inside the front (spine), which opening checks; blocks are checked when read.
        bytes[SnapshotHeader.byteCount + 20] ^= 0xFF
        try StoreFixtures.write(bytes, to: path)
        let second = try ChildProcess.run("caseledger", ["holders", "C1", "--store", fixture.store,
                                                         "--snapshots", snapshots.path])
        #expect(second.status == 0)
        #expect(second.standardError.contains("corrupt"))
        #expect(second.standardOutput.contains("Holders of case C1"))
    }

    @Test("--help for every audit subcommand", arguments: ["holders", "caseload", "unallocated", "trail", "breaches",
                                                           "report", "snapshot", "generate"])
    func help(command: String) throws {
        let result = try ChildProcess.run("caseledger", [command, "--help"])
        #expect(result.status == 0)
        #expect(result.standardOutput.contains("usage: caseledger \(command)"))
    }

    @Test("bad arguments exit 64 naming the problem", arguments: [
        ["holders"],
        ["holders", "C1", "--format", "xml"],
        ["holders", "C1", "--as-of", "31/02/2024"],
        ["caseload", "W1", "--team", "T1"],
        ["unallocated", "--as-known", "yesterday"],
        ["trail", "C1", "--from", "2024-04-01", "--to", "2024-03-01"],
        ["breaches", "--to", "soon"],
        ["report", "monthly"],
        ["report", "weekly", "--week-of", "2024-13-01"],
        ["snapshot", "--format", "csv"],
        ["generate"],
        ["caseload", "--all", "--snapshot-every", "0"],
    ])
    func badArguments(arguments: [String]) throws {
        let result = try run(arguments)
        #expect(result.status == 64, "\(arguments): \(result.standardError)")
        #expect(result.standardError.contains("caseledger \(arguments[0])"))
    }

    @Test("an unknown case is bad data (exit 65)")
    func unknownCase() throws {
        let result = try run(["holders", "C404"])
        #expect(result.status == 65)
        #expect(result.standardError.contains("no case C404"))
    }

    @Test("generate fills an empty ledger and refuses a non-empty one")
    func generate() throws {
        let directory = TemporaryDirectory("generate")
        let store = directory.path + "/events"
        let first = try ChildProcess.run("caseledger", ["generate", "--events", "500", "--seed", "9", "--store", store])
        #expect(first.status == 0, "\(first.standardError)")
        #expect(first.standardOutput.hasPrefix("generated "))
        let second = try ChildProcess.run("caseledger", ["generate", "--events", "10", "--store", store])
        #expect(second.status == 65)
        #expect(try LedgerVerifier.verify(directory: store).isIntact)
    }
}
