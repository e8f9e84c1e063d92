import Testing
@testable import LedgerSupport
@testable import LedgerStore
@testable import LedgerEvents
@testable import LedgerDomain
@testable import LedgerAudit
@testable import LedgerImport
@testable import LedgerReturns
@testable import LedgerSimulation

/// NQSW-RAMP week by week, weeks 0 to 30, in every children's service area
/// (good-practice-case-allocation-nqsw). The expected table is written out here from DESIGN §5,
/// independently of the policy's own table.
@Suite("NQSW-RAMP: newly qualified social workers")
struct NQSWRampTests {
    enum Expected: Equatable {
        case noCases
        case limit(children: Int, families: Int?)
        case decidedInTeam
    }

    /// DESIGN §5, column by column.
    static func expected(week: Int, area: ServiceArea) -> Expected {
        if week < 3 { return .noCases }
        let rows: [(week: Int, cells: [Expected])] = [
            (3, [.limit(children: 3, families: 1), .limit(children: 3, families: 1), .limit(children: 3, families: 1), .limit(children: 3, families: 1)]),
            (4, [.limit(children: 6, families: 2), .limit(children: 6, families: 2), .limit(children: 5, families: 2), .limit(children: 5, families: 2)]),
            (6, [.limit(children: 8, families: nil), .limit(children: 8, families: nil), .limit(children: 5, families: nil), .limit(children: 5, families: nil)]),
            (9, [.limit(children: 12, families: nil), .limit(children: 8, families: nil), .limit(children: 5, families: nil), .decidedInTeam]),
            (12, [.limit(children: 15, families: nil), .limit(children: 10, families: nil), .limit(children: 8, families: nil), .decidedInTeam]),
            (18, [.limit(children: 20, families: nil), .limit(children: 12, families: nil), .limit(children: 8, families: nil), .decidedInTeam]),
            (26, [.limit(children: 25, families: nil), .limit(children: 14, families: nil), .limit(children: 10, families: nil), .decidedInTeam]),
        ]
        let column = [ServiceArea.dutyAndAssessment, .safeguarding, .childrenInCare, .fosteringAndAdoption].firstIndex(of: area) ?? 0
        let row = rows.last { $0.week <= week } ?? rows[0]
        return row.cells[column]
    }

    static let areas: [ServiceArea] = [.dutyAndAssessment, .safeguarding, .childrenInCare, .fosteringAndAdoption]
    static let weeks = Array(0...30)

    /// An ASYE N1 in `area`, whose ramp week on `Scenario.today` is `week` (the start date is day 0
    /// of week 1; week 0 is the day before the start). CAP is off so the ASYE's own cap (23) does
    /// not mask the ramp's larger late numbers.
    static func scenario(area: ServiceArea, week: Int) -> Scenario {
        var scenario = Scenario.standard(area: area, policy: Scenario.policy(.cap, .off))
        scenario.addWorker("N1", role: .asye, start: Scenario.today.adding(days: week >= 1 ? -7 * (week - 1) : 1))
        scenario.refer("NEW", family: "FAM", risk: .low)
        return scenario
    }

    @Test("children: the maximum is allowed, one more is refused", arguments: areas, weeks)
    func children(area: ServiceArea, week: Int) throws {
        var scenario = Self.scenario(area: area, week: week)
        switch Self.expected(week: week, area: area) {
        case .noCases:
            let result = scenario.decide(.allocate(Scenario.allocation("NEW", to: "N1")))
            #expect(result.refusedRules == [.nqswRamp])
            #expect(result.error?.description.contains("an NQSW holds no cases before week 3") == true)
        case .limit(let maximum, _):
            // Same family as the new case, so only the children count is at stake.
            scenario.give("N1", cases: maximum - 1, family: "FAM", prefix: "UNDER")
            #expect(scenario.decide(.allocate(Scenario.allocation("NEW", to: "N1"))).isSuccess,
                    "week \(week): \(maximum - 1) held + 1 should be allowed")
            scenario.give("N1", cases: 1, family: "FAM", prefix: "AT")
            let over = scenario.decide(.allocate(Scenario.allocation("NEW", to: "N1")))
            #expect(over.refusedRules == [.nqswRamp], "week \(week): \(maximum) held + 1 should be refused")
            #expect(over.error?.description.contains("would hold \(maximum + 1) children (the ramp allows \(maximum))") == true)
        case .decidedInTeam:
            scenario.give("N1", cases: 20, family: "FAM")
            let decision = try #require(scenario.decide(.allocate(Scenario.allocation("NEW", to: "N1"))).decision)
            #expect(decision.notes.contains { $0.contains("decided in team") && $0.hasPrefix("NQSW-RAMP") })
            #expect(decision.findings.isEmpty && decision.overrides.isEmpty)
        }
    }

    @Test("families: weeks 3 to 5 cap families too", arguments: areas, [3, 4, 5])
    func families(area: ServiceArea, week: Int) {
        guard case .limit(_, let families?) = Self.expected(week: week, area: area) else {
            Issue.record("week \(week) should cap families")
            return
        }
        var scenario = Self.scenario(area: area, week: week)
        // One child in each of `families - 1` other families: the new family is allowed.
        scenario.give("N1", cases: families - 1, prefix: "OTHER")
        #expect(scenario.decide(.allocate(Scenario.allocation("NEW", to: "N1"))).isSuccess)
        scenario.give("N1", cases: 1, prefix: "ONE-MORE")
        let over = scenario.decide(.allocate(Scenario.allocation("NEW", to: "N1")))
        #expect(over.refusedRules == [.nqswRamp])
        #expect(over.error?.description.contains("children in \(families + 1) families (the ramp allows \(families))") == true)
    }

    @Test("ramp weeks count from the start date as day 0 of week 1")
    func weekCounting() {
        // DESIGN §5: the start date is day 0 of week 1; week N runs from day 7(N−1) to day 7N−1.
        let start = Scenario.day("2024-04-01")
        #expect(NQSWRamp.week(startedOn: start, on: start) == 1)
        #expect(NQSWRamp.week(startedOn: start, on: start.adding(days: 6)) == 1)
        #expect(NQSWRamp.week(startedOn: start, on: start.adding(days: 7)) == 2)
        #expect(NQSWRamp.week(startedOn: start, on: start.adding(days: 13)) == 2)
        #expect(NQSWRamp.week(startedOn: start, on: start.adding(days: 14)) == 3)
        #expect(NQSWRamp.week(startedOn: start, on: start.adding(days: 20)) == 3)
        #expect(NQSWRamp.week(startedOn: start, on: start.adding(days: 21)) == 4)
        #expect(NQSWRamp.week(startedOn: start, on: start.adding(days: -1)) == 0)
        #expect(NQSWRamp.week(startedOn: start, on: start.adding(days: -7)) == 0)
        #expect(NQSWRamp.week(startedOn: start, on: start.adding(days: -8)) == -1)
    }

    @Test("the refusal names the week, the start date and the area")
    func message() {
        var scenario = Self.scenario(area: .safeguarding, week: 6)
        scenario.give("N1", cases: 8, family: "FAM")
        let result = scenario.decide(.allocate(Scenario.allocation("NEW", to: "N1")))
        #expect(result.error?.description
                == "NQSW-RAMP: N1 is an NQSW in week 6 since starting on 2024-03-27 and would hold 9 children (the ramp allows 8) in Safeguarding from week 6; pass a justification to override")
        let early = Self.scenario(area: .dutyAndAssessment, week: 2)
        #expect(early.decide(.allocate(Scenario.allocation("NEW", to: "N1"))).error?.description
                == "NQSW-RAMP: N1 is an NQSW in week 2 since starting on 2024-04-24; in Duty and Assessment (DAAT) an NQSW holds no cases before week 3; pass a justification to override")
    }

    /// The issue's example: an ASYE who started on Monday 8 January 2024 in Duty and Assessment.
    @Test("a Monday starter: no cases on day 13, 3 children in 1 family from Monday 22 January, 6 in 2 families from day 21",
          arguments: [
              ("2024-01-21", 1, 1, false), ("2024-01-22", 1, 1, true), ("2024-01-28", 3, 1, true),
              ("2024-01-28", 4, 1, false), ("2024-01-28", 2, 2, false), ("2024-01-29", 6, 2, true),
              ("2024-01-29", 7, 2, false), ("2024-01-29", 3, 3, false),
          ])
    func mondayStarter(day: String, children: Int, families: Int, allowed: Bool) {
        var scenario = Scenario.standard(area: .dutyAndAssessment, policy: Scenario.policy(.cap, .off))
        scenario.addWorker("N1", role: .asye, start: Scenario.day("2024-01-08"))
        let date = Scenario.day(day)
        // children − 1 already held, spread over the families; the new case is in the first family.
        for index in 0..<(children - 1) {
            scenario.give("N1", cases: 1, family: "FAM\((index + 1) % families)", prefix: "HELD\(index)",
                          on: Scenario.day("2024-01-02"))
        }
        scenario.refer("NEW", family: "FAM0", risk: .low, on: Scenario.day("2024-01-02"))
        let result = scenario.decide(.allocate(Scenario.allocation("NEW", to: "N1", on: date)), on: date)
        #expect(result.isSuccess == allowed, "\(day): \(children) children in \(families) families: \(result.error?.description ?? "allowed")")
        if !allowed { #expect(result.refusedRules == [.nqswRamp]) }
    }

    @Test("co-allocations count as children held on the ramp")
    func coAllocationCounts() {
        var scenario = Self.scenario(area: .safeguarding, week: 3)
        scenario.addWorker("W1")
        scenario.give("N1", cases: 3, family: "FAM")
        #expect(scenario.decide(.coAllocate(Scenario.coAllocation("NEW", to: "N1"))).refusedRules == [.nqswRamp])
    }

    @Test("the ramp counts from the day a worker became an ASYE, and stops when the role changes")
    func rampFollowsRole() {
        var scenario = Scenario.standard()
        scenario.addWorker("N2", role: .socialWorkOfficer, start: Scenario.day("2021-01-04"), qualified: false)
        // Qualified and became an ASYE 13 days ago (week 2): back to "no cases before week 3".
        scenario.mustRun(.changeRole(.init(workerId: "N2", toRole: .asye, effectiveDate: Scenario.today.adding(days: -13))),
                         on: Scenario.today.adding(days: -20))
        scenario.refer("NEW", risk: .low)
        #expect(scenario.decide(.allocate(Scenario.allocation("NEW", to: "N2"))).refusedRules == [.nqswRamp])
        #expect(scenario.decide(.allocate(Scenario.allocation("NEW", to: "N2")), on: Scenario.today.adding(days: 7)).isSuccess)
        scenario.mustRun(.changeRole(.init(workerId: "N2", toRole: .socialWorker)))
        scenario.give("N2", cases: 20)
        #expect(scenario.decide(.allocate(Scenario.allocation("NEW", to: "N2"))).isSuccess)
    }

    @Test("adult services have no ramp: only the ASYE cap applies")
    func adultServices() {
        var scenario = Scenario.standard(area: .adultServices)
        scenario.addWorker("N1", role: .asye, start: Scenario.today)
        scenario.refer("NEW", risk: .low)
        #expect(scenario.decide(.allocate(Scenario.allocation("NEW", to: "N1"))).isSuccess)
    }
}
