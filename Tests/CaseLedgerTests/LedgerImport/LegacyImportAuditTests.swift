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

/// After an import, `unallocated`, `holders` and `caseload` answer for the imported dates: a
/// team-only involvement is unallocated time in its team, and a case closes in the legacy system
/// when its last involvement ends.
@Suite("Legacy import: audit answers", .serialized)
struct LegacyImportAuditTests {
    typealias Row = ImportFixtures.Row

    /// P1: W1, a two-day gap, then W2 still open. P2: team T2 alone, handed to W3 and back at the
    /// same instants, then nobody after 1 June. P3: only an IRO, which never holds the case.
    static let rows: [Row] = [
        Row(id: "1", person: "P1", worker: "W1", team: "T1", type: "CW", start: "2024-02-01", end: "2024-03-10", reason: ""),
        Row(id: "2", person: "P1", worker: "W2", team: "T1", type: "CW", start: "2024-03-12", end: "1900-01-01", reason: "MANAGE"),
        Row(id: "3", person: "P2", worker: "-1", team: "T2", type: "CW", start: "2024-01-05", end: "2024-02-10", reason: ""),
        Row(id: "4", person: "P2", worker: "W3", team: "T2", type: "CW", start: "2024-02-10", end: "2024-04-01", reason: ""),
        Row(id: "5", person: "P2", worker: "-1", team: "T2", type: "CW", start: "2024-04-01", end: "2024-06-01", reason: ""),
        Row(id: "6", person: "P3", worker: "W6", team: "T1", type: "IRO", start: "2024-01-01", end: "", reason: ""),
    ]

    static func json(_ text: String) throws -> [String: Any] {
        let object = try JSONSerialization.jsonObject(with: Data(text.utf8))
        return try #require(object as? [String: Any], "not a JSON object: \(text)")
    }

    @Test("breaches reports an overlapping imported allocation as JOINT-PRIMARY, citing both allocations; a handover is not one")
    func overlapIsABreach() throws {
        let directory = TemporaryDirectory("legacy-overlap")
        let path = try ImportFixtures.write(ImportFixtures.export(ImportFixtures.rows(holding: "CW"), preset: "ssd"), in: directory)
        let imported = try ChildProcess.run("caseledger", ["import", path, "--preset", "ssd", "--store", directory.store])
        #expect(imported.status == 0, "\(imported.standardError)")
        let result = try ChildProcess.run("caseledger", ["breaches", "--from", "2024-01-01", "--to", "2024-12-31", "--store", directory.store,
                                                         "--snapshots", directory.path + "/snapshots", "--format", "json"])
        #expect(result.status == 0, "\(result.standardError)")
        let breaches = try Self.json(result.standardOutput)["breaches"] as? [[String: Any]] ?? []
        let joint = breaches.filter { $0["ruleId"] as? String == "JOINT-PRIMARY" }
        // P2: W3's zero-length row starts inside W4's row. P1's W1 → W2 handover does not overlap.
        #expect(joint.map { $0["caseId"] as? String } == ["P2"])
        let overlap = try #require(joint.first)
        #expect(overlap["workerId"] as? String == "W3")
        #expect(overlap["kind"] as? String == "finding")
        #expect((overlap["summary"] as? String)?.contains("already has W4 as its primary worker") == true)
        #expect((overlap["evidence"] as? [Any])?.count == 2, "the new allocation and the one it overlaps")
    }

    @Test("the CLI answers unallocated, holders and caseload inside and after the imported periods")
    func endToEnd() throws {
        let directory = TemporaryDirectory("legacy-cli")
        let path = try ImportFixtures.write(ImportFixtures.export(Self.rows, preset: "ssd"), in: directory)
        let store = ["--store", directory.store, "--snapshots", directory.path + "/snapshots"]
        let imported = try ChildProcess.run("caseledger", ["import", path, "--preset", "ssd", "--store", directory.store])
        #expect(imported.status == 0, "\(imported.standardError)")
        func query(_ arguments: [String]) throws -> [String: Any] {
            let result = try ChildProcess.run("caseledger", arguments + store + ["--format", "json"])
            #expect(result.status == 0, "\(arguments): \(result.standardError)")
            // Answers from a snapshot re-read the cited lines: an ended involvement (a fact the
            // timeline dates at its end) must not read as a snapshot that lies.
            #expect(!result.standardError.contains("differs from its line"), "\(arguments): \(result.standardError)")
            return try Self.json(result.standardOutput)
        }
        func unallocated(_ date: String, team: String? = nil) throws -> [String] {
            let answer = try query(["unallocated", "--as-of", date] + (team.map { ["--team", $0] } ?? []))
            return (answer["cases"] as? [[String: Any]] ?? []).compactMap { $0["caseId"] as? String }
        }
        // Team-only periods are unallocated in T2; W3's period in between is not; nothing after 1 June.
        #expect(try unallocated("2024-01-20", team: "T2") == ["P2"])
        #expect(try unallocated("2024-03-01", team: "T2") == [])
        #expect(try unallocated("2024-05-01", team: "T2") == ["P2"])
        #expect(try unallocated("2024-05-01", team: "T1") == [])
        #expect(try unallocated("2024-07-01") == [])
        // P1's two-day gap is closed in the legacy system, not unallocated.
        #expect(try unallocated("2024-03-11") == [])
        let may = try query(["unallocated", "--as-of", "2024-05-01", "--team", "T2"])
        let entry = try #require((may["cases"] as? [[String: Any]])?.first)
        #expect(entry["since"] as? String == "2024-03-31T23:00:00.000Z", "the start of 1 April, London")
        #expect(entry["startedByType"] as? String == "InvolvementRecorded")
        #expect((entry["earlierIntervals"] as? [Any])?.count == 1, "the January team-only period")

        let gap = try query(["holders", "P1", "--as-of", "2024-03-11"])
        #expect(gap["isOpen"] as? Bool == false)
        #expect((gap["closedNote"] as? String)?.contains("no involvement after 2024-03-10") == true)
        let later = try query(["holders", "P1", "--as-of", "2025-06-01"])
        #expect(later["isOpen"] as? Bool == true)
        #expect((later["primary"] as? [String: Any])?["workerId"] as? String == "W2")
        let teamOnly = try query(["holders", "P2", "--as-of", "2024-01-20"])
        #expect(teamOnly["isOpen"] as? Bool == true && teamOnly["teamId"] as? String == "T2")
        #expect(teamOnly["primary"] == nil && teamOnly["unallocatedSince"] != nil)
        for caseId in ["P1", "P2"] {
            let trail = try query(["trail", caseId])
            #expect(!((trail["entries"] as? [Any]) ?? []).isEmpty, "\(caseId)")
            let audit = try query(["audit", caseId, "--as-of", "2025-06-01"])
            #expect(audit["caseId"] as? String == caseId)
        }
        let closed = try query(["holders", "P2", "--as-of", "2024-07-01"])
        #expect(closed["isOpen"] as? Bool == false && closed["closedNote"] != nil)
        let iro = try query(["holders", "P3", "--as-of", "2024-07-01"])
        #expect(iro["isOpen"] as? Bool == false && iro["closedNote"] == nil)

        func caseCount(_ worker: String, _ date: String) throws -> Int? {
            let answer = try query(["caseload", worker, "--as-of", date])
            return (answer["workers"] as? [[String: Any]])?.first?["caseCount"] as? Int
        }
        #expect(try caseCount("W3", "2024-03-01") == 1)
        #expect(try caseCount("W3", "2024-05-01") == 0)
        #expect(try caseCount("W2", "2025-06-01") == 1)
        func teamUnallocated(_ date: String) throws -> Int? {
            let answer = try query(["caseload", "--team", "T2", "--as-of", date])
            return (answer["teams"] as? [[String: Any]])?.first?["unallocatedCount"] as? Int
        }
        #expect(try teamUnallocated("2024-05-01") == 1)
        #expect(try teamUnallocated("2024-07-01") == 0)
    }

    @Test("a projection snapshot of format 1 is reported, ignored and rebuilt with the team-only periods")
    func formatOneSnapshotRebuilt() throws {
        let directory = TemporaryDirectory("legacy-snapshot")
        let snapshots = directory.path + "/snapshots"
        let path = try ImportFixtures.write(ImportFixtures.export(Self.rows, preset: "ssd"), in: directory)
        _ = try ImportFixtures.run(try ImportFixtures.request(path, preset: "ssd", store: directory.store))
        let options = AuditLedger.Options(snapshotDirectory: snapshots, snapshotInterval: 10_000,
                                          clock: ManualClock(AuditScenario.instant("2030-01-01T00:00:00Z")))
        let original = try AuditLedger(storeDirectory: directory.store, options: options)
        let time = original.queryTime(asOf: ImportFixtures.date("2024-01-20"))
        let before = try original.holders(caseId: "P2", at: time)
        #expect(before.isOpen && before.unallocatedSince != nil && before.teamId == "T2")
        let entry = try #require(original.openReport.snapshotWritten)
        var bytes = try StoreFixtures.bytes(entry.path)
        #expect(Array(bytes[8..<12]) == [4, 0, 0, 0], "format version 4, little-endian, after the signature")
        bytes.replaceSubrange(8..<12, with: [1, 0, 0, 0])
        try StoreFixtures.write(bytes, to: entry.path)

        let reopened = try AuditLedger(storeDirectory: directory.store, options: options)
        let problem = try #require(reopened.openReport.problems.first)
        #expect(problem.code == "format-version")
        #expect(reopened.openReport.snapshotUsed == nil)
        #expect(reopened.state.canonicalDigest == original.state.canonicalDigest)
        #expect(try reopened.holders(caseId: "P2", at: time) == before)
        let third = try AuditLedger(storeDirectory: directory.store, options: options)
        #expect(third.openReport.problems.isEmpty)
        #expect(third.openReport.snapshotUsed != nil)
        #expect(try third.holders(caseId: "P2", at: time) == before)
    }
}
