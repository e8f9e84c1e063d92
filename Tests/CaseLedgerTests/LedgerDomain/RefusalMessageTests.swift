import Testing
@testable import LedgerSupport
@testable import LedgerStore
@testable import LedgerEvents
@testable import LedgerDomain
@testable import LedgerAudit
@testable import LedgerImport
@testable import LedgerReturns
@testable import LedgerSimulation

/// Every rule of DESIGN §5 can refuse, and every refusal names its rule id first and ends with
/// a way forward: "pass a justification to override" exactly when the rule's severity is justify.
@Suite("Refusal messages for every rule")
struct RefusalMessageTests {
    /// A scenario and a command that breaks `rule` and nothing else.
    static func breaking(_ rule: RuleID) -> (Scenario, DomainCommand) {
        var scenario = Scenario.standard()
        scenario.addWorker("W1")
        scenario.addWorker("W2")
        scenario.addWorker("SWO", role: .socialWorkOfficer)
        scenario.addWorker("ST", role: .student)
        scenario.addWorker("AG", agency: true)
        scenario.addWorker("NQ", role: .asye, start: Scenario.today)
        scenario.addWorker("UQ", qualified: false)
        scenario.refer("C1", risk: .low)
        let allocate = { (worker: String) in DomainCommand.allocate(Scenario.allocation("C1", to: worker)) }
        switch rule {
        case .cap:
            scenario.give("W1", cases: 25)
            return (scenario, allocate("W1"))
        case .socialWorkOfficerRisk:
            scenario.mustRun(.assessRisk(.init(caseId: "C1", riskLevel: .high, rationale: "x")))
            return (scenario, allocate("SWO"))
        case .nqswRamp:
            return (scenario, allocate("NQ"))
        case .onLeave:
            scenario.mustRun(.recordAbsence(.init(workerId: "W1", absenceId: "A", kind: .sickness, startDate: Scenario.today)))
            return (scenario, allocate("W1"))
        case .leaveSoon:
            scenario.mustRun(.recordAbsence(.init(workerId: "W1", absenceId: "A", kind: .annualLeave,
                                                  startDate: Scenario.today.adding(days: 1))))
            return (scenario, allocate("W1"))
        case .statutoryQualified:
            scenario.refer("C1S", category: .childProtection)
            return (scenario, .allocate(Scenario.allocation("C1S", to: "UQ")))
        case .agencyCourtOrChildInCare:
            scenario.refer("C1C", category: .childInNeed, flags: [.courtProceedings])
            return (scenario, .allocate(Scenario.allocation("C1C", to: "AG")))
        case .preBirth:
            scenario.refer("C1P", category: .assessment, flags: [.preBirthAssessment])
            return (scenario, .allocate(Scenario.allocation("C1P", to: "ST")))
        case .coAllocationPrimary:
            scenario.policy = Scenario.policy(.statutoryQualified, .off)
            scenario.refer("C1S", category: .childInCare)
            return (scenario, .allocate(Scenario.allocation("C1S", to: "SWO")))
        case .jointPrimary:
            scenario.mustRun(allocate("W1"))
            return (scenario, allocate("W2"))
        case .allocationRecord:
            var command = Scenario.allocation("C1", to: "W1")
            command.rationale = ""
            return (scenario, .allocate(command))
        case .reReferralPrevious:
            scenario.mustRun(allocate("W1"))
            scenario.mustRun(.close(.init(caseId: "C1", closureSummary: Scenario.summary)))
            scenario.refer("C1", family: "F-C1", on: Scenario.today)
            return (scenario, allocate("W2"))
        case .statutoryAllocated:
            scenario.refer("C1S", category: .childProtection)
            scenario.mustRun(.allocate(Scenario.allocation("C1S", to: "W1")))
            return (scenario, .deallocate(.init(caseId: "C1S", workerId: "W1", reason: .other, rationale: "x")))
        case .closureSummary:
            scenario.mustRun(allocate("W1"))
            return (scenario, .close(.init(caseId: "C1", closureSummary: nil)))
        case .closureAuthorised:
            scenario.mustRun(allocate("W1"))
            return (scenario, .close(.init(caseId: "C1", closureSummary: Scenario.summary, authorisingManagerId: "W2")))
        case .unallocatedClosure:
            return (scenario, .close(.init(caseId: "C1", closureSummary: Scenario.summary)))
        }
    }

    @Test("each rule refuses alone, named first, with its way forward", arguments: RuleID.allCases)
    func eachRule(rule: RuleID) throws {
        let (scenario, command) = Self.breaking(rule)
        let result = scenario.decide(command)
        #expect(result.refusedRules == [rule])
        let message = try #require(result.error?.description)
        #expect(message.hasPrefix(rule.rawValue + ": "))
        let justify = Policy.defaultSeverity(rule) == .justify
        #expect(message.hasSuffix("pass a justification to override") == justify, "\(message)")
        // Under severity "finding" the same command goes through and records the finding.
        var relaxed = scenario
        relaxed.policy = Scenario.policy(rule, .finding, base: scenario.policy)
        let recorded = try #require(relaxed.decide(command).decision, "\(rule)")
        #expect(recorded.findings.map(\.ruleId) == [rule.rawValue])
        // And with the rule off, nothing is said about it.
        relaxed.policy = Scenario.policy(rule, .off, base: scenario.policy)
        #expect(relaxed.decide(command).decision?.findings == [])
    }
}
