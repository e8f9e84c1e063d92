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

/// The `tree-hashes` sidecar: kept in step by the writer, checked against the log on open, and
/// rebuilt with the same root when deleted, truncated, corrupted or ahead of the log.
@Suite("tree sidecar")
struct TreeSidecarTests {
    static func sidecarPath(_ directory: TemporaryDirectory) -> String { directory.store + "/" + TreeSidecar.fileName }

    /// The content hashes of the log's committed lines, read by the reader (not the sidecar).
    static func logContentHashes(_ store: String) throws -> [SHA256Digest] {
        try LedgerReader(directory: store).readAll().map(\.contentHash)
    }

    static func rootFromSidecar(_ store: String) throws -> SHA256Digest {
        let tree = try ConsistencyProof.sidecarTree(directory: store)
        return tree.rootHash(size: tree.size)
    }

    @Test("every append adds its lines' content hashes; the sidecar's root is the log's")
    func appendKeepsSidecarInStep() throws {
        let directory = TemporaryDirectory("tree")
        try StoreFixtures.fill(directory.store, batchCount: 25, segmentSizeBytesMax: 4_096)
        let stored = try #require(try TreeSidecar.load(directory: directory.store))
        let log = try Self.logContentHashes(directory.store)
        #expect(stored == log)
        let index = try LedgerTreeIndex.open(directory: directory.store)
        #expect(index.sidecarState == .matches)
        #expect(try Self.rootFromSidecar(directory.store) == index.checkpoint().rootHash)
        let bytes = try StoreFixtures.bytes(Self.sidecarPath(directory))
        #expect(bytes.count == 32 + 32 * log.count)
        #expect(Array(bytes[0..<32]) == Array("caseledger-tree-hashes-1-sha256\n".utf8))
    }

    @Test("a streamed batch adds its records too")
    func streamedAppend() throws {
        let directory = TemporaryDirectory("tree")
        let ledger = try StoreFixtures.openLedger(directory.store)
        try ledger.appendStreamed(eventCount: 1_000, expecting: [.case("C1"): .any], chunkEventCount: 128) { index in
            StoreFixtures.note("C1", "streamed \(index)")
        }
        ledger.close()
        #expect(try TreeSidecar.load(directory: directory.store) == Self.logContentHashes(directory.store))
    }

    enum Damage: String, CaseIterable {
        case deleted, truncatedMidRecord, truncatedWholeRecords, corruptedRecord, corruptedHeader, extraRecords
    }

    @Test("a damaged sidecar is detected on open and rebuilt with the same root", arguments: Damage.allCases)
    func damageIsRepaired(damage: Damage) throws {
        let directory = TemporaryDirectory("tree")
        try StoreFixtures.fill(directory.store, batchCount: 20)
        let root = try Self.rootFromSidecar(directory.store)
        let path = Self.sidecarPath(directory)
        var bytes = try StoreFixtures.bytes(path)
        switch damage {
        case .deleted: try FileManager.default.removeItem(atPath: path)
        case .truncatedMidRecord: try StoreFixtures.write(Array(bytes.dropLast(45)), to: path)
        case .truncatedWholeRecords: try StoreFixtures.write(Array(bytes.dropLast(32 * 7)), to: path)
        case .corruptedRecord:
            bytes[32 + 32 * 11 + 5] ^= 0x40
            try StoreFixtures.write(bytes, to: path)
        case .corruptedHeader:
            bytes[3] ^= 0x01
            try StoreFixtures.write(bytes, to: path)
        case .extraRecords: try StoreFixtures.write(bytes + [UInt8](repeating: 0xAB, count: 32 * 3), to: path)
        }
        // Readers see the damage and say so, without repairing.
        let before = try LedgerTreeIndex.open(directory: directory.store)
        #expect(before.sidecarState != .matches, "\(damage)")
        #expect(before.checkpoint().rootHash == root, "the log's own root does not depend on the sidecar")
        let report = try LedgerVerifier.verify(directory: directory.store)
        #expect(report.isIntact)
        #expect(report.sidecarState != .matches)

        let ledger = try StoreFixtures.openLedger(directory.store)
        let repair = try #require(ledger.treeRepair, "\(damage) not reported")
        ledger.close()
        switch damage {
        case .deleted: #expect(repair == .missing)
        case .truncatedMidRecord: #expect(repair == .tornRecord(sizeBytes: bytes.count - 45))
        case .truncatedWholeRecords: #expect(repair == .behindLog(count: 53, head: 60))
        case .corruptedRecord: #expect(repair == .differs(sequence: 12))
        case .corruptedHeader: #expect(repair == .badHeader)
        case .extraRecords: #expect(repair == .aheadOfLog(count: 63, head: 60))
        }
        #expect(try TreeSidecar.load(directory: directory.store) == Self.logContentHashes(directory.store), "\(damage)")
        #expect(try Self.rootFromSidecar(directory.store) == root, "\(damage)")
        // Repaired once: the next open finds nothing to do.
        let again = try StoreFixtures.openLedger(directory.store)
        #expect(again.treeRepair == nil)
        again.close()
    }

    @Test("a resumed open checks the tail's records and rebuilds a sidecar missing before the resume point")
    func resumedOpen() throws {
        let directory = TemporaryDirectory("tree")
        try StoreFixtures.fill(directory.store, batchCount: 12)
        let resumePoint = try ResumedOpenTests.resumePoint(directory.store, atOrBefore: 1_000)
        try StoreFixtures.fill(directory.store, batchCount: 3)
        try FileManager.default.removeItem(atPath: Self.sidecarPath(directory))
        let ledger = try StoreFixtures.openLedger(directory.store, resumingFrom: resumePoint)
        #expect(ledger.openStatistics.isResumed)
        #expect(ledger.treeRepair == .missing)
        ledger.close()
        #expect(try TreeSidecar.load(directory: directory.store) == Self.logContentHashes(directory.store))
    }

    @Test("with maintainsTree off no sidecar is written, and the next writer creates it")
    func optionOff() throws {
        let directory = TemporaryDirectory("tree")
        var options = LedgerOptions()
        options.maintainsTree = false
        let ledger = try Ledger(directory: directory.store, options: options, clock: ManualClock(StoreFixtures.start),
                                identifiers: SeededIdentifierGenerator(seed: 1))
        let events = [StoreFixtures.note("C1")]
        try ledger.append(events, expecting: StoreFixtures.anyExpectations(events))
        ledger.close()
        #expect(!FileManager.default.fileExists(atPath: Self.sidecarPath(directory)))
        let writer = try StoreFixtures.openLedger(directory.store)
        #expect(writer.treeRepair == .missing)
        writer.close()
        #expect(try TreeSidecar.load(directory: directory.store)?.count == 1)
    }
}
