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

/// The canonical digest of projection state is the same however the state was built: from
/// scratch, from a snapshot plus the tail, or in any split of the log.
@Suite("Rebuilt equals incremental")
struct ProjectionEqualityTests {
    /// A seed printed with every run, so a failure can be replayed: set CASELEDGER_TEST_SEED to it.
    static let seed: UInt64 = {
        if let text = ProcessInfo.processInfo.environment["CASELEDGER_TEST_SEED"], let value = UInt64(text) { return value }
        return UInt64.random(in: 1...UInt64(UInt32.max))
    }()

    @Test("from scratch equals snapshot-plus-tail at random split points (100,000 events)")
    func snapshotPlusTail() throws {
        let history = SharedHistories.large
        #expect(history.entries.count >= 100_000)
        let scratch = history.foldAll()
        let expected = scratch.canonicalDigest
        var random = SeededRandomNumberGenerator(seed: Self.seed)
        print("rebuilt-vs-incremental seed \(Self.seed) (replay with CASELEDGER_TEST_SEED=\(Self.seed))")
        var splits = (0..<4).map { _ in Int.random(in: 1..<history.entries.count, using: &random) }
        splits += [1, history.entries.count - 1]
        for split in splits {
            var first = ProjectionState()
            history.fold(0..<split, into: &first)
            let body = first.snapshotBody()
            var resumed = try ProjectionState.decodingSnapshotBody(body)
            #expect(resumed.canonicalDigest == first.canonicalDigest, "snapshot round trip at \(split), seed \(Self.seed)")
            history.fold(split..<history.entries.count, into: &resumed)
            #expect(resumed.canonicalDigest == expected, "split at \(split), seed \(Self.seed)")
        }
    }

    @Test("any split of the log into many folds, each resumed from a snapshot, gives the same digest")
    func manySplits() throws {
        let history = SharedHistories.large
        let scratch = history.foldAll()
        let expected = scratch.canonicalDigest
        var random = SeededRandomNumberGenerator(seed: Self.seed &+ 1)
        var state = ProjectionState()
        var start = 0
        var pieces = 0
        while start < history.entries.count {
            let end = min(history.entries.count, start + Int.random(in: 1...30_000, using: &random))
            history.fold(start..<end, into: &state)
            let body = state.snapshotBody()
            state = try ProjectionState.decodingSnapshotBody(body)
            start = end
            pieces += 1
        }
        #expect(state.canonicalDigest == expected, "\(pieces) pieces, seed \(Self.seed)")
        // The derived indexes are not digested: they must survive the block copies on their own.
        for (name, resumed, direct) in [("cases by worker", state.casesByWorker, scratch.casesByWorker),
                                        ("cases by team", state.casesByTeam, scratch.casesByTeam),
                                        ("workers by team", state.workersByTeam, scratch.workersByTeam),
                                        ("cases by family", state.casesByFamily, scratch.casesByFamily)] {
            #expect(Set(resumed.keys) == Set(direct.keys), "\(name) keys, seed \(Self.seed)")
            let differing = direct.keys.filter { resumed[$0] != direct[$0] }
            #expect(differing.isEmpty, "\(name) differs for \(differing.prefix(5)), seed \(Self.seed)")
        }
    }

    @Test("folding a batch twice changes nothing")
    func idempotent() {
        let history = SharedHistories.large
        var once = ProjectionState()
        history.fold(0..<5_000, into: &once)
        var twice = once
        history.fold(4_000..<5_000, into: &twice)
        #expect(twice.canonicalDigest == once.canonicalDigest)
    }

    @Test("the generated history has the scenarios the audit must handle")
    func historyIsVaried() {
        let history = SharedHistories.large
        var kinds: [LedgerEvent.Kind: Int] = [:]
        var backfilled = 0
        for entry in history.entries {
            kinds[entry.envelope.event.kind, default: 0] += 1
            if entry.envelope.recordedAt.millisecondsSinceEpoch - entry.envelope.occurredAt.millisecondsSinceEpoch
                > 2 * Instant.millisecondsPerDay {
                backfilled += 1
            }
        }
        let required: [LedgerEvent.Kind] = [
            .teamRegistered, .workerRegistered, .workerRoleChanged, .workerAbsenceRecorded, .workerLeft,
            .referralReceived, .referralDecisionRecorded, .caseCategoryChanged, .riskLevelAssessed, .caseAllocated,
            .caseCoAllocated, .caseDeallocated, .caseTransferred, .caseClosureRequested, .caseClosed, .caseReopened,
            .allocationDiscussionRecorded, .oversightRecorded, .caseNoteRecorded, .unallocatedMonitoringRecorded,
            .familyLetterSent, .unallocatedReviewRecorded, .escalationRecorded, .entryRetracted, .policyAdopted,
        ]
        for kind in required { #expect((kinds[kind] ?? 0) > 0, "no \(kind.typeName) generated") }
        #expect(backfilled > 100)
        let state = history.foldAll()
        #expect(state.anomalies.isEmpty, "\(state.anomalies.prefix(3))")
        print("generated: \(kinds.sorted { $0.value > $1.value }.map { "\($0.key.typeName) \($0.value)" }.joined(separator: ", ")); backfilled \(backfilled)")
    }
}
