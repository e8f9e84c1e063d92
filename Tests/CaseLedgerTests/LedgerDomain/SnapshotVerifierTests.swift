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

/// `verify --check-snapshots`: every snapshot equals a rebuild from the log at its position, or
/// the difference is named — including forgeries whose checksums are all right.
@Suite("snapshot verifier")
struct SnapshotVerifierTests {
    enum Forgery: String, CaseIterable, Sendable {
        case none, changedFact, droppedFact, extraIndexMember
    }

    @Test("a snapshot matches a rebuild unless its facts or indexes were changed", arguments: Forgery.allCases)
    func forgeries(forgery: Forgery) throws {
        let directory = TemporaryDirectory("snapverify")
        let store = directory.path + "/events"
        let snapshots = directory.path + "/snapshots"
        let generator = DiskHistory.generator(seed: 52)
        try DiskHistory.append(generator, eventCount: 800, to: store)
        let options = AuditLedger.Options(snapshotDirectory: snapshots, snapshotInterval: 10_000,
                                          clock: ManualClock(AuditScenario.instant("2030-01-01T00:00:00Z")))
        _ = try AuditLedger(storeDirectory: store, options: options)
        try DiskHistory.append(generator, eventCount: 300, to: store)
        let second = try AuditLedger(storeDirectory: store, options: options)
        _ = try second.writeSnapshot()

        let snapshotStore = SnapshotStore(directory: snapshots)
        let entries = snapshotStore.entries()
        #expect(entries.count == 2)
        let newest = try #require(entries.first)
        if forgery != .none {
            let loaded = try snapshotStore.load(newest).get()
            var state = loaded.state
            let caseId = try #require(state.cases.ids.sorted().first { (state.cases[$0]?.count ?? 0) > 2 })
            switch forgery {
            case .none: break
            case .changedFact:
                state.cases.modify(caseId) { $0[1].occurredAt = $0[1].occurredAt.adding(hours: 24) }
            case .droppedFact:
                state.cases.modify(caseId) { $0.removeLast() }
            case .extraIndexMember:
                state.casesByWorker.insert("C-NOT-HELD", into: try #require(state.casesByWorker.keys.sorted().first))
            }
            #expect(try snapshotStore.write(state, cursor: loaded.header.cursor) == newest)
        }

        let findings = try SnapshotVerifier.verify(storeDirectory: store, snapshotDirectory: snapshots)
        #expect(findings.map(\.sequence) == entries.map(\.sequence).reversed())
        #expect(findings.first?.matches == true, "the older snapshot is untouched: \(String(describing: findings.first))")
        let last = try #require(findings.last)
        #expect(last.matches == (forgery == .none), "\(forgery): \(last.difference ?? "matches")")
        if forgery == .extraIndexMember { #expect(last.difference?.contains("cases by worker") == true) }
    }
}
