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

/// A small hand-written ledger on disk, for exact bitemporal questions: each event is recorded
/// at a chosen transaction time (the ledger's clock) with a chosen valid time.
final class AuditScenario {
    let directory = TemporaryDirectory("audit")
    let clock = ManualClock(Instant(millisecondsSinceEpoch: 0))
    let ledger: Ledger
    static let manager = Actor(id: "TM1", role: .teamManager)

    init(registerTeam: Bool = true) throws {
        var options = LedgerOptions()
        options.segmentSizeBytesMax = 64 << 20
        ledger = try Ledger(directory: directory.path + "/events", options: options, clock: clock,
                            identifiers: SeededIdentifierGenerator(seed: 11))
        if registerTeam {
            let start = AuditScenario.instant("2023-01-02T09:00:00Z")
            record(.teamRegistered(TeamRegistered(teamId: "T1", name: "Safeguarding East", serviceArea: .safeguarding,
                                                  managerId: "TM1")), at: start, recordedAt: start)
            record(.workerRegistered(WorkerRegistered(workerId: "TM1", teamId: "T1", role: .teamManager,
                                                      startDate: AuditScenario.date("2015-01-05"), isAgency: false,
                                                      isQualified: true, fullTimeEquivalentPercent: 100)),
                   at: start, recordedAt: start)
            for (id, role) in [("W1", Role.socialWorker), ("W2", .socialWorker), ("S1", .student)] {
                record(.workerRegistered(WorkerRegistered(workerId: id, teamId: "T1", role: role,
                                                          startDate: AuditScenario.date("2020-09-01"), isAgency: false,
                                                          isQualified: role != .student, fullTimeEquivalentPercent: 100)),
                       at: start, recordedAt: start)
            }
        }
    }

    var store: String { directory.path + "/events" }
    var snapshots: String { directory.path + "/snapshots" }

    static func instant(_ text: String) -> Instant {
        guard let value = try? DateArgument.parseInstant(text) else { fatalError("bad instant \(text)") }
        return value
    }

    static func date(_ text: String) -> LocalDate {
        guard let value = LocalDate(iso8601: text) else { fatalError("bad date \(text)") }
        return value
    }

    /// Appends one event (its own batch) with valid time `at`, recorded at `recordedAt`
    /// (default: the same instant, or the last recorded time if that is later). Returns its sequence number.
    @discardableResult
    func record(_ event: LedgerEvent, at occurredAt: Instant, recordedAt: Instant? = nil,
                actor: Actor = AuditScenario.manager) -> UInt64 {
        record([event], at: occurredAt, recordedAt: recordedAt, actor: actor)
    }

    /// Appends events as one batch, all with valid time `at`.
    @discardableResult
    func record(_ events: [LedgerEvent], at occurredAt: Instant, recordedAt: Instant? = nil,
                actor: Actor = AuditScenario.manager) -> UInt64 {
        var when = recordedAt ?? occurredAt
        if let last = ledger.lastRecordedAt, when < last {
            // Recording order is the log's; a stated transaction time must respect it.
            if recordedAt != nil { Issue.record("recordedAt must not go backwards: \(when) after \(last)") }
            when = last
        }
        clock.set(when)
        let proposed = events.map { ProposedEvent(event: $0, occurredAt: occurredAt, actor: actor) }
        do {
            return try ledger.append(proposed, expecting: StoreFixtures.anyExpectations(proposed)).firstSequence
        } catch {
            Issue.record("append failed: \(error)")
            return 0
        }
    }

    func audit(snapshots: Bool = false, interval: Int = 10_000, policy: Policy = .children) throws -> AuditLedger {
        try AuditLedger(storeDirectory: store, options: AuditLedger.Options(
            snapshotDirectory: snapshots ? self.snapshots : nil, snapshotInterval: interval, defaultPolicy: policy,
            clock: ManualClock(AuditScenario.instant("2030-01-01T00:00:00Z"))))
    }

    // MARK: - Event builders

    static func referral(_ caseId: String, team: String = "T1", category: CaseCategory = .childInNeed,
                         flags: [CaseFlag] = [], risk: RiskLevel? = .moderate, family: String? = nil,
                         referralId: String? = nil) -> LedgerEvent {
        .referralReceived(ReferralReceived(
            caseId: caseId, referralId: referralId ?? "R-" + caseId, familyId: family ?? "F-" + caseId, teamId: team,
            serviceArea: .safeguarding, category: category, flags: flags, source: .school, riskLevel: risk,
            isReReferral: false, previousWorkerId: nil, previousClosureAt: nil))
    }

    static func decision(_ caseId: String, outcome: ReferralOutcome = .socialWorkAssessment) -> LedgerEvent {
        .referralDecisionRecorded(ReferralDecisionRecorded(caseId: caseId, referralId: "R-" + caseId, outcome: outcome,
                                                           rationale: "threshold met", deciderId: "TM1"))
    }

    static func allocate(_ caseId: String, to workerId: String, team: String = "T1", previous: String? = nil,
                         reason: AllocationReason = .newReferral, overrides: [PolicyOverride] = [],
                         tasks: [AllocationTask]? = nil, rationale: String = "capacity and experience") -> LedgerEvent {
        .caseAllocated(CaseAllocated(
            caseId: caseId, workerId: workerId, teamId: team, previousWorkerId: previous, reason: reason,
            rationale: rationale, factorsConsidered: [.caseload, .experience],
            tasks: tasks ?? [AllocationTask(description: "visit the child", dueDate: date("2024-12-31"))],
            discussedWithWorker: true, overrides: overrides, caseloadAtAllocation: nil))
    }

    static func coAllocate(_ caseId: String, to workerId: String) -> LedgerEvent {
        .caseCoAllocated(CaseCoAllocated(
            caseId: caseId, workerId: workerId, teamId: nil, primaryWorkerId: nil, reason: .caseloadManagement,
            rationale: "direct work", factorsConsidered: [.skills],
            tasks: [AllocationTask(description: "sessions", dueDate: date("2024-12-31"))], discussedWithWorker: true,
            overrides: [], caseloadAtAllocation: nil))
    }

    static func deallocate(_ caseId: String, from workerId: String, primary: Bool = true) -> LedgerEvent {
        .caseDeallocated(CaseDeallocated(caseId: caseId, workerId: workerId, isPrimary: primary, reason: .caseloadManagement,
                                         rationale: "reviewed", remainsWithTeamId: "T1"))
    }

    static func retract(_ sequence: UInt64, caseId: String, replacementFollows: Bool = false,
                        reason: String = "entered in error") -> LedgerEvent {
        .entryRetracted(EntryRetracted(retractedSequenceNumber: sequence, retractedEventId: nil,
                                       retractedStream: .case(caseId), reason: reason, authorisingManagerId: "TM1",
                                       replacementFollows: replacementFollows))
    }

    static func close(_ caseId: String, evidence: String? = nil) -> LedgerEvent {
        .caseClosed(CaseClosed(caseId: caseId, closureSummary: ClosureSummary(workDone: "done", outstandingWork: "none",
                                                                              responsibility: "family"),
                               authorisingManagerId: "TM1", evidenceNeedsAddressed: evidence, continuingSupport: nil,
                               overrides: []))
    }

    static func oversight(_ caseId: String) -> LedgerEvent {
        .oversightRecorded(OversightRecorded(
            caseId: caseId, managerId: "TM1", summaryHistory: "history", workingWell: "school", worriedAbout: "neglect",
            needsToHappen: "visit", voiceOfChild: "wishes", expectationsAndTimeframes: "5 days", riskAssessmentsNeeded: [],
            nextOversightDue: nil))
    }

    static func letter(_ caseId: String, on day: String) -> LedgerEvent {
        .familyLetterSent(FamilyLetterSent(caseId: caseId, recipients: [.family], sentOn: date(day),
                                           includesTeamContactDetails: true, includesVisitingArrangements: true))
    }
}
