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

/// A case's facts built by hand, without a log: the evaluator is a pure function of them.
private struct CaseFacts {
    var facts: [Fact] = []

    @discardableResult
    mutating func add(_ event: LedgerEvent, _ occurredAt: Instant) -> UInt64 {
        let sequence = UInt64(facts.count + 1)
        facts.append(Fact(sequence: sequence, occurredAt: occurredAt, recordedAt: occurredAt,
                          chain: SHA256.hash(Array(String(sequence).utf8)), lineOffset: -1,
                          detail: FactDetail(capturing: event)))
        return sequence
    }

    func evaluate(asOf: Instant, notices: [ReallocationNotice] = [], only id: TimescaleID) -> [TimescaleStatus] {
        let known = facts.map(\.recordedAt).max() ?? asOf
        let timeline = CaseTimeline(caseId: "C1", streamFacts: facts, asKnown: known)
        return TimescaleEvaluator.evaluate(timeline: timeline, notices: notices, timescales: Policy.children.timescales,
                                           calendar: .englandAndWales, asOf: asOf).filter { $0.timescale == id }
    }
}

@Suite("Timescales (DESIGN §5)")
struct TimescaleEvaluatorTests {
    @Test("status: met at the deadline, missed a millisecond after, due until then, overdue after")
    func statusBoundaries() {
        let due = at("2024-05-02T10:00:00Z")
        let late = due.adding(milliseconds: 1)
        #expect(TimescaleEvaluator.status(dueAt: due, satisfiedAt: due, endedAt: nil, asOf: late) == .met)
        #expect(TimescaleEvaluator.status(dueAt: due, satisfiedAt: late, endedAt: nil, asOf: late) == .missed)
        #expect(TimescaleEvaluator.status(dueAt: due, satisfiedAt: nil, endedAt: nil, asOf: due) == .due)
        #expect(TimescaleEvaluator.status(dueAt: due, satisfiedAt: nil, endedAt: nil, asOf: late) == .overdue)
        // Met later than asOf: not yet met at asOf.
        #expect(TimescaleEvaluator.status(dueAt: due, satisfiedAt: late, endedAt: nil, asOf: due) == .due)
        // Ended unmet before the deadline: never applied; after it: missed.
        #expect(TimescaleEvaluator.status(dueAt: due, satisfiedAt: nil, endedAt: due, asOf: late) == nil)
        #expect(TimescaleEvaluator.status(dueAt: due, satisfiedAt: nil, endedAt: late, asOf: late) == .missed)
    }

    @Test("DECISION-24H is 24 elapsed hours, met exactly at the deadline", arguments: [
        (0 as Int64, TimescaleStatus.State.met), (1, .missed), (-1, .met),
    ])
    func decision(offsetMilliseconds: Int64, expected: TimescaleStatus.State) {
        var facts = CaseFacts()
        // Saturday before the clocks go forward: 24 elapsed hours later is 13:00 BST on Sunday.
        let received = at("2024-03-30T12:00")
        facts.add(AuditScenario.referral("C1"), received)
        let due = at("2024-03-31T13:00")
        #expect(due == received.adding(hours: 24))
        facts.add(AuditScenario.decision("C1"), due.adding(milliseconds: offsetMilliseconds))
        let status = facts.evaluate(asOf: at("2024-04-10"), only: .decision24Hours)
        #expect(status.count == 1)
        #expect(status.first?.dueAt == due)
        #expect(status.first?.status == expected)
        #expect(status.first?.evidence.map(\.sequence) == [1, 2])
    }

    @Test("DECISION-24H open: due before the deadline, overdue after it")
    func decisionOpen() {
        var facts = CaseFacts()
        facts.add(AuditScenario.referral("C1"), at("2024-05-01T09:00"))
        #expect(facts.evaluate(asOf: at("2024-05-02T09:00"), only: .decision24Hours).first?.status == .due)
        #expect(facts.evaluate(asOf: at("2024-05-02T09:00:00.001"), only: .decision24Hours).first?.status == .overdue)
    }

    @Test("ALLOCATION-24H runs from a decision needing a social work response")
    func allocation() {
        var facts = CaseFacts()
        facts.add(AuditScenario.referral("C1"), at("2024-05-01T09:00"))
        facts.add(AuditScenario.decision("C1"), at("2024-05-01T15:00"))
        facts.add(AuditScenario.allocate("C1", to: "W1"), at("2024-05-02T15:30"))
        let status = facts.evaluate(asOf: at("2024-05-10"), only: .allocation24Hours)
        #expect(status.first?.status == .missed)
        #expect(status.first?.satisfiedAt == at("2024-05-02T15:30"))
        var quick = CaseFacts()
        quick.add(AuditScenario.referral("C1"), at("2024-05-01T09:00"))
        quick.add(AuditScenario.decision("C1", outcome: .noFurtherAction), at("2024-05-01T15:00"))
        #expect(quick.evaluate(asOf: at("2024-05-10"), only: .allocation24Hours).isEmpty)
    }

    private func departure(_ workerId: String, notified: Instant) -> ReallocationNotice {
        ReallocationNotice(workerId: workerId, kind: .departure, notifiedAt: notified, returnsOn: nil,
                           lastWorkingDate: nil, citation: Citation(sequence: 99, hash: .zero))
    }

    @Test("REALLOCATION-5WD across Christmas: notified Friday 20 December, due end of Tuesday 31 December", arguments: [
        ("2024-12-31T23:59:59.999", TimescaleStatus.State.met),
        ("2025-01-02T09:00", .missed),
    ])
    func reallocationChristmas(reallocatedAt: String, expected: TimescaleStatus.State) {
        var facts = CaseFacts()
        facts.add(AuditScenario.referral("C1"), at("2024-11-01T09:00"))
        facts.add(AuditScenario.allocate("C1", to: "W1"), at("2024-11-01T10:00"))
        facts.add(AuditScenario.allocate("C1", to: "W2", previous: "W1", reason: .workerLeft), at(reallocatedAt))
        let notice = departure("W1", notified: at("2024-12-20T16:00"))
        let status = facts.evaluate(asOf: at("2025-01-10"), notices: [notice], only: .reallocation5WorkingDays)
        #expect(status.first?.dueAt == at("2024-12-31"))
        #expect(status.first?.status == expected)
        #expect(status.first?.evidence.first?.sequence == 99)
    }

    @Test("REALLOCATION-5WD across Easter: notified Thursday 28 March 2024, due end of Monday 8 April")
    func reallocationEaster() {
        var facts = CaseFacts()
        facts.add(AuditScenario.referral("C1"), at("2024-03-01T09:00"))
        facts.add(AuditScenario.allocate("C1", to: "W1"), at("2024-03-01T10:00"))
        let notice = departure("W1", notified: at("2024-03-28T11:00"))
        let open = facts.evaluate(asOf: at("2024-04-08"), notices: [notice], only: .reallocation5WorkingDays)
        #expect(open.first?.dueAt == at("2024-04-08"))
        #expect(open.first?.status == .due)
        let overdue = facts.evaluate(asOf: at("2024-04-09T08:00"), notices: [notice], only: .reallocation5WorkingDays)
        #expect(overdue.first?.status == .overdue)
        // Deallocation to the team does not reallocate; closing the case ends the obligation.
        facts.add(AuditScenario.deallocate("C1", from: "W1"), at("2024-04-02T10:00"))
        #expect(facts.evaluate(asOf: at("2024-04-09T08:00"), notices: [notice], only: .reallocation5WorkingDays).first?.status == .overdue)
        facts.add(AuditScenario.close("C1", evidence: "needs met"), at("2024-04-04T10:00"))
        #expect(facts.evaluate(asOf: at("2024-04-09T08:00"), notices: [notice], only: .reallocation5WorkingDays).isEmpty)
    }

    @Test("a returning worker ends the REALLOCATION-5WD obligation before it falls due")
    func reallocationReturn() {
        var facts = CaseFacts()
        facts.add(AuditScenario.referral("C1"), at("2024-03-01T09:00"))
        facts.add(AuditScenario.allocate("C1", to: "W1"), at("2024-03-01T10:00"))
        let notice = ReallocationNotice(workerId: "W1", kind: .longTermAbsence, notifiedAt: at("2024-05-01T09:00"),
                                        returnsOn: AuditScenario.date("2024-05-03"), lastWorkingDate: nil,
                                        citation: Citation(sequence: 99, hash: .zero))
        #expect(facts.evaluate(asOf: at("2024-06-01"), notices: [notice], only: .reallocation5WorkingDays).isEmpty)
    }

    @Test("UNALLOCATED-LETTER: 5 working days across Christmas and across Easter", arguments: [
        ("2024-12-20T10:00", "2024-12-31"),
        ("2024-03-28T10:00", "2024-04-08"),
        ("2025-04-17T10:00", "2025-04-28"),
    ])
    func letterAcrossHolidays(unallocatedAt: String, dueDay: String) {
        var facts = CaseFacts()
        facts.add(AuditScenario.referral("C1"), at(unallocatedAt))
        let due = at(dueDay)
        #expect(facts.evaluate(asOf: due, only: .unallocatedLetter).first?.status == .due)
        #expect(facts.evaluate(asOf: due.adding(milliseconds: 1), only: .unallocatedLetter).first?.status == .overdue)
        facts.add(AuditScenario.letter("C1", on: dueDay), due)
        let met = facts.evaluate(asOf: due.adding(hours: 48), only: .unallocatedLetter)
        #expect(met.first?.dueAt == due)
        #expect(met.first?.status == .met)
        #expect(met.first?.evidence.count == 2)
    }

    @Test("UNALLOCATED-MONITORING applies to children in need, not to child protection")
    func monitoringCategories() {
        var need = CaseFacts()
        need.add(AuditScenario.referral("C1", category: .childInNeed), at("2024-05-01T10:00"))
        #expect(need.evaluate(asOf: at("2024-05-20"), only: .unallocatedMonitoring).first?.status == .overdue)
        var protection = CaseFacts()
        protection.add(AuditScenario.referral("C1", category: .childProtection), at("2024-05-01T10:00"))
        #expect(protection.evaluate(asOf: at("2024-05-20"), only: .unallocatedMonitoring).isEmpty)
    }

    @Test("UNALLOCATED-REVIEW at 4 weeks, then every 2 weeks")
    func reviews() {
        var facts = CaseFacts()
        // Unallocated from Wednesday 3 April: reviews due 1 May, 15 May, 29 May.
        facts.add(AuditScenario.referral("C1"), at("2024-04-03T10:00"))
        let review = LedgerEvent.unallocatedReviewRecorded(UnallocatedReviewRecorded(caseId: "C1", reviewerId: "TM1",
                                                                                     outcome: "keep", nextReviewDue: nil))
        facts.add(review, at("2024-04-30T10:00"))
        facts.add(review, at("2024-05-20T10:00"))
        let statuses = facts.evaluate(asOf: at("2024-05-31"), only: .unallocatedReview)
        #expect(statuses.map(\.dueAt) == [at("2024-05-01"), at("2024-05-15"), at("2024-05-29"), at("2024-06-12")])
        #expect(statuses.map(\.status) == [.met, .missed, .met, .due])
    }

    @Test("UNALLOCATED-ESCALATION to the service manager at 4 weeks and the head of service at 6")
    func escalations() {
        var facts = CaseFacts()
        facts.add(AuditScenario.referral("C1"), at("2024-04-03T10:00"))
        facts.add(.escalationRecorded(EscalationRecorded(caseId: "C1", level: .serviceManager, escalatedToId: "SM1",
                                                         reason: "4 weeks")), at("2024-04-29T10:00"))
        let statuses = facts.evaluate(asOf: at("2024-05-16"), only: .unallocatedEscalation)
        #expect(statuses.map(\.dueAt) == [at("2024-05-01"), at("2024-05-15")])
        #expect(statuses.map(\.status) == [.met, .overdue])
        // Allocation before the six-week deadline means the second escalation never fell due.
        facts.add(AuditScenario.allocate("C1", to: "W1"), at("2024-05-10T10:00"))
        #expect(facts.evaluate(asOf: at("2024-05-16"), only: .unallocatedEscalation).map(\.status) == [.met])
    }

    @Test("OVERSIGHT-ON-CHANGE is due by the end of the day of a change of worker")
    func oversightOnChange() {
        var facts = CaseFacts()
        facts.add(AuditScenario.referral("C1"), at("2024-05-01T09:00"))
        facts.add(AuditScenario.allocate("C1", to: "W1"), at("2024-05-01T10:00"))
        facts.add(AuditScenario.allocate("C1", to: "W2", previous: "W1", reason: .caseloadManagement), at("2024-05-07T10:00"))
        #expect(facts.evaluate(asOf: at("2024-05-07T12:00"), only: .oversightOnChange).first?.status == .due)
        #expect(facts.evaluate(asOf: at("2024-05-08T00:00"), only: .oversightOnChange).first?.status == .overdue)
        facts.add(AuditScenario.oversight("C1"), at("2024-05-07T16:00"))
        let met = facts.evaluate(asOf: at("2024-05-20"), only: .oversightOnChange)
        #expect(met.count == 1)
        #expect(met.first?.status == .met)
    }
}
