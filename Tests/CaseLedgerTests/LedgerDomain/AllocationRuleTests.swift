import Testing
@testable import LedgerSupport
@testable import LedgerStore
@testable import LedgerEvents
@testable import LedgerDomain
@testable import LedgerAudit
@testable import LedgerImport
@testable import LedgerReturns
@testable import LedgerSimulation

/// JOINT-PRIMARY, ALLOCATION-RECORD, severities as data, and the "why" recorded with allocations.
@Suite("Allocation: one primary, the record, severities, the why")
struct AllocationRuleTests {
    static func scenario(policy: Policy = .children) -> Scenario {
        var scenario = Scenario.standard(policy: policy)
        scenario.addWorker("W1")
        scenario.addWorker("W2")
        scenario.refer("C1", risk: .moderate)
        return scenario
    }

    @Test("JOINT-PRIMARY: a case with a primary worker goes through transfer or deallocation first")
    func jointPrimary() {
        var scenario = Self.scenario()
        scenario.mustRun(.allocate(Scenario.allocation("C1", to: "W1")))
        let result = scenario.decide(.allocate(Scenario.allocation("C1", to: "W2")))
        #expect(result.error?.description
                == "JOINT-PRIMARY: C1 already has W1 as its primary worker; transfer the case (transfer) or deallocate W1 first; joint working names one primary worker, others are co-allocated")
        // Co-working is fine; promoting the co-worker still needs W1 out first.
        scenario.mustRun(.coAllocate(Scenario.coAllocation("C1", to: "W2")))
        #expect(scenario.decide(.allocate(Scenario.allocation("C1", to: "W2"))).refusedRules == [.jointPrimary])
        scenario.mustRun(.deallocate(.init(caseId: "C1", workerId: "W1", reason: .caseloadManagement, rationale: "Rebalance")))
        #expect(scenario.run(.allocate(Scenario.allocation("C1", to: "W2"))).isSuccess)
        #expect(scenario.state.cases["C1"]?.primaryWorkerId == "W2")
        #expect(scenario.state.cases["C1"]?.coWorkerIds == [])
    }

    @Test("a transfer worker to worker replaces the primary in one event")
    func transferWithinTeam() throws {
        var scenario = Self.scenario()
        scenario.mustRun(.allocate(Scenario.allocation("C1", to: "W1")))
        let decision = try #require(scenario.run(.transfer(.init(
            caseId: "C1", toWorkerId: "W2", reason: .caseloadManagement, transferSummary: Scenario.transferSummary,
            rationale: "W1 over capacity", tasks: [Scenario.task()], discussedWithWorker: true))).decision)
        guard case .caseTransferred(let transfer) = decision.events.first?.event else {
            Issue.record("expected CaseTransferred")
            return
        }
        #expect(transfer.fromWorkerId == "W1" && transfer.toWorkerId == "W2" && transfer.fromTeamId == "T1")
        #expect(scenario.state.cases["C1"]?.primaryWorkerId == "W2")
    }

    static let recordProblems: [(String, String, [AllocationTask])] = [
        ("empty rationale", "  ", [Scenario.task()]),
        ("no tasks", "Skills fit", []),
        ("task due yesterday", "Skills fit", [Scenario.task(due: Scenario.day("2024-04-30"))]),
        ("blank task", "Skills fit", [AllocationTask(description: " ", dueDate: Scenario.day("2024-05-10"))]),
    ]

    @Test("ALLOCATION-RECORD refuses an allocation without tasks with due dates and a rationale",
          arguments: recordProblems)
    func allocationRecord(problem: (String, String, [AllocationTask])) {
        let scenario = Self.scenario()
        var command = Scenario.allocation("C1", to: "W1")
        command.rationale = problem.1
        command.tasks = problem.2
        #expect(scenario.decide(.allocate(command)).refusedRules == [.allocationRecord], "\(problem.0)")
        #expect(scenario.decide(.coAllocate(.init(
            caseId: "C1", workerId: "W1", reason: .other, rationale: problem.1, tasks: problem.2,
            discussedWithWorker: true))).refusedRules == [.allocationRecord])
    }

    @Test("ALLOCATION-RECORD: a task due today is on time; the message names what is missing")
    func allocationRecordBoundary() {
        let scenario = Self.scenario()
        var command = Scenario.allocation("C1", to: "W1")
        command.tasks = [Scenario.task(due: Scenario.today)]
        #expect(scenario.decide(.allocate(command)).isSuccess)
        command.tasks = []
        command.rationale = ""
        #expect(scenario.decide(.allocate(command)).error?.description
                == "ALLOCATION-RECORD: an allocation records tasks with due dates and the rationale, but the rationale is empty and there are no tasks; add tasks with due dates from today on and the rationale for this worker")
    }

    @Test("the why is data: reason, rationale, factors, tasks, discussion, overrides and caseload figures")
    func whyIsData() throws {
        var scenario = Self.scenario()
        scenario.give("W1", cases: 3, risk: .high)
        let command = DomainCommand.Allocate(
            caseId: "C1", workerId: "W1", reason: .familyRequest, rationale: "Mother asked for W1, who knows the school",
            factorsConsidered: [.workersView, .caseload, .continuity], tasks: [Scenario.task()],
            discussedWithWorker: true)
        let decision = try #require(scenario.decide(.allocate(command)).decision)
        #expect(decision.events.count == 1)
        let proposed = try #require(decision.events.first)
        #expect(proposed.actor == Scenario.manager)
        #expect(proposed.occurredAt == Scenario.at(Scenario.today))
        #expect(proposed.source == .command)
        #expect(proposed.event == .caseAllocated(CaseAllocated(
            caseId: "C1", workerId: "W1", teamId: "T1", previousWorkerId: nil, reason: .familyRequest,
            rationale: "Mother asked for W1, who knows the school", factorsConsidered: [.caseload, .continuity, .workersView],
            tasks: [Scenario.task()], discussedWithWorker: true, overrides: [],
            caseloadAtAllocation: CaseloadFigures(caseCount: 3, weightedScore: 9, caseCap: 25, pointsCap: 50))))
        #expect(decision.expectations == [.case("C1"): .exactly(1), .worker("W1"): .exactly(1)])
    }

    @Test("severity is data: block refuses, justify needs a justification, finding records, off skips")
    func severities() throws {
        func attempt(_ severity: RuleSeverity, justification: String? = nil) -> Result<Decision, DomainError> {
            var scenario = Self.scenario(policy: Scenario.policy(.cap, severity))
            scenario.give("W1", cases: 25)
            return scenario.decide(.allocate(Scenario.allocation(
                "C1", to: "W1", justifications: justification.map { [.cap: $0] } ?? [:])))
        }
        #expect(attempt(.block).error?.description
                == "CAP: W1 holds 25 of 25 cases allowed for a social worker; allocate to a worker with capacity")
        #expect(attempt(.block, justification: "please").refusedRules == [.cap])
        #expect(attempt(.justify).refusedRules == [.cap])
        #expect(attempt(.justify, justification: "   ").refusedRules == [.cap])
        #expect(attempt(.justify, justification: "Sibling group").decision?.overrides.count == 1)
        let finding = try #require(attempt(.finding).decision)
        #expect(finding.findings == [PolicyFinding(ruleId: "CAP", finding: "W1 holds 25 of 25 cases allowed for a social worker")])
        guard case .caseAllocated(let allocated) = finding.events.first?.event else {
            Issue.record("expected CaseAllocated")
            return
        }
        #expect(allocated.findings == finding.findings)
        #expect(allocated.overrides == [])
        let off = try #require(attempt(.off).decision)
        #expect(off.findings.isEmpty && off.overrides.isEmpty)
    }

    @Test("invalid states are refused with a way forward")
    func invalidStates() {
        var scenario = Self.scenario()
        scenario.addTeam("T2", area: .dutyAndAssessment)
        scenario.addWorker("X1", team: "T2")
        #expect(scenario.decide(.allocate(Scenario.allocation("NOPE", to: "W1"))).error == .unknownCase(caseId: "NOPE"))
        #expect(scenario.decide(.allocate(Scenario.allocation("C1", to: "NOBODY"))).error == .unknownWorker(workerId: "NOBODY"))
        #expect(scenario.decide(.allocate(Scenario.allocation("C1", to: "X1"))).error?.description
                == "C1 sits with team T1 and X1 is in team T2; transfer the case (transfer with toWorkerId) to allocate across teams")
        scenario.mustRun(.allocate(Scenario.allocation("C1", to: "W1")))
        #expect(scenario.decide(.allocate(Scenario.allocation("C1", to: "W1"))).error?.description
                == "C1 is already allocated to W1; nothing to change")
        #expect(scenario.decide(.deallocate(.init(caseId: "C1", workerId: "W2", reason: .other, rationale: ""))).error?.description
                == "W2 does not hold C1; its holders are W1")
        scenario.mustRun(.close(.init(caseId: "C1", closureSummary: Scenario.summary)))
        #expect(scenario.decide(.allocate(Scenario.allocation("C1", to: "W2"))).error?.description
                == "C1 was closed on 2024-05-01, so you cannot allocate it; reopen it (reopen) or record a new referral (refer) first")
    }

    @Test("a transfer to another team moves the case, drops co-workers, and records the summary")
    func transferAcrossTeams() {
        var scenario = Self.scenario()
        scenario.addTeam("T2", area: .childrenInCare)
        scenario.addWorker("R1", team: "T2")
        scenario.mustRun(.allocate(Scenario.allocation("C1", to: "W1")))
        scenario.mustRun(.coAllocate(Scenario.coAllocation("C1", to: "W2")))
        let noSummary = DomainCommand.Transfer(caseId: "C1", toTeamId: "T2", toWorkerId: "R1", reason: .transfer,
                                               transferSummary: nil, rationale: "CIC team", tasks: [Scenario.task()])
        #expect(scenario.decide(.transfer(noSummary)).error?.description
                == "CLOSURE-SUMMARY: a case is transferred only with a transfer summary, and there is no transfer summary; write the transfer summary (transferSummary): work done, outstanding work and whose responsibility it is")
        var withSummary = noSummary
        withSummary.transferSummary = Scenario.transferSummary
        #expect(scenario.run(.transfer(withSummary)).isSuccess)
        let record = scenario.state.cases["C1"]
        #expect(record?.teamId == "T2" && record?.primaryWorkerId == "R1" && record?.coWorkerIds == [])
        #expect(scenario.state.casesHeld(by: "W1").isEmpty && scenario.state.casesHeld(by: "W2").isEmpty)
    }

    @Test("a team-only transfer leaves a child-in-need case unallocated at the new team")
    func teamOnlyTransfer() {
        var scenario = Self.scenario()
        scenario.addTeam("T2", area: .dutyAndAssessment)
        scenario.mustRun(.allocate(Scenario.allocation("C1", to: "W1")))
        #expect(scenario.run(.transfer(.init(caseId: "C1", toTeamId: "T2", toWorkerId: nil, reason: .restructure,
                                             transferSummary: Scenario.transferSummary, rationale: "Restructure"))).isSuccess)
        #expect(scenario.state.cases["C1"]?.primaryWorkerId == nil)
        #expect(scenario.state.cases["C1"]?.teamId == "T2")
    }
}
