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

/// Snapshot format 4 checks a block only when it is first read, after the snapshot was opened.
/// Damage found then must not change an answer or a decision: the command line discards the
/// answer, sets the snapshot aside and answers again from the log; a write command appends once.
/// The snapshot set aside is removed once a good one is written in its place.
@Suite("snapshot blocks damaged after opening")
struct SnapshotBlockDamageCommandTests {
    /// Flips one byte in the middle of the block of `key` (a case id) in the snapshot at `path`.
    static func damageCaseBlock(_ key: String, in path: String) throws {
        let store = SnapshotStore(directory: (path as NSString).deletingLastPathComponent)
        let entry = try #require(store.entries().first { $0.path == path })
        let loaded = try store.load(entry).get()
        let range = try #require(loaded.state.cases.blocks?.fileRange(.caseFacts, key), "no case block \(key)")
        var bytes = try StoreFixtures.bytes(path)
        bytes[range.lowerBound + range.count / 2] ^= 0x40
        try StoreFixtures.write(bytes, to: path)
    }

    static func snapshots(_ directory: TemporaryDirectory) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: directory.defaultSnapshots).sorted()
    }

    @Test("a query that reads a damaged case block answers as the log does, and the snapshot is set aside")
    func queryAnswersAgain() throws {
        let directory = TemporaryDirectory("block-query")
        let base = ["--store", directory.store]
        // The same question twice must print the same bytes: fix "now".
        let now = ProcessInfo.processInfo.environment.merging(["CASELEDGER_NOW": "2018-06-01T12:00:00Z"]) { $1 }
        let generated = try ChildProcess.run("caseledger", ["generate", "--events", "3000", "--seed", "7"] + base)
        #expect(generated.status == 0, "\(generated.standardError)")
        let first = try ChildProcess.run("caseledger", ["holders", "C000001"] + base, environment: now)
        #expect(first.status == 0, "\(first.standardError)")
        let written = try #require(try Self.snapshots(directory).first { $0.hasSuffix(".snapshot") })
        try Self.damageCaseBlock("C000001", in: directory.defaultSnapshots + "/" + written)

        let second = try ChildProcess.run("caseledger", ["holders", "C000001"] + base, environment: now)
        #expect(second.status == 0, "\(second.standardError)")
        #expect(second.standardOutput == first.standardOutput)
        #expect(second.standardError.contains("does not match its checksum"), "\(second.standardError)")
        #expect(second.standardError.contains("answering again"), "\(second.standardError)")
        // Set aside, then removed once the answer's rebuild wrote a good snapshot in its place.
        #expect(try Self.snapshots(directory) == [written])
        let checked = try ChildProcess.run("caseledger", ["verify", "--check-snapshots"] + base)
        #expect(checked.status == 0, "\(checked.standardOutput)\(checked.standardError)")
        // Another case's block was never read: a query on it alone does not notice the damage.
        let untouched = try ChildProcess.run("caseledger", ["holders", "C000002"] + base)
        #expect(untouched.status == 0)
        #expect(!untouched.standardError.contains("checksum"), "\(untouched.standardError)")
    }

    @Test("a write command that reads a damaged case block appends exactly once")
    func writeAppendsOnce() throws {
        let directory = TemporaryDirectory("block-write")
        let base = ["--store", directory.store]
        let generated = try ChildProcess.run("caseledger", ["generate", "--events", "3000", "--seed", "7"] + base)
        #expect(generated.status == 0, "\(generated.standardError)")
        let opened = try ChildProcess.run("caseledger", ["holders", "C000001"] + base)
        #expect(opened.status == 0, "\(opened.standardError)")
        let written = try #require(try Self.snapshots(directory).first { $0.hasSuffix(".snapshot") })
        try Self.damageCaseBlock("C000001", in: directory.defaultSnapshots + "/" + written)
        let before = try LedgerReader(directory: directory.store).readAll().count

        let note = try ChildProcess.run("caseledger", ["note", "--case", "C000001", "--text", "seen", "--actor", "TM01"] + base)
        #expect(note.status == 0, "\(note.standardError)")
        #expect(note.standardError.contains("does not match its checksum"), "\(note.standardError)")
        let events = try LedgerReader(directory: directory.store).readAll()
        #expect(events.count == before + 1)
        #expect(events.last?.envelope.type == "CaseNoteRecorded")
        #expect(try !Self.snapshots(directory).contains(written + ".rejected"), "removed once replaced")
        let verified = try ChildProcess.run("caseledger", ["verify", "--check-snapshots"] + base)
        #expect(verified.status == 0, "\(verified.standardError)")
    }
}
