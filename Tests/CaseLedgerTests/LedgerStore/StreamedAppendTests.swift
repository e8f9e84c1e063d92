import Foundation
import Synchronization
import Testing
@testable import LedgerSupport
@testable import LedgerStore
@testable import LedgerEvents
@testable import LedgerDomain
@testable import LedgerAudit
@testable import LedgerImport
@testable import LedgerReturns
@testable import LedgerSimulation

@Suite("Streamed append: a batch written a chunk at a time")
struct StreamedAppendTests {
    static let events: [ProposedEvent] = (0..<(EventSamples.all.count * 4)).map { index in
        StoreFixtures.proposed(EventSamples.all[index % EventSamples.all.count], at: Int64(index))
    }

    static func segmentBytes(_ store: String) throws -> [String: [UInt8]] {
        var result: [String: [UInt8]] = [:]
        for name in try StoreFixtures.segments(store) { result[name] = try StoreFixtures.bytes(store + "/" + name) }
        return result
    }

    static func totalSegmentBytes(_ store: String) -> Int {
        let names = (try? StoreFixtures.segments(store)) ?? []
        return names.reduce(0) { total, name in
            total + ((try? FileManager.default.attributesOfItem(atPath: store + "/" + name)[.size] as? Int) ?? 0)
        }
    }

    @Test("a streamed batch writes exactly the bytes of the same batch appended whole", arguments: [1, 7, 64, 100_000])
    func streamedMatchesWhole(chunkEventCount: Int) throws {
        let whole = TemporaryDirectory("whole")
        let streamed = TemporaryDirectory("streamed")
        let events = Self.events
        let expectations = StoreFixtures.anyExpectations(events)
        let first = try StoreFixtures.openLedger(whole.store)
        try first.append([StoreFixtures.note("C0")], expecting: [.case("C0"): .any])
        let receipt = try first.append(events, expecting: expectations, correlationId: "corr")
        first.close()
        let second = try StoreFixtures.openLedger(streamed.store)
        try second.append([StoreFixtures.note("C0")], expecting: [.case("C0"): .any])
        let streamedReceipt = try second.appendStreamed(eventCount: events.count, expecting: expectations, correlationId: "corr",
                                                        chunkEventCount: chunkEventCount, event: { events[$0] })
        #expect(streamedReceipt.head == receipt.head)
        #expect(streamedReceipt.firstSequence == 2)
        #expect(streamedReceipt.lastSequence == UInt64(events.count + 1))
        for stream in expectations.keys { #expect(second.version(of: stream) == (events.filter { $0.stream == stream }.count)) }
        second.close()
        #expect(try Self.segmentBytes(whole.store) == Self.segmentBytes(streamed.store))
        #expect(try LedgerVerifier.verify(directory: streamed.store).isIntact)
    }

    @Test("readers ignore a streamed batch until its last line is written")
    func readersSeeOnlyCommittedBatches() throws {
        let directory = TemporaryDirectory("streamed-reader")
        let ledger = try StoreFixtures.openLedger(directory.store)
        try ledger.append([StoreFixtures.note("C0"), StoreFixtures.note("C1")], expecting: [.case("C0"): .any, .case("C1"): .any])
        let events = Self.events
        let store = directory.store
        let seen = Mutex<[Int]>([])
        let sizes = Mutex<[Int]>([])
        let probeIndex = events.count - 3
        try ledger.appendStreamed(eventCount: events.count, expecting: StoreFixtures.anyExpectations(events), chunkEventCount: 8) { index in
            if index == probeIndex {
                let count = (try? LedgerReader(directory: store).readAll().count) ?? -1
                seen.withLock { $0.append(count) }
                sizes.withLock { $0.append(Self.totalSegmentBytes(store)) }
            }
            return events[index]
        }
        // Part of the batch was on disk, yet the reader saw only the earlier, committed batch.
        #expect(seen.withLock { $0 } == [2])
        #expect((sizes.withLock { $0.first } ?? 0) > 0)
        ledger.close()
        #expect(try LedgerReader(directory: store).readAll().count == 2 + events.count)
    }

    /// Ways a streamed batch can fail after some of it is already in the file.
    static let failures = ["event too large", "missing expectation", "batch too large"]

    @Test("a streamed batch that fails part-way leaves the log byte for byte unchanged, in its segment or a new one",
          arguments: failures, [false, true])
    func failurePartWayChangesNothing(failure: String, rollsSegment: Bool) throws {
        let directory = TemporaryDirectory("streamed-fail")
        var options = LedgerOptions()
        // Small segments make the batch start a new one (its estimate exceeds what is left).
        options.segmentSizeBytesMax = rollsSegment ? 2_000 : 64 << 20
        options.eventSizeBytesMax = 4_000
        if failure == "batch too large" { options.batchSizeBytesMax = 20_000 }
        let ledger = try Ledger(directory: directory.store, options: options, clock: ManualClock(StoreFixtures.start),
                                identifiers: SeededIdentifierGenerator(seed: 3))
        try ledger.append([StoreFixtures.note("C0"), StoreFixtures.note("C1")], expecting: [.case("C0"): .any, .case("C1"): .any])
        let store = directory.store
        let before = try Self.segmentBytes(store)
        let digest = ledger.digest
        let writtenBefore = Self.totalSegmentBytes(store)

        var events = Self.events
        let badIndex = events.count - 5
        var expectations = StoreFixtures.anyExpectations(events)
        switch failure {
        case "event too large": events[badIndex] = StoreFixtures.note("C1", String(repeating: "x", count: 5_000))
        case "missing expectation": events[badIndex] = StoreFixtures.note("C-unexpected")
        default: break
        }
        expectations[.case("C-unexpected")] = nil
        let sizesSeen = Mutex<[Int]>([])
        let produced = events
        #expect(throws: LedgerError.self) {
            try ledger.appendStreamed(eventCount: produced.count, expecting: expectations, chunkEventCount: 8) { index in
                if index == badIndex { sizesSeen.withLock { $0.append(Self.totalSegmentBytes(store)) } }
                return produced[index]
            }
        }
        // Earlier chunks had reached the file before the failure.
        if failure != "batch too large" { #expect((sizesSeen.withLock { $0.first } ?? 0) > writtenBefore) }
        #expect(try Self.segmentBytes(store) == before)
        #expect(ledger.digest == digest)
        #expect(ledger.version(of: .case("C1")) == 1)
        // The writer carries on from the same head.
        try ledger.append([StoreFixtures.note("C1")], expecting: [.case("C1"): .exactly(1)])
        ledger.close()
        let report = try LedgerVerifier.verify(directory: store)
        #expect(report.isIntact)
        #expect(report.eventCount == 3)
    }
}
