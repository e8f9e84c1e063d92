import Testing
@testable import LedgerSupport
@testable import LedgerStore
@testable import LedgerEvents
@testable import LedgerDomain
@testable import LedgerAudit
@testable import LedgerImport
@testable import LedgerReturns
@testable import LedgerSimulation

/// Who may do what: the permission table for every role and command category, actor
/// identity, and the bootstrap of an empty ledger.
@Suite("Permissions by role")
struct PermissionTests {
    static let practitionerRoles: [Role] = [
        .socialWorker, .asye, .seniorPractitioner, .socialWorkOfficer, .student, .familySupportWorker, .practiceEducator,
    ]
    static let managerRoles: [Role] = [.teamManager, .serviceManager, .headOfService]

    /// The table of item 4, written out: the categories each role may issue.
    static func expectedCategories(_ role: Role) -> Set<CommandCategory> {
        switch role {
        case .teamManager:
            return Set(CommandCategory.allCases).subtracting([.policyAdoption])
        case .serviceManager, .headOfService:
            return Set(CommandCategory.allCases)
        case .inspector:
            return []
        case .dataOfficer:
            return [.legacyImport]
        default:
            // Practitioners may issue `close`, but CLOSURE-AUTHORISED refuses it (see closeByRole).
            return [.referral, .closureRequest, .closure, .practiceRecording]
        }
    }

    /// A scenario where `actor` exists in `role` (inspectors and data officers need no registration).
    static func scenario(role: Role) -> (Scenario, Actor) {
        var scenario = Scenario.standard()
        scenario.addWorker("W1")
        scenario.refer("C1", risk: .low)
        scenario.mustRun(.allocate(Scenario.allocation("C1", to: "W1")))
        let actor = Actor(id: "ACTOR", role: role)
        if role != .inspector && role != .dataOfficer {
            scenario.addWorker("ACTOR", role: role)
        }
        return (scenario, actor)
    }

    /// A command of `category`, or nil for imports, which are not domain commands (the importer
    /// checks the table itself; see ``ImportAuthority``).
    static func representative(_ category: CommandCategory) -> DomainCommand? {
        switch category {
        case .legacyImport: return nil
        case .workforce: return .registerTeam(.init(teamId: "T9", name: "New", serviceArea: .safeguarding))
        case .policyAdoption: return .adoptPolicy(.init(policy: .adults, effectiveFrom: Scenario.at(Scenario.today)))
        case .referral:
            return .refer(.init(caseId: "C9", referralId: "R9", familyId: "F9", teamId: "T1", category: .contact, source: .health))
        case .caseDecision: return .assessRisk(.init(caseId: "C1", riskLevel: .moderate, rationale: "Review"))
        case .reopening: return .reopen(.init(caseId: "C1", referralId: "R2", reason: "x"))
        case .allocation: return .allocate(Scenario.allocation("C1", to: "W1"))
        case .closureRequest: return .requestClosure(.init(caseId: "C1", closureSummary: Scenario.summary))
        case .closure: return .close(.init(caseId: "C1", closureSummary: Scenario.summary))
        case .oversight:
            return .recordOversight(.init(caseId: "C1", summaryHistory: "First referral", workingWell: "", worriedAbout: "",
                                          needsToHappen: "", voiceOfChild: "", expectationsAndTimeframes: ""))
        case .unallocatedManagement: return .escalate(.init(caseId: "C1", level: .serviceManager, escalatedToId: "SM", reason: "x"))
        case .practiceRecording: return .recordCaseNote(.init(caseId: "C1", text: "Home visit"))
        case .correction: return .retract(.init(sequenceNumber: 1, reason: "x"))
        }
    }

    @Test("the permission table: every role × every command category", arguments: Role.allCases)
    func table(role: Role) {
        let (scenario, actor) = Self.scenario(role: role)
        let expected = Self.expectedCategories(role)
        for category in CommandCategory.allCases {
            guard let command = Self.representative(category) else {
                #expect(PermissionPolicy.standard.permits(role, category) == expected.contains(category),
                        "\(role.rawValue) × \(category.rawValue)")
                continue
            }
            #expect(command.category == category)
            let context = scenario.context(actor, at: Scenario.at(Scenario.today))
            let permitted: Bool
            do {
                _ = try Decider.authorise(command, context: context)
                permitted = true
            } catch {
                permitted = false
                if case .permissionDenied = error {} else { Issue.record("\(role) \(category): \(error)") }
            }
            #expect(permitted == expected.contains(category), "\(role.rawValue) × \(category.rawValue)")
        }
    }

    @Test("only managers close: practitioners' closes are refused by CLOSURE-AUTHORISED",
          arguments: practitionerRoles + managerRoles)
    func closeByRole(role: Role) {
        let (scenario, actor) = Self.scenario(role: role)
        let result = scenario.decide(.close(.init(caseId: "C1", closureSummary: Scenario.summary)), as: actor)
        if role.isManager {
            #expect(result.isSuccess, "\(result)")
        } else {
            #expect(result.refusedRules == [.closureAuthorised])
        }
    }

    @Test("practitioners record notes and workload concerns, and request closure", arguments: practitionerRoles)
    func practitionersRecord(role: Role) {
        var (scenario, actor) = Self.scenario(role: role)
        #expect(scenario.run(.recordCaseNote(.init(caseId: "C1", text: "Seen at school")), as: actor).isSuccess)
        #expect(scenario.run(.raiseWorkloadConcern(.init(scope: .individual, concern: "Too many court reports this month")),
                             as: actor).isSuccess)
        #expect(scenario.run(.requestClosure(.init(caseId: "C1", closureSummary: Scenario.summary)), as: actor).isSuccess)
        #expect(scenario.decide(.allocate(Scenario.allocation("C1", to: "W1")), as: actor).error
                == .permissionDenied(actorId: "ACTOR", role: role, action: "allocate cases", whoMay: "a team manager or above must"))
    }

    @Test("refusal messages for permissions")
    func messages() {
        var scenario = Scenario.standard()
        scenario.addWorker("W3")
        scenario.refer("C1")
        #expect(scenario.decide(.allocate(Scenario.allocation("C1", to: "W3")), as: Actor(id: "W3", role: .socialWorker))
            .error?.description == "PERMISSION: W3 (social worker) may not allocate cases; a team manager or above must")
        #expect(scenario.decide(.recordCaseNote(.init(caseId: "C1", text: "x")), as: Actor(id: "I1", role: .inspector))
            .error?.description == "PERMISSION: I1 (inspector) may not record case notes; an inspector reads the ledger and appends nothing")
        #expect(scenario.decide(.refer(.init(caseId: "C2", referralId: "R", familyId: "F", teamId: "T1", category: .contact,
                                             source: .health)), as: Actor(id: "D1", role: .dataOfficer))
            .error?.description == "PERMISSION: D1 (data officer) may not record referrals; a data officer appends imports only")
        #expect(scenario.decide(.adoptPolicy(.init(policy: .adults, effectiveFrom: Scenario.at(Scenario.today))))
            .error?.description == "PERMISSION: TM1 (team manager) may not adopt a policy; a service manager or head of service must")
        #expect(scenario.decide(.recordCaseNote(.init(caseId: "C1", text: "x")), as: Actor(id: "X9", role: .socialWorker))
            .error?.description == "PERMISSION: X9 (claiming social worker) is not a registered worker; a manager must register them (registerWorker) before they record anything")
        #expect(scenario.decide(.allocate(Scenario.allocation("C1", to: "W3")), as: Actor(id: "W3", role: .teamManager))
            .error?.description == "PERMISSION: W3 is registered as social worker, not team manager; act in the registered role, or have a manager record the role change (changeRole)")
        scenario.mustRun(.recordLeaving(.init(workerId: "W3", lastWorkingDate: Scenario.day("2024-04-30"))))
        #expect(scenario.decide(.recordCaseNote(.init(caseId: "C1", text: "x")), as: Actor(id: "W3", role: .socialWorker))
            .error?.description == "PERMISSION: W3 left the service after 2024-04-30 and may record nothing since")
    }

    @Test("the actor's role comes from the ledger on the day: a promotion changes what they may do")
    func roleFromLedger() {
        var scenario = Scenario.standard()
        scenario.addWorker("W3", role: .seniorPractitioner)
        scenario.addWorker("W1")
        scenario.refer("C1")
        scenario.mustRun(.changeRole(.init(workerId: "W3", toRole: .teamManager, effectiveDate: Scenario.day("2024-06-03"))))
        let before = Actor(id: "W3", role: .seniorPractitioner)
        let after = Actor(id: "W3", role: .teamManager)
        #expect(scenario.decide(.allocate(Scenario.allocation("C1", to: "W1")), as: before).refusedPermission)
        #expect(scenario.decide(.allocate(Scenario.allocation("C1", to: "W1", on: Scenario.day("2024-06-03"))), as: after,
                                on: Scenario.day("2024-06-03")).isSuccess)
    }

    @Test("bootstrap: on an empty ledger a manager claim may register the first team and workers, nothing else")
    func bootstrap() {
        var scenario = Scenario()
        let claim = Actor(id: "HOS", role: .headOfService)
        #expect(scenario.run(.adoptPolicy(.init(policy: .children, effectiveFrom: Scenario.at(Scenario.today))), as: claim).isSuccess)
        #expect(scenario.run(.registerTeam(.init(teamId: "T1", name: "One", serviceArea: .safeguarding)), as: claim).isSuccess)
        #expect(scenario.decide(.refer(.init(caseId: "C1", referralId: "R1", familyId: "F1", teamId: "T1",
                                             category: .contact, source: .health)), as: claim).error
                == .unknownActor(actorId: "HOS", claimedRole: .headOfService))
        // A practitioner's claim does not bootstrap.
        #expect(scenario.decide(.registerTeam(.init(teamId: "T2", name: "Two", serviceArea: .safeguarding)),
                                as: Actor(id: "W0", role: .socialWorker)).error
                == .unknownActor(actorId: "W0", claimedRole: .socialWorker))
        #expect(scenario.run(.registerWorker(.init(workerId: "TM1", teamId: "T1", role: .teamManager,
                                                   startDate: Scenario.day("2024-01-02"), isAgency: false, isQualified: true)),
                             as: claim).isSuccess)
        // A manager is registered: the bootstrap is over for unregistered claims.
        #expect(scenario.decide(.registerTeam(.init(teamId: "T2", name: "Two", serviceArea: .safeguarding)), as: claim).error
                == .unknownActor(actorId: "HOS", claimedRole: .headOfService))
        #expect(scenario.decide(.registerTeam(.init(teamId: "T2", name: "Two", serviceArea: .safeguarding))).isSuccess)
    }
}

extension Result where Failure == DomainError {
    var refusedPermission: Bool {
        if case .failure(.permissionDenied) = self { return true }
        return false
    }
}
