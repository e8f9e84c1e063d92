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

/// A generated history sequenced in memory, as the ledger would sequence it, without JSON or
/// files: for fold-equality tests at a scale that would be slow through the store in debug builds.
struct InMemoryHistory: Sendable {
    struct Entry: Sendable {
        var envelope: EventEnvelope
        var chain: SHA256Digest
    }

    var entries: [Entry]
    var seed: UInt64

    static func generate(seed: UInt64, eventCount: Int, years: Double) -> InMemoryHistory {
        let generator = HistoryGenerator(configuration: .sized(eventCount: eventCount, years: years, seed: seed))
        var entries: [Entry] = []
        entries.reserveCapacity(eventCount + 1000)
        var chain = LedgerFormat.genesis
        while entries.count < eventCount {
            let batch = generator.nextBatch()
            for (index, proposed) in batch.events.enumerated() {
                let sequence = UInt64(entries.count + 1)
                let envelope = EventEnvelope(
                    sequence: sequence, eventId: proposed.eventId ?? "e\(sequence)", stream: proposed.stream,
                    occurredAt: proposed.occurredAt, recordedAt: batch.recordedAt, actor: proposed.actor,
                    source: proposed.source, correlationId: "day-\(batch.recordedAt.millisecondsSinceEpoch)",
                    batch: BatchPosition(index: index + 1, size: batch.events.count), event: proposed.event)
                var content = SHA256()
                withUnsafeBytes(of: sequence.littleEndian) { content.update($0) }
                chain = SHA256.chain(previous: chain, content: content.finalize())
                entries.append(Entry(envelope: envelope, chain: chain))
            }
        }
        return InMemoryHistory(entries: entries, seed: seed)
    }

    /// Folds entries `range` into `state`.
    func fold(_ range: Range<Int>, into state: inout ProjectionState) {
        for index in range {
            state.apply(entries[index].envelope, chain: entries[index].chain, lineOffset: Int64(index) * 100)
        }
    }

    func foldAll() -> ProjectionState {
        var state = ProjectionState()
        fold(0..<entries.count, into: &state)
        return state
    }
}

enum SharedHistories {
    /// About 100,000 events over four years, generated once and shared by the tests that need it.
    static let large = InMemoryHistory.generate(seed: 20_240_314, eventCount: 100_000, years: 4)
}
