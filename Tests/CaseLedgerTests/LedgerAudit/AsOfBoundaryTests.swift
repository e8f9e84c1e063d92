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

private func at(_ text: String) -> Instant { AuditScenario.instant(text) }

/// A case whose history runs on past the date an inspector asks about: on 14 March 2025 it is
/// unallocated with a student co-worker, its monitoring record overdue and its six-week
/// escalation still due; on the 17th both are recorded, on the 18th it is transferred to W2, on
/// the 25th closed. Every event is recorded when it happened except the closure, recorded that
/// evening, so the head's recorded time is a moment no event happened at.
final class AsOfCase {
    static let caseId = "C9"
    /// The end of 14 March 2025 in London (GMT then): the moment asked about.
    static let asOf = at("2025-03-14T23:59:59.999Z")
    static let headRecordedAt = at("2025-03-25T17:30:00Z")

    let scenario: AuditScenario
    /// Sequence numbers of the case's events that happened by `asOf`, and after it.
    private(set) var before: [UInt64] = []
    private(set) var after: [UInt64] = []

    init() throws {
        scenario = try AuditScenario()
        let caseId = Self.caseId
        func add(_ event: LedgerEvent, _ time: String, recordedAt: String? = nil) {
            let occurredAt = at(time)
            let sequence = scenario.record(event, at: occurredAt, recordedAt: recordedAt.map(at))
            if occurredAt <= Self.asOf { before.append(sequence) } else { after.append(sequence) }
        }
        add(AuditScenario.referral(caseId), "2025-01-06T09:00:00Z")
        add(AuditScenario.decision(caseId), "2025-01-06T10:00:00Z")
        add(AuditScenario.allocate(caseId, to: "W1"), "2025-01-06T11:00:00Z")
        add(AuditScenario.oversight(caseId), "2025-01-06T12:00:00Z")
        add(AuditScenario.coAllocate(caseId, to: "S1"), "2025-01-20T11:00:00Z")
        add(AuditScenario.deallocate(caseId, from: "W1"), "2025-02-03T11:00:00Z")
        add(AuditScenario.letter(caseId, on: "2025-02-04"), "2025-02-04T10:00:00Z")
        add(Self.review(), "2025-03-03T10:00:00Z")
        add(Self.escalation(.serviceManager), "2025-03-03T10:05:00Z")
        // After 14 March: the late monitoring record, the on-time six-week escalation and review,
        // a transfer, oversight of it, and the closure.
        add(Self.monitoring(), "2025-03-17T10:00:00Z")
        add(Self.review(), "2025-03-17T10:05:00Z")
        add(Self.escalation(.headOfService), "2025-03-17T10:10:00Z")
        add(Self.transfer(to: "W2"), "2025-03-18T10:00:00Z")
        add(AuditScenario.oversight(caseId), "2025-03-18T12:00:00Z")
        add(AuditScenario.close(caseId), "2025-03-25T10:00:00Z", recordedAt: "2025-03-25T17:30:00Z")
        scenario.ledger.close()
    }

    var store: String { scenario.store }

    /// Opens the audit view with a clock of its own, so a test can move it.
    func audit(clock: ManualClock) throws -> AuditLedger {
        try AuditLedger(storeDirectory: store, options: AuditLedger.Options(clock: clock))
    }

    /// The case's events that happened after `asOf`: their citations and valid times.
    func later(in audit: AuditLedger) -> [Fact] {
        (audit.state.cases[Self.caseId] ?? []).filter { after.contains($0.sequence) }
    }

    /// Text that must not appear in an answer as of 14 March: each later event's hash (the
    /// 16-digit prefix every format shows) and the instant it happened, as ISO 8601 and as London
    /// time. The head's own hash is not among them: the digest the log was verified at is evidence.
    func forbiddenText(in audit: AuditLedger) -> [String] {
        later(in: audit).flatMap { fact in
            [String(fact.chain.hex.prefix(16)), fact.occurredAt.iso8601, AuditFormatter.london(fact.occurredAt)]
        }.filter { !audit.head.hash.hex.hasPrefix($0) }
    }

    static func review() -> LedgerEvent {
        .unallocatedReviewRecorded(UnallocatedReviewRecorded(caseId: caseId, reviewerId: "TM1",
                                                             outcome: "keep monitoring", nextReviewDue: nil))
    }

    static func escalation(_ level: EscalationLevel) -> LedgerEvent {
        .escalationRecorded(EscalationRecorded(caseId: caseId, level: level, escalatedToId: "SM1",
                                               reason: "no worker with capacity"))
    }

    static func monitoring() -> LedgerEvent {
        .unallocatedMonitoringRecorded(UnallocatedMonitoringRecorded(
            caseId: caseId, managementPlan: "duty visits", visitingFrequency: .fortnightly,
            visitingFrequencyDetail: nil, childLastSeen: nil, partnerAgencyMonitoring: nil, recordedById: "TM1"))
    }

    static func transfer(to workerId: String) -> LedgerEvent {
        .caseTransferred(CaseTransferred(
            caseId: caseId, fromWorkerId: nil, toWorkerId: workerId, fromTeamId: "T1", toTeamId: "T1",
            reason: .caseloadManagement,
            transferSummary: TransferSummary(workDone: "monitoring", outstandingWork: "assessment", responsibility: workerId),
            rationale: "capacity freed", factorsConsidered: [.caseload],
            tasks: [AllocationTask(description: "visit the child", dueDate: AuditScenario.date("2025-03-21"))],
            discussedWithWorker: true, overrides: [], caseloadAtAllocation: nil))
    }
}

@Suite("answers stop at the as-of time")
struct AsOfBoundaryTests {
    @Test("the default as-known is the head's recorded time, whatever the clock says")
    func defaultAsKnownIsTheHead() throws {
        let history = try AsOfCase()
        let clock = ManualClock(at("2030-01-01T00:00:00Z"))
        let audit = try history.audit(clock: clock)
        let first = audit.queryTime(asOf: AsOfCase.asOf)
        clock.set(at("2031-06-01T08:00:00Z"))
        let second = audit.queryTime(asOf: AsOfCase.asOf)
        #expect(first == QueryTime(asOf: AsOfCase.asOf, asKnown: AsOfCase.headRecordedAt))
        #expect(second == first)
        // As-of alone still defaults to the clock: it names the moment asked about.
        #expect(audit.queryTime() == QueryTime(asOf: at("2031-06-01T08:00:00Z"), asKnown: AsOfCase.headRecordedAt))
        #expect(audit.queryTime(asKnown: at("2025-03-01T00:00:00Z")).asKnown == at("2025-03-01T00:00:00Z"))
    }

    @Test("an empty log has recorded nothing: as-known defaults to the as-of time")
    func emptyLog() throws {
        let scenario = try AuditScenario(registerTeam: false)
        scenario.ledger.close()
        let audit = try AuditLedger(storeDirectory: scenario.store, options: AuditLedger.Options(
            clock: ManualClock(at("2030-01-01T00:00:00Z"))))
        #expect(audit.queryTime(asOf: AsOfCase.asOf) == QueryTime(asOf: AsOfCase.asOf, asKnown: AsOfCase.asOf))
    }

    @Test("the audit report: trail, timescales, breaches and holding spells as they stood at as-of, not as they ended")
    func reportStopsAtAsOf() throws {
        let history = try AsOfCase()
        let audit = try history.audit(clock: ManualClock(at("2030-01-01T00:00:00Z")))
        let report = try CaseAuditReport.make(ledger: audit, storeDirectory: history.store, caseId: AsOfCase.caseId,
                                              at: audit.queryTime(asOf: AsOfCase.asOf))
        #expect(report.asKnown == AsOfCase.headRecordedAt)

        #expect(report.trail.to == AsOfCase.asOf)
        #expect(report.trail.entries.map(\.citation.sequence) == history.before)
        let cited = Set((report.trail.citations + report.holders.citations + report.breaches.flatMap(\.evidence)).map(\.sequence))
        #expect(cited.isDisjoint(with: history.after), "nothing after 14 March is cited")

        // Met on the 17th: as of the 14th the six-week escalation is still due and the monitoring
        // record, due in February, open and overdue; neither reads as met.
        let timescales = report.trail.timescales
        let escalation = try #require(timescales.first { $0.subject.contains("head of service") })
        #expect(escalation.status == .due)
        #expect(escalation.satisfiedAt == nil)
        let monitoring = try #require(timescales.first { $0.timescale == .unallocatedMonitoring })
        #expect(monitoring.status == .overdue)
        #expect(monitoring.satisfiedAt == nil)
        #expect(timescales.allSatisfy { $0.satisfiedAt.map { $0 <= AsOfCase.asOf } ?? true })
        #expect(!timescales.contains { $0.timescale == .oversightOnChange }, "the transfer to W2 came later")

        let breach = try #require(report.breaches.first { $0.ruleId == TimescaleID.unallocatedMonitoring.rawValue })
        #expect(breach.timescale?.status == .overdue)
        #expect(breach.summary.contains("open and overdue"))
        #expect(report.breaches.allSatisfy { $0.at <= AsOfCase.asOf })

        // W1's spell ended before the 14th; S1's and the unallocated spell were still running.
        let spells = report.holdings.map { "\($0.workerId) \($0.isPrimary) \($0.start.iso8601) \($0.end?.iso8601 ?? "open")" }
        #expect(spells == ["W1 true 2025-01-06T11:00:00.000Z 2025-02-03T11:00:00.000Z",
                           "S1 false 2025-01-20T11:00:00.000Z open"])
        #expect(report.unallocatedIntervals.last?.start == at("2025-02-03T11:00:00Z"))
        #expect(report.unallocatedIntervals.last?.end == nil)
        #expect(report.unallocatedIntervals.allSatisfy { $0.end.map { $0 <= AsOfCase.asOf } ?? true })

        #expect(report.holders.primary == nil)
        #expect(report.holders.coWorkers.map(\.workerId) == ["S1"])
        #expect(report.holders.latestOversight?.citation.sequence == history.before[3])

        let html = report.html()
        for text in history.forbiddenText(in: audit) {
            #expect(!html.contains(text), "the HTML page shows \(text), which is after 14 March")
        }
        #expect(html.contains(CaseAuditReport.openAtAsOf))

        // The control: as of the end of March the same report runs on to the closure.
        let end = try CaseAuditReport.make(ledger: audit, storeDirectory: history.store, caseId: AsOfCase.caseId,
                                           at: audit.queryTime(asOf: at("2025-03-31T23:59:59.999Z")))
        #expect(end.trail.entries.map(\.citation.sequence) == history.before + history.after)
        #expect(end.holdings.first { $0.workerId == "S1" }?.end != nil)
        #expect(end.trail.timescales.first { $0.subject.contains("head of service") }?.status == .met)
    }
}
