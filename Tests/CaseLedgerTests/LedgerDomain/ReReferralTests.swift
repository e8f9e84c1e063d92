import Testing
@testable import LedgerSupport
@testable import LedgerStore
@testable import LedgerEvents
@testable import LedgerDomain
@testable import LedgerAudit
@testable import LedgerImport
@testable import LedgerReturns
@testable import LedgerSimulation

/// REREFERRAL-PREVIOUS: a referral for a person or family closed less than 6 weeks earlier names
/// the previous worker; allocating to anyone else needs a justification
/// (childrens-case-allocation-process 1.3).
@Suite("REREFERRAL-PREVIOUS")
struct ReReferralTests {
    static let closedOn = Scenario.day("2024-03-01")

    /// C1 of family F1 was held by W1 and closed on 1 March 2024.
    static func scenario() -> Scenario {
        var scenario = Scenario.standard()
        scenario.addWorker("W1")
        scenario.addWorker("W2")
        scenario.refer("C1", family: "F1", on: Scenario.day("2024-01-02"))
        scenario.mustRun(.allocate(Scenario.allocation("C1", to: "W1", on: Scenario.day("2024-01-03"))),
                         on: Scenario.day("2024-01-03"))
        scenario.mustRun(.close(.init(caseId: "C1", closureSummary: Scenario.summary)), on: closedOn)
        return scenario
    }

    enum Route: String, CaseIterable {
        case sibling
        case sameCase
        case reopen
    }

    /// A new referral `days` after the closure, by `route`; returns the case id referred.
    static func rerefer(_ scenario: inout Scenario, after days: Int, route: Route) -> String {
        let date = closedOn.adding(days: days)
        switch route {
        case .sibling:
            scenario.refer("C2", family: "F1", on: date)
            return "C2"
        case .sameCase:
            scenario.refer("C1", family: "F1", on: date)
            return "C1"
        case .reopen:
            scenario.mustRun(.reopen(.init(caseId: "C1", referralId: "R9", reason: "Police notification")), on: date)
            return "C1"
        }
    }

    @Test("41 days after closure is a re-referral; 42 and 43 are not", arguments: Route.allCases, [41, 42, 43])
    func window(route: Route, days: Int) {
        var scenario = Self.scenario()
        let caseId = Self.rerefer(&scenario, after: days, route: route)
        let date = Self.closedOn.adding(days: days)
        let pending = scenario.state.cases[caseId]?.pendingReReferral
        let toOther = scenario.decide(.allocate(Scenario.allocation(caseId, to: "W2", on: date)), on: date)
        let toPrevious = scenario.decide(.allocate(Scenario.allocation(caseId, to: "W1", on: date)), on: date)
        #expect(toPrevious.isSuccess)
        if days < 42 {
            // The model keeps the previous worker; the closure a sibling's referral followed is in
            // the referral event (checked in `referralNamesPreviousWorker`).
            #expect(pending?.previousWorkerId == "W1")
            #expect(toOther.refusedRules == [.reReferralPrevious])
        } else {
            #expect(pending == nil)
            #expect(toOther.isSuccess)
        }
    }

    @Test("the referral event names the previous worker and the closure")
    func referralNamesPreviousWorker() throws {
        var scenario = Self.scenario()
        let date = Self.closedOn.adding(days: 10)
        let decision = try #require(scenario.run(.refer(.init(
            caseId: "C2", referralId: "R2", familyId: "F1", teamId: "T1", category: .childInNeed, source: .police)),
            on: date).decision)
        guard case .referralReceived(let referral) = decision.events.first?.event else {
            Issue.record("expected ReferralReceived")
            return
        }
        #expect(referral.isReReferral && referral.previousWorkerId == "W1")
        #expect(referral.previousClosureAt == Scenario.at(Self.closedOn))
    }

    @Test("the refusal names the previous worker; a justification lets another worker take it")
    func messageAndJustification() throws {
        var scenario = Self.scenario()
        scenario.mustRun(.recordLeaving(.init(workerId: "W1", lastWorkingDate: Scenario.day("2024-03-08"))))
        let date = Self.closedOn.adding(days: 20)
        _ = Self.rerefer(&scenario, after: 20, route: .sibling)
        #expect(scenario.decide(.allocate(Scenario.allocation("C2", to: "W2", on: date)), on: date).error?.description
                == "REREFERRAL-PREVIOUS: C2 is a re-referral of a case closed on 2024-03-01, 20 days before this referral; its previous worker was W1 (who has left the service), not W2; allocate to W1, or pass a justification to override")
        let justified = try #require(scenario.run(.allocate(Scenario.allocation(
            "C2", to: "W2", on: date,
            justifications: [.reReferralPrevious: "W1 has left; TM1 who had oversight stays involved"])), on: date).decision)
        #expect(justified.overrides.map(\.ruleId) == ["REREFERRAL-PREVIOUS"])
        // Once allocated after the re-referral, later changes of worker are ordinary.
        #expect(scenario.state.cases["C2"]?.pendingReReferral == nil)
    }

    @Test("a co-allocation does not settle the re-referral")
    func coAllocationIsNotTheAllocation() {
        var scenario = Self.scenario()
        let date = Self.closedOn.adding(days: 5)
        _ = Self.rerefer(&scenario, after: 5, route: .sibling)
        scenario.mustRun(.coAllocate(Scenario.coAllocation("C2", to: "W2", on: date)), on: date)
        #expect(scenario.decide(.allocate(Scenario.allocation("C2", to: "W2", on: date)), on: date).refusedRules
                == [.reReferralPrevious])
    }
}
