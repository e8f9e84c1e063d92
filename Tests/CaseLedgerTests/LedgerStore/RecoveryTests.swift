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

/// The recovery table of `events/README.md`, one named test per case.
@Suite("Recovery on open")
struct RecoveryTests {
    static func lastSegmentPath(_ store: String) throws -> String {
        store + "/" + (try StoreFixtures.segments(store).last ?? "")
    }

    @Test("torn tail: a real partial write is quarantined, reported, and the log reopens and verifies")
    func tornTail() throws {
        let directory = TemporaryDirectory("torn")
        let digest = try StoreFixtures.fill(directory.store, batchCount: 5)
        let path = try Self.lastSegmentPath(directory.store)
        let partial = Array(#"{"event":{"sequence":16,"eventId":"x","ty"#.utf8)
        let handle = try #require(FileHandle(forWritingAtPath: path))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(partial))
        try handle.close()
        #expect(try LedgerVerifier.verify(directory: directory.store).fault != nil)
        let ledger = try StoreFixtures.openLedger(directory.store)
        #expect(ledger.digest == digest)
        let action = try #require(ledger.recovery.first)
        #expect(ledger.recovery.count == 1)
        guard case .tornTail(let count) = action.fault.kind else {
            Issue.record("expected torn tail, got \(action.fault)")
            return
        }
        #expect(count == partial.count)
        #expect(try StoreFixtures.bytes(action.quarantinePath) == partial)
        try ledger.append([StoreFixtures.note("C1")], expecting: [.case("C1"): .any])
        ledger.close()
        #expect(try LedgerVerifier.verify(directory: directory.store).isIntact)
    }

    @Test("unparsable last line: quarantined and reported; earlier events kept")
    func unparsableLastLine() throws {
        let directory = TemporaryDirectory("garbage")
        let digest = try StoreFixtures.fill(directory.store, batchCount: 4)
        let path = try Self.lastSegmentPath(directory.store)
        var bytes = try StoreFixtures.bytes(path)
        let garbage = Array("not a ledger line\n".utf8)
        bytes += garbage
        try StoreFixtures.write(bytes, to: path)
        let ledger = try StoreFixtures.openLedger(directory.store)
        defer { ledger.close() }
        #expect(ledger.digest == digest)
        let action = try #require(ledger.recovery.first)
        guard case .unparsableLine = action.fault.kind else {
            Issue.record("expected unparsable line, got \(action.fault)")
            return
        }
        #expect(try StoreFixtures.bytes(action.quarantinePath) == garbage)
    }

    @Test("incomplete batch: the unfinished batch is quarantined whole")
    func incompleteBatch() throws {
        let directory = TemporaryDirectory("batch")
        try StoreFixtures.fill(directory.store, batchCount: 4)  // batch sizes 1, 2, 3, 4
        let path = try Self.lastSegmentPath(directory.store)
        let lines = try StoreFixtures.bytes(path).split(separator: 0x0A).map { Array($0) + [0x0A] }
        #expect(lines.count == 10)
        // Keep the first two lines of the last (4-event) batch: a crash mid-batch.
        let kept = lines[0..<8].flatMap { $0 }
        try StoreFixtures.write(kept, to: path)
        let ledger = try StoreFixtures.openLedger(directory.store)
        defer { ledger.close() }
        #expect(ledger.digest.sequence == 6)
        let action = try #require(ledger.recovery.first)
        guard case .incompleteBatch(let first, let present, let size) = action.fault.kind else {
            Issue.record("expected incomplete batch, got \(action.fault)")
            return
        }
        #expect(first == 7)
        #expect(present == 2)
        #expect(size == 4)
        #expect(try StoreFixtures.bytes(action.quarantinePath) == lines[6..<8].flatMap { $0 })
    }

    @Test("a bad line before the end stops open with segment, offset and sequence; nothing changes")
    func badLineMidLog() throws {
        let directory = TemporaryDirectory("mid")
        try StoreFixtures.fill(directory.store, batchCount: 4)
        let path = try Self.lastSegmentPath(directory.store)
        var bytes = try StoreFixtures.bytes(path)
        let secondLine = try #require(bytes.firstIndex(of: 0x0A)) + 1
        bytes[secondLine + 30] ^= 0x01
        try StoreFixtures.write(bytes, to: path)
        do {
            _ = try StoreFixtures.openLedger(directory.store)
            Issue.record("expected corrupt")
        } catch LedgerError.corrupt(let fault) {
            #expect(fault.sequence == 2)
            #expect(fault.byteOffset == secondLine)
            #expect(fault.segment == (try StoreFixtures.segments(directory.store)[0]))
        }
        #expect(try StoreFixtures.bytes(path) == bytes)
    }

    @Test("an empty segment before the last is reported as truncated")
    func emptyMiddleSegment() throws {
        let directory = TemporaryDirectory("empty")
        try StoreFixtures.fill(directory.store, batchCount: 40, segmentSizeBytesMax: 4_096)
        let names = try StoreFixtures.segments(directory.store)
        try StoreFixtures.write([], to: directory.store + "/" + names[1])
        do {
            _ = try StoreFixtures.openLedger(directory.store, segmentSizeBytesMax: 4_096)
            Issue.record("expected corrupt")
        } catch LedgerError.corrupt(let fault) {
            #expect(fault.kind == .emptySegment)
            #expect(fault.segment == names[1])
        }
    }
}
