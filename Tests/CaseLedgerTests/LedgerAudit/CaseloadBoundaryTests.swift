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

/// Caseload figures at and around allocation boundaries: same-day allocate and deallocate,
/// midnight, and the days the clocks change.
@Suite("Caseload at boundaries")
struct CaseloadBoundaryTests {
    private func count(_ audit: AuditLedger, _ worker: String, _ asOf: Instant) throws -> Int {
        try audit.caseload(workerId: worker, at: QueryTime(asOf: asOf, asKnown: at("2030-01-01"))).workers[0].caseCount
    }

    @Test("allocated at 09:00 and deallocated at 15:00 the same day: held in [09:00, 15:00) only")
    func sameDay() throws {
        let scenario = try AuditScenario()
        scenario.record(AuditScenario.referral("C1"), at: at("2024-05-01T08:00"))
        scenario.record(AuditScenario.allocate("C1", to: "W1"), at: at("2024-05-01T09:00"))
        scenario.record(AuditScenario.deallocate("C1", from: "W1"), at: at("2024-05-01T15:00"))
        let audit = try scenario.audit()
        #expect(try count(audit, "W1", at("2024-05-01T08:59:59.999")) == 0)
        #expect(try count(audit, "W1", at("2024-05-01T09:00")) == 1)
        #expect(try count(audit, "W1", at("2024-05-01T14:59:59.999")) == 1)
        #expect(try count(audit, "W1", at("2024-05-01T15:00")) == 0)
        // "--as-of 2024-05-01" means the end of that day: the case had gone back to the team.
        #expect(try count(audit, "W1", at("2024-05-01")) == 0)
        let unallocated = try audit.unallocated(at: QueryTime(asOf: at("2024-05-01"), asKnown: at("2030-01-01")))
        #expect(unallocated.cases.first?.since == at("2024-05-01T15:00"))
        #expect(unallocated.cases.first?.earlierIntervals.count == 1)
    }

    @Test("allocated and deallocated at the same instant: never held at any as-of")
    func sameInstant() throws {
        let scenario = try AuditScenario()
        scenario.record(AuditScenario.referral("C1"), at: at("2024-05-01T08:00"))
        scenario.record([AuditScenario.allocate("C1", to: "W1"), AuditScenario.deallocate("C1", from: "W1")],
                        at: at("2024-05-01T09:00"))
        let audit = try scenario.audit()
        #expect(try count(audit, "W1", at("2024-05-01T09:00")) == 0)
        #expect(try count(audit, "W1", at("2024-05-01T08:59:59.999")) == 0)
    }

    @Test("an allocation at London midnight counts from that day, not the day before")
    func midnight() throws {
        let scenario = try AuditScenario()
        scenario.record(AuditScenario.referral("C1"), at: at("2024-06-30T12:00"))
        // 00:00 BST on 1 July is 23:00 UTC on 30 June.
        scenario.record(AuditScenario.allocate("C1", to: "W1"), at: at("2024-07-01T00:00"))
        let audit = try scenario.audit()
        #expect(at("2024-07-01T00:00") == Instant(iso8601: "2024-06-30T23:00:00Z"))
        #expect(try count(audit, "W1", at("2024-06-30")) == 0)
        #expect(try count(audit, "W1", at("2024-07-01")) == 1)
        #expect(try count(audit, "W1", Instant(iso8601: "2024-06-30T23:00:00Z")!) == 1)
        #expect(try count(audit, "W1", Instant(iso8601: "2024-06-30T22:59:59.999Z")!) == 0)
    }

    @Test("on the day the clocks go forward, 01:30 London does not exist and 00:30 is still GMT")
    func springForward() throws {
        let scenario = try AuditScenario()
        scenario.record(AuditScenario.referral("C1"), at: at("2024-03-30T12:00"))
        scenario.record(AuditScenario.allocate("C1", to: "W1"), at: Instant(iso8601: "2024-03-31T00:30:00Z")!)
        scenario.record(AuditScenario.deallocate("C1", from: "W1"), at: Instant(iso8601: "2024-03-31T01:30:00Z")!)
        let audit = try scenario.audit()
        #expect(try count(audit, "W1", at("2024-03-30")) == 0)
        #expect(try count(audit, "W1", at("2024-03-31T00:45")) == 1)
        // 01:30 London on the change day is read as 01:30 GMT = 02:30 BST: the deallocation instant.
        #expect(try count(audit, "W1", at("2024-03-31T01:30")) == 0)
        #expect(try count(audit, "W1", at("2024-03-31T02:29")) == 1)
        #expect(try count(audit, "W1", at("2024-03-31")) == 0)
    }

    @Test("on the day the clocks go back, both 01:30s are told apart by their offsets")
    func fallBack() throws {
        let scenario = try AuditScenario()
        scenario.record(AuditScenario.referral("C1"), at: at("2024-10-26T12:00"))
        // Allocated at the first 01:30 (BST), deallocated at the second (GMT), an hour later.
        scenario.record(AuditScenario.allocate("C1", to: "W1"), at: at("2024-10-27T01:30:00+01:00"))
        scenario.record(AuditScenario.deallocate("C1", from: "W1"), at: at("2024-10-27T01:30:00+00:00"))
        let audit = try scenario.audit()
        #expect(try count(audit, "W1", at("2024-10-27T01:00:00+01:00")) == 0)
        #expect(try count(audit, "W1", at("2024-10-27T01:45:00+01:00")) == 1)
        #expect(try count(audit, "W1", at("2024-10-27T01:15:00+00:00")) == 1)
        #expect(try count(audit, "W1", at("2024-10-27T01:30:00+00:00")) == 0)
        // A wall-clock 01:45 without an offset is the earlier (BST) one.
        #expect(try count(audit, "W1", at("2024-10-27T01:45")) == 1)
        #expect(try count(audit, "W1", at("2024-10-26")) == 0)
        #expect(try count(audit, "W1", at("2024-10-27")) == 0)
    }

    @Test("weighted score, cap and headroom follow the role in force on the date")
    func capsFollowRole() throws {
        let scenario = try AuditScenario()
        var policy = Policy.children
        policy.policyId = "tight"
        policy.caps = [CaseloadCap(role: .socialWorker, cases: 2, points: 5), CaseloadCap(role: .seniorPractitioner, cases: 3, points: 9)]
        let json = String(decoding: policy.canonicalJSON(), as: UTF8.self)
        let adoption = scenario.record(.policyAdopted(PolicyAdopted(policyId: "tight", profile: "children",
                                                                    contentSHA256: policy.contentHash.hex,
                                                                    effectiveFrom: at("2024-01-01T00:00"), policyJSON: json)),
                                       at: at("2024-01-01T00:00"))
        for (index, risk) in [RiskLevel.high, .high, .low].enumerated() {
            scenario.record(AuditScenario.referral("C\(index)", risk: risk, family: index < 2 ? "F1" : "F2"), at: at("2024-02-01T09:00"))
            scenario.record(AuditScenario.allocate("C\(index)", to: "W1"), at: at("2024-02-01T10:00"))
        }
        scenario.record(.workerRoleChanged(WorkerRoleChanged(workerId: "W1", fromRole: .socialWorker, toRole: .seniorPractitioner,
                                                             isQualified: true, effectiveDate: AuditScenario.date("2024-03-01"))),
                        at: at("2024-02-10T09:00"))
        let audit = try scenario.audit()
        let february = try audit.caseload(workerId: "W1", at: QueryTime(asOf: at("2024-02-15"), asKnown: at("2030-01-01")))
        let load = february.workers[0]
        #expect(february.policy.policyId == "tight")
        #expect(february.policy.citation?.sequence == adoption)
        #expect(load.role == .socialWorker)
        #expect(load.caseCount == 3 && load.primaryCount == 3 && load.coWorkerCount == 0)
        #expect(load.weightedScore == 7)
        #expect(load.familyCount == 2 && load.childrenCount == 3)
        #expect(load.cap == CapFigures(cases: 2, points: 5))
        #expect(load.headroom == CapFigures(cases: -1, points: -2))
        #expect(load.isOverCap)
        #expect(load.findings.contains { $0.hasPrefix("CAP") })
        let march = try audit.caseload(workerId: "W1", at: QueryTime(asOf: at("2024-03-01T00:00"), asKnown: at("2030-01-01"))).workers[0]
        #expect(march.role == .seniorPractitioner)
        #expect(march.headroom == CapFigures(cases: 0, points: 2))
        #expect(!march.isOverCap)
        // As known before the role change was recorded, March still looks like a social worker's caseload.
        let believed = try audit.caseload(workerId: "W1", at: QueryTime(asOf: at("2024-03-02"), asKnown: at("2024-02-05"))).workers[0]
        #expect(believed.role == .socialWorker)
        // Before the policy's effective date, the built-in default applies.
        let before = try audit.caseload(workerId: "W1", at: QueryTime(asOf: at("2023-12-31"), asKnown: at("2030-01-01")))
        #expect(before.policy.policyId == Policy.children.policyId && before.policy.citation == nil)
    }

    /// Weeks count as the domain counts them (`NQSWRamp.week`: the start date is day 0 of week 1),
    /// so the audit judges against the ramp step the allocation decision used. Start Monday 2024-01-08.
    @Test("an ASYE's ramp target follows the week since start", arguments: [
        ("2024-01-21", 2, RampStatus.Target.noCases, Int?.none),
        ("2024-01-22", 3, .limit, Int?.some(3)),
        ("2024-01-28", 3, .limit, Int?.some(3)),
        ("2024-01-29", 4, .limit, Int?.some(6)),
        ("2024-02-12", 6, .limit, Int?.some(8)),
        ("2024-07-01", 26, .limit, Int?.some(14)),
    ])
    func nqswRamp(day: String, week: Int, target: RampStatus.Target, maximum: Int?) throws {
        let scenario = try AuditScenario()
        scenario.record(.workerRegistered(WorkerRegistered(workerId: "N1", teamId: "T1", role: .asye,
                                                           startDate: AuditScenario.date("2024-01-08"), isAgency: false,
                                                           isQualified: true, fullTimeEquivalentPercent: 100)),
                        at: at("2024-01-08T09:00"))
        scenario.record(AuditScenario.referral("C1"), at: at("2024-01-09T09:00"))
        scenario.record(AuditScenario.allocate("C1", to: "N1"), at: at("2024-01-09T10:00"))
        let audit = try scenario.audit()
        let load = try audit.caseload(workerId: "N1", at: QueryTime(asOf: at(day), asKnown: at("2030-01-01"))).workers[0]
        #expect(load.nqswRamp?.week == week)
        #expect(load.nqswRamp?.target == target)
        #expect(load.nqswRamp?.serviceArea == .safeguarding)
        if let maximum { #expect(load.nqswRamp?.maximumChildren == maximum) }
        #expect(load.nqswRamp?.isOverTarget == (target == .noCases))
    }

    @Test("an open audit view sees new allocations and retractions after refresh")
    func refreshUpdatesCaseloads() throws {
        let scenario = try AuditScenario()
        scenario.record(AuditScenario.referral("C1"), at: at("2024-02-01T09:00"))
        let audit = try scenario.audit()
        let time = { QueryTime(asOf: at("2024-02-10"), asKnown: at("2030-01-01")) }
        #expect(try audit.caseload(workerId: "W1", at: time()).workers[0].caseCount == 0)
        let allocation = scenario.record(AuditScenario.allocate("C1", to: "W1"), at: at("2024-02-02T10:00"))
        #expect(try audit.refresh() == 1)
        #expect(try audit.caseload(workerId: "W1", at: time()).workers[0].caseCount == 1)
        #expect(try audit.holders(caseId: "C1", at: time()).primary?.workerId == "W1")
        scenario.record(AuditScenario.retract(allocation, caseId: "C1"), at: at("2024-02-05T10:00"))
        try audit.refresh()
        #expect(try audit.caseload(workerId: "W1", at: time()).workers[0].caseCount == 0)
        #expect(try audit.holders(caseId: "C1", at: time()).primary == nil)
    }

    @Test("team and all-teams caseloads count each worker once and each unallocated case")
    func teamScope() throws {
        let scenario = try AuditScenario()
        scenario.record(AuditScenario.referral("C1"), at: at("2024-02-01T09:00"))
        scenario.record(AuditScenario.allocate("C1", to: "W1"), at: at("2024-02-01T10:00"))
        scenario.record(AuditScenario.coAllocate("C1", to: "S1"), at: at("2024-02-01T11:00"))
        scenario.record(AuditScenario.referral("C2"), at: at("2024-02-01T09:00"))
        let audit = try scenario.audit()
        let time = QueryTime(asOf: at("2024-02-02"), asKnown: at("2030-01-01"))
        let team = try audit.caseload(teamId: "T1", at: time)
        #expect(team.workers.map(\.workerId) == ["S1", "W1", "W2"])
        #expect(team.teams.first?.heldCaseCount == 1)
        #expect(team.teams.first?.unallocatedCount == 1)
        #expect(team.workers.first { $0.workerId == "S1" }?.coWorkerCount == 1)
        let all = audit.caseloadOfAll(at: time)
        #expect(all.teams.map(\.teamId) == ["T1"])
        #expect(all.workers.count == 3)
        #expect(throws: AuditError.unknownWorker("W9")) { _ = try audit.caseload(workerId: "W9", at: time) }
        #expect(throws: AuditError.unknownTeam("T9")) { _ = try audit.caseload(teamId: "T9", at: time) }
    }
}
