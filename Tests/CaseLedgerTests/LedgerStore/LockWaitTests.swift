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

/// Waiting for another writer's lock (``LedgerOptions/lockWaitSeconds``), against a real second
/// process holding it.
@Suite("Lock wait with a real child process", .serialized)
struct LockWaitTests {
    /// A running `LedgerTestHost` holding the writer lock, killed when the test is done with it.
    final class Holder {
        let process = Process()
        private let output = Pipe()
        private let input = Pipe()

        /// Starts `mode` on `store` and returns once the child says it holds the lock.
        init(_ mode: String, store: String, arguments: [String] = []) throws {
            process.executableURL = URL(fileURLWithPath: ChildProcess.executable("LedgerTestHost"))
            process.arguments = [mode, store] + arguments
            process.standardOutput = output
            process.standardInput = input
            process.standardError = FileHandle.nullDevice
            try process.run()
            let line = String(decoding: output.fileHandleForReading.availableDataUntilNewline(), as: UTF8.self)
            #expect(line.hasPrefix("LOCKED"), "the holder did not take the lock: \(line)")
        }

        /// Tells a `hold-lock-then-release` child to start its timed hold.
        func startReleaseTimer() throws {
            try input.fileHandleForWriting.write(contentsOf: Data("go\n".utf8))
        }

        /// What the child printed after `LOCKED`, once it has exited.
        func remainingOutput() -> String {
            String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        }

        func stop() {
            // SIGKILL: children inherit the test runner's blocked signals, so SIGTERM may never land.
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
            process.waitUntilExit()
        }
    }

    @Test("an open that waits less than the holder keeps the lock fails with .locked after its wait")
    func waitExpires() throws {
        let directory = TemporaryDirectory("lockwait")
        try StoreFixtures.fill(directory.store, batchCount: 2)
        let holder = try Holder("hold-lock", store: directory.store)
        defer { holder.stop() }
        let started = Date()
        do {
            _ = try StoreFixtures.openLedger(directory.store, lockWaitSeconds: 0.2)
            Issue.record("expected locked")
        } catch LedgerError.locked(let path, let holderText) {
            #expect(path == directory.store)
            #expect(holderText.contains("pid \(holder.process.processIdentifier)"))
        }
        let elapsedSeconds = Date().timeIntervalSince(started)
        #expect(elapsedSeconds >= 0.2, "the open gave up before its wait")
        #expect(elapsedSeconds < 5, "the open waited far beyond its wait")
    }

    @Test("an open that waits longer than the holder keeps the lock succeeds once it is released")
    func waitSucceeds() throws {
        let directory = TemporaryDirectory("lockwait")
        let digest = try StoreFixtures.fill(directory.store, batchCount: 2)
        let holder = try Holder("hold-lock-then-release", store: directory.store, arguments: ["0.5"])
        defer { holder.stop() }
        // Held for certain: the child keeps the lock until told to start its 0.5 s.
        expectLedgerError(.locked(directory: directory.store, holder: "pid \(holder.process.processIdentifier)")) {
            _ = try StoreFixtures.openLedger(directory.store, lockWaitSeconds: 0)
        }
        try holder.startReleaseTimer()
        let ledger = try StoreFixtures.openLedger(directory.store, lockWaitSeconds: 5)
        #expect(ledger.digest == digest)
        #expect(ledger.openStatistics.lockWaitSeconds > 0, "the lock was free at once: the holder released early")
        #expect(ledger.openStatistics.lockWaitSeconds < 5)
        // The child says RELEASED before it lets go, so the lock was taken after the release.
        #expect(holder.remainingOutput().contains("RELEASED"))
        holder.stop()
        #expect(holder.process.terminationStatus == 0)
        try ledger.append([StoreFixtures.note("C1")], expecting: [.case("C1"): .any])
        ledger.close()
        #expect(try LedgerVerifier.verify(directory: directory.store).isIntact)
    }
}
