import Testing
@testable import LedgerSupport
@testable import LedgerStore
@testable import LedgerEvents
@testable import LedgerDomain
@testable import LedgerAudit
@testable import LedgerImport
@testable import LedgerReturns
@testable import LedgerSimulation

/// Corrections never rewrite the log: a retraction removes the retracted event from current
/// state, while a fold of the log as known before the retraction still sees it.
@Suite("Retraction")
struct RetractionTests {
    static func scenario() -> Scenario {
        var scenario = Scenario.standard()
        scenario.addWorker("W1")
        scenario.addWorker("W2")
        scenario.refer("C1", risk: .high)
        return scenario
    }

    static func sequence(of scenario: Scenario, where match: (LedgerEvent) -> Bool) -> UInt64 {
        scenario.envelopes.last { match($0.event) }?.sequence ?? 0
    }

    @Test("a retracted allocation stops counting now, but not in the as-known past")
    func retractedAllocation() throws {
        var scenario = Self.scenario()
        scenario.mustRun(.allocate(Scenario.allocation("C1", to: "W1")))
        let allocation = Self.sequence(of: scenario) { if case .caseAllocated = $0 { true } else { false } }
        let beforeRetraction = scenario.envelopes
        let decision = try #require(scenario.run(.retract(.init(
            sequenceNumber: allocation, reason: "Allocated to the wrong worker"))).decision)
        guard case .entryRetracted(let retraction) = decision.events.first?.event else {
            Issue.record("expected EntryRetracted")
            return
        }
        #expect(retraction.retractedStream == .case("C1"))
        #expect(retraction.retractedEventId == "e\(allocation)")
        #expect(retraction.authorisingManagerId == "TM1")
        #expect(decision.expectations == [.case("C1"): .exactly(2)])

        #expect(scenario.state.cases["C1"]?.primaryWorkerId == nil)
        #expect(scenario.state.casesHeld(by: "W1").isEmpty)
        #expect(scenario.state.isRetracted(sequence: allocation))
        // The log still holds the allocation, and a fold of what was known before sees it.
        #expect(scenario.envelopes.contains { $0.sequence == allocation })
        var earlier = ProjectionState()
        for envelope in beforeRetraction { earlier.apply(envelope, chain: .zero) }
        let asKnown = ModelProbe(model: LedgerModel(state: earlier))
        #expect(asKnown.cases["C1"]?.primaryWorkerId == "W1")
        #expect(asKnown.caseload(of: "W1", policy: .children).weightedScore == 3)
        // Stream versions still count every event: retracting uncounts nothing.
        #expect(scenario.state.version(of: .case("C1")) == 3)
    }

    @Test("a retraction may carry the corrected command, decided without the retracted entry")
    func withReplacement() throws {
        var scenario = Self.scenario()
        scenario.mustRun(.allocate(Scenario.allocation("C1", to: "W1")))
        let allocation = Self.sequence(of: scenario) { if case .caseAllocated = $0 { true } else { false } }
        // Without the retraction, W2 could not be allocated (JOINT-PRIMARY); with it, it can.
        let decision = try #require(scenario.run(.retract(.init(
            sequenceNumber: allocation, reason: "Wrong worker recorded",
            replacement: .allocate(Scenario.allocation("C1", to: "W2"))))).decision)
        #expect(decision.events.map(\.event.typeName) == ["EntryRetracted", "CaseAllocated"])
        #expect(decision.expectations[.case("C1")] == .exactly(2))
        if case .entryRetracted(let retraction) = decision.events[0].event { #expect(retraction.replacementFollows) }
        #expect(scenario.state.cases["C1"]?.primaryWorkerId == "W2")
        #expect(scenario.state.casesHeld(by: "W1").isEmpty)
    }

    @Test("a refused replacement refuses the whole correction")
    func refusedReplacement() {
        var scenario = Self.scenario()
        scenario.mustRun(.allocate(Scenario.allocation("C1", to: "W1")))
        let allocation = Self.sequence(of: scenario) { if case .caseAllocated = $0 { true } else { false } }
        var bad = Scenario.allocation("C1", to: "W2")
        bad.tasks = []
        #expect(scenario.decide(.retract(.init(sequenceNumber: allocation, reason: "x", replacement: .allocate(bad))))
            .refusedRules == [.allocationRecord])
    }

    @Test("retracting an absence lifts ON-LEAVE; retracting a policy adoption restores the earlier policy")
    func otherEntities() throws {
        var scenario = Self.scenario()
        scenario.mustRun(.recordAbsence(.init(workerId: "W1", absenceId: "A1", kind: .sickness, startDate: Scenario.today)))
        #expect(scenario.decide(.allocate(Scenario.allocation("C1", to: "W1"))).refusedRules == [.onLeave])
        let absence = Self.sequence(of: scenario) { if case .workerAbsenceRecorded = $0 { true } else { false } }
        scenario.mustRun(.retract(.init(sequenceNumber: absence, reason: "Recorded against the wrong worker")))
        #expect(scenario.decide(.allocate(Scenario.allocation("C1", to: "W1"))).isSuccess)

        var strict = Policy.children
        strict.policyId = "strict"
        strict.caps = [CaseloadCap(role: .socialWorker, cases: 0, points: nil)]
        scenario.record(.policyAdopted(PolicyAdopted(
            policyId: "strict", profile: "children", contentSHA256: strict.contentHash.hex,
            effectiveFrom: Scenario.at(Scenario.day("2024-01-01")),
            policyJSON: String(decoding: strict.canonicalJSON(), as: UTF8.self))))
        #expect(scenario.state.policy(inForceAt: Scenario.at(Scenario.today)) == strict)
        let adoption = Self.sequence(of: scenario) { if case .policyAdopted = $0 { true } else { false } }
        scenario.mustRun(.retract(.init(sequenceNumber: adoption, reason: "Adopted in error")))
        #expect(scenario.state.policy(inForceAt: Scenario.at(Scenario.today)) == nil)
    }

    @Test("retractions that make no sense are refused")
    func refusals() {
        var scenario = Self.scenario()
        scenario.mustRun(.recordCaseNote(.init(caseId: "C1", text: "Visit")))
        let note = scenario.state.lastSequence
        #expect(scenario.decide(.retract(.init(sequenceNumber: 999, reason: "x"))).error?.description
                == "there is no entry 999 to retract; the ledger holds entries 1 to \(note)")
        #expect(scenario.decide(.retract(.init(sequenceNumber: note, reason: " "))).error
                == .invalidCommand(field: "reason", problem: "is empty; a correction says why the entry was wrong"))
        #expect(scenario.decide(.retract(.init(sequenceNumber: note, reason: "x")), as: Actor(id: "W1", role: .socialWorker))
            .refusedPermission)
        scenario.mustRun(.retract(.init(sequenceNumber: note, reason: "Wrong case")))
        #expect(scenario.decide(.retract(.init(sequenceNumber: note, reason: "x"))).error?.description
                == "entry \(note) was already retracted; nothing to change")
        #expect(scenario.decide(.retract(.init(sequenceNumber: note + 1, reason: "x"))).error?.description
                == "entry \(note + 1) is itself a retraction; a retraction is not undone; record the retracted fact again instead")
        #expect(scenario.decide(.retract(.init(sequenceNumber: note, reason: "x", authorisingManagerId: "W1"))).error != nil)
    }

    @Test("evolve never fails: unknown ids, duplicates and stray retractions are kept, not fatal")
    func evolveIsTotal() {
        let model = LedgerModel()
        var sequence: UInt64 = 0
        func envelope(_ event: LedgerEvent) -> EventEnvelope {
            sequence += 1
            return EventEnvelope(
                sequence: sequence, eventId: "x\(sequence)", stream: event.stream, occurredAt: Scenario.at(Scenario.today),
                recordedAt: Scenario.at(Scenario.today), actor: Scenario.manager, source: .command, correlationId: "c",
                batch: BatchPosition(index: 1, size: 1), event: event)
        }
        // Every sample event, in an order that refers to things before they exist.
        for event in EventSamples.all.reversed() + EventSamples.all {
            model.apply(envelope(event), chain: .zero)
        }
        let count = model.state.position.sequence
        model.apply(envelope(.entryRetracted(EntryRetracted(
            retractedSequenceNumber: 10_000, retractedEventId: nil, retractedStream: .case("C1"), reason: "x",
            authorisingManagerId: "M", replacementFollows: false))), chain: .zero)
        #expect(model.state.anomalies.contains { $0.sequence == count + 1 })
        // A re-delivered sequence is not folded twice.
        let digest = model.state.canonicalDigest
        var replay = envelope(.caseNoteRecorded(CaseNoteRecorded(caseId: "C1", authorId: "W", noteKind: nil, text: "x")))
        replay.sequence = 1
        model.apply(replay, chain: .zero)
        #expect(model.state.canonicalDigest == digest)
        #expect(model.state.position.sequence == count + 1)
        // Every case and worker still resolves at every instant.
        for caseId in model.state.cases.ids { _ = model.view(asOf: .endOfTime).caseView(caseId) }
        #expect(model.view(asOf: .endOfTime).caseView("C1") != nil)
    }
}
