import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
@testable import LedgerSupport
@testable import LedgerStore
@testable import LedgerEvents
@testable import LedgerDomain
@testable import LedgerAudit
@testable import LedgerImport
@testable import LedgerReturns
@testable import LedgerSimulation

/// What the store does when the disk fails, through the ``FileSystemCalls`` seam and
/// ``FaultyFileSystem``: every failure the caller sees names the call, the file and the reason;
/// nothing acknowledged is lost; the log verifies afterwards.
@Suite("Storage faults")
struct StorageFaultTests {
    // MARK: - Fixtures

    /// A writer whose every file operation goes through `disk` (through the system's calls when nil).
    static func open(_ store: String, through disk: FaultyFileSystem?, segmentSizeBytesMax: Int = 64 << 20,
                     seed: UInt64 = 7) throws -> Ledger {
        var options = LedgerOptions()
        options.segmentSizeBytesMax = segmentSizeBytesMax
        options.checkEncodingBeforeWrite = true
        // These tests reopen a store they just closed, while other tests of the same process start
        // child processes: a child between fork and exec still shares the lock file's open
        // description (O_CLOEXEC closes it only at exec), so under load the lock can outlive our
        // close by a moment. Wait for it rather than call that "another writer".
        options.lockWaitSeconds = 10
        return try Ledger(directory: store, options: options, clock: ManualClock(StoreFixtures.start),
                          identifiers: SeededIdentifierGenerator(seed: seed),
                          fileSystem: disk?.calls ?? .system)
    }

    static func notes(_ count: Int, _ label: String) -> [ProposedEvent] {
        (0..<count).map { StoreFixtures.note("C\($0 % 3)", "\(label) item \($0)") }
    }

    @discardableResult
    static func append(_ ledger: Ledger, _ events: [ProposedEvent]) throws -> AppendReceipt {
        try ledger.append(events, expecting: StoreFixtures.anyExpectations(events))
    }

    /// Every segment and quarantine file of the store with its bytes.
    static func logFiles(_ store: String) throws -> [String: [UInt8]] {
        var files: [String: [UInt8]] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: store) where name.hasPrefix("segment-") {
            files[name] = try StoreFixtures.bytes(store + "/" + name)
        }
        return files
    }

    static func lastSegmentPath(_ store: String) throws -> String {
        store + "/" + (try StoreFixtures.segments(store).last ?? "")
    }

    /// The calls that changed the disk other than the writer's lock file, which every open rewrites.
    static func changesBesidesLock(_ disk: FaultyFileSystem) -> [FaultyFileSystem.Change] {
        disk.changes.filter { !$0.path.hasSuffix("/" + LedgerFormat.lockFileName) }
    }

    /// Reopens with the system's calls and checks what a person relies on after a fault: the log
    /// opens, still holds `acknowledged` (its chain at that sequence is the one noted), and verifies.
    static func expectRecovered(_ store: String, acknowledged: LedgerDigest,
                                sourceLocation: SourceLocation = #_sourceLocation) throws -> Ledger {
        let ledger = try open(store, through: nil)
        #expect(ledger.digest.sequence >= acknowledged.sequence, sourceLocation: sourceLocation)
        // The empty log's position has no line to check a chain against.
        let report = try LedgerVerifier.verify(directory: store, digest: acknowledged.sequence > 0 ? acknowledged : nil)
        #expect(report.isIntact, "\(String(describing: report.fault))", sourceLocation: sourceLocation)
        return ledger
    }

    /// Expects `body` to fail with an I/O error from `operation` with `errorNumber`, and returns it.
    @discardableResult
    static func expectIOFailure(_ operation: String, _ errorNumber: Int32, sourceLocation: SourceLocation = #_sourceLocation,
                                _ body: () throws -> Void) -> IOFailure? {
        do {
            try body()
            Issue.record("expected \(operation) to fail with errno \(errorNumber); nothing was thrown",
                         sourceLocation: sourceLocation)
        } catch LedgerError.io(let failure) {
            #expect(failure.operation == operation, sourceLocation: sourceLocation)
            #expect(failure.errorNumber == errorNumber, sourceLocation: sourceLocation)
            // The message a person reads names the call, the file and the system's reason.
            let reason = String(cString: strerror(errorNumber))
            #expect(LedgerError.io(failure).description.contains("\(operation) \(failure.path): \(reason)"),
                    sourceLocation: sourceLocation)
            return failure
        } catch {
            Issue.record("expected an I/O failure of \(operation), got \(error)", sourceLocation: sourceLocation)
        }
        return nil
    }

    // MARK: - The fault layer itself

    @Test("the power-loss model keeps exactly what was made durable: names by directory fsync, bytes by file fsync")
    func powerLossModel() throws {
        let directory = TemporaryDirectory("model")
        let root = directory.path + "/root"
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        try StoreFixtures.write(Array("kept".utf8), to: root + "/old")
        let disk = FaultyFileSystem(root: root)
        func write(_ name: String, _ text: String, mode: POSIXFile.Mode, synchronize: Bool) throws {
            let file = try POSIXFile.open(root + "/" + name, mode, system: disk.calls)
            defer { file.close() }
            try file.writeAll(Array(text.utf8))
            if synchronize { try file.synchronize() }
        }
        try write("synced", "A", mode: .writeTruncateCreate, synchronize: true)
        try write("unsynced", "B", mode: .writeTruncateCreate, synchronize: false)
        try POSIXFile.synchronizeDirectory(root, system: disk.calls)
        try write("old", " and more", mode: .append(create: false, exclusive: false), synchronize: false)
        try write("unnamed", "C", mode: .writeTruncateCreate, synchronize: true)
        try POSIXFile.remove(root + "/synced", system: disk.calls)
        disk.losePower()
        let names = try FileManager.default.contentsOfDirectory(atPath: root).sorted()
        #expect(names == ["old", "synced", "unsynced"])
        #expect(try StoreFixtures.bytes(root + "/synced") == Array("A".utf8))
        #expect(try StoreFixtures.bytes(root + "/unsynced").isEmpty)
        #expect(try StoreFixtures.bytes(root + "/old") == Array("kept".utf8))
        #expect(disk.changes.map(\.operation) == [.open, .write, .synchronize, .open, .write, .synchronizeDirectory,
                                                   .write, .open, .write, .synchronize, .unlink])
    }

    // MARK: - Short writes

    @Test("short writes: every write is cut to 7 bytes, the writer loops, and the batch lands whole")
    func shortWrites() throws {
        let directory = TemporaryDirectory("short")
        try StoreFixtures.fill(directory.store, batchCount: 3)
        let disk = FaultyFileSystem(root: directory.store, faults: [
            .init(.write, pathContaining: "segment-", repeats: true, effect: .shortWrite(byteCount: 7)),
        ])
        let ledger = try Self.open(directory.store, through: disk)
        let before = try StoreFixtures.bytes(try Self.lastSegmentPath(directory.store)).count
        let receipt = try Self.append(ledger, Self.notes(3, "short"))
        ledger.close()
        let written = try StoreFixtures.bytes(try Self.lastSegmentPath(directory.store)).count - before
        // The fault did cut the writes: one call per 7 bytes at least.
        #expect(disk.callCount(.write) >= written / 7)
        let reopened = try Self.expectRecovered(directory.store, acknowledged: receipt.head)
        defer { reopened.close() }
        #expect(reopened.digest == receipt.head)
        #expect(reopened.recovery.isEmpty)
    }

    // MARK: - Failures an append undoes

    struct UndoneFailure: Sendable, CustomTestStringConvertible {
        var name: String
        var faults: [FaultyFileSystem.Fault]
        var rollsSegment: Bool
        var operation: String
        var errorNumber: Int32
        var testDescription: String { name }
    }

    static let undoneFailures: [UndoneFailure] = [
        UndoneFailure(name: "ENOSPC on write", faults: [
            .init(.write, pathContaining: "segment-", effect: .fail(errorNumber: ENOSPC)),
        ], rollsSegment: false, operation: "write", errorNumber: ENOSPC),
        UndoneFailure(name: "a short write, then ENOSPC (a disk filling up mid-batch)", faults: [
            .init(.write, pathContaining: "segment-", effect: .shortWrite(byteCount: 100)),
            .init(.write, pathContaining: "segment-", occurrence: 2, effect: .fail(errorNumber: ENOSPC)),
        ], rollsSegment: false, operation: "write", errorNumber: ENOSPC),
        UndoneFailure(name: "ENOSPC on fsync", faults: [
            .init(.synchronize, pathContaining: "segment-", effect: .fail(errorNumber: ENOSPC)),
        ], rollsSegment: false, operation: "fsync", errorNumber: ENOSPC),
        UndoneFailure(name: "EIO on fsync", faults: [
            .init(.synchronize, pathContaining: "segment-", effect: .fail(errorNumber: EIO)),
        ], rollsSegment: false, operation: "fsync", errorNumber: EIO),
        UndoneFailure(name: "ENOSPC on write into a new segment", faults: [
            .init(.write, pathContaining: "segment-", effect: .fail(errorNumber: ENOSPC)),
        ], rollsSegment: true, operation: "write", errorNumber: ENOSPC),
        UndoneFailure(name: "a failed directory fsync when rolling to a new segment", faults: [
            .init(.synchronizeDirectory, effect: .fail(errorNumber: EIO)),
        ], rollsSegment: true, operation: "fsync directory", errorNumber: EIO),
    ]

    @Test("a failed append is undone: the error names the call and the reason, the log is byte for byte as before, the writer carries on",
          arguments: undoneFailures)
    func failedAppendIsUndone(_ failure: UndoneFailure) throws {
        let directory = TemporaryDirectory("undone")
        let acknowledged = try StoreFixtures.fill(directory.store, batchCount: 3)
        let disk = FaultyFileSystem(root: directory.store)
        // A segment limit of one byte makes every batch after the first start a new segment.
        let ledger = try Self.open(directory.store, through: disk, segmentSizeBytesMax: failure.rollsSegment ? 1 : 64 << 20)
        let before = try Self.logFiles(directory.store)
        for fault in failure.faults { disk.add(fault) }

        let thrown = Self.expectIOFailure(failure.operation, failure.errorNumber) {
            try Self.append(ledger, Self.notes(4, "failing"))
        }
        if failure.operation == "fsync directory" { #expect(thrown?.path == directory.store) }
        else { #expect(thrown?.path.contains("/segment-") == true) }
        #expect(try Self.logFiles(directory.store) == before)
        #expect(ledger.digest == acknowledged)

        // The faults fire once; the same writer appends again from the same head.
        let receipt = try Self.append(ledger, Self.notes(2, "after"))
        #expect(receipt.firstSequence == acknowledged.sequence + 1)
        ledger.close()
        let reopened = try Self.expectRecovered(directory.store, acknowledged: receipt.head)
        defer { reopened.close() }
        #expect(reopened.digest == receipt.head)
        #expect(reopened.recovery.isEmpty)
        #expect(try StoreFixtures.segments(directory.store).count == (failure.rollsSegment ? 2 : 1))
    }

    @Test("ENOSPC flushing an early chunk of a streamed import fails the batch, cuts the segment back, and the writer carries on")
    func streamedFlushFails() throws {
        let directory = TemporaryDirectory("streamed-enospc")
        let acknowledged = try StoreFixtures.fill(directory.store, batchCount: 3)
        let disk = FaultyFileSystem(root: directory.store)
        let ledger = try Self.open(directory.store, through: disk)
        let before = try Self.logFiles(directory.store)
        // The second chunk's flush: the first chunk's bytes are already in the file.
        disk.add(.init(.synchronize, pathContaining: "segment-", occurrence: 2, effect: .fail(errorNumber: ENOSPC)))
        let events = Self.notes(40, "imported")
        Self.expectIOFailure("fsync", ENOSPC) {
            try ledger.appendStreamed(eventCount: events.count, expecting: StoreFixtures.anyExpectations(events),
                                      chunkEventCount: 8) { events[$0] }
        }
        #expect(disk.callCount(.synchronize) >= 3)
        #expect(try Self.logFiles(directory.store) == before)
        #expect(ledger.digest == acknowledged)
        let receipt = try Self.append(ledger, Self.notes(1, "after"))
        #expect(receipt.firstSequence == acknowledged.sequence + 1)
        ledger.close()
        let reopened = try Self.expectRecovered(directory.store, acknowledged: receipt.head)
        defer { reopened.close() }
        #expect(reopened.digest == receipt.head)
        #expect(reopened.recovery.isEmpty)
    }

    @Test("ENOSPC appending to the tree sidecar never fails an append; the next open completes the sidecar from the log")
    func treeSidecarWriteFails() throws {
        let directory = TemporaryDirectory("sidecar")
        let acknowledged = try StoreFixtures.fill(directory.store, batchCount: 3)
        let disk = FaultyFileSystem(root: directory.store)
        let ledger = try Self.open(directory.store, through: disk)
        disk.add(.init(.write, pathContaining: TreeSidecar.fileName, repeats: true, effect: .fail(errorNumber: ENOSPC)))
        let first = try Self.append(ledger, Self.notes(2, "one"))
        let second = try Self.append(ledger, Self.notes(1, "two"))
        #expect(first.firstSequence == acknowledged.sequence + 1)
        #expect(second.firstSequence == first.lastSequence + 1)
        #expect(disk.callCount(.write) > 0)
        ledger.close()
        let stale = try LedgerVerifier.verify(directory: directory.store)
        #expect(stale.isIntact)
        #expect(stale.sidecarState != .matches)
        let reopened = try Self.expectRecovered(directory.store, acknowledged: second.head)
        defer { reopened.close() }
        #expect(reopened.treeRepair == .behindLog(count: acknowledged.sequence, head: second.lastSequence))
        #expect(try LedgerVerifier.verify(directory: directory.store).sidecarState == .matches)
    }

    @Test("a roll whose directory fsync fails and whose new segment cannot be removed poisons the writer, so no batch lands before the stray segment")
    func strayRolledSegment() throws {
        let directory = TemporaryDirectory("stray")
        let acknowledged = try StoreFixtures.fill(directory.store, batchCount: 3)  // 6 lines
        let segmentSizeBytes = try StoreFixtures.bytes(try Self.lastSegmentPath(directory.store)).count
        let disk = FaultyFileSystem(root: directory.store)
        // Room for about two more lines: a batch of eight rolls, a batch of one does not.
        let ledger = try Self.open(directory.store, through: disk,
                                   segmentSizeBytesMax: segmentSizeBytes + segmentSizeBytes / 3)
        disk.add(.init(.synchronizeDirectory, effect: .fail(errorNumber: EIO)))
        disk.add(.init(.unlink, pathContaining: "segment-", effect: .fail(errorNumber: EIO)))
        Self.expectIOFailure("fsync directory", EIO) { try Self.append(ledger, Self.notes(8, "large")) }
        let stray = LedgerFormat.segmentFileName(firstSequence: acknowledged.sequence + 1)
        #expect(try StoreFixtures.segments(directory.store).contains(stray))
        disk.removeFaults()
        do {
            try Self.append(ledger, Self.notes(1, "small"))
            Issue.record("the writer appended beside a segment it could not remove")
        } catch LedgerError.writerPoisoned(let reason) {
            #expect(reason.hasPrefix("unlink " + directory.store + "/" + stray))
        }
        ledger.close()
        // The stray segment is an empty last segment named for the next sequence: allowed, and used.
        let reopened = try Self.expectRecovered(directory.store, acknowledged: acknowledged)
        defer { reopened.close() }
        #expect(reopened.digest == acknowledged)
        let receipt = try Self.append(reopened, Self.notes(1, "after reopening"))
        #expect(receipt.firstSequence == acknowledged.sequence + 1)
        #expect(try StoreFixtures.segments(directory.store).last == stray)
    }

    // MARK: - The poisoned writer

    struct PoisoningFailure: Sendable, CustomTestStringConvertible {
        var name: String
        var faults: [FaultyFileSystem.Fault]
        var rollsSegment: Bool
        /// The failure the append reports.
        var operation: String
        var errorNumber: Int32
        /// The failure of the undo, named in the poisoned writer's refusals.
        var undoOperation: String
        /// Bytes left on disk by the failed batch, which the next open must quarantine.
        var tornByteCount: Int
        var testDescription: String { name }
    }

    static let poisoningFailures: [PoisoningFailure] = [
        PoisoningFailure(name: "fsync keeps failing (EIO): the cut-back cannot be made durable", faults: [
            .init(.synchronize, pathContaining: "segment-", repeats: true, effect: .fail(errorNumber: EIO)),
        ], rollsSegment: false, operation: "fsync", errorNumber: EIO, undoOperation: "fsync", tornByteCount: 0),
        PoisoningFailure(name: "a write fails part-way and the cut-back (ftruncate) fails too", faults: [
            .init(.write, pathContaining: "segment-", effect: .shortWrite(byteCount: 40)),
            .init(.write, pathContaining: "segment-", occurrence: 2, effect: .fail(errorNumber: EIO)),
            .init(.truncate, pathContaining: "segment-", effect: .fail(errorNumber: EIO)),
        ], rollsSegment: false, operation: "write", errorNumber: EIO, undoOperation: "ftruncate", tornByteCount: 40),
        PoisoningFailure(name: "a write into a new segment fails and the segment cannot be removed", faults: [
            .init(.write, pathContaining: "segment-", effect: .shortWrite(byteCount: 40)),
            .init(.write, pathContaining: "segment-", occurrence: 2, effect: .fail(errorNumber: ENOSPC)),
            .init(.unlink, pathContaining: "segment-", effect: .fail(errorNumber: EIO)),
        ], rollsSegment: true, operation: "write", errorNumber: ENOSPC, undoOperation: "unlink", tornByteCount: 40),
    ]

    @Test("a failure the writer cannot undo poisons it: every later append is refused, naming the cause; reopening recovers",
          arguments: poisoningFailures)
    func poisonedWriter(_ failure: PoisoningFailure) throws {
        let directory = TemporaryDirectory("poison")
        let acknowledged = try StoreFixtures.fill(directory.store, batchCount: 3)
        let disk = FaultyFileSystem(root: directory.store)
        let ledger = try Self.open(directory.store, through: disk, segmentSizeBytesMax: failure.rollsSegment ? 1 : 64 << 20)
        for fault in failure.faults { disk.add(fault) }

        Self.expectIOFailure(failure.operation, failure.errorNumber) {
            try Self.append(ledger, Self.notes(3, "lost"))
        }
        // The disk is healthy again, but the writer no longer knows what is on it: it refuses.
        disk.removeFaults()
        for _ in 0..<2 {
            do {
                try Self.append(ledger, Self.notes(1, "refused"))
                Issue.record("a poisoned writer accepted an append")
            } catch LedgerError.writerPoisoned(let reason) {
                #expect(reason.hasPrefix(failure.undoOperation + " "))
                #expect(LedgerError.writerPoisoned(reason: reason).description.contains("reopen the ledger to recover"))
            }
        }
        // A streamed import is refused the same way, before it produces a single event.
        // Untyped, so the catch below can match one case (a typed-throws do/catch with a case
        // pattern crashes the 6.3 compiler).
        let streamed: () throws -> Void = {
            try ledger.appendStreamed(eventCount: 4, expecting: [.case("C0"): .any]) { _ in
                Issue.record("a poisoned writer asked for an event to append")
                return StoreFixtures.note("C0")
            }
        }
        do {
            try streamed()
            Issue.record("a poisoned writer accepted a streamed batch")
        } catch LedgerError.writerPoisoned(let reason) {
            #expect(reason.hasPrefix(failure.undoOperation + " "))
        }
        #expect(ledger.digest == acknowledged)
        ledger.close()

        let reopened = try Self.expectRecovered(directory.store, acknowledged: acknowledged)
        defer { reopened.close() }
        #expect(reopened.digest == acknowledged)
        if failure.tornByteCount > 0 {
            let action = try #require(reopened.recovery.first)
            #expect(action.byteCount == failure.tornByteCount)
        } else {
            #expect(reopened.recovery.isEmpty)
        }
        let receipt = try Self.append(reopened, Self.notes(2, "after reopening"))
        #expect(receipt.firstSequence == acknowledged.sequence + 1)
        #expect(try LedgerVerifier.verify(directory: directory.store).isIntact)
    }

    // MARK: - Reads

    @Test("EIO reading a segment: the writer's open and verify fail naming the file and the reason; nothing is changed")
    func readFailure() throws {
        let directory = TemporaryDirectory("eio")
        let acknowledged = try StoreFixtures.fill(directory.store, batchCount: 4)
        let before = try Self.logFiles(directory.store)
        let disk = FaultyFileSystem(root: directory.store, faults: [
            .init(.read, pathContaining: "segment-", repeats: true, effect: .fail(errorNumber: EIO)),
        ])
        let failure = Self.expectIOFailure("read", EIO) { _ = try Self.open(directory.store, through: disk) }
        #expect(failure?.path == (try Self.lastSegmentPath(directory.store)))
        Self.expectIOFailure("read", EIO) {
            _ = try LedgerVerifier.verify(directory: directory.store, digest: nil, fileSystem: disk.calls)
        }
        #expect(Self.changesBesidesLock(disk).isEmpty)
        #expect(try Self.logFiles(directory.store) == before)
        let reopened = try Self.expectRecovered(directory.store, acknowledged: acknowledged)
        reopened.close()
    }

    // MARK: - Crash between write and fsync

    @Test("power lost between the write and the fsync: the unsynced batch is gone, the writer was poisoned, the log reopens at the last acknowledged batch")
    func powerLossBeforeFsync() throws {
        let directory = TemporaryDirectory("powerloss")
        let acknowledged = try StoreFixtures.fill(directory.store, batchCount: 3)
        let disk = FaultyFileSystem(root: directory.store)
        let ledger = try Self.open(directory.store, through: disk)
        let before = try Self.logFiles(directory.store)
        disk.add(.init(.synchronize, pathContaining: "segment-", effect: .crash))
        Self.expectIOFailure("fsync", EIO) { try Self.append(ledger, Self.notes(3, "never synced")) }
        // The batch reached the page cache before the crash.
        #expect(try Self.logFiles(directory.store) != before)
        expectLedgerError(.writerPoisoned(reason: "ftruncate \(try Self.lastSegmentPath(directory.store)): \(String(cString: strerror(EIO))) (errno \(EIO))")) {
            try Self.append(ledger, Self.notes(1, "refused"))
        }
        ledger.close()
        disk.losePower()
        #expect(try Self.logFiles(directory.store) == before)
        let reopened = try Self.expectRecovered(directory.store, acknowledged: acknowledged)
        defer { reopened.close() }
        #expect(reopened.digest == acknowledged)
        #expect(reopened.recovery.isEmpty)
    }

    @Test("the process dies between the write and the fsync (no power loss): the whole batch is on disk and counts, or none of it")
    func processCrashBeforeFsync() throws {
        let directory = TemporaryDirectory("kill")
        let acknowledged = try StoreFixtures.fill(directory.store, batchCount: 3)
        let disk = FaultyFileSystem(root: directory.store)
        let ledger = try Self.open(directory.store, through: disk)
        disk.add(.init(.synchronize, pathContaining: "segment-", effect: .crash))
        Self.expectIOFailure("fsync", EIO) { try Self.append(ledger, Self.notes(3, "written")) }
        ledger.close()
        let reopened = try Self.expectRecovered(directory.store, acknowledged: acknowledged)
        defer { reopened.close() }
        // The operating system still had the bytes: the batch is complete on disk, so it is kept.
        #expect(reopened.digest.sequence == acknowledged.sequence + 3)
        #expect(reopened.recovery.isEmpty)
    }

    // MARK: - Failed directory fsync

    @Test("a failed directory fsync while quarantining stops the open; the next open quarantines the same bytes again")
    func quarantineDirectoryFsyncFails() throws {
        let directory = TemporaryDirectory("quarantine-dir")
        let acknowledged = try StoreFixtures.fill(directory.store, batchCount: 3)
        let path = try Self.lastSegmentPath(directory.store)
        let torn = Array(#"{"event":{"sequence":7,"eventId":"x"#.utf8)
        try StoreFixtures.write(try StoreFixtures.bytes(path) + torn, to: path)
        let disk = FaultyFileSystem(root: directory.store, faults: [
            .init(.synchronizeDirectory, effect: .fail(errorNumber: EIO)),
        ])
        Self.expectIOFailure("fsync directory", EIO) { _ = try Self.open(directory.store, through: disk) }
        // The quarantine file was written and synced; the segment was not cut yet.
        #expect(try StoreFixtures.bytes(path + LedgerFormat.quarantineInfix + "1") == torn)
        #expect(try StoreFixtures.bytes(path).suffix(torn.count) == torn[...])
        #expect(!Self.changesBesidesLock(disk).contains { $0.operation == .truncate })

        let reopened = try Self.expectRecovered(directory.store, acknowledged: acknowledged)
        defer { reopened.close() }
        #expect(reopened.digest == acknowledged)
        let action = try #require(reopened.recovery.first)
        #expect(action.quarantinePath == path + LedgerFormat.quarantineInfix + "2")
        #expect(try StoreFixtures.bytes(action.quarantinePath) == torn)
    }

    @Test("a failed directory fsync while creating a ledger fails the open, naming the directory")
    func creationDirectoryFsyncFails() throws {
        let directory = TemporaryDirectory("create")
        try FileManager.default.createDirectory(atPath: directory.store, withIntermediateDirectories: true)
        let disk = FaultyFileSystem(root: directory.store, faults: [
            .init(.synchronizeDirectory, effect: .fail(errorNumber: ENOSPC)),
        ])
        let failure = Self.expectIOFailure("fsync directory", ENOSPC) { _ = try Self.open(directory.store, through: disk) }
        #expect(failure?.path == directory.store)
        disk.losePower()
        // Nothing was made durable: after the power cut the directory is empty and a ledger starts afresh.
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.store).isEmpty)
        let ledger = try Self.open(directory.store, through: nil)
        defer { ledger.close() }
        #expect(ledger.digest.sequence == 0)
    }

    // MARK: - Power loss at every step (issue 17, item 9)

    enum Workload: String, Sendable, CaseIterable {
        case appends, roll, streamedImport = "streamed import"
        /// An open that quarantines an unfinished tail and rebuilds a missing tree sidecar (a crash
        /// during recovery itself), then appends.
        case recoveringOpen = "recovering open"
        /// The first open of a new ledger (directory, manifest, first segment), then appends.
        case creation

        var segmentSizeBytesMax: Int { self == .roll ? 1 : 64 << 20 }

        /// The store as the workload finds it, already durable: two batches, and for a recovering
        /// open the first two lines of an unfinished three-line batch after them.
        func prepare(_ store: String) throws -> LedgerDigest {
            if self == .creation { return LedgerDigest(sequence: 0, hash: LedgerFormat.genesis) }
            let acknowledged = try StoreFixtures.fill(store, batchCount: 2)
            guard self == .recoveringOpen else { return acknowledged }
            let path = try StorageFaultTests.lastSegmentPath(store)
            try StoreFixtures.write(try StoreFixtures.bytes(path) + (try Self.unfinishedTail()), to: path)
            try FileManager.default.removeItem(atPath: TreeSidecar.path(in: store))
            return acknowledged
        }

        /// The first two lines of a three-line third batch, as the same fill would write them.
        static func unfinishedTail() throws -> [UInt8] {
            let other = TemporaryDirectory("unfinished")
            try StoreFixtures.fill(other.store, batchCount: 3)
            let donor = try StoreFixtures.bytes(try StorageFaultTests.lastSegmentPath(other.store))
            let lines = donor.split(separator: 0x0A).map { Array($0) + [0x0A] }
            // Lines 4 and 5 are the first two of the third batch (sequences 4–6).
            return lines[3] + lines[4]
        }

        /// Runs until the first failure, returning the last acknowledged head.
        func run(_ ledger: Ledger, from acknowledged: LedgerDigest) -> LedgerDigest {
            var acknowledged = acknowledged
            do {
                switch self {
                case .appends, .roll, .recoveringOpen, .creation:
                    for (index, size) in [1, 3, 2].enumerated() {
                        acknowledged = try StorageFaultTests.append(ledger, StorageFaultTests.notes(size, "batch \(index)")).head
                    }
                case .streamedImport:
                    let events = StorageFaultTests.notes(40, "imported")
                    acknowledged = try ledger.appendStreamed(
                        eventCount: events.count, expecting: StoreFixtures.anyExpectations(events), chunkEventCount: 8
                    ) { events[$0] }.head
                    acknowledged = try StorageFaultTests.append(ledger, StorageFaultTests.notes(2, "after the import")).head
                }
            } catch {
                // The process "died" here; what was acknowledged so far must survive.
            }
            return acknowledged
        }
    }

    @Test("power lost before each change of the disk in turn: the store opens, keeps every acknowledged batch, and verifies",
          arguments: Workload.allCases)
    func powerLossAtEveryStep(_ workload: Workload) throws {
        // A clean run counts the changes the workload makes (the open's included).
        let dry = TemporaryDirectory("dry")
        let base = try workload.prepare(dry.store)
        let counter = FaultyFileSystem(root: dry.store)
        let ledger = try Self.open(dry.store, through: counter, segmentSizeBytesMax: workload.segmentSizeBytesMax)
        let completed = workload.run(ledger, from: base)
        ledger.close()
        let changeCount = counter.changes.count
        #expect(completed.sequence > base.sequence)
        #expect(changeCount > 10)
        let tail = workload == .recoveringOpen ? try Workload.unfinishedTail() : []
        if workload == .recoveringOpen {
            #expect(counter.changes.contains { $0.operation == .open && $0.path.hasSuffix(LedgerFormat.quarantineInfix + "1") })
        }

        for crashPoint in 1...changeCount {
            let directory = TemporaryDirectory("crash")
            let acknowledgedBefore = try workload.prepare(directory.store)
            let disk = FaultyFileSystem(root: directory.store, faults: [.init(nil, occurrence: crashPoint, effect: .crash)])
            var acknowledged = acknowledgedBefore
            if let ledger = try? Self.open(directory.store, through: disk, segmentSizeBytesMax: workload.segmentSizeBytesMax) {
                acknowledged = workload.run(ledger, from: acknowledgedBefore)
                ledger.close()
            }
            #expect(disk.isCrashed, "crash point \(crashPoint) of \(changeCount) was never reached")
            disk.losePower()
            do {
                let reopened = try Self.expectRecovered(directory.store, acknowledged: acknowledged)
                if !tail.isEmpty {
                    // Cut-off bytes are never lost either: a quarantine file holds them (perhaps twice).
                    let quarantined = try FileManager.default.contentsOfDirectory(atPath: directory.store)
                        .filter { $0.contains(LedgerFormat.quarantineInfix) }
                        .map { try StoreFixtures.bytes(directory.store + "/" + $0) }
                    #expect(quarantined.contains(tail), "power lost before change \(crashPoint): \(quarantined.map(\.count))")
                }
                // The reopened writer carries on.
                let receipt = try Self.append(reopened, Self.notes(1, "after power returns"))
                reopened.close()
                #expect(try LedgerVerifier.verify(directory: directory.store, digest: receipt.head).isIntact)
            } catch {
                Issue.record("\(workload.rawValue), power lost before change \(crashPoint) (\(counter.changes[crashPoint - 1])): \(error)")
            }
        }
    }

    // MARK: - The recovery table of events/README.md

    enum RecoveryRow: String, Sendable, CaseIterable {
        case tornWrite = "last segment ends without LF (torn write)"
        case unparsableLastLine = "last line does not parse as a frame"
        case lastLineFailsHash = "last line parses as a frame but fails its hash"
        case unfinishedBatch = "last lines form a batch whose final line is missing"
        case badLineBeforeEnd = "a bad line that is not at the end"
        case missingSegment = "a segment missing in the middle"
        case misnamedSegment = "a segment whose name is not the sequence it must start at"
        case emptySegmentBeforeLast = "a segment before the last is empty"
        case missingManifest = "segments but no manifest"
        case foreignManifest = "a manifest of another format"
        case lastSegmentRemoved = "the last segment removed at a batch boundary"
    }

    @Test("each row of the recovery table, through the seam: the documented decision, and nothing changed where the open refuses",
          arguments: RecoveryRow.allCases)
    func recoveryTableRow(_ row: RecoveryRow) throws {
        let directory = TemporaryDirectory("row")
        let store = directory.store
        let acknowledged = try StoreFixtures.fill(store, batchCount: 6, segmentSizeBytesMax: 2_000)
        let segments = try StoreFixtures.segments(store)
        #expect(segments.count >= 3)
        let lastPath = try Self.lastSegmentPath(store)

        /// Appends `events` through a writer that dies in its first segment write, after putting
        /// `change(bytes)` on the disk; returns the bytes the crash left after the committed log.
        func crashWhileWriting(_ events: [ProposedEvent], _ change: @escaping @Sendable ([UInt8]) -> [UInt8]) throws -> [UInt8] {
            let disk = FaultyFileSystem(root: store)
            let ledger = try Self.open(store, through: disk, segmentSizeBytesMax: 64 << 20)
            let before = try StoreFixtures.bytes(lastPath)
            disk.add(.init(.write, pathContaining: "segment-", effect: .writeAndCrash(change: change)))
            Self.expectIOFailure("write", EIO) { _ = try ledger.append(events, expecting: StoreFixtures.anyExpectations(events)) }
            ledger.close()
            return Array(try StoreFixtures.bytes(lastPath).dropFirst(before.count))
        }

        /// Opens through a fresh faulty disk and expects a refusal that changes no file of the log.
        func expectRefusal(faults: [FaultyFileSystem.Fault] = [], _ check: (LedgerError) -> Void) throws {
            let before = try Self.logFiles(store)
            let disk = FaultyFileSystem(root: store, faults: faults)
            do {
                let ledger = try Self.open(store, through: disk, segmentSizeBytesMax: 2_000)
                ledger.close()
                Issue.record("\(row.rawValue): the open succeeded")
            } catch let error as LedgerError {
                check(error)
            }
            #expect(Self.changesBesidesLock(disk).isEmpty, "\(Self.changesBesidesLock(disk))")
            #expect(try Self.logFiles(store) == before)
        }

        /// Opens with the system's calls and expects one quarantined tail holding `tail`.
        func expectQuarantined(_ tail: [UInt8]) throws -> ScanFault.Kind? {
            let ledger = try Self.expectRecovered(store, acknowledged: acknowledged)
            defer { ledger.close() }
            #expect(ledger.digest == acknowledged)
            #expect(ledger.recovery.count == 1)
            let action = try #require(ledger.recovery.first)
            #expect(action.quarantinePath.hasPrefix(lastPath + LedgerFormat.quarantineInfix))
            #expect(try StoreFixtures.bytes(action.quarantinePath) == tail)
            #expect(try StoreFixtures.bytes(lastPath).count + tail.count > 0)
            return action.fault.kind
        }

        switch row {
        case .tornWrite:
            let tail = try crashWhileWriting(Self.notes(1, "torn")) { Array($0.prefix($0.count / 2)) }
            #expect(!tail.isEmpty && tail.last != 0x0A)
            #expect(try expectQuarantined(tail) == .tornTail(byteCount: tail.count))

        case .unparsableLastLine:
            // The first bytes of the frame arrive garbled: the line ends in LF but is no frame.
            let tail = try crashWhileWriting(Self.notes(1, "garbled")) { bytes in
                Array("{\"evnt\":".utf8) + bytes.dropFirst(9)
            }
            #expect(tail.last == 0x0A)
            guard case .unparsableLine? = try expectQuarantined(tail) else {
                Issue.record("expected an unparsable line")
                return
            }

        case .lastLineFailsHash:
            // A byte of the content changes on its way to the disk: a whole, well-framed line,
            // which may have been acknowledged, so it is damage and never cut off.
            let marker = Array("fault-marker".utf8)
            let tail = try crashWhileWriting(Self.notes(1, "fault-marker")) { bytes in
                var changed = bytes
                if let start = (0...(bytes.count - marker.count)).first(where: { bytes[$0..<$0 + marker.count].elementsEqual(marker) }) {
                    changed[start] = UInt8(ascii: "F")
                }
                return changed
            }
            #expect(tail.contains(UInt8(ascii: "F")))
            #expect(tail.last == 0x0A)
            try expectRefusal { error in
                guard case .corrupt(let fault) = error, case .contentHashMismatch = fault.kind else {
                    Issue.record("expected a content hash mismatch, got \(error)")
                    return
                }
                #expect(fault.sequence == acknowledged.sequence + 1)
                #expect(error.description.contains("Nothing was changed"))
            }

        case .unfinishedBatch:
            // The process dies after the first two lines of a four-line batch reach the disk.
            let tail = try crashWhileWriting(Self.notes(4, "unfinished")) { bytes in
                let newlines = bytes.indices.filter { bytes[$0] == 0x0A }
                return newlines.count >= 2 ? Array(bytes[...newlines[1]]) : bytes
            }
            let present = tail.filter { $0 == 0x0A }.count
            #expect(present == 2)
            #expect(try expectQuarantined(tail) == .incompleteBatch(firstSequence: acknowledged.sequence + 1,
                                                                    linesPresent: present, batchSize: 4))

        case .badLineBeforeEnd:
            // The disk returns one wrong bit in the second line of the first segment.
            let first = store + "/" + segments[0]
            let secondLine = try #require(try StoreFixtures.bytes(first).firstIndex(of: 0x0A)) + 1
            try expectRefusal(faults: [
                .init(.read, pathContaining: segments[0], repeats: true, effect: .corruptRead(fileOffset: secondLine + 30)),
            ]) { error in
                guard case .corrupt(let fault) = error else {
                    Issue.record("expected damage, got \(error)")
                    return
                }
                #expect(fault.segment == segments[0])
                #expect(fault.byteOffset == secondLine)
                #expect(fault.sequence == 2)
            }
            // The disk itself was sound: a healthy read opens the same log.
            let reopened = try Self.expectRecovered(store, acknowledged: acknowledged)
            reopened.close()

        case .missingSegment:
            try FileManager.default.removeItem(atPath: store + "/" + segments[1])
            try expectRefusal { error in
                guard case .corrupt(let fault) = error else {
                    Issue.record("expected damage, got \(error)")
                    return
                }
                #expect(fault.segment == segments[2])
            }

        case .misnamedSegment:
            let misnamed = LedgerFormat.segmentFileName(firstSequence: acknowledged.sequence + 5)
            try StoreFixtures.write([], to: store + "/" + misnamed)
            try expectRefusal { error in
                guard case .corrupt(let fault) = error else {
                    Issue.record("expected damage, got \(error)")
                    return
                }
                #expect(fault.segment == misnamed)
                #expect(fault.kind == .segmentMisnamed(promised: acknowledged.sequence + 5, expected: acknowledged.sequence + 1))
            }

        case .emptySegmentBeforeLast:
            try StoreFixtures.write([], to: store + "/" + segments[1])
            try expectRefusal { error in
                guard case .corrupt(let fault) = error else {
                    Issue.record("expected damage, got \(error)")
                    return
                }
                #expect(fault.kind == .emptySegment)
                #expect(fault.segment == segments[1])
            }

        case .missingManifest:
            try FileManager.default.removeItem(atPath: store + "/" + LedgerFormat.manifestFileName)
            try expectRefusal { error in #expect(error == .manifestMissing(directory: store)) }

        case .foreignManifest:
            try StoreFixtures.write(Array(#"{"format":"other-log","formatVersion":1,"hashAlgorithm":"sha256","genesis":"0"}"#.utf8),
                                    to: store + "/" + LedgerFormat.manifestFileName)
            try expectRefusal { error in
                guard case .unsupportedFormat(let named, let detail) = error else {
                    Issue.record("expected an unsupported format, got \(error)")
                    return
                }
                #expect(named == store)
                #expect(detail.contains("format"))
            }

        case .lastSegmentRemoved:
            // Not detectable from the log alone: the open succeeds at the shorter head...
            try FileManager.default.removeItem(atPath: lastPath)
            let disk = FaultyFileSystem(root: store)
            let ledger = try Self.open(store, through: disk, segmentSizeBytesMax: 2_000)
            #expect(ledger.digest.sequence < acknowledged.sequence)
            #expect(ledger.recovery.isEmpty)
            ledger.close()
            // ...and the digest noted earlier detects it.
            let report = try LedgerVerifier.verify(directory: store, digest: acknowledged)
            guard case .digestMismatch(let sequence, _, _)? = report.fault?.kind else {
                Issue.record("expected the digest to detect the removed segment, got \(String(describing: report.fault))")
                return
            }
            #expect(sequence == acknowledged.sequence)
        }
    }
}
