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

extension Scenario {
    /// The audit's rule findings over everything recorded: the same rule engine the Decider uses,
    /// run over history by ``RuleFindingEvaluator``.
    func auditFindings() -> [RuleFindingEvaluator.Finding] {
        let model = self.model
        let evaluator = RuleFindingEvaluator(model: model, asKnown: .endOfTime)
        let range = Instant(millisecondsSinceEpoch: Int64.min / 4)...Instant.endOfTime
        var results: [RuleFindingEvaluator.Finding] = []
        for caseId in model.state.cases.ids.sorted() {
            if let timeline = model.caseTimeline(caseId, asKnown: .endOfTime) {
                results += evaluator.findings(in: timeline, range: range)
            }
        }
        for workerId in model.state.workers.keys.sorted() {
            if let timeline = model.workerTimeline(workerId, asKnown: .endOfTime) {
                results += evaluator.findings(ofWorker: timeline, range: range)
            }
        }
        return results
    }

    func auditRules(caseId: String) -> [RuleID] {
        auditFindings().filter { $0.caseId == caseId }.map(\.rule).sorted()
    }
}

/// Issue 11: deciding and auditing read one model and one rule engine. Each false finding and each
/// missed breach the issue lists, decided by the Decider and judged again by the audit.
@Suite("One model: false findings, missed breaches, policy corrections")
struct OneModelTests {
    static let practitioner = Actor(id: "W1", role: .socialWorker)

    static func scenario(policy: Policy = .children) -> Scenario {
        var scenario = Scenario.standard(policy: policy)
        scenario.addWorker("W1")
        scenario.addWorker("W2")
        return scenario
    }

    /// A policy where `rules` are findings: the command goes through and records them, so the
    /// audit can be asked about the same history.
    static func findingsPolicy(_ rules: [RuleID]) -> Policy {
        var policy = Policy.children
        for rule in rules { policy.severities[rule.rawValue] = .finding }
        return policy
    }

    // MARK: - False findings

    @Test("a child-protection referral decided and allocated within 20 minutes is no STATUTORY-ALLOCATED finding")
    func childProtectionAllocatedAtOnce() {
        var scenario = Self.scenario()
        let day = Scenario.day("2024-04-02")
        scenario.refer("C1", category: .childProtection, flags: [.section47], on: day)
        scenario.mustRun(.recordReferralDecision(.init(caseId: "C1", outcome: .section47Enquiry, rationale: "Harm suspected")),
                         on: day)
        scenario.mustRun(.allocate(Scenario.allocation("C1", to: "W1", on: day)), on: day)
        #expect(!scenario.auditRules(caseId: "C1").contains(.statutoryAllocated))
    }

    @Test("a case closed after a no-further-action decision is no UNALLOCATED-CLOSURE finding")
    func closedAtFrontDoor() {
        var scenario = Self.scenario()
        scenario.refer("C1")
        scenario.mustRun(.recordReferralDecision(.init(caseId: "C1", outcome: .noFurtherAction, rationale: "Universal services")))
        let closed = scenario.run(.close(.init(caseId: "C1", closureSummary: Scenario.summary)))
        #expect(closed.isSuccess)
        #expect(closed.decision?.overrides == [] && closed.decision?.findings == [])
        #expect(scenario.auditRules(caseId: "C1") == [])
    }

    @Test("closing an unallocated case waiting for a social worker is judged the same way by both")
    func unallocatedClosureAgrees() {
        var scenario = Self.scenario(policy: Self.findingsPolicy([.unallocatedClosure]))
        scenario.refer("C1")
        scenario.mustRun(.recordReferralDecision(.init(caseId: "C1", outcome: .socialWorkAssessment, rationale: "Assess")))
        let closed = scenario.run(.close(.init(caseId: "C1", closureSummary: Scenario.summary)))
        #expect(closed.decision?.findings.map(\.ruleId) == ["UNALLOCATED-CLOSURE"])
        #expect(scenario.auditRules(caseId: "C1") == [.unallocatedClosure])
    }

    // MARK: - Missed breaches: the statutory safeguards hold whatever changes

    @Test("change-category to child protection while a social work officer is primary is refused, and reported if let through")
    func categoryMakesStatutory() {
        var scenario = Self.scenario()
        scenario.addWorker("SWO", role: .socialWorkOfficer, qualified: false)
        scenario.refer("C1")
        scenario.mustRun(.allocate(Scenario.allocation("C1", to: "SWO")))
        let command = DomainCommand.changeCategory(.init(caseId: "C1", toCategory: .childProtection, reason: "Conference"))
        #expect(Set(scenario.decide(command).refusedRules) == [.statutoryQualified, .coAllocationPrimary])

        var through = scenario
        through.policy = Self.findingsPolicy([.statutoryQualified, .coAllocationPrimary])
        let decision = through.run(command).decision
        #expect(Set(decision?.findings.map(\.ruleId) ?? []) == ["STATUTORY-QUALIFIED", "CO-ALLOCATION-PRIMARY"])
        #expect(through.auditRules(caseId: "C1") == [.coAllocationPrimary, .statutoryQualified])
    }

    @Test("child in care or court proceedings while an agency worker holds the case is refused, and reported if let through",
          arguments: [(CaseCategory.childInCare, [CaseFlag]()), (.childInNeed, [.courtProceedings])])
    func agencyWorker(category: CaseCategory, flags: [CaseFlag]) {
        var scenario = Self.scenario()
        scenario.addWorker("AG", agency: true)
        scenario.refer("C1")
        scenario.mustRun(.allocate(Scenario.allocation("C1", to: "AG")))
        let command = DomainCommand.changeCategory(.init(caseId: "C1", toCategory: category, flags: flags, reason: "Order made"))
        #expect(scenario.decide(command).refusedRules == [.agencyCourtOrChildInCare])
        var through = scenario
        through.policy = Self.findingsPolicy([.agencyCourtOrChildInCare])
        #expect(through.run(command).decision?.findings.map(\.ruleId) == ["AGENCY-COURT-CIC"])
        #expect(through.auditRules(caseId: "C1") == [.agencyCourtOrChildInCare])
    }

    @Test("deallocating the senior practitioner co-working an ASYE's pre-birth assessment is refused, and reported if let through")
    func preBirthPartnerLeaves() {
        var scenario = Self.scenario()
        scenario.addWorker("ASYE", role: .asye, start: Scenario.day("2023-01-02"))
        scenario.addWorker("SP", role: .seniorPractitioner)
        scenario.refer("C1", flags: [.preBirthAssessment])
        // The experienced worker first, then the ASYE as primary beside them.
        scenario.mustRun(.coAllocate(Scenario.coAllocation("C1", to: "SP")))
        #expect(scenario.decide(.allocate(Scenario.allocation("C1", to: "ASYE"))).isSuccess)
        var alone = Self.scenario()
        alone.addWorker("ASYE", role: .asye, start: Scenario.day("2023-01-02"))
        alone.refer("C1", flags: [.preBirthAssessment])
        #expect(alone.decide(.allocate(Scenario.allocation("C1", to: "ASYE"))).refusedRules == [.preBirth])
        scenario.mustRun(.allocate(Scenario.allocation("C1", to: "ASYE")))
        let command = DomainCommand.deallocate(.init(caseId: "C1", workerId: "SP", reason: .caseloadManagement, rationale: "x"))
        #expect(scenario.decide(command).refusedRules == [.preBirth])
        var through = scenario
        through.policy = Self.findingsPolicy([.preBirth])
        #expect(through.run(command).decision?.findings.map(\.ruleId) == ["PREBIRTH"])
        #expect(through.auditRules(caseId: "C1") == [.preBirth])
    }

    @Test("a primary worker's role changing to social work officer on a statutory case is refused, and reported if let through")
    func roleChange() {
        var scenario = Self.scenario()
        scenario.refer("C1", category: .childProtection, on: Scenario.today)
        scenario.mustRun(.allocate(Scenario.allocation("C1", to: "W1")))
        let command = DomainCommand.changeRole(.init(workerId: "W1", toRole: .socialWorkOfficer, isQualified: false))
        let later = Scenario.today.adding(days: 1)
        #expect(Set(scenario.decide(command, on: later).refusedRules) == [.statutoryQualified, .coAllocationPrimary])
        var through = scenario
        through.policy = Self.findingsPolicy([.statutoryQualified, .coAllocationPrimary])
        #expect(through.run(command, on: later).isSuccess)
        #expect(through.auditRules(caseId: "C1") == [.coAllocationPrimary, .statutoryQualified])
    }

    @Test("a role change effective later is judged on the cases held from its effective day")
    func futureRoleChange() {
        var scenario = Self.scenario()
        scenario.refer("C1", category: .childProtection, on: Scenario.today)
        scenario.mustRun(.allocate(Scenario.allocation("C1", to: "W1")))
        let later = Scenario.today.adding(days: 30)
        let command = DomainCommand.changeRole(.init(workerId: "W1", toRole: .socialWorkOfficer, isQualified: false,
                                                     effectiveDate: later))
        #expect(Set(scenario.decide(command).refusedRules) == [.statutoryQualified, .coAllocationPrimary])
        // Transferred before the change takes effect: nothing is broken on that day.
        scenario.addWorker("W3")
        scenario.mustRun(.transfer(.init(caseId: "C1", toWorkerId: "W3", reason: .caseloadManagement,
                                         transferSummary: Scenario.transferSummary, rationale: "W1 changes role",
                                         tasks: [Scenario.task(due: later)], discussedWithWorker: true)),
                         on: Scenario.today.adding(days: 1))
        #expect(scenario.decide(command).isSuccess)
    }

    @Test("a case held by a social work officer assessed as high risk needs a justification, stored in the event")
    func riskRises() throws {
        var scenario = Self.scenario()
        scenario.addWorker("SWO", role: .socialWorkOfficer, qualified: false)
        scenario.refer("C1", risk: .low)
        scenario.mustRun(.allocate(Scenario.allocation("C1", to: "SWO")))
        let assess = DomainCommand.AssessRisk(caseId: "C1", riskLevel: .high, rationale: "New information")
        #expect(scenario.decide(.assessRisk(assess)).refusedRules == [.socialWorkOfficerRisk])
        var justified = assess
        justified.justifications = [.socialWorkOfficerRisk: "Transfer booked for Monday; the team manager visits meanwhile"]
        let decision = try #require(scenario.run(.assessRisk(justified)).decision)
        guard case .riskLevelAssessed(let event) = decision.events.first?.event else {
            Issue.record("expected RiskLevelAssessed")
            return
        }
        #expect(event.overrides?.map(\.ruleId) == ["SWO-RISK"])
        #expect(scenario.auditRules(caseId: "C1") == [.socialWorkOfficerRisk])
    }

    @Test("a breach already in force does not block an unrelated command on the case")
    func standingBreachDoesNotBlock() {
        var scenario = Self.scenario(policy: Self.findingsPolicy([.statutoryQualified, .coAllocationPrimary]))
        scenario.addWorker("SWO", role: .socialWorkOfficer, qualified: false)
        scenario.refer("C1", category: .childProtection)
        scenario.mustRun(.allocate(Scenario.allocation("C1", to: "SWO")))
        scenario.policy = .children
        #expect(scenario.decide(.recordCaseNote(.init(caseId: "C1", text: "Visit"))).isSuccess)
        #expect(scenario.decide(.assessRisk(.init(caseId: "C1", riskLevel: .moderate, rationale: "Review"))).isSuccess)
    }

    // MARK: - Policy corrections

    @Test("a practitioner may close with a manager's authorisation (recorded), not with a practitioner's or none")
    func practitionerClosure() throws {
        var scenario = Self.scenario()
        scenario.refer("C1")
        scenario.mustRun(.allocate(Scenario.allocation("C1", to: "W1")))
        let unauthorised = scenario.decide(.close(.init(caseId: "C1", closureSummary: Scenario.summary)), as: Self.practitioner)
        #expect(unauthorised.refusedRules == [.closureAuthorised])
        let byPeer = scenario.decide(.close(.init(caseId: "C1", closureSummary: Scenario.summary, authorisingManagerId: "W2")),
                                     as: Self.practitioner)
        #expect(byPeer.refusedRules == [.closureAuthorised])
        #expect(byPeer.error?.description.contains("W2 is not a registered manager") == true)
        let authorised = try #require(scenario.run(.close(.init(caseId: "C1", closureSummary: Scenario.summary,
                                                                authorisingManagerId: "TM1")), as: Self.practitioner).decision)
        guard case .caseClosed(let closed) = authorised.events.first?.event else {
            Issue.record("expected CaseClosed")
            return
        }
        #expect(closed.authorisingManagerId == "TM1")
        #expect(authorised.actor == Self.practitioner)
        #expect(scenario.auditRules(caseId: "C1") == [])
    }

    @Test("a command dated before the case's referral is refused with both dates",
          arguments: ["allocate", "decide", "close", "note"])
    func beforeReferral(kind: String) {
        var scenario = Self.scenario()
        scenario.refer("C1", on: Scenario.day("2024-03-01"))
        let early = Scenario.day("2024-02-28")
        let command: DomainCommand
        switch kind {
        case "allocate": command = .allocate(Scenario.allocation("C1", to: "W1", on: early))
        case "decide": command = .recordReferralDecision(.init(caseId: "C1", outcome: .socialWorkAssessment, rationale: "x"))
        case "close": command = .close(.init(caseId: "C1", closureSummary: Scenario.summary))
        default: command = .recordCaseNote(.init(caseId: "C1", text: "x"))
        }
        let error = scenario.decide(command, on: early).error
        #expect(error?.description == "C1 was referred on 2024-03-01 10:00, after this command's date 2024-02-28 10:00; date the command on or after the referral (--at)")
        #expect(scenario.decide(command, on: Scenario.day("2024-03-01")).error?.description.contains("was referred on") != true)
    }

    @Test("imported holdings count toward CAP at decision time: 25 imported cases, a 26th needs a justification")
    func importedHoldingsCount() {
        var scenario = Self.scenario()
        for index in 0..<25 {
            scenario.record(.caseAllocated(CaseAllocated(
                caseId: "P\(index)", workerId: "W1", teamId: "T1", previousWorkerId: nil, reason: .other,
                rationale: "imported from ssd involvement \(index), type CW", factorsConsidered: [], tasks: [],
                discussedWithWorker: false, overrides: [], caseloadAtAllocation: nil)), on: Scenario.day("2024-01-02"))
        }
        scenario.refer("C1", risk: .low)
        #expect(scenario.decide(.allocate(Scenario.allocation("C1", to: "W1"))).refusedRules == [.cap])
        #expect(scenario.decide(.allocate(Scenario.allocation("C1", to: "W1", justifications: [.cap: "Sibling"]))).isSuccess)
    }

    // MARK: - OVERSIGHT-ON-CHANGE after each kind of change

    enum Change: String, CaseIterable, Sendable {
        case directTransfer, deallocateThenAllocate, teamTransferThenAllocate
    }

    @Test("OVERSIGHT-ON-CHANGE starts after a transfer, a deallocation and allocation, and a team transfer then allocation",
          arguments: Change.allCases)
    func oversightOnChange(change: Change) throws {
        var scenario = Self.scenario()
        scenario.addTeam("T2", area: .safeguarding)
        scenario.addWorker("W3", team: "T2")
        scenario.refer("C1")
        scenario.mustRun(.allocate(Scenario.allocation("C1", to: "W1")))
        switch change {
        case .directTransfer:
            scenario.mustRun(.transfer(.init(caseId: "C1", toWorkerId: "W2", reason: .caseloadManagement,
                                             transferSummary: Scenario.transferSummary, rationale: "Capacity",
                                             tasks: [Scenario.task()], discussedWithWorker: true)))
        case .deallocateThenAllocate:
            scenario.mustRun(.deallocate(.init(caseId: "C1", workerId: "W1", reason: .caseloadManagement, rationale: "Capacity")))
            scenario.mustRun(.allocate(Scenario.allocation("C1", to: "W2")))
        case .teamTransferThenAllocate:
            scenario.mustRun(.transfer(.init(caseId: "C1", toTeamId: "T2", toWorkerId: nil, reason: .caseloadManagement,
                                             transferSummary: Scenario.transferSummary, rationale: "Locality")))
            scenario.mustRun(.allocate(Scenario.allocation("C1", to: "W3")))
        }
        let model = scenario.model
        let timeline = try #require(model.caseTimeline("C1", asKnown: .endOfTime))
        let statuses = TimescaleEvaluator.evaluate(
            timeline: timeline, notices: [], timescales: Policy.children.timescales, calendar: Policy.children.calendar,
            asOf: Scenario.at(Scenario.day("2024-05-10")))
        let oversight = statuses.filter { $0.timescale == .oversightOnChange }
        #expect(oversight.count == 1, "\(change): \(statuses.map(\.timescale))")
        #expect(oversight.first?.status == .missed || oversight.first?.status == .overdue)
    }

    @Test("the first allocation of a new referral starts no OVERSIGHT-ON-CHANGE")
    func firstAllocationIsNoChange() throws {
        var scenario = Self.scenario()
        scenario.refer("C1")
        scenario.mustRun(.allocate(Scenario.allocation("C1", to: "W1")))
        let timeline = try #require(scenario.model.caseTimeline("C1", asKnown: .endOfTime))
        let statuses = TimescaleEvaluator.evaluate(
            timeline: timeline, notices: [], timescales: Policy.children.timescales, calendar: Policy.children.calendar,
            asOf: Scenario.at(Scenario.day("2024-05-10")))
        #expect(!statuses.contains { $0.timescale == .oversightOnChange })
    }
}
