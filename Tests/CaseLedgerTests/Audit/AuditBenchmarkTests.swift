import Foundation
import Testing
import CaseLedger
import LedgerSimulation

/// Point-query latency on an open ledger. Runs only when CASELEDGER_BENCH_STORE names a ledger
/// (for instance one made with `caseledger generate --events 1000000`), in a release build:
/// `swift test -c release -Xswiftc -enable-testing --filter AuditBenchmarkTests`.
@Suite("Audit benchmark", .enabled(if: ProcessInfo.processInfo.environment["CASELEDGER_BENCH_STORE"] != nil))
struct AuditBenchmarkTests {
    @Test("open from a snapshot, then holders and caseload point queries")
    func pointQueries() throws {
        let store = ProcessInfo.processInfo.environment["CASELEDGER_BENCH_STORE"] ?? ""
        let clock = ContinuousClock()
        let started = clock.now
        let audit = try AuditLedger(storeDirectory: store, options: AuditLedger.Options(
            snapshotDirectory: (store as NSString).deletingLastPathComponent + "/snapshots"))
        let opened = clock.now - started
        let caseIds = audit.state.cases.ids.sorted()
        let workerIds = audit.state.workers.keys.sorted()
        var random = SeededRandomNumberGenerator(seed: 5)
        let time = audit.queryTime()
        let past = QueryTime(asOf: Instant(millisecondsSinceEpoch: 1_560_000_000_000), asKnown: time.asKnown)
        // Warm the caches the way a long-running process would have.
        for caseId in caseIds.prefix(2_000) { _ = audit.caseTimeline(caseId, asKnown: time.asKnown) }
        _ = try audit.caseload(workerId: workerIds[0], at: time)
        let iterations = 2_000
        func measure(_ body: () throws -> Void) rethrows -> Duration {
            let start = clock.now
            for _ in 0..<iterations { try body() }
            return (clock.now - start) / iterations
        }
        func holders() throws {
            let caseId = caseIds[Int.random(in: 0..<caseIds.count, using: &random)]
            _ = try audit.holders(caseId: caseId, at: Bool.random(using: &random) ? time : past)
        }
        func caseload() throws {
            let workerId = workerIds[Int.random(in: 0..<workerIds.count, using: &random)]
            _ = try audit.caseload(workerId: workerId, at: Bool.random(using: &random) ? time : past)
        }
        let holdersCold = try measure(holders)
        let caseloadCold = try measure(caseload)
        let holdersTotal = try measure(holders)
        let caseloadTotal = try measure(caseload)
        print("""
            audit benchmark: \(audit.state.eventCount) events, opened in \(opened) \
            (snapshot \(audit.openReport.snapshotUsed.map { String($0.sequence) } ?? "none"), folded \(audit.openReport.eventsFolded)); \
            per query: holders \(holdersTotal) warm (\(holdersCold) cold), caseload(worker) \(caseloadTotal) warm \
            (\(caseloadCold) cold)
            """)
    }
}
