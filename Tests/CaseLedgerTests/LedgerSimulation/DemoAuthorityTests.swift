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

/// The demo authority as a library: deterministic bytes, a log that verifies, every kind of
/// event the issue lists, refusals that are the Decider's, answers that cite the log.
@Suite("demo authority")
struct DemoAuthorityTests {
    /// Small enough for a debug build, busy enough to need every part of the simulation.
    static let configuration = DemoConfiguration(seed: 11, years: 1, teams: 4, workers: 28)

    static func build(_ configuration: DemoConfiguration, into directory: TemporaryDirectory) throws -> DemoSummary {
        try DemoAuthority.build(configuration, in: directory.store)
    }

    static func segmentBytes(_ store: String) throws -> [String: [UInt8]] {
        var result: [String: [UInt8]] = [:]
        for name in try StoreFixtures.segments(store) { result[name] = try StoreFixtures.bytes(store + "/" + name) }
        return result
    }

    @Test("the same seed writes byte-identical segments; the log verifies; every listed event type appears")
    func sameSeedSameBytes() throws {
        let first = TemporaryDirectory("demo")
        let second = TemporaryDirectory("demo")
        let summary = try Self.build(Self.configuration, into: first)
        let again = try Self.build(Self.configuration, into: second)
        let bytes = try Self.segmentBytes(first.store)
        #expect(!bytes.isEmpty)
        #expect(bytes == (try Self.segmentBytes(second.store)))
        #expect(summary == again)

        let report = try LedgerVerifier.verify(directory: first.store)
        #expect(report.isIntact)
        #expect(report.head == summary.digest)
        #expect(report.eventCount == summary.eventCount)
        #expect(summary.eventCount > 5_000)

        let required: [String] = [
            ReferralReceived.typeName, ReferralDecisionRecorded.typeName, CaseAllocated.typeName,
            CaseCoAllocated.typeName, CaseTransferred.typeName, CaseClosed.typeName, CaseReopened.typeName,
            UnallocatedMonitoringRecorded.typeName, FamilyLetterSent.typeName, UnallocatedReviewRecorded.typeName,
            EscalationRecorded.typeName, EntryRetracted.typeName, WorkerAbsenceRecorded.typeName, WorkerLeft.typeName,
            CaseCategoryChanged.typeName, CaseDeallocated.typeName, CaseClosureRequested.typeName,
            OversightRecorded.typeName, CaseNoteRecorded.typeName, WorkerRoleChanged.typeName, PolicyAdopted.typeName,
        ]
        for type in required {
            #expect((summary.eventsByType[type] ?? 0) > 0, "no \(type) in the demo log")
        }
        #expect(summary.eventsByType.values.reduce(0, +) == Int(summary.eventCount))
        #expect(summary.retractionsWithReplacement > 0)
        #expect(summary.absencesByKind[.annualLeave] ?? 0 > 0)
        #expect(summary.absencesByKind[.sickness] ?? 0 > 0)
        #expect(summary.departures > 0)
        #expect(summary.backfilledCommands > 0)
    }

    @Test("different seeds write different logs")
    func differentSeedsDiffer() throws {
        let small = DemoConfiguration(seed: 1, years: 1, teams: 2, workers: 10)
        var other = small
        other.seed = 2
        let first = TemporaryDirectory("demo")
        let second = TemporaryDirectory("demo")
        let one = try Self.build(small, into: first)
        let two = try Self.build(other, into: second)
        #expect(one.digest != two.digest)
        #expect((try Self.segmentBytes(first.store)) != (try Self.segmentBytes(second.store)))
    }

    @Test("overrides carry justifications; refusals are the Decider's, counted by rule id; answers cite the log")
    func overridesRefusalsAndAnswers() throws {
        let directory = TemporaryDirectory("demo")
        let summary = try Self.build(Self.configuration, into: directory)
        #expect(!summary.overridesByRule.isEmpty)
        let ruleIds = Set(RuleID.allCases.map(\.rawValue))
        for rule in summary.overridesByRule.keys { #expect(ruleIds.contains(rule), "override of unknown rule \(rule)") }
        for rule in [RuleID.onLeave, .leaveSoon, .statutoryQualified, .closureAuthorised, .allocationRecord] {
            #expect((summary.refusalsByRule[rule.rawValue] ?? 0) > 0, "no refusal by \(rule.rawValue)")
        }
        // The generator handles what it meets; a refusal naming no rule would be a generator bug.
        let kinds = ["PERMISSION", "UNKNOWN", "ALREADY-EXISTS", "INVALID-STATE", "INVALID-COMMAND"]
        for kind in kinds { #expect(summary.refusalsByRule[kind] == nil, "\(kind) refusals: \(summary.refusalsByRule)") }

        // Every override in the log has a justification; the counts agree with the summary.
        var overrides: [String: Int] = [:]
        var stored: [UInt64: StoredEvent] = [:]
        try LedgerReader(directory: directory.store).read { event in
            let found: [PolicyOverride]
            switch event.envelope.event {
            case .caseAllocated(let payload): found = payload.overrides
            case .caseCoAllocated(let payload): found = payload.overrides
            case .caseTransferred(let payload): found = payload.overrides
            case .caseDeallocated(let payload): found = payload.overrides ?? []
            case .caseClosed(let payload): found = payload.overrides
            case .caseClosureRequested(let payload): found = payload.overrides ?? []
            default: found = []
            }
            for override in found {
                #expect(!override.justification.trimmingCharacters(in: .whitespaces).isEmpty)
                overrides[override.ruleId, default: 0] += 1
            }
            if event.envelope.stream == .case(summary.questions.caseId) { stored[event.envelope.sequence] = event }
        }
        #expect(overrides == summary.overridesByRule)

        let answers = try DemoAnswers(questions: summary.questions,
                                      ledger: DemoAnswers.openLedger(directory.store, policy: .children))
        #expect(answers.head == summary.digest)
        let primary = try #require(answers.holders.primary)
        let cited = try #require(stored[primary.allocation.citation.sequence])
        #expect(cited.chain == primary.allocation.citation.hash)
        #expect(cited.envelope.occurredAt <= LondonTime.endOfDay(summary.questions.date))
        let load = try #require(answers.caseload)
        #expect(load.caseCount == load.cases.count)
        #expect(!load.cases.isEmpty)
        #expect(load.cases.allSatisfy { $0.allocation.sequence <= answers.head.sequence })
    }

    @Test("a store that already holds events is refused and left as it was")
    func refusesNonEmptyStore() throws {
        let directory = TemporaryDirectory("demo")
        let digest = try StoreFixtures.fill(directory.store, batchCount: 3)
        #expect(throws: DemoError.storeNotEmpty(directory: directory.store, eventCount: digest.sequence)) {
            try DemoAuthority.build(DemoConfiguration(years: 1, teams: 2, workers: 10), in: directory.store)
        }
        #expect(try LedgerVerifier.verify(directory: directory.store).head == digest)
    }

    @Test("configuration ranges are enforced")
    func configurationRanges() {
        #expect(throws: DemoError.self) { try DemoConfiguration(years: 11).validate() }
        #expect(throws: DemoError.self) { try DemoConfiguration(teams: 1).validate() }
        #expect(throws: DemoError.self) { try DemoConfiguration(workers: 501).validate() }
        #expect(DemoConfiguration().startDate == LocalDate(year: 2023, month: 1, day: 2))
        #expect(DemoConfiguration().lastDay == LocalDate(year: 2025, month: 12, day: 31))
        #expect(DemoConfiguration().questionDate == LocalDate(year: 2025, month: 3, day: 14))
    }
}
