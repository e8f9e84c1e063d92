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

/// A generated history appended to a real ledger on disk.
enum DiskHistory {
    /// Appends about `eventCount` generated events to the ledger at `store` (continuing `generator`).
    @discardableResult
    static func append(_ generator: HistoryGenerator, eventCount: Int, to store: String) throws -> LedgerDigest {
        var options = LedgerOptions()
        options.checkEncodingBeforeWrite = false
        options.segmentSizeBytesMax = 256 << 10
        let clock = ManualClock(Instant(millisecondsSinceEpoch: 0))
        let ledger = try Ledger(directory: store, options: options, clock: clock,
                                identifiers: SeededIdentifierGenerator(seed: generator.configuration.seed))
        defer { ledger.close() }
        try generator.append(to: ledger, clock: clock, eventCount: eventCount)
        return ledger.digest
    }

    static func generator(seed: UInt64) -> HistoryGenerator {
        HistoryGenerator(configuration: .sized(eventCount: 4_000, years: 1, seed: seed))
    }
}

@Suite("Snapshots")
struct SnapshotTests {
    private func options(_ directory: String, interval: Int = 10_000) -> AuditLedger.Options {
        AuditLedger.Options(snapshotDirectory: directory, snapshotInterval: interval,
                            clock: ManualClock(AuditScenario.instant("2030-01-01T00:00:00Z")))
    }

    private func fullRebuildDigest(_ store: String) throws -> SHA256Digest {
        try AuditLedger(storeDirectory: store, options: AuditLedger.Options(snapshotDirectory: nil)).state.canonicalDigest
    }

    @Test("opening writes a snapshot; reopening loads it, folds only the tail, and equals a full rebuild")
    func snapshotPlusTailOnDisk() throws {
        let directory = TemporaryDirectory("snap")
        let store = directory.path + "/events"
        let snapshots = directory.path + "/snapshots"
        let generator = DiskHistory.generator(seed: 41)
        try DiskHistory.append(generator, eventCount: 1_500, to: store)
        let first = try AuditLedger(storeDirectory: store, options: options(snapshots))
        #expect(first.openReport.snapshotUsed == nil)
        #expect(first.openReport.problems.isEmpty)
        let written = try #require(first.openReport.snapshotWritten)
        #expect(written.sequence == first.state.position.sequence)
        let head = try DiskHistory.append(generator, eventCount: 700, to: store)
        let second = try AuditLedger(storeDirectory: store, options: options(snapshots))
        #expect(second.openReport.snapshotUsed == written)
        #expect(second.openReport.eventsFolded == Int(head.sequence - written.sequence))
        #expect(second.head == head)
        #expect(second.state.canonicalDigest == (try fullRebuildDigest(store)))
        // Answers read details back from the log through offsets that came from the snapshot.
        let someCase = try #require(second.state.cases.ids.sorted().first)
        let trail = try second.trail(caseId: someCase, asKnown: second.queryTime().asKnown)
        #expect(!trail.entries.isEmpty)
    }

    @Test("rebuilt equals incremental on disk at random split points", arguments: [0, 1, 2])
    func randomSplitsOnDisk(round: Int) throws {
        let seed = ProjectionEqualityTests.seed &+ UInt64(round)
        var random = SeededRandomNumberGenerator(seed: seed)
        print("on-disk split seed \(seed) (base CASELEDGER_TEST_SEED=\(ProjectionEqualityTests.seed))")
        let directory = TemporaryDirectory("split")
        let store = directory.path + "/events"
        let snapshots = directory.path + "/snapshots"
        let generator = DiskHistory.generator(seed: seed)
        var total = 0
        for _ in 0..<3 {
            let count = Int.random(in: 50...900, using: &random)
            try DiskHistory.append(generator, eventCount: count, to: store)
            total += count
            let audit = try AuditLedger(storeDirectory: store, options: options(snapshots, interval: 1))
            #expect(audit.openReport.problems.isEmpty)
            #expect(audit.state.canonicalDigest == (try fullRebuildDigest(store)), "seed \(seed), after \(total) events")
        }
    }

    enum Fault: String, CaseIterable, Sendable {
        case corruptBody, corruptHeader, truncated, olderFormat, emptyFile
    }

    @Test("a damaged snapshot is reported, ignored and rebuilt", arguments: Fault.allCases)
    func damagedSnapshot(fault: Fault) throws {
        let directory = TemporaryDirectory("fault")
        let store = directory.path + "/events"
        let snapshots = directory.path + "/snapshots"
        try DiskHistory.append(DiskHistory.generator(seed: 43), eventCount: 800, to: store)
        let original = try AuditLedger(storeDirectory: store, options: options(snapshots))
        let entry = try #require(original.openReport.snapshotWritten)
        var bytes = try StoreFixtures.bytes(entry.path)
        switch fault {
        case .corruptBody: bytes[SnapshotHeader.byteCount + 40] ^= 0x01
        case .corruptHeader: bytes[20] ^= 0x01
        case .truncated: bytes.removeLast(64)
        case .olderFormat: bytes[8] = 0
        case .emptyFile: bytes = []
        }
        try StoreFixtures.write(bytes, to: entry.path)
        let reopened = try AuditLedger(storeDirectory: store, options: options(snapshots))
        let problem = try #require(reopened.openReport.problems.first)
        let expected: [Fault: String] = [.corruptBody: "corrupt", .corruptHeader: "corrupt", .truncated: "truncated",
                                         .olderFormat: "format-version", .emptyFile: "truncated"]
        #expect(problem.code == expected[fault])
        #expect(problem.path == entry.path)
        #expect(reopened.openReport.snapshotUsed == nil)
        #expect(reopened.state.canonicalDigest == original.state.canonicalDigest)
        // Rebuilt: the next open uses a good snapshot and reports nothing.
        #expect(reopened.openReport.snapshotWritten != nil)
        let third = try AuditLedger(storeDirectory: store, options: options(snapshots))
        #expect(third.openReport.problems.isEmpty)
        #expect(third.openReport.snapshotUsed != nil)
        #expect(third.state.canonicalDigest == original.state.canonicalDigest)
    }

    @Test("a snapshot from another log, or ahead of this one, is reported as not from this log")
    func anotherLog() throws {
        let directory = TemporaryDirectory("other")
        let snapshots = directory.path + "/snapshots"
        // Ledger A and ledger B have different histories; B's snapshot is copied into A's directory.
        let storeA = directory.path + "/a"
        let storeB = directory.path + "/b"
        try DiskHistory.append(DiskHistory.generator(seed: 45), eventCount: 600, to: storeA)
        try DiskHistory.append(DiskHistory.generator(seed: 46), eventCount: 600, to: storeB)
        let fromB = try AuditLedger(storeDirectory: storeB, options: options(directory.path + "/b-snapshots"))
        let bEntry = try #require(fromB.openReport.snapshotWritten)
        try FileManager.default.createDirectory(atPath: snapshots, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: bEntry.path, toPath: snapshots + "/" + SnapshotStore.fileName(sequence: bEntry.sequence))
        let audit = try AuditLedger(storeDirectory: storeA, options: options(snapshots))
        #expect(audit.openReport.problems.map(\.code) == ["other-log"])
        #expect(audit.state.canonicalDigest == (try fullRebuildDigest(storeA)))
        // The same history cut shorter: a snapshot from the longer log is ahead of it.
        let storeC = directory.path + "/c"
        let generator = DiskHistory.generator(seed: 47)
        try DiskHistory.append(generator, eventCount: 300, to: storeC)
        let longer = directory.path + "/d"
        let twin = DiskHistory.generator(seed: 47)
        try DiskHistory.append(twin, eventCount: 300, to: longer)
        try DiskHistory.append(twin, eventCount: 300, to: longer)
        let longerAudit = try AuditLedger(storeDirectory: longer, options: options(directory.path + "/d-snapshots"))
        let ahead = try #require(longerAudit.openReport.snapshotWritten)
        let cSnapshots = directory.path + "/c-snapshots"
        try FileManager.default.createDirectory(atPath: cSnapshots, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: ahead.path, toPath: cSnapshots + "/" + SnapshotStore.fileName(sequence: ahead.sequence))
        let shorter = try AuditLedger(storeDirectory: storeC, options: options(cSnapshots))
        #expect(shorter.openReport.problems.map(\.code) == ["other-log"])
        #expect(shorter.state.canonicalDigest == (try fullRebuildDigest(storeC)))
        // The rejected snapshot is set aside, so it is not reported again.
        let again = try AuditLedger(storeDirectory: storeC, options: options(cSnapshots))
        #expect(again.openReport.problems.isEmpty)
    }

    @Test("deleting the snapshot directory loses nothing")
    func deletedDirectory() throws {
        let directory = TemporaryDirectory("deleted")
        let store = directory.path + "/events"
        let snapshots = directory.path + "/snapshots"
        try DiskHistory.append(DiskHistory.generator(seed: 48), eventCount: 600, to: store)
        let first = try AuditLedger(storeDirectory: store, options: options(snapshots))
        let time = first.queryTime()
        let caseId = try #require(first.state.cases.ids.sorted().last)
        let before = try first.holders(caseId: caseId, at: time)
        try FileManager.default.removeItem(atPath: snapshots)
        let second = try AuditLedger(storeDirectory: store, options: options(snapshots))
        #expect(second.openReport.problems.isEmpty)
        #expect(second.openReport.snapshotUsed == nil)
        #expect(second.state.canonicalDigest == first.state.canonicalDigest)
        #expect(try second.holders(caseId: caseId, at: time) == before)
        #expect(FileManager.default.fileExists(atPath: snapshots))
    }

    @Test("a snapshot of the empty log is a valid starting point")
    func emptyLogSnapshot() throws {
        let directory = TemporaryDirectory("empty")
        let store = directory.path + "/events"
        let snapshots = directory.path + "/snapshots"
        try StoreFixtures.openLedger(store).close()
        let empty = try AuditLedger(storeDirectory: store, options: options(snapshots))
        #expect(try empty.writeSnapshot().sequence == 0)
        try DiskHistory.append(DiskHistory.generator(seed: 50), eventCount: 300, to: store)
        let reopened = try AuditLedger(storeDirectory: store, options: options(snapshots))
        #expect(reopened.openReport.problems.isEmpty)
        #expect(reopened.openReport.snapshotUsed?.sequence == 0)
        #expect(reopened.state.canonicalDigest == (try fullRebuildDigest(store)))
        #expect(try empty.refresh() == Int(reopened.head.sequence))
        #expect(empty.state.canonicalDigest == reopened.state.canonicalDigest)
    }

    @Test("refresh folds new events and writes a snapshot every N events")
    func everyNEvents() throws {
        let directory = TemporaryDirectory("interval")
        let store = directory.path + "/events"
        let snapshots = directory.path + "/snapshots"
        let generator = DiskHistory.generator(seed: 49)
        try DiskHistory.append(generator, eventCount: 400, to: store)
        let audit = try AuditLedger(storeDirectory: store, options: options(snapshots, interval: 500))
        let firstSnapshot = try #require(audit.openReport.snapshotWritten)
        try DiskHistory.append(generator, eventCount: 200, to: store)
        let small = try audit.refresh()
        #expect(small > 0)
        #expect(SnapshotStore(directory: snapshots).entries().first == firstSnapshot)
        try DiskHistory.append(generator, eventCount: 400, to: store)
        try audit.refresh()
        let newest = try #require(SnapshotStore(directory: snapshots).entries().first)
        #expect(newest.sequence == audit.state.position.sequence)
        #expect(audit.state.canonicalDigest == (try fullRebuildDigest(store)))
        // At most the configured number of snapshots is kept.
        #expect(SnapshotStore(directory: snapshots).entries().count <= 2)
        let explicit = try audit.writeSnapshot()
        #expect(explicit.sequence == audit.state.position.sequence)
    }
}
