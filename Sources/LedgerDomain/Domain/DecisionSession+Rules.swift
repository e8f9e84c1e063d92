import Foundation
import LedgerEvents
import LedgerStore
import LedgerSupport

/// Judging a command by the one rule engine (``PolicyRules``): the rules about its act, and every
/// invariant of the cases it touches on the state *after* it, at its valid time.
extension DecisionSession {
    /// Judges `make`'s event and emits it, or refuses the command.
    ///
    /// `make` builds the event from the evaluation (so overrides and findings are recorded in it);
    /// it is called once to see the state after the event, and once more with the verdict. A
    /// state invariant already broken before the command (and justified then) is not the
    /// command's doing; one the command breaks is judged like an allocation that would break it.
    package mutating func emitJudged(
        acts: [RuleViolation], justifications: [RuleID: String], notes: [String] = [], takesEffectAt: Instant? = nil,
        _ make: (RuleEvaluation) -> LedgerEvent
    ) throws(DomainError) {
        var evaluation = evaluation(justifications: justifications)
        for note in notes { evaluation.note(note) }
        let provisional = make(evaluation)
        let invariants = newInvariantViolations(adding: provisional, at: takesEffectAt).filter { found in
            !acts.contains { $0.subject == found.subject }
        }
        for violation in acts + invariants { evaluation.breach(violation) }
        try evaluation.check()
        emit(make(evaluation), after: evaluation)
    }

    /// Invariants broken after `event` (with the events already emitted) that were not broken
    /// before the command, on every case the command touches: its own cases, and the cases held
    /// by the workers it changes. Judged at `instant` when the change takes effect at another time
    /// than the command's (a role change from its effective date), else at the command's.
    package func newInvariantViolations(adding event: LedgerEvent, at instant: Instant? = nil) -> [RuleViolation] {
        let pending = proposed + [ProposedEvent(event: event, occurredAt: context.occurredAt, actor: actor, source: .command)]
        let view = instant.map { self.view.model.view(asOf: $0, asKnown: self.view.asKnown) } ?? self.view
        let after = view.with(pending, firstSequence: context.nextSequence)
        var caseIds = Set<String>()
        for proposed in pending {
            let stream = proposed.stream
            switch stream.category {
            case "case":
                caseIds.insert(String(stream.identifier))
            case "worker":
                let workerId = String(stream.identifier)
                caseIds.formUnion(after.load(of: workerId, policy: policy).caseIds)
                caseIds.formUnion(view.load(of: workerId, policy: policy).caseIds)
            default:
                break
            }
        }
        var results: [RuleViolation] = []
        for caseId in caseIds.sorted() {
            let before = Set(Self.invariants(caseId, in: view).map(\.subject))
            results += Self.invariants(caseId, in: after).filter { !before.contains($0.subject) }
        }
        return results
    }

    /// The invariants `caseId` breaks in `view`, at the view's instant.
    package static func invariants(_ caseId: String, in view: ModelView) -> [RuleViolation] {
        guard let record = view.caseView(caseId) else { return [] }
        return PolicyRules.caseInvariants(caseId: caseId, of: record, worker: { view.worker($0) }, at: view.asOf,
                                          policy: view.policy.policy)
    }

    /// The act rules of `worker` taking `record` (allocation, co-allocation, transfer to a
    /// worker), judged on the caseload after the act; also returns the caseload the manager saw
    /// before it, for the event.
    package mutating func holdingViolations(
        _ record: CaseView, caseId: String, by worker: WorkerView, workerId: String, isPrimary: Bool,
        replacesPrimary: Bool, rationale: String, tasks: [AllocationTask], provisional: LedgerEvent,
        notes: inout [String]
    ) throws(DomainError) -> (violations: [RuleViolation], figures: CaseloadFigures) {
        guard let role = worker.role, role.isCaseHolding else {
            let role = worker.role?.displayName.withArticle ?? "not in a case-holding role"
            throw .invalidState(subject: workerId, problem: "is \(role) and cannot hold cases",
                                remedy: "choose a practitioner or manager")
        }
        let before = view.load(of: workerId, policy: policy)
        let after = view.with(proposed + [ProposedEvent(event: provisional, occurredAt: context.occurredAt, actor: actor,
                                                        source: .command)],
                              firstSequence: context.nextSequence)
        // The team's service area picks the NQSW ramp's column.
        if role == .asye, let teamId = worker.teamId { read(.team(teamId)) }
        let view = self.view
        var record = record
        if var pending = record.pendingReReferral, pending.previousClosureAt == nil, let opening = record.openingFactIndex,
           let fact = view.caseTimeline(caseId)?.facts[opening],
           case .referralReceived(let referral)? = context.log.byFact(fact)?.event {
            // The model keeps the referral's previous worker; the closure it followed is in the log.
            pending.previousClosureAt = referral.previousClosureAt
            record.pendingReReferral = pending
        }
        let act = PolicyRules.HoldingAct(
            caseId: caseId, before: record, workerId: workerId, worker: worker, isPrimary: isPrimary,
            replacesPrimary: replacesPrimary, loadAfter: after.load(of: workerId, policy: policy),
            teamArea: worker.teamId.flatMap { view.team($0)?.serviceArea } ?? record.serviceArea,
            record: PolicyRules.AllocationRecordCheck(rationale: rationale, tasks: tasks, date: date),
            policy: policy, calendar: context.calendar, date: date, otherWorker: { view.worker($0) })
        var violations = PolicyRules.holdingAct(act, notes: &notes)
        if record.holding(of: workerId) == nil, !violations.contains(where: { $0.rule == .cap }) {
            violations += laterCapViolations(caseId: caseId, workerId: workerId, provisional: provisional)
        }
        let cap = policy.cap(for: role)
        return (violations, CaseloadFigures(caseCount: before.caseCount, weightedScore: before.weightedScore,
                                            caseCap: cap?.cases, pointsCap: cap?.points))
    }

    /// CAP judged at the later instants a backdated act changes.
    ///
    /// A rule is an invariant over the state at an instant. An act dated before holdings the ledger
    /// already records for the same worker changes the worker's caseload at each of those later
    /// instants too, so each is judged: at every later start of one of the worker's holdings (and
    /// every later change of a held case's risk), the caseload with the act must not break a cap
    /// the caseload without it kept. Otherwise an entry that was lawful when recorded would be
    /// reported as a breach by the audit with nobody asked to justify it.
    package func laterCapViolations(caseId: String, workerId: String, provisional: LedgerEvent) -> [RuleViolation] {
        let start = context.occurredAt
        let spans = view.model.heldCases(of: workerId, asKnown: view.asKnown)
        var instants = Set<Instant>()
        for span in spans where span.caseId != caseId {
            if span.start > start { instants.insert(span.start) }
            for phase in span.phases where phase.from > start { instants.insert(phase.from) }
        }
        guard !instants.isEmpty else { return [] }
        let pending = proposed + [ProposedEvent(event: provisional, occurredAt: start, actor: actor, source: .command)]
        for instant in instants.sorted() {
            let without = view.model.view(asOf: instant, asKnown: view.asKnown)
            let with = without.with(pending, firstSequence: context.nextSequence)
            let policy = with.policy.policy
            guard let role = with.worker(workerId)?.role, let cap = policy.cap(for: role) else { continue }
            let loadWith = with.load(of: workerId, policy: policy)
            // The act no longer holds the case then (a later entry ended it): nothing to add.
            guard loadWith.caseIds.contains(caseId) else { continue }
            let excess = PolicyRules.capExcess(loadWith, cap)
            let excessWithout = PolicyRules.capExcess(without.load(of: workerId, policy: policy), cap)
            guard excess.cases != nil || excess.points != nil, excessWithout.cases == nil, excessWithout.points == nil
            else { continue }
            var held: [String] = []
            if let cases = excess.cases { held.append("\(loadWith.caseCount) of \(cases) cases") }
            if let points = excess.points { held.append("\(loadWith.weightedScore) of \(points) points") }
            let when = LondonTime.wallClockText(instant)
            let later = spans.filter { $0.start == instant && $0.caseId != caseId }
            let what = later.first.map { "when \($0.caseId) (#\($0.allocation.sequence)) starts" } ?? "when a held case's risk changes"
            return [RuleViolation(
                rule: .cap, caseId: caseId, workerId: workerId,
                finding: "dated \(LondonTime.wallClockText(start)), this would have \(workerId) hold "
                    + "\(held.joined(separator: " and ")) allowed for \(role.displayName.withArticle) from \(when), \(what)",
                remedy: "date it after \(workerId)'s later holdings, or allocate to a worker with capacity",
                justifyRemedy: RuleBreach.justificationRemedy, evidence: later.map(\.allocation))]
        }
        return []
    }
}
