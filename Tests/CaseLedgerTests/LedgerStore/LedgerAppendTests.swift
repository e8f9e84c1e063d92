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

@Suite("Ledger append, read and limits")
struct LedgerAppendTests {
    @Test("an empty store opens, verifies with zero events, and has the genesis digest")
    func emptyStore() throws {
        let directory = TemporaryDirectory()
        let ledger = try StoreFixtures.openLedger(directory.store)
        #expect(ledger.digest == LedgerDigest(sequence: 0, hash: LedgerFormat.genesis))
        ledger.close()
        let report = try LedgerVerifier.verify(directory: directory.store)
        #expect(report.isIntact)
        #expect(report.eventCount == 0)
        #expect(try LedgerReader(directory: directory.store).readAll().isEmpty)
    }

    @Test("every sample event type appends, reads back equal, and re-encodes to the stored bytes")
    func roundTripEveryEventTypeThroughTheStore() throws {
        let directory = TemporaryDirectory()
        let ledger = try StoreFixtures.openLedger(directory.store)
        let events = EventSamples.all.enumerated().map { StoreFixtures.proposed($0.element, at: Int64($0.offset)) }
        let receipt = try ledger.append(events, expecting: StoreFixtures.anyExpectations(events))
        ledger.close()
        #expect(receipt.firstSequence == 1)
        #expect(receipt.lastSequence == UInt64(events.count))
        let stored = try LedgerReader(directory: directory.store).readAll()
        #expect(stored.map(\.envelope) == receipt.envelopes)
        #expect(stored.map(\.chain) == receipt.chains)
        // Decoding then encoding gives the same content bytes the hash covers.
        let foundation = LedgerEvent.makeLedgerEncoder()
        let segmentBytes = try StoreFixtures.bytes(directory.store + "/" + (try StoreFixtures.segments(directory.store)[0]))
        let lines = segmentBytes.split(separator: 0x0A)
        #expect(lines.count == events.count)
        for (line, event) in zip(lines, stored) {
            let reencoded = try event.envelope.encodeContent()
            let content = Array(line.dropFirst(LedgerFormat.linePrefix.count).dropLast(LedgerFormat.lineSuffixByteCount - 1))
            #expect(reencoded == content)
            // Foundation's encoder agrees on the payload bytes too (the format does not depend on our codec).
            let payload = try event.envelope.event.encodeData(using: foundation)
            #expect(String(decoding: content, as: UTF8.self).hasSuffix(#""data":"# + String(decoding: payload, as: UTF8.self) + "}"))
            #expect(SHA256.hash(content) == event.contentHash)
        }
        #expect(Set(stored.map(\.envelope.type)) == Set(LedgerEvent.allTypeNames))
    }

    @Test("the chain is SHA-256(previous chain ‖ SHA-256(content)) from the zero genesis")
    func chainDefinition() throws {
        let directory = TemporaryDirectory()
        try StoreFixtures.fill(directory.store, batchCount: 6)
        var previous = LedgerFormat.genesis
        let stored = try LedgerReader(directory: directory.store).readAll()
        #expect(stored.count == 16)  // batch sizes 1, 2, 3, 4, 5, 1
        for event in stored {
            var bytes = previous.bytes
            bytes.append(contentsOf: event.contentHash.bytes)
            #expect(SHA256.hash(bytes) == event.chain)
            previous = event.chain
        }
    }

    @Test("a wrong expected version is refused and the log is byte-for-byte unchanged")
    func expectedVersionConflict() throws {
        let directory = TemporaryDirectory()
        let ledger = try StoreFixtures.openLedger(directory.store)
        try ledger.append([StoreFixtures.note("C1")], expecting: [.case("C1"): .noStream])
        try ledger.append([StoreFixtures.note("C1")], expecting: [.case("C1"): .exactly(1)])
        let before = try StoreFixtures.bytes(directory.store + "/" + (try StoreFixtures.segments(directory.store)[0]))
        let refusals: [(ProposedEvent, [StreamName: ExpectedVersion])] = [
            (StoreFixtures.note("C1"), [.case("C1"): .noStream]),
            (StoreFixtures.note("C1"), [.case("C1"): .exactly(1)]),
            (StoreFixtures.note("C1"), [.case("C1"): .exactly(3)]),
            (StoreFixtures.note("C2"), [.case("C2"): .streamExists]),
        ]
        for (event, expectation) in refusals {
            #expect(throws: LedgerError.self) { try ledger.append([event], expecting: expectation) }
        }
        // A batch where one stream's expectation fails appends none of it.
        let mixed = [StoreFixtures.note("C3"), StoreFixtures.note("C1")]
        do {
            try ledger.append(mixed, expecting: [.case("C3"): .noStream, .case("C1"): .exactly(7)])
            Issue.record("expected a conflict")
        } catch LedgerError.wrongExpectedVersion(let stream, let expected, let actual) {
            #expect(stream == .case("C1"))
            #expect(expected == .exactly(7))
            #expect(actual == 2)
        }
        expectLedgerError(.missingExpectation(stream: .case("C4"))) {
            try ledger.append([StoreFixtures.note("C4")], expecting: [:])
        }
        let after = try StoreFixtures.bytes(directory.store + "/" + (try StoreFixtures.segments(directory.store)[0]))
        #expect(before == after)
        #expect(ledger.digest.sequence == 2)
        #expect(ledger.version(of: .case("C1")) == 2)
        #expect(ledger.version(of: .case("C3")) == 0)
    }

    @Test("limits: empty batch, too many events, an oversized event")
    func limits() throws {
        let directory = TemporaryDirectory()
        var options = LedgerOptions()
        options.batchEventCountMax = 3
        options.eventSizeBytesMax = 2_000
        let ledger = try Ledger(directory: directory.store, options: options, clock: ManualClock(StoreFixtures.start))
        expectLedgerError(.emptyBatch) { try ledger.append([], expecting: [:]) }
        let four = (0..<4).map { _ in StoreFixtures.note("C1") }
        expectLedgerError(.batchTooLarge(eventCount: 4, eventCountMax: 3)) {
            try ledger.append(four, expecting: [.case("C1"): .any])
        }
        let big = StoreFixtures.note("C1", String(repeating: "a", count: 3_000))
        let error = try #require(throws: LedgerError.self) { try ledger.append([big], expecting: [.case("C1"): .any]) }
        guard case .eventTooLarge(let index, let type, let size, let maximum) = error else {
            Issue.record("expected eventTooLarge, got \(error)")
            return
        }
        #expect(index == 1)
        #expect(type == "CaseNoteRecorded")
        #expect(size > 3_000)
        #expect(maximum == 2_000)
        #expect(ledger.digest.sequence == 0)
    }

    @Test("recordedAt never decreases even when the clock goes back; a batch shares one recordedAt")
    func recordedAtMonotonic() throws {
        let directory = TemporaryDirectory()
        let clock = ManualClock(StoreFixtures.start)
        let ledger = try StoreFixtures.openLedger(directory.store, clock: clock)
        let first = try ledger.append([StoreFixtures.note("C1"), StoreFixtures.note("C2")],
                                      expecting: [.case("C1"): .any, .case("C2"): .any])
        clock.advance(milliseconds: -60_000)
        let second = try ledger.append([StoreFixtures.note("C1")], expecting: [.case("C1"): .any])
        #expect(first.envelopes[0].recordedAt == first.envelopes[1].recordedAt)
        #expect(second.recordedAt == first.recordedAt)
        clock.advance(milliseconds: 120_000)
        let third = try ledger.append([StoreFixtures.note("C1")], expecting: [.case("C1"): .any])
        #expect(third.recordedAt > first.recordedAt)
    }

    @Test("segments roll at the size limit, batches never span segments, and the log verifies across them")
    func segmentRoll() throws {
        let directory = TemporaryDirectory()
        let digest = try StoreFixtures.fill(directory.store, batchCount: 300, segmentSizeBytesMax: 4_096)
        let names = try StoreFixtures.segments(directory.store)
        #expect(names.count > 20)
        for name in names {
            let events = try LedgerReader(directory: directory.store).readAll().filter { $0.segment == name }
            #expect(events.first?.envelope.batch.index == 1)
            #expect(events.last?.envelope.batch.isLast == true)
            #expect(LedgerFormat.firstSequence(ofSegmentFileName: name) == events.first?.envelope.sequence)
        }
        let report = try LedgerVerifier.verify(directory: directory.store, digest: digest)
        #expect(report.isIntact)
        #expect(report.head == digest)
        #expect(report.segmentCount == names.count)
        // Reopening continues the same chain in the last segment.
        let ledger = try StoreFixtures.openLedger(directory.store, segmentSizeBytesMax: 4_096)
        #expect(ledger.digest == digest)
        try ledger.append([StoreFixtures.note("C1")], expecting: [.case("C1"): .any])
        ledger.close()
        #expect(try LedgerVerifier.verify(directory: directory.store).eventCount == digest.sequence + 1)
    }

    @Test("files are created for the owner only: 0700 directory, 0600 files")
    func permissions() throws {
        let directory = TemporaryDirectory()
        try StoreFixtures.fill(directory.store, batchCount: 2)
        let attributes = try FileManager.default.attributesOfItem(atPath: directory.store)
        #expect((attributes[.posixPermissions] as? Int) == 0o700)
        for name in try FileManager.default.contentsOfDirectory(atPath: directory.store) {
            let file = try FileManager.default.attributesOfItem(atPath: directory.store + "/" + name)
            #expect((file[.posixPermissions] as? Int) == 0o600, "\(name)")
        }
    }

    @Test("a new ledger in an existing world-readable directory (./events in a clone) is made owner-only")
    func existingDirectoryRestricted() throws {
        let directory = TemporaryDirectory()
        try FileManager.default.createDirectory(atPath: directory.store, withIntermediateDirectories: true,
                                                attributes: [.posixPermissions: 0o755])
        #expect((try FileManager.default.attributesOfItem(atPath: directory.store)[.posixPermissions] as? Int) == 0o755)
        try StoreFixtures.fill(directory.store, batchCount: 1)
        #expect((try FileManager.default.attributesOfItem(atPath: directory.store)[.posixPermissions] as? Int) == 0o700)
    }

    @Test("a directory with segments but no manifest, or another format version, is refused")
    func manifestChecks() throws {
        let directory = TemporaryDirectory()
        try StoreFixtures.fill(directory.store, batchCount: 2)
        let manifest = directory.store + "/" + LedgerFormat.manifestFileName
        let original = try StoreFixtures.bytes(manifest)
        try StoreFixtures.write(Array(String(decoding: original, as: UTF8.self)
            .replacingOccurrences(of: "\"formatVersion\":1", with: "\"formatVersion\":2").utf8), to: manifest)
        #expect(throws: LedgerError.self) { try StoreFixtures.openLedger(directory.store) }
        #expect(throws: LedgerError.self) { try LedgerReader(directory: directory.store) }
        try FileManager.default.removeItem(atPath: manifest)
        do {
            _ = try StoreFixtures.openLedger(directory.store)
            Issue.record("expected manifestMissing")
        } catch LedgerError.manifestMissing(let path) {
            #expect(path == directory.store)
        }
    }
}
