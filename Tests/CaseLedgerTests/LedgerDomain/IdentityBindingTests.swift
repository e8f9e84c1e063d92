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

/// Issue 17 item 8: workers bound to operating-system accounts. The account comes in as a value
/// of the decision context (the seam), so these tests name accounts without running as them.
@Suite("Identity bound to logins")
struct IdentityBindingTests {
    static let headOfService = Actor(id: "HOS", role: .headOfService)
    static let manager = Actor(id: "TM", role: .teamManager)
    static let unbound = Actor(id: "TM2", role: .teamManager)
    static let setupDay = Scenario.day("2020-01-06")
    static let switchDay = Scenario.day("2024-01-01")

    static var loginPolicy: Policy {
        var policy = Policy.children
        policy.policyId = "login-2024"
        policy.identity = .login
        return policy
    }

    /// Decides `command` as `actor` run from `account`, against the scenario's model and the
    /// policy adopted in it (not the scenario's fixed one), reading registrations back from its log.
    static func decide(_ scenario: Scenario, _ command: DomainCommand, as actor: Actor, account: String?,
                       on date: LocalDate = Scenario.today) -> Result<Decision, DomainError> {
        let bySequence = Dictionary(uniqueKeysWithValues: scenario.envelopes.map { ($0.sequence, $0) })
        let context = DecisionContext(model: scenario.model, actor: actor, occurredAt: Scenario.at(date),
                                      log: .inMemory(bySequence), account: account)
        return Decider.decide(command, context: context)
    }

    /// HOS (login alice), TM (login bob) and TM2 (no login) in team T1; identity still declared.
    static func declaredScenario() -> Scenario {
        var scenario = Scenario()
        scenario.mustRun(.registerTeam(.init(teamId: "T1", name: "Team One", serviceArea: .safeguarding)),
                         as: headOfService, on: setupDay)
        for (actor, login) in [(headOfService, "alice" as String?), (manager, "bob"), (unbound, nil)] {
            scenario.mustRun(.registerWorker(.init(workerId: actor.id, teamId: "T1", role: actor.role, startDate: setupDay,
                                                   isAgency: false, isQualified: true, login: login)),
                             as: headOfService, on: setupDay)
        }
        return scenario
    }

    /// The declared scenario after HOS, running as alice, adopted the login policy from 2024-01-01.
    static func boundScenario() throws -> Scenario {
        var scenario = declaredScenario()
        let adoption = DomainCommand.adoptPolicy(.init(policy: loginPolicy, effectiveFrom: Scenario.at(switchDay)))
        let decision = try decide(scenario, adoption, as: headOfService, account: "alice", on: switchDay).get()
        scenario.apply(decision)
        return scenario
    }

    static func referral(_ caseId: String) -> DomainCommand {
        .refer(.init(caseId: caseId, referralId: "R-\(caseId)", familyId: "F-\(caseId)", teamId: "T1",
                     category: .childInNeed, source: .school))
    }

    @Test("declared identity takes --actor at its word and records no account")
    func declared() throws {
        let scenario = Self.declaredScenario()
        let decision = try Self.decide(scenario, Self.referral("C1"), as: Self.unbound, account: "mallory").get()
        #expect(decision.events.count == 1)
        #expect(decision.events.allSatisfy { $0.account == nil })
    }

    @Test("adopting identity login needs the adopter bound to the running account",
          arguments: [
            ("HOS", "alice" as String?, nil as IdentityError?),
            ("HOS", "mallory", .adoptionWouldLockOut(actorId: "HOS", login: "alice", account: "mallory")),
            ("SM", "alice", .adoptionWouldLockOut(actorId: "SM", login: nil, account: "alice")),
            ("HOS", nil, .adoptionWouldLockOut(actorId: "HOS", login: "alice", account: nil)),
          ])
    func adoption(actorId: String, account: String?, expected: IdentityError?) throws {
        var scenario = Self.declaredScenario()
        scenario.mustRun(.registerWorker(.init(workerId: "SM", teamId: "T1", role: .serviceManager, startDate: Self.setupDay,
                                               isAgency: false, isQualified: true)),
                         as: Self.headOfService, on: Self.setupDay)
        let actor = Actor(id: actorId, role: actorId == "SM" ? .serviceManager : .headOfService)
        let result = Self.decide(scenario, .adoptPolicy(.init(policy: Self.loginPolicy, effectiveFrom: Scenario.at(Self.switchDay))),
                                 as: actor, account: account, on: Self.switchDay)
        switch (result, expected) {
        case (.success(let decision), nil):
            // The adoption that binds identity records the account its adopter was checked against.
            #expect(decision.events.map(\.account) == [account])
        case (.failure(let error), let expected?):
            #expect(error == .identity(refusal: expected))
        default:
            Issue.record("expected \(String(describing: expected)), got \(result)")
        }
    }

    @Test("under identity login the actor must be the worker whose login is the running account",
          arguments: [
            ("TM", "bob" as String?, nil as IdentityError?),
            ("HOS", "alice", nil),
            ("TM", "alice", .loginMismatch(actorId: "TM", login: "bob", account: "alice")),
            ("TM2", "alice", .noLogin(actorId: "TM2", account: "alice")),
            ("TM", nil, .accountUnknown(actorId: "TM")),
          ])
    func bound(actorId: String, account: String?, expected: IdentityError?) throws {
        let scenario = try Self.boundScenario()
        let actor = Actor(id: actorId, role: actorId == "HOS" ? .headOfService : .teamManager)
        let result = Self.decide(scenario, Self.referral("C1"), as: actor, account: account)
        switch (result, expected) {
        case (.success(let decision), nil):
            #expect(decision.events.map(\.account) == [account])
        case (.failure(let error), let expected?):
            #expect(error == .identity(refusal: expected))
            #expect(error.description.hasPrefix("IDENTITY: --actor \(actorId)"))
        default:
            Issue.record("expected \(String(describing: expected)), got \(result)")
        }
    }

    @Test("a command dated before the switch's effective date is bound all the same")
    func backdated() throws {
        let scenario = try Self.boundScenario()
        let result = Self.decide(scenario, Self.referral("C1"), as: Self.manager, account: "alice",
                                 on: Scenario.day("2023-06-01"))
        #expect(result.failure == .identity(refusal: .loginMismatch(actorId: "TM", login: "bob", account: "alice")))
    }

    @Test("register-worker refuses a login that is no account name",
          arguments: ["", "-bob", "bob/../root", "bob smith", "bob\n", String(repeating: "b", count: 65)])
    func badLogin(login: String) {
        let scenario = Self.declaredScenario()
        let command = DomainCommand.registerWorker(.init(workerId: "W9", teamId: "T1", role: .socialWorker,
                                                         startDate: Self.setupDay, isAgency: false, isQualified: true,
                                                         login: login))
        guard case .failure(.invalidCommand(let field, let problem)) = Self.decide(scenario, command, as: Self.headOfService,
                                                                                  account: nil, on: Self.setupDay)
        else {
            Issue.record("login '\(login)' was accepted")
            return
        }
        #expect(field == "login")
        #expect(problem.contains("--login"))
    }

    @Test("a policy without identity keeps its canonical bytes and hash; a bad value names the field")
    func policyKey() throws {
        let text = String(decoding: Policy.children.canonicalJSON(), as: UTF8.self)
        #expect(!text.contains("identity"))
        // The children profile's hash (v2) is the same with the optional key absent.
        #expect(Policy.children.contentHash.hex == "481890852513ab22e4da02b5838943169583c7310a1d4387c2694271bde1fb6a")
        #expect(try Policy.parse(Data(Self.loginPolicy.canonicalJSON())).identityMode == .login)
        let bad = text.replacingOccurrences(of: #""formatVersion":1"#, with: #""formatVersion":1,"identity":"logon""#)
        #expect(throws: PolicyError.self) { try Policy.parse(Data(bad.utf8)) }
        do {
            _ = try Policy.parse(Data(bad.utf8))
        } catch {
            #expect(error.detail.contains("identity"))
            #expect(error.detail.contains("logon"))
        }
    }

    @Test("through the service: the log records the account, a batch line run from the wrong account appends nothing")
    func service() throws {
        let directory = TemporaryDirectory("identity-service")
        let clock = ManualClock(Scenario.at(Scenario.today))
        let service = try CaseLedgerService(directory: directory.store, clock: clock,
                                            identifiers: SeededIdentifierGenerator(seed: 5), account: FixedAccount("alice"))
        defer { service.close() }
        let setup: [BatchItem] = [
            BatchItem(command: .registerTeam(.init(teamId: "T1", name: "Team One", serviceArea: .safeguarding)),
                      actor: Self.headOfService, occurredAt: Scenario.at(Self.setupDay)),
            BatchItem(command: .registerWorker(.init(workerId: "HOS", teamId: "T1", role: .headOfService, startDate: Self.setupDay,
                                                     isAgency: false, isQualified: true, login: "alice")),
                      actor: Self.headOfService, occurredAt: Scenario.at(Self.setupDay)),
            BatchItem(command: .registerWorker(.init(workerId: "TM", teamId: "T1", role: .teamManager, startDate: Self.setupDay,
                                                     isAgency: false, isQualified: true, login: "bob")),
                      actor: Self.headOfService, occurredAt: Scenario.at(Self.setupDay)),
        ]
        try service.executeAll(setup)
        try service.adopt(policy: Self.loginPolicy, effectiveFrom: Scenario.at(Self.switchDay), actor: Self.headOfService)
        let before = service.ledger.digest
        let mixed = [
            BatchItem(command: Self.referral("C1"), actor: Self.headOfService, occurredAt: Scenario.at(Scenario.today)),
            BatchItem(command: Self.referral("C2"), actor: Self.manager, occurredAt: Scenario.at(Scenario.today)),
        ]
        #expect(throws: BatchError.refused(index: 1, .identity(refusal: .loginMismatch(actorId: "TM", login: "bob", account: "alice")))) {
            try service.executeAll(mixed)
        }
        #expect(service.ledger.digest == before)
        try service.executeAll(Array(mixed.prefix(1)))
        let stored = try LedgerReader(directory: directory.store).readAll()
        #expect(stored.map(\.envelope.account) == [nil, nil, nil, "alice", "alice"])
        #expect(stored.last?.envelope.actor == Self.headOfService)
    }
}

extension Result {
    /// The failure, or nil on success.
    fileprivate var failure: Failure? {
        if case .failure(let error) = self { return error }
        return nil
    }
}
