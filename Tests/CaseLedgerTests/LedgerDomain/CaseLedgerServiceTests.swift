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

/// The service over a real ledger in a temporary directory.
@Suite("CaseLedgerService")
struct CaseLedgerServiceTests {
    static let manager = Actor(id: "TM1", role: .teamManager)
    static let headOfService = Actor(id: "HOS", role: .headOfService)
    static let setup = Scenario.day("2024-01-02")

    static func open(_ directory: TemporaryDirectory, clock: ManualClock = ManualClock(Scenario.at(Scenario.today))) throws
        -> CaseLedgerService
    {
        try CaseLedgerService(directory: directory.store, clock: clock, identifiers: SeededIdentifierGenerator(seed: 3))
    }

    /// Team T1, manager TM1, social worker W1, case C1 (child in need).
    static func populate(_ service: CaseLedgerService) throws {
        let at = Scenario.at(setup)
        try service.execute(.registerTeam(.init(teamId: "T1", name: "One", serviceArea: .safeguarding)), actor: manager, occurredAt: at)
        try service.execute(.registerWorker(.init(workerId: "TM1", teamId: "T1", role: .teamManager, startDate: setup,
                                                  isAgency: false, isQualified: true)), actor: manager, occurredAt: at)
        try service.execute(.registerWorker(.init(workerId: "W1", teamId: "T1", role: .socialWorker, startDate: setup,
                                                  isAgency: false, isQualified: true)), actor: manager, occurredAt: at)
        try service.execute(.refer(.init(caseId: "C1", referralId: "R1", familyId: "F1", teamId: "T1", category: .childInNeed,
                                         source: .school, riskLevel: .low)), actor: manager, occurredAt: at)
    }

    static func segmentBytes(_ directory: TemporaryDirectory) throws -> [String: Data] {
        var result: [String: Data] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: directory.store) {
            result[name] = FileManager.default.contents(atPath: directory.store + "/" + name)
        }
        return result
    }

    @Test("a refused command leaves every file of the ledger byte for byte unchanged")
    func refusalAppendsNothing() throws {
        let directory = TemporaryDirectory("domain-refusal")
        let service = try Self.open(directory)
        defer { service.close() }
        try Self.populate(service)
        let before = try Self.segmentBytes(directory)
        let digest = service.ledger.digest
        var bad = Scenario.allocation("C1", to: "W1")
        bad.tasks = []
        #expect(throws: CommandError.self) {
            try service.execute(.allocate(bad), actor: Self.manager, occurredAt: Scenario.at(Scenario.today))
        }
        #expect(throws: CommandError.self) {
            try service.execute(.allocate(Scenario.allocation("C1", to: "W1")), actor: Actor(id: "W1", role: .socialWorker),
                                occurredAt: Scenario.at(Scenario.today))
        }
        do {
            try service.execute(.allocate(bad), actor: Self.manager, occurredAt: Scenario.at(Scenario.today))
        } catch {
            #expect(error.refusal?.ruleIds == [.allocationRecord])
        }
        #expect(try Self.segmentBytes(directory) == before)
        #expect(service.ledger.digest == digest)
        #expect(ModelProbe(model: service.model).cases["C1"]?.primaryWorkerId == nil)
    }

    @Test("a batch refused part-way appends nothing and leaves the state as the log has it; the next batch lands with the committed event ids")
    func refusedBatchRestoresState() throws {
        let directory = TemporaryDirectory("domain-batch-refusal")
        let service = try Self.open(directory)
        defer { service.close() }
        try Self.populate(service)
        let before = try Self.segmentBytes(directory)
        let digestBefore = service.model.state.canonicalDigest
        let at = Scenario.at(Scenario.today)
        let items = [
            BatchItem(command: .allocate(Scenario.allocation("C1", to: "W1")), actor: Self.manager, occurredAt: at),
            BatchItem(command: .allocate(Scenario.allocation("C404", to: "W1")), actor: Self.manager, occurredAt: at),
        ]
        #expect(throws: BatchError.self) { try service.executeAll(items) }
        #expect(try Self.segmentBytes(directory) == before)
        // The first command was folded while the batch was planned, into a scratch copy only.
        #expect(service.model.state.canonicalDigest == digestBefore)

        let outcome = try service.executeAll([items[0]])
        let receipt = try #require(outcome.receipt)
        #expect(ModelProbe(model: service.model).cases["C1"]?.primaryWorkerId == "W1")
        for envelope in receipt.envelopes {
            #expect(!envelope.eventId.hasPrefix("planned-"))
        }
        // A retraction in the same batch as the entry it withdraws names the id the log holds,
        // so the live state and a reopened one agree that the entry is withdrawn.
        let noteSequence = service.ledger.digest.sequence + 1
        try service.executeAll([
            BatchItem(command: .recordCaseNote(.init(caseId: "C1", text: "Visit recorded against the wrong child")),
                      actor: Self.manager, occurredAt: at),
            BatchItem(command: .retract(.init(sequenceNumber: noteSequence, reason: "recorded against the wrong child")),
                      actor: Self.manager, occurredAt: at),
        ])
        #expect(ModelProbe(model: service.model).isRetracted(sequence: noteSequence))
        let folded = try ProjectionState.foldingWholeLog(in: directory.store).state
        #expect(ModelProbe(model: LedgerModel(state: folded)).isRetracted(sequence: noteSequence))
        #expect(folded.canonicalDigest == service.model.state.canonicalDigest)
    }

    @Test("execute appends the decision and folds it; reopening folds the same state")
    func executeAndReopen() throws {
        let directory = TemporaryDirectory("domain-reopen")
        let service = try Self.open(directory)
        try Self.populate(service)
        let outcome = try service.execute(.allocate(Scenario.allocation("C1", to: "W1")), actor: Self.manager,
                                          occurredAt: Scenario.at(Scenario.today))
        #expect(outcome.sequences == 5...5)
        #expect(outcome.receipt.envelopes.first?.actor == Self.manager)
        #expect(ModelProbe(model: service.model).cases["C1"]?.primaryWorkerId == "W1")
        let digest = service.model.state.canonicalDigest
        service.close()

        let reopened = try Self.open(directory)
        defer { reopened.close() }
        #expect(reopened.model.state.canonicalDigest == digest)
        #expect(reopened.model.state.position.sequence == 5)
    }

    @Test("adopting a policy appends its content hash; decisions use the policy in force at occurredAt")
    func policyInForce() throws {
        let directory = TemporaryDirectory("domain-policy")
        let clock = ManualClock(Scenario.at(Scenario.today))
        let service = try Self.open(directory, clock: clock)
        defer { service.close() }
        try Self.populate(service)
        try service.execute(.registerWorker(.init(workerId: "HOS", teamId: "T1", role: .headOfService, startDate: Self.setup,
                                                  isAgency: false, isQualified: true)),
                            actor: Self.manager, occurredAt: Scenario.at(Self.setup))
        var strict = Policy.children
        strict.policyId = "authority-2024"
        strict.caps = [CaseloadCap(role: .socialWorker, cases: 0, points: nil)]
        let from = Scenario.at(Scenario.day("2024-06-01"))
        let outcome = try service.adopt(policy: strict, effectiveFrom: from, actor: Self.headOfService)
        guard case .policyAdopted(let adopted) = outcome.receipt.envelopes.first?.event else {
            Issue.record("expected PolicyAdopted")
            return
        }
        #expect(adopted.contentSHA256 == strict.contentHash.hex)
        #expect(adopted.effectiveFrom == from)
        #expect(try Policy.parse(Data(adopted.policyJSON.utf8)) == strict)
        #expect(service.policy(inForceAt: from.adding(milliseconds: -1)) == .children)
        #expect(service.policy(inForceAt: from) == strict)

        let before = service.decide(.allocate(Scenario.allocation("C1", to: "W1")), actor: Self.manager,
                                    occurredAt: Scenario.at(Scenario.today))
        #expect(before.isSuccess)
        let after = service.decide(.allocate(Scenario.allocation("C1", to: "W1", on: Scenario.day("2024-06-03"))),
                                   actor: Self.manager, occurredAt: Scenario.at(Scenario.day("2024-06-03")))
        #expect(after.error?.description == "CAP: W1 holds 0 of 0 cases allowed for a social worker; pass a justification to override")
    }

    @Test("a stale expectation is refused by the ledger and changes nothing")
    func staleExpectation() throws {
        let directory = TemporaryDirectory("domain-stale")
        let service = try Self.open(directory)
        defer { service.close() }
        try Self.populate(service)
        let decision = try #require(service.decide(.allocate(Scenario.allocation("C1", to: "W1")), actor: Self.manager,
                                                   occurredAt: Scenario.at(Scenario.today)).decision)
        try service.execute(.recordCaseNote(.init(caseId: "C1", text: "Visit")), actor: Self.manager,
                            occurredAt: Scenario.at(Scenario.today))
        #expect(throws: LedgerError.self) {
            try service.ledger.append(decision.events, expecting: decision.expectations)
        }
    }
}
