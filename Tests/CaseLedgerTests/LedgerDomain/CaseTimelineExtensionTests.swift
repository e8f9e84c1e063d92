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

/// A case's memoised timeline grows with its stream instead of being rebuilt per fact (what
/// made `apply` quadratic on one long case), and means exactly what a rebuild would.
@Suite("Case timeline extension")
struct CaseTimelineExtensionTests {
    /// One step of a case's history: the event and the day it is recorded as happening.
    enum Step: CustomStringConvertible {
        case note(String)
        case allocate(String, String)
        case coAllocate(String, String)
        case deallocate(String, String)
        case retractNewestNote(String)
        case teamInvolvement(String, endsAfterDays: Int)

        var description: String {
            switch self {
            case .note(let day): return "note on \(day)"
            case .allocate(let worker, let day): return "allocate \(worker) on \(day)"
            case .coAllocate(let worker, let day): return "co-allocate \(worker) on \(day)"
            case .deallocate(let worker, let day): return "deallocate \(worker) on \(day)"
            case .retractNewestNote(let day): return "retract the newest note on \(day)"
            case .teamInvolvement(let day, let days): return "team involvement from \(day) for \(days) days"
            }
        }
    }

    static func note(_ text: String = "seen") -> LedgerEvent {
        .caseNoteRecorded(CaseNoteRecorded(caseId: "C1", authorId: "TM1", noteKind: nil, text: text))
    }

    /// Histories mixing what extends (notes after the last fact, several at one instant) with
    /// what must rebuild (a backdated note, a retraction, an involvement with an end).
    static let histories: [[Step]] = [
        [.note("2024-01-03"), .note("2024-01-04"), .note("2024-01-04"), .note("2024-01-04"), .note("2024-01-05")],
        [.allocate("W1", "2024-01-03"), .note("2024-01-03"), .deallocate("W1", "2024-01-03"), .note("2024-01-03"),
         .coAllocate("W2", "2024-01-04"), .note("2024-01-05")],
        [.note("2024-01-05"), .note("2024-01-03"), .note("2024-01-06"), .retractNewestNote("2024-01-07"), .note("2024-01-08"),
         .note("2024-01-08")],
        [.teamInvolvement("2024-01-03", endsAfterDays: 3), .note("2024-01-04"), .note("2024-01-09"),
         .allocate("W1", "2024-01-09"), .note("2024-01-09")],
    ]

    @Test("the memoised timeline equals a rebuild after every fact", arguments: histories.indices)
    func equalsRebuild(history: Int) {
        var scenario = Scenario.standard()
        scenario.addWorker("W1")
        scenario.addWorker("W2")
        scenario.refer("C1")
        let model = LedgerModel(state: scenario.projection)
        #expect(model.caseTimeline("C1", asKnown: .endOfTime) != nil)
        var notes: [UInt64] = []
        for step in Self.histories[history] {
            let before = scenario.envelopes.count
            switch step {
            case .note(let day):
                scenario.record(Self.note(), on: Scenario.day(day))
                notes.append(scenario.envelopes[scenario.envelopes.count - 1].sequence)
            case .allocate(let worker, let day):
                scenario.record(.caseAllocated(CaseAllocated(
                    caseId: "C1", workerId: worker, teamId: "T1", previousWorkerId: nil, reason: .newReferral, rationale: "x",
                    factorsConsidered: [], tasks: [], discussedWithWorker: false, overrides: [], caseloadAtAllocation: nil)),
                    on: Scenario.day(day))
            case .coAllocate(let worker, let day):
                scenario.record(.caseCoAllocated(CaseCoAllocated(
                    caseId: "C1", workerId: worker, teamId: "T1", primaryWorkerId: nil, reason: .newReferral, rationale: "x",
                    factorsConsidered: [], tasks: [], discussedWithWorker: false, overrides: [], caseloadAtAllocation: nil)),
                    on: Scenario.day(day))
            case .deallocate(let worker, let day):
                scenario.record(.caseDeallocated(CaseDeallocated(
                    caseId: "C1", workerId: worker, isPrimary: true, reason: .caseloadManagement, rationale: "x",
                    remainsWithTeamId: "T1")), on: Scenario.day(day))
            case .retractNewestNote(let day):
                guard let target = notes.popLast() else { continue }
                scenario.record(.entryRetracted(EntryRetracted(
                    retractedSequenceNumber: target, retractedEventId: nil, retractedStream: .case("C1"), reason: "wrong case",
                    authorisingManagerId: "TM1", replacementFollows: false)), on: Scenario.day(day))
            case .teamInvolvement(let day, let days):
                let start = Scenario.at(Scenario.day(day))
                scenario.record(.involvementRecorded(InvolvementRecorded(
                    caseId: "C1", workerId: nil, teamId: "T1", involvementType: "ALLTM", startedAt: start,
                    endedAt: start.adding(milliseconds: Int64(days) * 86_400_000), holdsCase: true)), on: Scenario.day(day))
            }
            for envelope in scenario.envelopes[before...] { model.apply(envelope, chain: .zero) }
            guard let memoised = model.caseTimeline("C1", asKnown: .endOfTime),
                  let facts = model.state.cases["C1"]
            else {
                Issue.record("no timeline after \(step)")
                return
            }
            let rebuilt = CaseTimeline(caseId: "C1", streamFacts: facts, asKnown: .endOfTime)
            #expect(memoised.facts == rebuilt.facts, "after \(step)")
            #expect(Array(memoised.states) == Array(rebuilt.states), "after \(step)")
        }
    }

    @Test("a fact folded onto the end of a long case extends its timeline; no rebuild per fact")
    func noRebuildPerFact() throws {
        var scenario = Scenario.standard()
        scenario.addWorker("W1")
        scenario.refer("C1")
        scenario.mustRun(.allocate(Scenario.allocation("C1", to: "W1")))
        let model = LedgerModel(state: scenario.projection)
        _ = model.caseTimeline("C1", asKnown: .endOfTime)
        let buildsBefore = model.timelineBuildCount
        let noteCount = 400
        var clock = Scenario.at(Scenario.today)
        for index in 0..<noteCount {
            clock = clock.adding(milliseconds: 60_000)
            let sequence = model.state.position.sequence + 1
            model.apply(EventEnvelope(
                sequence: sequence, eventId: "n\(index)", stream: .case("C1"), occurredAt: clock, recordedAt: clock,
                actor: Scenario.manager, source: .command, correlationId: "n", batch: BatchPosition(index: 1, size: 1),
                event: Self.note("note \(index)")), chain: .zero)
            // What deciding the next command on the case reads.
            #expect(model.caseTimeline("C1", asKnown: .endOfTime)?.facts.last?.sequence == sequence)
        }
        #expect(model.timelineBuildCount == buildsBefore, "rebuilt \(model.timelineBuildCount - buildsBefore) times")
        let timeline = try #require(model.caseTimeline("C1", asKnown: .endOfTime))
        #expect(timeline.states.count == timeline.facts.count)
        // Notes leave the case as it was: their states are stored once.
        #expect(timeline.states.runCount < 10, "\(timeline.states.runCount) runs for \(timeline.states.count) states")
    }

    @Test("a batch of notes on one case is decided without rebuilding the case per command")
    func batchDecidesLinearly() throws {
        let directory = TemporaryDirectory("timeline-batch")
        let service = try CaseLedgerService(directory: directory.store, clock: ManualClock(Scenario.at(Scenario.today)),
                                            identifiers: SeededIdentifierGenerator(seed: 9))
        defer { service.close() }
        let manager = Actor(id: "TM1", role: .teamManager)
        let setupDay = Scenario.at(Scenario.day("2024-01-02"))
        var items = [
            BatchItem(command: .registerTeam(.init(teamId: "T1", name: "One", serviceArea: .safeguarding)), actor: manager, occurredAt: setupDay),
            BatchItem(command: .registerWorker(.init(workerId: "TM1", teamId: "T1", role: .teamManager, startDate: Scenario.day("2020-01-06"),
                                                     isAgency: false, isQualified: true)), actor: manager, occurredAt: setupDay),
            BatchItem(command: .refer(.init(caseId: "C1", referralId: "R1", familyId: "F1", teamId: "T1", category: .childInNeed,
                                            source: .school)), actor: manager, occurredAt: setupDay),
        ]
        for index in 0..<300 {
            items.append(BatchItem(command: .recordCaseNote(.init(caseId: "C1", text: "note \(index)")), actor: manager,
                                   occurredAt: setupDay.adding(milliseconds: Int64(index + 1) * 60_000)))
        }
        let outcome = try service.executeAll(items)
        #expect(outcome.events.count == items.count)
        #expect(service.model.timelineBuildCount < 5, "rebuilt \(service.model.timelineBuildCount) times")
    }
}
