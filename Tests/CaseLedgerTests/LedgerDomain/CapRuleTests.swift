import Testing
@testable import LedgerSupport
@testable import LedgerStore
@testable import LedgerEvents
@testable import LedgerDomain
@testable import LedgerAudit
@testable import LedgerImport
@testable import LedgerReturns
@testable import LedgerSimulation

/// CAP at, just under and just over each role's case and points caps (adult-case-allocation-policy).
@Suite("CAP: caseload caps by role")
struct CapRuleTests {
    /// ASYEs sit in an adult services team so the NQSW ramp (children's areas only) stays out of the way.
    static func scenario(role: Role) -> Scenario {
        var scenario = Scenario.standard()
        scenario.addTeam("TA", area: .adultServices)
        scenario.addWorker("W7", role: role, team: role == .asye ? "TA" : "T1", start: Scenario.day("2023-01-02"))
        scenario.refer("NEW", team: role == .asye ? "TA" : "T1", risk: .low)
        return scenario
    }

    static let caseCaps: [(Role, Int)] = [(.socialWorker, 25), (.asye, 23), (.seniorPractitioner, 15), (.socialWorkOfficer, 20)]

    @Test("case cap: holding cap − 1 is allowed, holding the cap or one over is refused",
          arguments: caseCaps, [-1, 0, 1])
    func caseCap(roleCap: (Role, Int), offset: Int) {
        let (role, cap) = roleCap
        var scenario = Self.scenario(role: role)
        scenario.give("W7", cases: cap + offset, risk: .low)
        let result = scenario.decide(.allocate(Scenario.allocation("NEW", to: "W7")))
        if offset < 0 {
            #expect(result.isSuccess, "\(result)")
        } else {
            #expect(result.refusedRules == [.cap])
            #expect(result.error?.description
                    == "CAP: W7 holds \(cap + offset) of \(cap) cases allowed for \(role.displayName.withArticle); pass a justification to override")
        }
    }

    static let pointCaps: [(Role, Int)] = [(.socialWorker, 50), (.asye, 45), (.seniorPractitioner, 30)]

    @Test("points cap: a high-risk case on top of cap − 4, cap − 3 and cap − 2 points",
          arguments: pointCaps, [-1, 0, 1])
    func pointsCap(roleCap: (Role, Int), offset: Int) {
        let (role, cap) = roleCap
        var scenario = Self.scenario(role: role)
        let existing = cap - 3 + offset
        scenario.give("W7", cases: existing / 3, risk: .high, prefix: "H")
        scenario.give("W7", cases: existing % 3, risk: .low, prefix: "L")
        scenario.mustRun(.assessRisk(.init(caseId: "NEW", riskLevel: .high, rationale: "Injuries")))
        #expect(scenario.state.caseload(of: "W7", policy: .children).weightedScore == existing)
        let result = scenario.decide(.allocate(Scenario.allocation("NEW", to: "W7")))
        if offset <= 0 {
            #expect(result.isSuccess, "\(result)")
        } else {
            #expect(result.refusedRules == [.cap])
            #expect(result.error?.description
                    == "CAP: W7 holds \(existing) of \(cap) points allowed for \(role.displayName.withArticle), and this high-risk case adds 3; pass a justification to override")
        }
    }

    @Test("the message of the brief, word for word")
    func briefMessage() {
        var scenario = Self.scenario(role: .socialWorker)
        scenario.give("W7", cases: 25)
        let result = scenario.decide(.allocate(Scenario.allocation("NEW", to: "W7")))
        #expect(result.error?.description
                == "CAP: W7 holds 25 of 25 cases allowed for a social worker; pass a justification to override")
    }

    @Test("a justification overrides CAP and is stored with the allocation, with the caseload figures")
    func justified() throws {
        var scenario = Self.scenario(role: .socialWorker)
        scenario.give("W7", cases: 25)
        let decision = try #require(scenario.decide(.allocate(Scenario.allocation(
            "NEW", to: "W7", justifications: [.cap: "Sibling of a child W7 holds"]))).decision)
        guard case .caseAllocated(let allocated) = decision.events.first?.event else {
            Issue.record("expected CaseAllocated")
            return
        }
        #expect(allocated.overrides == [PolicyOverride(
            ruleId: "CAP", finding: "W7 holds 25 of 25 cases allowed for a social worker",
            justification: "Sibling of a child W7 holds")])
        #expect(allocated.caseloadAtAllocation == CaseloadFigures(caseCount: 25, weightedScore: 25, caseCap: 25, pointsCap: 50))
        #expect(decision.overrides == allocated.overrides)
    }

    @Test("co-allocations count towards the caseload")
    func coAllocationsCount() {
        var scenario = Self.scenario(role: .socialWorker)
        scenario.addWorker("W1")
        scenario.give("W7", cases: 24)
        scenario.give("W1", cases: 1, prefix: "SHARED")
        scenario.mustRun(.coAllocate(Scenario.coAllocation("SHARED-0", to: "W7")))
        #expect(scenario.state.caseload(of: "W7", policy: .children).caseCount == 25)
        #expect(scenario.decide(.allocate(Scenario.allocation("NEW", to: "W7"))).refusedRules == [.cap])
    }

    @Test("a co-worker made primary takes on nothing new, so CAP does not apply")
    func promotionIsNotNewWork() {
        var scenario = Self.scenario(role: .socialWorker)
        scenario.give("W7", cases: 24)
        scenario.mustRun(.coAllocate(Scenario.coAllocation("NEW", to: "W7")))
        #expect(scenario.decide(.allocate(Scenario.allocation("NEW", to: "W7"))).isSuccess)
    }

    @Test("an unassessed case weighs as moderate")
    func unassessedWeighsModerate() {
        var scenario = Self.scenario(role: .seniorPractitioner)
        scenario.give("W7", cases: 9, risk: .high)  // 27 points
        scenario.refer("UNSCORED", risk: nil)
        let atCap = scenario.decide(.allocate(Scenario.allocation("UNSCORED", to: "W7")))
        #expect(atCap.isSuccess)  // 27 + 2 = 29
        scenario.give("W7", cases: 2, risk: .low, prefix: "LOW")  // 29 points
        let over = scenario.decide(.allocate(Scenario.allocation("UNSCORED", to: "W7")))
        #expect(over.error?.description
                == "CAP: W7 holds 29 of 30 points allowed for a senior practitioner, and this case, not yet risk-assessed, counts as moderate and adds 2; pass a justification to override")
    }

    @Test("closed cases leave the caseload")
    func closedCasesLeave() {
        var scenario = Self.scenario(role: .socialWorker)
        scenario.give("W7", cases: 25)
        scenario.mustRun(.close(.init(caseId: "W7-low-0", closureSummary: Scenario.summary)))
        #expect(scenario.decide(.allocate(Scenario.allocation("NEW", to: "W7"))).isSuccess)
    }

    @Test("a role without a cap is not capped")
    func uncappedRole() {
        var scenario = Self.scenario(role: .familySupportWorker)
        scenario.give("W7", cases: 40)
        #expect(scenario.decide(.allocate(Scenario.allocation("NEW", to: "W7"))).isSuccess)
    }
}

/// CAP judged at the later instants a backdated allocation changes.
@Suite("CAP: a backdated allocation is judged at the worker's later holdings too")
struct BackdatedCapTests {
    /// W7 holds 24 cases from 2 January and takes a 25th on 1 March (at the cap, lawful); NEW
    /// waits from 2 January.
    static func scenario() -> Scenario {
        var scenario = CapRuleTests.scenario(role: .socialWorker)
        scenario.give("W7", cases: 24, risk: .low)
        scenario.give("W7", cases: 1, risk: .low, prefix: "LATER", on: Scenario.day("2024-03-01"))
        return scenario
    }

    @Test("dated before a later holding, an allocation that keeps the cap then but breaks it from that holding on is refused, naming it")
    func refusedAtTheLaterHolding() {
        let scenario = Self.scenario()
        #expect(scenario.state.caseload(of: "W7", policy: .children).caseCount == 25)
        let result = scenario.decide(.allocate(Scenario.allocation("NEW", to: "W7")), on: Scenario.day("2024-02-01"))
        #expect(result.refusedRules == [.cap], "\(result)")
        let message = result.error?.description ?? ""
        #expect(message.contains("26 of 25 cases"), "\(message)")
        #expect(message.contains("LATER-0"), "\(message)")
        #expect(message.contains("1 Mar 2024") || message.contains("2024-03-01"), "\(message)")
    }

    @Test("dated after the later holding, the same allocation is judged at its own instant, as before")
    func afterTheLaterHolding() {
        let scenario = Self.scenario()
        let result = scenario.decide(.allocate(Scenario.allocation("NEW", to: "W7")), on: Scenario.day("2024-03-02"))
        #expect(result.refusedRules == [.cap], "\(result)")
        #expect(result.error?.description
                == "CAP: W7 holds 25 of 25 cases allowed for a social worker; pass a justification to override")
    }

    @Test("a justification overrides the later breach, and is stored with the allocation")
    func justified() throws {
        let scenario = Self.scenario()
        let decision = try #require(scenario.decide(.allocate(Scenario.allocation(
            "NEW", to: "W7", justifications: [.cap: "Sibling of a child W7 holds"])), on: Scenario.day("2024-02-01")).decision)
        guard case .caseAllocated(let allocated) = decision.events.first?.event else {
            Issue.record("expected CaseAllocated")
            return
        }
        #expect(allocated.overrides.map(\.ruleId) == ["CAP"])
    }

    @Test("room at every later instant: a backdated allocation is allowed")
    func roomLater() {
        var scenario = CapRuleTests.scenario(role: .socialWorker)
        scenario.give("W7", cases: 20, risk: .low)
        scenario.give("W7", cases: 1, risk: .low, prefix: "LATER", on: Scenario.day("2024-03-01"))
        let result = scenario.decide(.allocate(Scenario.allocation("NEW", to: "W7")), on: Scenario.day("2024-02-01"))
        #expect(result.isSuccess, "\(result)")
    }
}
