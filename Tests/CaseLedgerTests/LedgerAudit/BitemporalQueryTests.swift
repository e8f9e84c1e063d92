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

private func at(_ text: String) -> Instant { AuditScenario.instant(text) }

/// As-of and as-known answers that differ correctly after a backfill and after a retraction.
@Suite("Bitemporal queries")
struct BitemporalQueryTests {
    @Test("a backfilled allocation changes past answers only as known after it was recorded")
    func backfill() throws {
        let scenario = try AuditScenario()
        scenario.record(AuditScenario.referral("C1"), at: at("2024-03-01T10:00:00Z"))
        // Allocated on 4 March, but recorded only on 20 March.
        let allocation = scenario.record(AuditScenario.allocate("C1", to: "W1"), at: at("2024-03-04T11:00:00Z"),
                                         recordedAt: at("2024-03-20T16:00:00Z"))
        let audit = try scenario.audit()
        let before = try audit.holders(caseId: "C1", at: QueryTime(asOf: at("2024-03-10"), asKnown: at("2024-03-15")))
        #expect(before.caseKnown && before.isOpen)
        #expect(before.primary == nil)
        #expect(before.unallocatedSince == at("2024-03-01T10:00:00Z"))
        let after = try audit.holders(caseId: "C1", at: QueryTime(asOf: at("2024-03-10"), asKnown: at("2024-03-21")))
        #expect(after.primary?.workerId == "W1")
        #expect(after.primary?.since == at("2024-03-04T11:00:00Z"))
        #expect(after.primary?.allocation.citation.sequence == allocation)
        #expect(after.primary?.allocation.rationale == "capacity and experience")
        #expect(after.primary?.allocation.actor == AuditScenario.manager)
        #expect(after.citations.contains { $0.sequence == allocation })
        // Before the valid time of the allocation, nobody held it, whatever is known.
        let earlier = try audit.holders(caseId: "C1", at: QueryTime(asOf: at("2024-03-03"), asKnown: at("2024-03-21")))
        #expect(earlier.primary == nil)
        // The caseload and unallocated lists agree.
        let knownLate = QueryTime(asOf: at("2024-03-10"), asKnown: at("2024-03-21"))
        let knownEarly = QueryTime(asOf: at("2024-03-10"), asKnown: at("2024-03-15"))
        #expect(try audit.caseload(workerId: "W1", at: knownLate).workers[0].caseCount == 1)
        #expect(try audit.caseload(workerId: "W1", at: knownEarly).workers[0].caseCount == 0)
        #expect(try audit.unallocated(at: knownEarly).cases.map(\.caseId) == ["C1"])
        #expect(try audit.unallocated(at: knownLate).cases.isEmpty)
        // Before anything about the case was recorded, it is unknown.
        let unknown = try audit.holders(caseId: "C1", at: QueryTime(asOf: at("2024-03-10"), asKnown: at("2024-02-01")))
        #expect(!unknown.caseKnown)
    }

    @Test("a retracted allocation stops counting from the moment the retraction was recorded")
    func retraction() throws {
        let scenario = try AuditScenario()
        scenario.record(AuditScenario.referral("C1"), at: at("2024-03-01T10:00:00Z"))
        let wrong = scenario.record(AuditScenario.allocate("C1", to: "W1"), at: at("2024-03-04T11:00:00Z"))
        // On 10 March the allocation is withdrawn and the corrected one (to W2, same valid time) recorded.
        let retraction = scenario.record(
            [AuditScenario.retract(wrong, caseId: "C1", replacementFollows: true), AuditScenario.allocate("C1", to: "W2")],
            at: at("2024-03-04T11:00:00Z"), recordedAt: at("2024-03-10T09:00:00Z"))
        let replacement = retraction + 1
        let audit = try scenario.audit()
        let asOf = at("2024-03-05")
        let before = try audit.holders(caseId: "C1", at: QueryTime(asOf: asOf, asKnown: at("2024-03-09")))
        #expect(before.primary?.workerId == "W1")
        #expect(before.primary?.allocation.citation.sequence == wrong)
        let after = try audit.holders(caseId: "C1", at: QueryTime(asOf: asOf, asKnown: at("2024-03-10T09:00:00Z")))
        #expect(after.primary?.workerId == "W2")
        #expect(after.primary?.allocation.citation.sequence == replacement)
        #expect(after.primary?.allocation.corrects?.sequence == wrong)
        // One millisecond before the retraction was recorded, the original still stands.
        let justBefore = try audit.holders(caseId: "C1", at: QueryTime(asOf: asOf, asKnown: at("2024-03-10T08:59:59.999Z")))
        #expect(justBefore.primary?.workerId == "W1")
        // Caseloads follow.
        #expect(try audit.caseload(workerId: "W1", at: QueryTime(asOf: asOf, asKnown: at("2024-03-09"))).workers[0].caseCount == 1)
        #expect(try audit.caseload(workerId: "W1", at: QueryTime(asOf: asOf, asKnown: at("2024-03-11"))).workers[0].caseCount == 0)
        #expect(try audit.caseload(workerId: "W2", at: QueryTime(asOf: asOf, asKnown: at("2024-03-11"))).workers[0].caseCount == 1)
    }

    @Test("the trail shows corrections as corrections, and as known before them shows the original as current")
    func trailShowsCorrections() throws {
        let scenario = try AuditScenario()
        scenario.record(AuditScenario.referral("C1"), at: at("2024-03-01T10:00:00Z"))
        let wrong = scenario.record(AuditScenario.allocate("C1", to: "W1"), at: at("2024-03-04T11:00:00Z"))
        scenario.record(.caseNoteRecorded(CaseNoteRecorded(caseId: "C1", authorId: "W1", noteKind: nil, text: "visit")),
                        at: at("2024-03-06T11:00:00Z"))
        let retraction = scenario.record(
            [AuditScenario.retract(wrong, caseId: "C1", replacementFollows: true, reason: "wrong worker"),
             AuditScenario.allocate("C1", to: "W2")],
            at: at("2024-03-04T11:00:00Z"), recordedAt: at("2024-03-10T09:00:00Z"))
        let audit = try scenario.audit()
        let now = try audit.trail(caseId: "C1", asKnown: at("2024-04-01"))
        let statuses = Dictionary(uniqueKeysWithValues: now.entries.map { ($0.citation.sequence, $0.status) })
        #expect(statuses[wrong] == .retracted)
        #expect(statuses[retraction] == .correction)
        #expect(statuses[retraction + 1] == .replacement)
        let retracted = now.entries.first { $0.citation.sequence == wrong }
        #expect(retracted?.retraction?.reason == "wrong worker")
        #expect(retracted?.retraction?.citation.sequence == retraction)
        #expect(now.entries.first { $0.citation.sequence == retraction }?.retracts?.sequence == wrong)
        #expect(now.entries.first { $0.citation.sequence == retraction + 1 }?.replaces?.sequence == wrong)
        // The correction was recorded after events that happened later: it is out of order.
        #expect(now.entries.first { $0.citation.sequence == retraction }?.recordedOutOfOrder == true)
        #expect(now.entries.first { $0.citation.sequence == wrong }?.recordedOutOfOrder == false)
        let then = try audit.trail(caseId: "C1", asKnown: at("2024-03-05"))
        #expect(then.entries.map(\.citation.sequence).count == 2)
        #expect(then.entries.allSatisfy { $0.status == .current })
    }

    @Test("a retraction of a retraction withdraws nothing and is reported as an anomaly")
    func retractionOfRetraction() throws {
        let scenario = try AuditScenario()
        scenario.record(AuditScenario.referral("C1"), at: at("2024-03-01T10:00:00Z"))
        let allocation = scenario.record(AuditScenario.allocate("C1", to: "W1"), at: at("2024-03-04T11:00:00Z"))
        let retraction = scenario.record(AuditScenario.retract(allocation, caseId: "C1"), at: at("2024-03-06T09:00:00Z"))
        let second = scenario.record(AuditScenario.retract(retraction, caseId: "C1", reason: "retracted in error"),
                                     at: at("2024-03-08T09:00:00Z"))
        let audit = try scenario.audit()
        let asOf = at("2024-03-05")
        #expect(try audit.holders(caseId: "C1", at: QueryTime(asOf: asOf, asKnown: at("2024-03-05"))).primary?.workerId == "W1")
        #expect(try audit.holders(caseId: "C1", at: QueryTime(asOf: asOf, asKnown: at("2024-03-07"))).primary == nil)
        #expect(try audit.holders(caseId: "C1", at: QueryTime(asOf: asOf, asKnown: at("2024-03-09"))).primary == nil)
        #expect(audit.state.anomalies.map(\.sequence) == [second])
    }

    @Test("holders lists co-workers and the latest oversight, each with its event")
    func holdersWithCoWorkersAndOversight() throws {
        let scenario = try AuditScenario()
        scenario.record(AuditScenario.referral("C1"), at: at("2024-03-01T10:00:00Z"))
        scenario.record(AuditScenario.allocate("C1", to: "W1"), at: at("2024-03-02T10:00:00Z"))
        let coAllocation = scenario.record(AuditScenario.coAllocate("C1", to: "S1"), at: at("2024-03-03T10:00:00Z"))
        let oversight = scenario.record(AuditScenario.oversight("C1"), at: at("2024-03-03T12:00:00Z"))
        let audit = try scenario.audit()
        let answer = try audit.holders(caseId: "C1", at: QueryTime(asOf: at("2024-03-04"), asKnown: at("2024-03-04")))
        #expect(answer.primary?.workerId == "W1")
        #expect(answer.primary?.roleAtAsOf == .socialWorker)
        #expect(answer.coWorkers.map(\.workerId) == ["S1"])
        #expect(answer.coWorkers.first?.holding == .coWorker)
        #expect(answer.coWorkers.first?.allocation.citation.sequence == coAllocation)
        #expect(answer.latestOversight?.citation.sequence == oversight)
        #expect(answer.latestOversight?.managerId == "TM1")
        #expect(answer.citations == answer.citations.sorted())
        #expect(throws: AuditError.unknownCase("C9")) {
            _ = try audit.holders(caseId: "C9", at: QueryTime(asOf: at("2024-03-04"), asKnown: at("2024-03-04")))
        }
    }
}
