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

/// `cases`, `workers`, `teams`, `find`, and "did you mean" for a near-miss id.
@Suite("finding cases, workers and teams", .serialized)
struct FindingThingsTests {
    @Test("cases: every case with family, team, status; filters by family, status, worker and statutory")
    func cases() throws {
        let directory = try ManagerViewFixture.makeStore("find-cases")
        let all = try ManagerViewFixture.run(directory, ["cases", "--as-of", "2024-03-14"])
        #expect(all.status == 0, "\(all.standardError)")
        for id in ["C01239", "C2", "C3", "C4"] { #expect(all.standardOutput.contains(id)) }
        #expect(all.standardOutput.contains("4 cases"))
        let family = try ManagerViewFixture.run(directory, ["cases", "--family", "F1", "--as-of", "2024-03-14", "--format", "json"])
        let familyIds = try #require((try ManagerViewFixture.json(family.standardOutput)["cases"] as? [[String: Any]])?.compactMap { $0["caseId"] as? String })
        #expect(familyIds == ["C01239", "C2"])
        let waiting = try ManagerViewFixture.run(directory, ["cases", "--status", "unallocated", "--as-of", "2024-03-14", "--format", "csv"])
        let rows = waiting.standardOutput.split(separator: "\r\n")
        #expect(rows.first?.hasPrefix("caseId,familyId,teamId") == true)
        #expect(rows.dropFirst().map { $0.split(separator: ",").first.map(String.init) ?? "" }.sorted() == ["C2", "C3"])
        let held = try ManagerViewFixture.run(directory, ["cases", "--worker", "W1", "--as-of", "2024-03-14"])
        #expect(held.standardOutput.contains("C01239") && !held.standardOutput.contains("C2 "))
        let statutory = try ManagerViewFixture.run(directory, ["cases", "--statutory", "--as-of", "2024-03-14", "--format", "json"])
        let statutoryIds = (try ManagerViewFixture.json(statutory.standardOutput)["cases"] as? [[String: Any]])?.compactMap { $0["caseId"] as? String }
        #expect(statutoryIds == ["C3"])
        let closed = try ManagerViewFixture.run(directory, ["cases", "--status", "closed", "--as-of", "2024-03-14"])
        #expect(closed.standardOutput.contains("C4") && closed.standardOutput.contains("closed 8 Mar 2024"))
        let badStatus = try ManagerViewFixture.run(directory, ["cases", "--status", "waiting"])
        #expect(badStatus.status == 64 && badStatus.standardError.contains("--status must be open, closed or unallocated"))
    }

    @Test("workers and teams: one line each with the caseload headline")
    func workersAndTeams() throws {
        let directory = try ManagerViewFixture.makeStore("find-workers")
        let workers = try ManagerViewFixture.run(directory, ["workers", "--team", "T1", "--as-of", "2024-03-14", "--format", "json"])
        #expect(workers.status == 0, "\(workers.standardError)")
        let listed = try #require(try ManagerViewFixture.json(workers.standardOutput)["workers"] as? [[String: Any]])
        let w1 = try #require(listed.first { $0["workerId"] as? String == "W1" })
        #expect(w1["caseCount"] as? Int == 1)
        let agency = try ManagerViewFixture.run(directory, ["workers", "--agency", "--as-of", "2024-03-14"])
        #expect(agency.standardOutput.contains("W2") && !agency.standardOutput.contains("W1 "))
        let teams = try ManagerViewFixture.run(directory, ["teams", "--as-of", "2024-03-14"])
        #expect(teams.status == 0)
        #expect(teams.standardOutput.contains("T1") && teams.standardOutput.contains("Duty") && teams.standardOutput.contains("2 unallocated"))
    }

    @Test("a near-miss id: holders, audit and caseload suggest the known id; find resolves it")
    func suggestions() throws {
        let directory = try ManagerViewFixture.makeStore("find-suggest")
        let holders = try ManagerViewFixture.run(directory, ["holders", "c01239", "--as-of", "2024-03-14"])
        #expect(holders.status == 65)
        #expect(holders.standardError.contains("did you mean C01239?"), "\(holders.standardError)")
        let audit = try ManagerViewFixture.run(directory, ["audit", "C1239"])
        #expect(audit.status == 65 && audit.standardError.contains("C01239"), "\(audit.standardError)")
        let worker = try ManagerViewFixture.run(directory, ["caseload", "w1"])
        #expect(worker.status == 65 && worker.standardError.contains("did you mean W1?"))
        let find = try ManagerViewFixture.run(directory, ["find", "c01239", "--as-of", "2024-03-14"])
        #expect(find.status == 0)
        #expect(find.standardOutput.contains("case C01239") && find.standardOutput.contains("caseledger audit C01239"))
        let family = try ManagerViewFixture.run(directory, ["find", "f1", "--as-of", "2024-03-14"])
        #expect(family.standardOutput.contains("family F1: cases C01239, C2"), "\(family.standardOutput)")
        let nothing = try ManagerViewFixture.run(directory, ["find", "ZZZZZZZZ"])
        #expect(nothing.status == 65)
    }

    @Test("closest ids: letter case first, then leading zeros, then up to two edits", arguments: [
        ("c01239", ["C01239", "C01293", "C1239", "C99999"], "C01239"),
        ("C1239", ["C01239", "C99999"], "C01239"),
        ("C01293", ["C01239", "C99999"], "C01239"),
    ])
    func closest(query: String, known: [String], expected: String) {
        #expect(IdentifierSuggestions.closest(to: query, among: known).first == expected)
        #expect(!IdentifierSuggestions.closest(to: query, among: known).contains("C99999"))
    }
}
