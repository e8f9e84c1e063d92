import Testing
@testable import LedgerSupport
@testable import LedgerStore
@testable import LedgerEvents
@testable import LedgerDomain
@testable import LedgerAudit
@testable import LedgerImport
@testable import LedgerReturns
@testable import LedgerSimulation

/// The statutory rules of childrens-case-allocation-process 2.1–2.5 and unallocated-cases-guidance 1.
@Suite("Statutory cases, agency workers, students, ASYEs and pre-birth assessments")
struct StatutoryRuleTests {
    static func scenario() -> Scenario {
        var scenario = Scenario.standard()
        scenario.addWorker("SW", role: .socialWorker)
        scenario.addWorker("SP", role: .seniorPractitioner)
        scenario.addWorker("SWO", role: .socialWorkOfficer)
        scenario.addWorker("ST", role: .student)
        scenario.addWorker("FSW", role: .familySupportWorker)
        scenario.addWorker("AG", role: .socialWorker, agency: true)
        scenario.addWorker("AS", role: .asye, start: Scenario.day("2023-06-05"))
        scenario.addWorker("AS2", role: .asye, start: Scenario.day("2023-06-05"))
        scenario.addWorker("UQ", role: .socialWorker, qualified: false)
        return scenario
    }

    static let statutoryShapes: [(CaseCategory, [CaseFlag])] = [
        (.childProtection, []), (.childInCare, []), (.childInNeed, [.section47]),
        (.childInNeed, [.courtProceedings]), (.childInNeed, [.supervisionOrder]),
    ]

    @Test("every statutory ground needs a qualified primary: students and unqualified workers are refused",
          arguments: statutoryShapes)
    func statutoryPrimary(shape: (CaseCategory, [CaseFlag])) {
        var scenario = Self.scenario()
        scenario.refer("C1", category: shape.0, flags: shape.1)
        #expect(scenario.decide(.allocate(Scenario.allocation("C1", to: "SWO"))).refusedRules
                == [.statutoryQualified, .coAllocationPrimary])
        #expect(scenario.decide(.allocate(Scenario.allocation("C1", to: "ST"))).refusedRules
                == [.statutoryQualified, .coAllocationPrimary])
        #expect(scenario.decide(.allocate(Scenario.allocation("C1", to: "FSW"))).refusedRules
                == [.statutoryQualified, .coAllocationPrimary])
        #expect(scenario.decide(.allocate(Scenario.allocation("C1", to: "UQ"))).refusedRules == [.statutoryQualified])
        #expect(scenario.decide(.allocate(Scenario.allocation("C1", to: "SW"))).isSuccess)
    }

    @Test("students and unqualified workers may be co-allocated a statutory case")
    func coAllocationAllowed() {
        var scenario = Self.scenario()
        scenario.refer("C1", category: .childProtection)
        scenario.mustRun(.allocate(Scenario.allocation("C1", to: "SW")))
        #expect(scenario.run(.coAllocate(Scenario.coAllocation("C1", to: "ST"))).isSuccess)
        #expect(scenario.run(.coAllocate(Scenario.coAllocation("C1", to: "SWO"))).isSuccess)
        #expect(scenario.state.cases["C1"]?.coWorkerIds == ["ST", "SWO"])
    }

    @Test("a non-statutory case may go to a social work officer as primary")
    func nonStatutory() {
        var scenario = Self.scenario()
        scenario.refer("C1", category: .childInNeed)
        #expect(scenario.decide(.allocate(Scenario.allocation("C1", to: "SWO"))).isSuccess)
    }

    @Test("statutory refusal messages")
    func statutoryMessages() {
        var scenario = Self.scenario()
        scenario.refer("C1", category: .childProtection, flags: [.section47])
        #expect(scenario.decide(.allocate(Scenario.allocation("C1", to: "ST"))).error?.description == """
            STATUTORY-QUALIFIED: C1 is a statutory case (child protection, section 47) and ST (student) is not a qualified social worker; allocate a qualified social worker as primary; ST may be co-allocated
            CO-ALLOCATION-PRIMARY: C1 is a statutory case (child protection, section 47) and ST is a student: students and unqualified workers may be co-allocated a statutory case, never primary; allocate a qualified social worker as primary and co-allocate ST
            """)
    }

    @Test("AGENCY-COURT-CIC: no court proceedings or child-in-care case to an agency worker, as primary or co-worker",
          arguments: [(CaseCategory.childInNeed, [CaseFlag.courtProceedings], true), (.childInCare, [], true),
                      (.childProtection, [], false), (.childInNeed, [.supervisionOrder], false)])
    func agency(category: CaseCategory, flags: [CaseFlag], refused: Bool) {
        var scenario = Self.scenario()
        scenario.refer("C1", category: category, flags: flags)
        #expect(scenario.decide(.allocate(Scenario.allocation("C1", to: "AG"))).refusedRules
                == (refused ? [.agencyCourtOrChildInCare] : []))
        scenario.mustRun(.allocate(Scenario.allocation("C1", to: "SW")))
        #expect(scenario.decide(.coAllocate(Scenario.coAllocation("C1", to: "AG"))).refusedRules
                == (refused ? [.agencyCourtOrChildInCare] : []))
    }

    @Test("AGENCY-COURT-CIC message")
    func agencyMessage() {
        var scenario = Self.scenario()
        scenario.refer("C1", category: .childInCare, flags: [.courtProceedings])
        #expect(scenario.decide(.allocate(Scenario.allocation("C1", to: "AG"))).error?.description
                == "AGENCY-COURT-CIC: AG is an agency worker and C1 is subject to court proceedings and a child-in-care case; allocate a permanent member of staff")
    }

    @Test("PREBIRTH: never to a student, as primary or co-worker")
    func preBirthStudent() {
        var scenario = Self.scenario()
        scenario.refer("C1", category: .assessment, flags: [.preBirthAssessment])
        #expect(scenario.decide(.allocate(Scenario.allocation("C1", to: "ST"))).error?.description
                == "PREBIRTH: ST is a student and C1 is a pre-birth assessment; pre-birth assessments are not allocated to students; allocate a qualified social worker")
        scenario.mustRun(.allocate(Scenario.allocation("C1", to: "SW")))
        #expect(scenario.decide(.coAllocate(Scenario.coAllocation("C1", to: "ST"))).refusedRules == [.preBirth])
    }

    @Test("PREBIRTH: an ASYE only alongside an experienced social worker or senior practitioner")
    func preBirthASYE() {
        var scenario = Self.scenario()
        scenario.refer("C1", category: .assessment, flags: [.preBirthAssessment])
        // Alone: refused.
        #expect(scenario.decide(.allocate(Scenario.allocation("C1", to: "AS"))).error?.description
                == "PREBIRTH: AS is an ASYE and C1 is a pre-birth assessment with no experienced social worker or senior practitioner allocated; allocate or co-allocate an experienced social worker or senior practitioner first")
        // An ASYE cannot be the experienced partner: co-allocating one alone is refused too...
        #expect(scenario.decide(.coAllocate(Scenario.coAllocation("C1", to: "AS2"))).refusedRules == [.preBirth])
        // ...and where history has one (imported), it does not count.
        scenario.record(.caseCoAllocated(CaseCoAllocated(
            caseId: "C1", workerId: "AS2", teamId: nil, primaryWorkerId: nil, reason: .other, rationale: "legacy",
            factorsConsidered: [], tasks: [], discussedWithWorker: false, overrides: [], caseloadAtAllocation: nil)))
        #expect(scenario.decide(.allocate(Scenario.allocation("C1", to: "AS"))).refusedRules == [.preBirth])
        // With a senior practitioner co-allocated: allowed as primary.
        scenario.mustRun(.coAllocate(Scenario.coAllocation("C1", to: "SP")))
        #expect(scenario.decide(.allocate(Scenario.allocation("C1", to: "AS"))).isSuccess)
    }

    @Test("PREBIRTH: an ASYE co-allocated under an experienced primary worker is allowed")
    func preBirthASYECoWorker() {
        var scenario = Self.scenario()
        scenario.refer("C1", category: .assessment, flags: [.preBirthAssessment])
        scenario.mustRun(.allocate(Scenario.allocation("C1", to: "SW")))
        #expect(scenario.decide(.coAllocate(Scenario.coAllocation("C1", to: "AS"))).isSuccess)
    }

    @Test("SWO-RISK: social work officers hold low or moderate cases only", arguments: [
        (RiskLevel.low, false), (.moderate, false), (.high, true),
    ])
    func socialWorkOfficerRisk(risk: RiskLevel, refused: Bool) {
        var scenario = Self.scenario()
        scenario.refer("C1", risk: risk)
        let result = scenario.decide(.allocate(Scenario.allocation("C1", to: "SWO")))
        #expect(result.refusedRules == (refused ? [.socialWorkOfficerRisk] : []))
        if refused {
            #expect(result.error?.description
                    == "SWO-RISK: SWO is a social work officer and C1 is high risk; social work officers hold low or moderate risk cases only; pass a justification to override")
            let justified = scenario.decide(.allocate(Scenario.allocation(
                "C1", to: "SWO", justifications: [.socialWorkOfficerRisk: "Apprenticeship nearly complete"])))
            #expect(justified.decision?.overrides.map(\.ruleId) == ["SWO-RISK"])
        }
    }

    @Test("STATUTORY-ALLOCATED: the primary of a child protection or child-in-care case cannot be deallocated",
          arguments: [(CaseCategory.childProtection, [CaseFlag](), true), (.childInCare, [], true),
                      (.childInNeed, [.section47], true), (.childInNeed, [], false), (.childInNeed, [.courtProceedings], false)])
    func cannotBeUnallocated(category: CaseCategory, flags: [CaseFlag], refused: Bool) {
        var scenario = Self.scenario()
        scenario.refer("C1", category: category, flags: flags)
        scenario.mustRun(.allocate(Scenario.allocation("C1", to: "SW")))
        let result = scenario.decide(.deallocate(.init(caseId: "C1", workerId: "SW", reason: .caseloadManagement,
                                                       rationale: "Rebalancing")))
        #expect(result.refusedRules == (refused ? [.statutoryAllocated] : []))
    }

    @Test("STATUTORY-ALLOCATED: a co-worker may leave, a transfer must name the receiving worker")
    func coWorkerAndTransfer() {
        var scenario = Self.scenario()
        scenario.addTeam("T2", area: .childrenInCare)
        scenario.addWorker("R1", team: "T2")
        scenario.refer("C1", category: .childInCare)
        scenario.mustRun(.allocate(Scenario.allocation("C1", to: "SW")))
        scenario.mustRun(.coAllocate(Scenario.coAllocation("C1", to: "SP")))
        #expect(scenario.decide(.deallocate(.init(caseId: "C1", workerId: "SP", reason: .other, rationale: "Done"))).isSuccess)
        let toTeam = DomainCommand.Transfer(caseId: "C1", toTeamId: "T2", toWorkerId: nil, reason: .transfer,
                                            transferSummary: Scenario.transferSummary, rationale: "Care order made")
        #expect(scenario.decide(.transfer(toTeam)).error?.description
                == "STATUTORY-ALLOCATED: C1 is a child in care case and would arrive unallocated at team T2; name the receiving worker (toWorkerId)")
        var toWorker = toTeam
        toWorker.toWorkerId = "R1"
        toWorker.tasks = [Scenario.task()]
        #expect(scenario.decide(.transfer(toWorker)).isSuccess)
        #expect(scenario.decide(.deallocate(.init(caseId: "C1", workerId: "SW", reason: .other, rationale: "x"))).error?.description
                == "STATUTORY-ALLOCATED: C1 is a child in care case and cannot be left unallocated; transfer it to another worker (transfer with toWorkerId) instead")
    }
}
