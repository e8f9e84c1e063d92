import Testing
@testable import LedgerSupport
@testable import LedgerStore
@testable import LedgerEvents
@testable import LedgerDomain
@testable import LedgerAudit
@testable import LedgerImport
@testable import LedgerReturns
@testable import LedgerSimulation

/// ON-LEAVE and LEAVE-SOON (good-practice-case-allocation-nqsw: never allocate to somebody on
/// leave or about to go on leave).
@Suite("ON-LEAVE and LEAVE-SOON")
struct LeaveRuleTests {
    static func scenario(absence: (start: String, end: String?)? = nil, kind: AbsenceKind = .annualLeave) -> Scenario {
        var scenario = Scenario.standard()
        scenario.addWorker("W1")
        scenario.refer("NEW", risk: .low)
        if let absence {
            scenario.mustRun(.recordAbsence(.init(
                workerId: "W1", absenceId: "A1", kind: kind, startDate: Scenario.day(absence.start),
                endDate: absence.end.map(Scenario.day))), on: Scenario.day("2024-04-01"))
        }
        return scenario
    }

    static func allocate(on date: String, in scenario: Scenario) -> Result<Decision, DomainError> {
        let day = Scenario.day(date)
        return scenario.decide(.allocate(Scenario.allocation("NEW", to: "W1", on: day)), on: day)
    }

    @Test("ON-LEAVE blocks on the first and last day away; the day after is clear",
          arguments: [("2024-05-13", true), ("2024-05-17", true), ("2024-05-15", true), ("2024-05-20", false)])
    func onLeave(date: String, refused: Bool) {
        let scenario = Self.scenario(absence: ("2024-05-13", "2024-05-17"))
        let rules = Self.allocate(on: date, in: scenario).refusedRules
        #expect(rules.contains(.onLeave) == refused, "\(date): \(rules)")
    }

    @Test("open-ended sickness counts as on leave until a return date is recorded")
    func openEnded() {
        var scenario = Self.scenario(absence: ("2024-04-22", nil), kind: .longTermSickness)
        let result = Self.allocate(on: "2024-05-01", in: scenario)
        #expect(result.error?.description
                == "ON-LEAVE: W1 is on long-term sickness absence from 2024-04-22 (no return date recorded); allocate to a worker who is at work, or record W1's return (recordAbsence with an end date) first")
        // Re-recording the same absence with an end date ends it.
        scenario.mustRun(.recordAbsence(.init(workerId: "W1", absenceId: "A1", kind: .longTermSickness,
                                              startDate: Scenario.day("2024-04-22"), endDate: Scenario.day("2024-04-30"))))
        #expect(Self.allocate(on: "2024-05-01", in: scenario).isSuccess)
    }

    @Test("ON-LEAVE cannot be justified away")
    func blockIgnoresJustification() {
        let scenario = Self.scenario(absence: ("2024-04-29", "2024-05-03"))
        let result = scenario.decide(.allocate(Scenario.allocation(
            "NEW", to: "W1", justifications: [.onLeave: "urgent"])))
        #expect(result.refusedRules == [.onLeave])
    }

    // Wednesday 1 May 2024; Monday 6 May is the Early May bank holiday. The 5 working days after
    // are Thu 2, Fri 3, Tue 7, Wed 8, Thu 9: leave starting Thursday 9 May is "about to go".
    @Test("LEAVE-SOON across a weekend and a bank holiday: 5th working day refused, 6th allowed",
          arguments: [("2024-05-08", true), ("2024-05-09", true), ("2024-05-10", false), ("2024-05-02", true)])
    func acrossBankHoliday(leaveStart: String, refused: Bool) {
        let scenario = Self.scenario(absence: (leaveStart, "2024-05-24"))
        let rules = Self.allocate(on: "2024-05-01", in: scenario).refusedRules
        #expect(rules == (refused ? [.leaveSoon] : []), "leave from \(leaveStart): \(rules)")
    }

    // Thursday 16 May 2024: Fri 17, Mon 20, Tue 21, Wed 22, Thu 23.
    @Test("LEAVE-SOON across a weekend only", arguments: [("2024-05-22", true), ("2024-05-23", true), ("2024-05-24", false)])
    func acrossWeekend(leaveStart: String, refused: Bool) {
        let scenario = Self.scenario(absence: (leaveStart, "2024-05-31"))
        let rules = Self.allocate(on: "2024-05-16", in: scenario).refusedRules
        #expect(rules == (refused ? [.leaveSoon] : []), "leave from \(leaveStart): \(rules)")
    }

    @Test("LEAVE-SOON message, and a justification lets the allocation stand")
    func messageAndJustification() throws {
        let scenario = Self.scenario(absence: ("2024-05-09", "2024-05-17"))
        #expect(Self.allocate(on: "2024-05-01", in: scenario).error?.description
                == "LEAVE-SOON: W1's annual leave from 2024-05-09 to 2024-05-17 starts within 5 working days of 2024-05-01; pass a justification to override")
        let decision = try #require(scenario.decide(.allocate(Scenario.allocation(
            "NEW", to: "W1", justifications: [.leaveSoon: "Cover agreed with W2 for the leave week"]))).decision)
        #expect(decision.overrides.map(\.ruleId) == ["LEAVE-SOON"])
    }

    @Test("the look-ahead is the policy's number")
    func lookAheadFromPolicy() {
        var scenario = Self.scenario(absence: ("2024-05-10", "2024-05-17"))
        #expect(Self.allocate(on: "2024-05-01", in: scenario).isSuccess)
        scenario.policy.leaveLookAheadWorkingDays = 6
        #expect(Self.allocate(on: "2024-05-01", in: scenario).refusedRules == [.leaveSoon])
    }

    @Test("leaving the service soon counts as about to go")
    func leavingSoon() {
        var scenario = Self.scenario()
        scenario.mustRun(.recordLeaving(.init(workerId: "W1", lastWorkingDate: Scenario.day("2024-05-03"))))
        let result = Self.allocate(on: "2024-05-01", in: scenario)
        #expect(result.error?.description
                == "LEAVE-SOON: W1 leaves the service after 2024-05-03, within 5 working days of 2024-05-01; pass a justification to override")
        let gone = Self.allocate(on: "2024-05-07", in: scenario)
        #expect(gone.error?.description.hasPrefix("W1 left the service after 2024-05-03") == true)
    }
}
