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

/// Issue 17 item 10: stale snapshot temporaries are cleaned up, and a foreign snapshot is
/// rejected with a message that describes what was found, not "the log has no event N".
@Suite("Smaller hardening")
struct SmallHardeningTests {
    @Test("a snapshot.tmp-PID of a dead process is removed; one of a live process is kept")
    func staleTemporaries() throws {
        let directory = TemporaryDirectory("stale-tmp")
        let snapshots = directory.path + "/snapshots"
        try FileManager.default.createDirectory(atPath: snapshots, withIntermediateDirectories: true)
        // A process that has exited: its pid is free (and not reused within the test).
        let child = Process()
        child.executableURL = URL(fileURLWithPath: "/bin/true")
        try child.run()
        child.waitUntilExit()
        let deadName = SnapshotStore.fileName(sequence: 42) + ".tmp-\(child.processIdentifier)"
        let liveName = SnapshotStore.fileName(sequence: 43) + ".tmp-\(getpid())"
        let unrelated = "notes.tmp-1"
        for name in [deadName, liveName, unrelated] { try StoreFixtures.write([1, 2, 3], to: snapshots + "/" + name) }
        let removed = SnapshotStore(directory: snapshots).removeStaleTemporaryFiles()
        #expect(removed == [deadName])
        let left = Set(try FileManager.default.contentsOfDirectory(atPath: snapshots))
        #expect(left == [liveName, unrelated])
    }

    @Test("writing a snapshot removes stale temporaries")
    func writeCleansUp() throws {
        let directory = TemporaryDirectory("stale-write")
        let snapshots = directory.path + "/snapshots"
        try FileManager.default.createDirectory(atPath: snapshots, withIntermediateDirectories: true)
        let stale = snapshots + "/" + SnapshotStore.fileName(sequence: 1) + ".tmp-2147483000"
        try StoreFixtures.write(Array(repeating: 0, count: 1024), to: stale)
        try StoreFixtures.fill(directory.store, batchCount: 3)
        let audit = try AuditLedger(storeDirectory: directory.store, options: AuditLedger.Options(snapshotDirectory: snapshots))
        _ = try audit.writeSnapshot()
        #expect(!FileManager.default.fileExists(atPath: stale))
    }

    @Test("a position whose cursor points at another line is reported with what is there, not as a missing event")
    func foreignPositionMessage() throws {
        let directory = TemporaryDirectory("foreign")
        try StoreFixtures.fill(directory.store, batchCount: 12, segmentSizeBytesMax: 4_096)
        let events = try LedgerReader(directory: directory.store).readAll()
        let target = try #require(events.first { candidate in
            candidate.envelope.batch.isLast && candidate.envelope.sequence > 3
                && events.contains { $0.segment == candidate.segment && $0.envelope.sequence > candidate.envelope.sequence }
        })
        let later = try #require(events.first { $0.segment == target.segment && $0.envelope.sequence > target.envelope.sequence })
        let firstSequence = try #require(LedgerFormat.firstSequence(ofSegmentFileName: target.segment))
        let position = LogPosition(sequence: target.envelope.sequence, chain: target.chain, recordedAt: target.envelope.recordedAt)
        do {
            _ = try LogTailReader(directory: directory.store).read(
                after: position, cursor: LogCursor(segmentFirstSequence: firstSequence, lineOffset: Int64(later.byteOffset))) { _ in }
            Issue.record("a cursor at another line was accepted")
        } catch let error as LogTailError {
            let message = error.description
            #expect(!message.contains("has no event"), "\(message)")
            #expect(message.contains("is event \(later.envelope.sequence)"), "\(message)")
            #expect(message.contains("byte offset \(later.byteOffset)"), "\(message)")
        }
    }
}
