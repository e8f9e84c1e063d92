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

/// Issue 17, finding 2: a snapshot rewritten with consistent checksums (as `snapshots/README.md`
/// lets anyone do) must not change an answer. Answers that cite an event read its line back from
/// the log; a fact that differs from its line marks the snapshot as lying, and the command line
/// answers again from the log.
@Suite("forged snapshots")
struct ForgedSnapshotCommandTests {
    @Test("a snapshot whose allocation names another worker, checksums recomputed, does not change holders")
    func forgedWorker() throws {
        let directory = TemporaryDirectory("forged")
        let base = ["--store", directory.store]
        let generated = try ChildProcess.run("caseledger", ["generate", "--events", "3000", "--seed", "7"] + base)
        #expect(generated.status == 0, "\(generated.standardError)")
        let opened = try ChildProcess.run("caseledger", ["holders", "C000001"] + base)
        #expect(opened.status == 0, "\(opened.standardError)")

        let clean = try ChildProcess.run("caseledger", ["verify", "--check-snapshots"] + base)
        #expect(clean.status == 0, "\(clean.standardOutput)\(clean.standardError)")
        #expect(clean.standardOutput.contains("matches the log"), "\(clean.standardOutput)")

        let (caseId, original, occurredAt) = try Self.forge(directory)
        let check = try ChildProcess.run("caseledger", ["verify", "--check-snapshots"] + base)
        #expect(check.status == 1, "\(check.standardOutput)\(check.standardError)")
        #expect(check.standardOutput.contains("DIFFERS from the log: its facts differ"), "\(check.standardOutput)")
        let asOf = occurredAt.adding(milliseconds: 60_000).iso8601
        let now = ProcessInfo.processInfo.environment.merging(["CASELEDGER_NOW": "2018-06-01T12:00:00Z"]) { $1 }
        let answer = try ChildProcess.run("caseledger", ["holders", caseId, "--as-of", asOf] + base, environment: now)
        #expect(answer.status == 0, "\(answer.standardError)")
        #expect(!answer.standardOutput.contains("W6666"), "\(answer.standardOutput)")
        #expect(answer.standardOutput.contains(original), "\(answer.standardOutput)")
        #expect(answer.standardError.contains("differs from its line in the log"), "\(answer.standardError)")
        // The forged file was set aside and, once the answer's rebuild replaced it, removed.
        let left = try FileManager.default.contentsOfDirectory(atPath: directory.defaultSnapshots)
        #expect(!left.contains { $0.hasSuffix(".rejected") }, "\(left)")
        let rechecked = try ChildProcess.run("caseledger", ["verify", "--check-snapshots"] + base)
        #expect(rechecked.status == 0, "\(rechecked.standardOutput)\(rechecked.standardError)")

        // The inspector's HTML page, after the same forgery of the snapshot rebuilt meanwhile.
        _ = try Self.forge(directory)
        let page = directory.path + "/audit.html"
        let audit = try ChildProcess.run("caseledger", ["audit", caseId, "--as-of", asOf, "--format", "html",
                                                        "--output", page] + base, environment: now)
        #expect(audit.status == 0, "\(audit.standardError)")
        let html = try String(contentsOfFile: page, encoding: .utf8)
        #expect(!html.contains("W6666"))
        #expect(html.contains(original))
        #expect(audit.standardError.contains("differs from its line in the log"), "\(audit.standardError)")
    }

    /// Loads the newest snapshot, renames the worker of the first allocation of the first case
    /// that has one to W6666, and writes the snapshot back in place with every checksum right.
    static func forge(_ directory: TemporaryDirectory) throws -> (caseId: String, original: String, occurredAt: Instant) {
        let store = SnapshotStore(directory: directory.defaultSnapshots)
        let entry = try #require(store.entries().first)
        let loaded = try store.load(entry).get()
        var state = loaded.state
        func isAllocation(_ fact: Fact) -> Bool { if case .allocated = fact.detail { return true } else { return false } }
        let caseId = try #require(state.cases.ids.sorted().first { state.cases[$0]?.contains(where: isAllocation) == true })
        let facts = try #require(state.cases[caseId])
        let index = try #require(facts.firstIndex(where: isAllocation))
        guard case .allocated(let original, let teamId, let previous, let reason, let record) = facts[index].detail else {
            throw CancellationError()
        }
        state.cases.modify(caseId) { $0[index].detail = .allocated(workerId: "W6666", teamId: teamId,
                                                                   previousWorkerId: previous, reason: reason, record: record) }
        let forged = try store.write(state, cursor: loaded.header.cursor)
        #expect(forged == entry)
        #expect(try store.load(entry).get().state.cases[caseId]?[index].detail.allocatedWorkerId == "W6666",
                "the forgery passes every checksum")
        return (caseId, original, facts[index].occurredAt)
    }
}
