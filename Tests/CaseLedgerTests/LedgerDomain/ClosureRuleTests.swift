import Testing
@testable import LedgerSupport
@testable import LedgerStore
@testable import LedgerEvents
@testable import LedgerDomain
@testable import LedgerAudit
@testable import LedgerImport
@testable import LedgerReturns
@testable import LedgerSimulation

/// CLOSURE-SUMMARY, CLOSURE-AUTHORISED and UNALLOCATED-CLOSURE.
@Suite("Closure")
struct ClosureRuleTests {
    static let practitioner = Actor(id: "W1", role: .socialWorker)

    static func scenario() -> Scenario {
        var scenario = Scenario.standard()
        scenario.addWorker("W1")
        scenario.addWorker("SM", role: .serviceManager)
        scenario.refer("C1", risk: .low)
        scenario.mustRun(.allocate(Scenario.allocation("C1", to: "W1")))
        return scenario
    }

    @Test("closure without a summary is refused", arguments: [
        nil,
        ClosureSummary(workDone: "", outstandingWork: "None", responsibility: "School"),
        ClosureSummary(workDone: "Plan done", outstandingWork: " ", responsibility: "School"),
        ClosureSummary(workDone: "Plan done", outstandingWork: "None", responsibility: ""),
    ])
    func summaryRequired(summary: ClosureSummary?) {
        let scenario = Self.scenario()
        #expect(scenario.decide(.close(.init(caseId: "C1", closureSummary: summary))).refusedRules == [.closureSummary])
        #expect(scenario.decide(.requestClosure(.init(caseId: "C1", closureSummary: summary)), as: Self.practitioner)
            .refusedRules == [.closureSummary])
    }

    @Test("closure summary messages name what is missing")
    func summaryMessages() {
        let scenario = Self.scenario()
        #expect(scenario.decide(.close(.init(caseId: "C1", closureSummary: nil))).error?.description
                == "CLOSURE-SUMMARY: a case is closed only with a closure summary, and there is no closure summary; write the closure summary (closureSummary): work done, outstanding work and whose responsibility it is")
        #expect(scenario.decide(.close(.init(caseId: "C1", closureSummary: ClosureSummary(
            workDone: "x", outstandingWork: "", responsibility: "")))).error?.description
                == "CLOSURE-SUMMARY: a case is closed only with a closure summary, and the closure summary is missing outstanding work (write \"none\" if there is none), whose responsibility it is; write the closure summary (closureSummary): work done, outstanding work and whose responsibility it is")
    }

    @Test("a manager closes with a summary; every holder stops holding the case")
    func managerCloses() throws {
        var scenario = Self.scenario()
        let decision = try #require(scenario.run(.close(.init(caseId: "C1", closureSummary: Scenario.summary))).decision)
        guard case .caseClosed(let closed) = decision.events.first?.event else {
            Issue.record("expected CaseClosed")
            return
        }
        #expect(closed.authorisingManagerId == "TM1")
        #expect(scenario.state.cases["C1"]?.isOpen == false)
        #expect(scenario.state.casesHeld(by: "W1").isEmpty)
    }

    @Test("CLOSURE-AUTHORISED: a practitioner requests closure; a manager closes on the request's summary")
    func practitionerRequests() {
        var scenario = Self.scenario()
        #expect(scenario.decide(.close(.init(caseId: "C1", closureSummary: Scenario.summary)), as: Self.practitioner)
            .error?.description
                == "CLOSURE-AUTHORISED: W1 is a social worker; practitioners close cases only with a manager's authorisation; request closure (requestClosure) and a team manager or above closes the case")
        #expect(scenario.run(.requestClosure(.init(caseId: "C1", closureSummary: Scenario.summary)), as: Self.practitioner).isSuccess)
        #expect(scenario.state.cases["C1"]?.isOpen == true)
        #expect(scenario.run(.close(.init(caseId: "C1", closureSummary: nil))).isSuccess)
        #expect(scenario.state.cases["C1"]?.isOpen == false)
    }

    @Test("CLOSURE-AUTHORISED: a named authorising manager must be a registered manager")
    func namedAuthoriser() {
        let scenario = Self.scenario()
        #expect(scenario.decide(.close(.init(caseId: "C1", closureSummary: Scenario.summary, authorisingManagerId: "SM")))
            .isSuccess)
        #expect(scenario.decide(.close(.init(caseId: "C1", closureSummary: Scenario.summary, authorisingManagerId: "W1")))
            .refusedRules == [.closureAuthorised])
    }

    @Test("UNALLOCATED-CLOSURE: an unallocated case closes only with evidence its needs were addressed")
    func unallocatedClosure() throws {
        var scenario = Self.scenario()
        scenario.refer("C2", risk: .low)
        #expect(scenario.decide(.close(.init(caseId: "C2", closureSummary: Scenario.summary))).error?.description
                == "UNALLOCATED-CLOSURE: C2 is unallocated and no evidence that its needs were addressed was recorded; record how its needs were addressed (evidenceNeedsAddressed), or pass a justification to override")
        #expect(scenario.decide(.close(.init(caseId: "C2", closureSummary: Scenario.summary,
                                             evidenceNeedsAddressed: "School reports no concerns for 8 weeks"))).isSuccess)
        let justified = try #require(scenario.decide(.close(.init(
            caseId: "C2", closureSummary: Scenario.summary,
            justifications: [.unallocatedClosure: "Family moved out of area; receiving authority notified"]))).decision)
        #expect(justified.overrides.map(\.ruleId) == ["UNALLOCATED-CLOSURE"])
    }

    @Test("work closed at the front door (no further action) is not an unallocated closure")
    func frontDoorClosure() {
        var scenario = Self.scenario()
        scenario.refer("C2", category: .contact, risk: nil)
        scenario.mustRun(.recordReferralDecision(.init(caseId: "C2", outcome: .noFurtherAction, rationale: "Below threshold")))
        #expect(scenario.decide(.close(.init(caseId: "C2", closureSummary: Scenario.summary))).isSuccess)
    }

    @Test("a closed case can be reopened, and is unallocated until allocated")
    func reopen() {
        var scenario = Self.scenario()
        scenario.mustRun(.close(.init(caseId: "C1", closureSummary: Scenario.summary)))
        #expect(scenario.decide(.close(.init(caseId: "C1", closureSummary: Scenario.summary))).error?.description
                == "C1 was closed on 2024-05-01, so you cannot close it; reopen it (reopen) or record a new referral (refer) first")
        #expect(scenario.run(.reopen(.init(caseId: "C1", referralId: "R2", reason: "New concerns")),
                             on: Scenario.day("2024-09-02")).isSuccess)
        let record = scenario.state.cases["C1"]
        #expect(record?.isOpen == true && record?.primaryWorkerId == nil && record?.referralId == "R2")
        #expect(record?.pendingReReferral == nil)  // 124 days after closure: outside the window
    }
}
