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

/// `--wait SECONDS` on the write commands, against a real process holding the writer lock.
@Suite("write commands wait for another writer (--wait)", .serialized)
struct LockWaitCommandTests {
    static let registerTeam = ["register-team", "--team", "T1", "--name", "Duty", "--service-area", "dutyAndAssessment",
                               "--actor", "HOS", "--actor-role", "headOfService", "--at", "2024-01-02"]

    @Test("by default a write command waits for a writer that finishes, and appends")
    func defaultWaitOutlastsAShortHolder() throws {
        let directory = TemporaryDirectory("clilockwait")
        let holder = try LockWaitTests.Holder("hold-lock-then-release", store: directory.store, arguments: ["0.5"])
        defer { holder.stop() }
        try holder.startReleaseTimer()
        // No --wait: the default (10 s) outlasts the holder's 0.5 s.
        let result = try ChildProcess.run("caseledger", Self.registerTeam + ["--store", directory.store])
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardOutput.hasPrefix("appended 1: TeamRegistered"))
        #expect(holder.remainingOutput().contains("RELEASED"))
    }

    @Test("a write command still locked after --wait exits 75 naming the holder; a bad --wait is a usage error")
    func waitExpires() throws {
        let directory = TemporaryDirectory("clilockwait")
        let holder = try LockWaitTests.Holder("hold-lock", store: directory.store)
        defer { holder.stop() }
        let started = Date()
        let waited = try ChildProcess.run("caseledger", Self.registerTeam + ["--wait", "0.3", "--store", directory.store])
        let elapsedSeconds = Date().timeIntervalSince(started)
        #expect(waited.status == 75, "\(waited.standardError)")
        #expect(waited.standardError.contains("locked by another writer (pid \(holder.process.processIdentifier))"))
        #expect(elapsedSeconds >= 0.3, "the command gave up before its wait")
        let apply = try ChildProcess.run("caseledger", ["apply", "-", "--wait", "0", "--store", directory.store],
                                         input: #"{"command":"registerTeam","teamId":"T1","name":"Duty","serviceArea":"dutyAndAssessment","actor":"HOS","actorRole":"headOfService","at":"2024-01-02"}"#)
        #expect(apply.status == 75, "\(apply.standardError)")
        for bad in ["-1", "soon", "nan", "86401"] {
            let result = try ChildProcess.run("caseledger", Self.registerTeam + ["--wait", bad, "--store", directory.store])
            #expect(result.status == 64, "--wait \(bad): \(result.standardError)")
            #expect(result.standardError.contains("--wait must be a number of seconds"))
        }
        #expect(try LedgerReader(directory: directory.store).readAll().isEmpty)
    }
}
