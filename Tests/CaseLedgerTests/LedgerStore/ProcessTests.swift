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

/// Tests that need a real second process: locking, concurrent reading, and crashes.
@Suite("Store with real child processes", .serialized)
struct ProcessTests {
    @Test("a second writer is refused at once with a clear locked error")
    func secondWriterRefused() throws {
        let directory = TemporaryDirectory("lock")
        try StoreFixtures.fill(directory.store, batchCount: 2)
        let holder = Process()
        holder.executableURL = URL(fileURLWithPath: ChildProcess.executable("LedgerTestHost"))
        holder.arguments = ["hold-lock", directory.store]
        let pipe = Pipe()
        holder.standardOutput = pipe
        try holder.run()
        defer {
            // SIGKILL: children inherit the test runner's blocked signals, so SIGTERM may never land.
            kill(holder.processIdentifier, SIGKILL)
            holder.waitUntilExit()
        }
        // Wait for the child to say it holds the lock.
        let line = String(decoding: pipe.fileHandleForReading.availableDataUntilNewline(), as: UTF8.self)
        #expect(line.hasPrefix("LOCKED"))
        let started = Date()
        do {
            _ = try StoreFixtures.openLedger(directory.store)
            Issue.record("expected locked")
        } catch LedgerError.locked(let path, let holderText) {
            #expect(path == directory.store)
            #expect(holderText.contains("pid \(holder.processIdentifier)"))
        }
        #expect(Date().timeIntervalSince(started) < 5, "refusal must not wait")
        // Another process is refused too, with the documented exit code.
        let second = try ChildProcess.run("LedgerTestHost", ["open", directory.store])
        #expect(second.status == 75, "\(second.standardError)")
        #expect(second.standardError.contains("locked"))
        // Readers are not blocked by the writer.
        #expect(try LedgerVerifier.verify(directory: directory.store).isIntact)
    }

    @Test("a reader running while a writer appends sees only whole batches and never fails")
    func readerDuringAppends() throws {
        let directory = TemporaryDirectory("reader")
        try StoreFixtures.fill(directory.store, batchCount: 1)
        let writer = Process()
        writer.executableURL = URL(fileURLWithPath: ChildProcess.executable("LedgerTestHost"))
        writer.arguments = ["append-count", directory.store, "11", "400"]
        writer.standardOutput = FileHandle.nullDevice
        try writer.run()
        var reads = 0
        var lastSeen: UInt64 = 0
        while writer.isRunning || reads == 0 {
            let reader = try LedgerReader(directory: directory.store)
            var events: [StoredEvent] = []
            try reader.read { events.append($0) }
            if let last = events.last {
                #expect(last.envelope.batch.isLast, "a reader saw part of a batch")
                #expect(last.envelope.sequence == UInt64(events.count))
                #expect(last.envelope.sequence >= lastSeen)
                lastSeen = last.envelope.sequence
            }
            reads += 1
        }
        writer.waitUntilExit()
        #expect(writer.terminationStatus == 0)
        #expect(reads > 1)
        #expect(try LedgerVerifier.verify(directory: directory.store).isIntact)
    }

    /// SIGKILLs an appending child at seeded random moments; every acknowledged batch must
    /// survive, and the log must reopen (recovering any torn tail) and verify.
    @Test("crash: at least 50 SIGKILLs at random moments lose no acknowledged batch")
    func crashDuringAppends() throws {
        let seed = UInt64(ProcessInfo.processInfo.environment["CASELEDGER_CRASH_SEED"] ?? "") ?? 20_261_122
        var random = SeededRandomNumberGenerator(seed: seed)
        let directory = TemporaryDirectory("crash")
        var acknowledged: [(UInt64, String)] = []
        var recoveries = 0
        let kills = 60
        for round in 0..<kills {
            let child = Process()
            child.executableURL = URL(fileURLWithPath: ChildProcess.executable("LedgerTestHost"))
            child.arguments = ["append-loop", directory.store, String(random.next())]
            let pipe = Pipe()
            child.standardOutput = pipe
            child.standardError = FileHandle.nullDevice
            try child.run()
            // Wait for the first acknowledgement, so every kill lands while the child is
            // appending (on a loaded machine, start-up alone can outlast a fixed delay).
            let first = pipe.fileHandleForReading.availableDataUntilNewline()
            usleep(UInt32(random.next() % 40_000))
            kill(child.processIdentifier, SIGKILL)
            child.waitUntilExit()
            let output = String(decoding: first + Data([0x0A]) + pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            for line in output.split(separator: "\n") {
                let parts = line.split(separator: " ")
                // A line cut by the kill is ignored: it was not fully reported.
                if parts.count == 4, parts[0] == "ACK", let last = UInt64(parts[2]), parts[3].count == 64 {
                    acknowledged.append((last, String(parts[3])))
                }
            }
            // The tree sidecar never claims a line the log lacks: its records are the content
            // hashes of the log's committed lines (an unfinished tail excluded), or fewer.
            let committed = try LedgerReader(directory: directory.store).readAll().map(\.contentHash)
            if let stored = try TreeSidecar.load(directory: directory.store) {
                #expect(stored.count <= committed.count, "seed \(seed) round \(round): sidecar holds \(stored.count) records, log \(committed.count) lines")
                #expect(stored == Array(committed.prefix(stored.count)), "seed \(seed) round \(round): sidecar differs from the log")
            }
            let ledger = try StoreFixtures.openLedger(directory.store)
            recoveries += ledger.recovery.count
            let head = ledger.digest
            ledger.close()
            if let newest = acknowledged.last {
                #expect(head.sequence >= newest.0, "seed \(seed) round \(round): lost acknowledged batch ending \(newest.0)")
            }
        }
        let report = try LedgerVerifier.verify(directory: directory.store)
        #expect(report.isIntact, "seed \(seed): \(String(describing: report.fault))")
        #expect(report.sidecarState == .matches, "seed \(seed): \(report.sidecarState)")
        #expect(acknowledged.count >= kills, "seed \(seed): every child acknowledges at least one batch before it is killed")
        // Every acknowledged batch is present with the chain value the child reported.
        let chains = Dictionary(try LedgerReader(directory: directory.store).readAll().map { ($0.envelope.sequence, $0.chain.hex) },
                                uniquingKeysWith: { first, _ in first })
        for (sequence, chain) in acknowledged {
            #expect(chains[sequence] == chain, "seed \(seed): acknowledged \(sequence) changed or missing")
        }
        print("crash test: seed \(seed), \(kills) kills, \(acknowledged.count) acknowledged batches, \(recoveries) recoveries")
    }
}

extension FileHandle {
    /// Reads until a newline (or end of file): enough for a child's one-line hello.
    func availableDataUntilNewline() -> Data {
        var data = Data()
        while true {
            let chunk = readData(ofLength: 1)
            if chunk.isEmpty || chunk == Data([0x0A]) { return data }
            data.append(chunk)
        }
    }
}
