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

@Suite("Unallocated, breaches and the weekly report")
struct UnallocatedAndReportTests {
    @Test("unallocated over Christmas: working-day age skips bank holidays and every deadline has a status")
    func christmas() throws {
        let scenario = try AuditScenario()
        let start = scenario.record(AuditScenario.referral("C1", category: .childInNeed), at: at("2024-12-20T10:00"))
        scenario.record(AuditScenario.letter("C1", on: "2024-12-30"), at: at("2024-12-30T11:00"))
        let audit = try scenario.audit()
        let answer = try audit.unallocated(teamId: "T1", at: QueryTime(asOf: at("2025-01-02T12:00"), asKnown: at("2030-01-01")))
        #expect(answer.cases.count == 1)
        let waiting = try #require(answer.cases.first)
        #expect(waiting.since == at("2024-12-20T10:00"))
        #expect(waiting.startedBy.sequence == start)
        #expect(waiting.startedByType == "ReferralReceived")
        // 23, 24, 27, 30, 31 December and 2 January: 25, 26 December and 1 January are bank holidays.
        #expect(waiting.workingDays == 6)
        #expect(waiting.calendarDays == 13)
        let byId = Dictionary(grouping: waiting.deadlines, by: \.timescale)
        #expect(byId[.unallocatedLetter]?.first?.dueAt == at("2024-12-31"))
        #expect(byId[.unallocatedLetter]?.first?.status == .met)
        #expect(byId[.unallocatedMonitoring]?.first?.dueAt == at("2024-12-31"))
        #expect(byId[.unallocatedMonitoring]?.first?.status == .overdue)
        #expect(byId[.unallocatedReview]?.first?.dueAt == at("2025-01-17"))
        #expect(byId[.unallocatedReview]?.first?.status == .due)
        #expect(byId[.unallocatedEscalation]?.map(\.dueAt) == [at("2025-01-17"), at("2025-01-31")])
        #expect(byId[.decision24Hours]?.first?.status == .overdue)
        #expect(answer.citations.contains { $0.sequence == start })
    }

    @Test("unallocated over Easter 2024: a case from Maundy Thursday is 5 working days old on Monday 8 April")
    func easter() throws {
        let scenario = try AuditScenario()
        scenario.record(AuditScenario.referral("C1"), at: at("2024-03-28T15:00"))
        let audit = try scenario.audit()
        let monday = try audit.unallocated(at: QueryTime(asOf: at("2024-04-08T12:00"), asKnown: at("2030-01-01")))
        #expect(monday.cases.first?.workingDays == 5)
        #expect(monday.cases.first?.deadlines.first { $0.timescale == .unallocatedLetter }?.status == .due)
        let tuesday = try audit.unallocated(at: QueryTime(asOf: at("2024-04-09T00:00"), asKnown: at("2030-01-01")))
        #expect(tuesday.cases.first?.deadlines.first { $0.timescale == .unallocatedLetter }?.status == .overdue)
    }

    @Test("a child protection referral left unallocated past its allocation timescale is reported as STATUTORY-ALLOCATED")
    func statutoryUnallocated() throws {
        let scenario = try AuditScenario()
        scenario.record(AuditScenario.referral("C1", category: .childProtection, flags: [.section47]), at: at("2024-05-01T10:00"))
        let audit = try scenario.audit()
        // No decision recorded: 24 hours to decide, then 24 to allocate, so the rule is broken after 3 May 10:00
        // (an allocation at 10:00 itself meets the timescale).
        let waiting = try audit.unallocated(at: QueryTime(asOf: at("2024-05-03T10:00"), asKnown: at("2030-01-01")))
        #expect(waiting.cases.first?.findings == [])
        let answer = try audit.unallocated(at: QueryTime(asOf: at("2024-05-03T10:01"), asKnown: at("2030-01-01")))
        #expect(answer.cases.first?.findings.first?.hasPrefix("STATUTORY-ALLOCATED") == true)
        let breaches = try audit.breaches(to: at("2024-05-31"), asKnown: at("2030-01-01"))
        let found = breaches.breaches.filter { $0.ruleId == "STATUTORY-ALLOCATED" }
        #expect(found.map(\.kind) == [.finding])
        #expect(found.first?.at == at("2024-05-03T10:00"))
    }

    @Test("a child protection referral decided and allocated within the hour is no STATUTORY-ALLOCATED finding")
    func statutoryAllocatedInTime() throws {
        let scenario = try AuditScenario()
        scenario.record(AuditScenario.referral("C1", category: .childProtection, flags: [.section47]), at: at("2024-05-01T10:00"))
        scenario.record(AuditScenario.allocate("C1", to: "W1"), at: at("2024-05-01T10:20"))
        let audit = try scenario.audit()
        let breaches = try audit.breaches(to: at("2024-05-31"), asKnown: at("2030-01-01"))
        #expect(!breaches.breaches.contains { $0.ruleId == "STATUTORY-ALLOCATED" })
    }

    @Test("breaches: unjustified findings, justified overrides and missed timescales, each with its evidence")
    func breaches() throws {
        let scenario = try AuditScenario()
        // W1 goes on leave; the case is allocated to them anyway, without tasks (imported history).
        scenario.record(.workerAbsenceRecorded(WorkerAbsenceRecorded(
            workerId: "W1", absenceId: "A1", kind: .annualLeave, startDate: AuditScenario.date("2024-05-06"),
            endDate: AuditScenario.date("2024-05-10"), notifiedAt: at("2024-04-01T09:00"))), at: at("2024-04-01T09:00"))
        scenario.record(AuditScenario.referral("C1"), at: at("2024-05-01T09:00"))
        scenario.record(AuditScenario.decision("C1"), at: at("2024-05-01T10:00"))
        let onLeave = scenario.record(AuditScenario.allocate("C1", to: "W1", tasks: []), at: at("2024-05-07T10:00"))
        // A statutory case given to a student as primary, with a recorded justification.
        scenario.record(AuditScenario.referral("C2", category: .childProtection), at: at("2024-05-01T09:00"))
        scenario.record(AuditScenario.decision("C2", outcome: .section47Enquiry), at: at("2024-05-01T09:30"))
        let overridden = scenario.record(AuditScenario.allocate("C2", to: "S1", overrides: [
            PolicyOverride(ruleId: "CO-ALLOCATION-PRIMARY", finding: "student as primary", justification: "emergency cover"),
        ]), at: at("2024-05-01T11:00"))
        let audit = try scenario.audit()
        let answer = try audit.breaches(from: at("2024-05-01T00:00"), to: at("2024-05-31"), asKnown: at("2030-01-01"))
        let onLeaveFinding = answer.breaches.first { $0.ruleId == "ON-LEAVE" }
        #expect(onLeaveFinding?.kind == .finding)
        #expect(onLeaveFinding?.severity == .block)
        #expect(onLeaveFinding?.evidence.first?.sequence == onLeave)
        #expect(answer.breaches.contains { $0.ruleId == "ALLOCATION-RECORD" && $0.caseId == "C1" })
        let student = answer.breaches.first { $0.ruleId == "CO-ALLOCATION-PRIMARY" }
        #expect(student?.kind == .overridden)
        #expect(student?.justification == "emergency cover")
        #expect(student?.evidence.first?.sequence == overridden)
        let allocationLate = answer.breaches.first { $0.ruleId == "ALLOCATION-24H" && $0.caseId == "C1" }
        #expect(allocationLate?.kind == .timescale)
        #expect(allocationLate?.timescale?.status == .missed)
        #expect(answer.counts.contains { $0.ruleId == "ON-LEAVE" && $0.count == 1 })
        #expect(answer.citations.contains { $0.sequence == onLeave })
        #expect(throws: AuditError.self) {
            _ = try audit.breaches(from: at("2024-06-01"), to: at("2024-05-01"), asKnown: at("2030-01-01"))
        }
    }

    @Test("weekly report: per team open, allocated and unallocated by category, and the week's flow")
    func weekly() throws {
        let scenario = try AuditScenario()
        scenario.record(AuditScenario.referral("C1", category: .childInNeed), at: at("2024-05-06T09:00"))
        scenario.record(AuditScenario.allocate("C1", to: "W1"), at: at("2024-05-06T10:00"))
        scenario.record(AuditScenario.referral("C2", category: .childProtection), at: at("2024-05-07T09:00"))
        scenario.record(AuditScenario.referral("C3", category: .childInNeed), at: at("2024-05-08T09:00"))
        scenario.record(AuditScenario.close("C3", evidence: "signposted"), at: at("2024-05-09T09:00"))
        // Next week's referral is not in this week.
        scenario.record(AuditScenario.referral("C4"), at: at("2024-05-13T09:00"))
        let audit = try scenario.audit()
        let report = audit.weeklyReport(weekOf: AuditScenario.date("2024-05-08"), asKnown: at("2030-01-01"))
        #expect(report.weekStart == AuditScenario.date("2024-05-06"))
        #expect(report.weekEnd == AuditScenario.date("2024-05-12"))
        #expect(report.asOf == at("2024-05-12"))
        let team = try #require(report.teams.first { $0.teamId == "T1" })
        #expect(team.name == "Safeguarding East")
        #expect((team.open, team.allocated, team.unallocated) == (2, 1, 1))
        #expect(team.byCategory.map(\.category) == ["childInNeed", "childProtection"])
        #expect(team.byCategory.first { $0.category == "childProtection" }?.unallocated == 1)
        #expect((team.referralsReceived, team.allocationsMade, team.closures) == (3, 1, 1))
        #expect(report.total.open == 2)
        #expect(!team.citations.isEmpty)
    }
}
