import LedgerDomain
import LedgerEvents
import LedgerStore
import LedgerSupport

/// The policy rules of DESIGN §5 run over history: the same ``PolicyRules`` functions the
/// Decider judges commands with, asked of the same model (``LedgerModel``) at each instant where
/// something changed.
///
/// - At every allocation, co-allocation, transfer to a worker and closure: the rules about that act,
///   with the worker, caseload and policy as they stood at that instant.
/// - After every change to a case: each invariant it broke that was not broken just before
///   (a category change that makes a social work officer's case statutory, a deallocation that
///   leaves an ASYE alone on a pre-birth assessment, a statutory case left unallocated).
/// - After every change of a worker's role: each invariant it broke on the cases they held.
///
/// The domain refuses or demands a justification at decision time; imports never block. This is
/// the after-the-fact check that shows an inspector every breach, justified or not, and a
/// differential test keeps it equal to what the Decider decides. A rule the policy switches
/// `off` is not reported.
package struct RuleFindingEvaluator {
    package struct Finding {
        package var rule: RuleID
        package var caseId: String
        package var workerId: String?
        /// The event the finding is about.
        package var fact: Fact
        package var at: Instant
        package var summary: String
        package var evidence: [Citation]
    }

    package let model: LedgerModel
    package let asKnown: Instant

    /// Findings about events of `timeline` that happened in `range`.
    package func findings(in timeline: CaseTimeline, range: ClosedRange<Instant>) -> [Finding] {
        var results: [Finding] = []
        for index in timeline.facts.indices {
            let fact = timeline.facts[index]
            guard range.contains(fact.occurredAt) else { continue }
            let view = model.view(asOf: fact.occurredAt, asKnown: asKnown)
            let before = index > 0 ? timeline.states[index - 1] : CaseView()
            let after = timeline.states[index]
            // STATUTORY-ALLOCATED can begin between events (a referral's allocation timescale
            // running out), so it is found per unallocated interval below, not per fact.
            let violations = actViolations(fact, caseId: timeline.caseId, before: before, after: after, view: view)
                + Self.newInvariants(caseId: timeline.caseId, before: before, after: after,
                                     beforeWorker: { view.worker($0) }, afterWorker: { view.worker($0) },
                                     at: fact.occurredAt, policy: view.policy.policy)
                    .filter { $0.rule != .statutoryAllocated }
            results += violations.map { finding($0, caseId: timeline.caseId, fact: fact) }
        }
        results += statutoryUnallocated(timeline, range: range)
        return results.filter { model.policy(at: QueryTime(asOf: $0.at, asKnown: asKnown)).policy.severity($0.rule) != .off }
    }

    /// Findings caused by changes of the worker's role in `range`, on the cases they held then.
    package func findings(ofWorker timeline: WorkerTimeline, range: ClosedRange<Instant>) -> [Finding] {
        var results: [Finding] = []
        for index in timeline.entries.indices {
            let (validFrom, fact) = timeline.entries[index]
            guard range.contains(validFrom), case .workerRoleChanged = fact.detail else { continue }
            let view = model.view(asOf: validFrom, asKnown: asKnown)
            let previous = index > 0 ? timeline.states[index - 1] : nil
            let current = timeline.states[index]
            let workerId = timeline.workerId
            for caseId in view.load(of: workerId, policy: view.policy.policy).caseIds {
                guard let record = view.caseView(caseId) else { continue }
                let violations = Self.newInvariants(
                    caseId: caseId, before: record, after: record,
                    beforeWorker: { $0 == workerId ? previous : view.worker($0) },
                    afterWorker: { $0 == workerId ? current : view.worker($0) }, at: validFrom, policy: view.policy.policy)
                // Judged when the change took effect; the fact itself stays as its line says, since
                // its overrides are read back from the log and checked against it.
                results += violations.map { finding($0, caseId: caseId, fact: fact, at: validFrom) }
            }
        }
        return results.filter { model.policy(at: QueryTime(asOf: $0.at, asKnown: asKnown)).policy.severity($0.rule) != .off }
    }

    /// The invariants broken after a change that were not broken before it.
    package static func newInvariants(caseId: String, before: CaseView, after: CaseView,
                              beforeWorker: (String) -> WorkerView?, afterWorker: (String) -> WorkerView?,
                              at instant: Instant, policy: Policy) -> [RuleViolation] {
        let earlier = Set(PolicyRules.caseInvariants(caseId: caseId, of: before, worker: beforeWorker, at: instant,
                                                     policy: policy).map(\.subject))
        return PolicyRules.caseInvariants(caseId: caseId, of: after, worker: afterWorker, at: instant, policy: policy)
            .filter { !earlier.contains($0.subject) }
    }

    /// STATUTORY-ALLOCATED: one finding per unallocated interval of a child protection or
    /// child-in-care case, at the instant the rule's own predicate says it began to be broken,
    /// citing the event that left the case unallocated.
    private func statutoryUnallocated(_ timeline: CaseTimeline, range: ClosedRange<Instant>) -> [Finding] {
        var results: [Finding] = []
        for interval in timeline.unallocatedIntervals {
            // The state just after each fact of the interval: the case may become statutory, or be
            // decided, part-way through.
            let last = (interval.endFactIndex ?? timeline.facts.count) - 1
            guard last >= interval.startFactIndex else { continue }
            for index in interval.startFactIndex...last {
                let state = timeline.states[index]
                let policy = model.policy(at: QueryTime(asOf: timeline.facts[index].occurredAt, asKnown: asKnown)).policy
                guard policy.severity(.statutoryAllocated) != .off,
                      let from = PolicyRules.statutoryUnallocatedFrom(state, timescales: policy.timescales)
                else { continue }
                let until = index < last ? timeline.facts[index + 1].occurredAt : interval.end
                let at = max(from, timeline.facts[index].occurredAt)
                guard until.map({ at < $0 }) ?? true else { continue }
                if range.contains(at) {
                    // The event that made it so (the deallocation, transfer or category change) is
                    // the one judged, and carries any justification; the interval's start is cited too.
                    // The finding carries the instant; the fact stays as its line says (see above).
                    let fact = timeline.facts[index]
                    let start = timeline.facts[interval.startFactIndex].citation
                    results.append(Finding(
                        rule: .statutoryAllocated, caseId: timeline.caseId, workerId: nil, fact: fact, at: at,
                        summary: "\(timeline.caseId) is a \(state.mustStayAllocatedGrounds) case and was left unallocated",
                        evidence: [fact.citation] + (start == fact.citation ? [] : [start])))
                }
                break
            }
        }
        return results
    }

    /// The rules about the act a fact records, if it records one.
    private func actViolations(_ fact: Fact, caseId: String, before: CaseView, after: CaseView,
                               view: ModelView) -> [RuleViolation] {
        let policy = view.policy
        switch fact.detail {
        case .allocated(let workerId, _, _, _, let record):
            return holding(workerId, caseId: caseId, isPrimary: true, replacesPrimary: false, record: record,
                           before: before, after: after, view: view, policy: policy)
        case .coAllocated(let workerId, _, _, let record):
            return holding(workerId, caseId: caseId, isPrimary: false, replacesPrimary: false, record: record,
                           before: before, after: after, view: view, policy: policy)
        case .transferred(_, let toWorkerId?, _, _, _, let record):
            return holding(toWorkerId, caseId: caseId, isPrimary: true, replacesPrimary: true, record: record,
                           before: before, after: after, view: view, policy: policy)
        case .closed(let managerId, let summaryComplete, let hasEvidence, _):
            return PolicyRules.closureAct(PolicyRules.ClosureAct(
                caseId: caseId, before: before,
                summaryMissing: summaryComplete ? [] : ["work done, outstanding work or whose responsibility it is"],
                authoriserId: managerId, authoriser: view.worker(managerId), actorId: nil,
                hasEvidenceNeedsAddressed: hasEvidence, date: view.date))
        default:
            return []
        }
    }

    private func holding(_ workerId: String, caseId: String, isPrimary: Bool, replacesPrimary: Bool,
                         record: AllocationRecordFacts, before: CaseView, after: CaseView, view: ModelView,
                         policy: PolicyInForce) -> [RuleViolation] {
        let check = PolicyRules.AllocationRecordCheck(hasRationale: record.hasRationale, hasTasks: record.hasTasks)
        guard let worker = view.worker(workerId) else {
            // A worker the ledger never registered (an import without a workers file): only the
            // record and joint-primary rules can be judged.
            var violations: [RuleViolation] = []
            if !check.hasRationale || !check.hasTasks {
                let missing = [check.hasTasks ? nil : "tasks with timescales", check.hasRationale ? nil : "a rationale"]
                    .compactMap { $0 }.joined(separator: " and ")
                violations.append(RuleViolation(rule: .allocationRecord, caseId: caseId, workerId: workerId,
                                                finding: "allocation to \(workerId) recorded without \(missing)", remedy: ""))
            }
            if isPrimary, !replacesPrimary, let current = before.primary, current.workerId != workerId {
                violations.append(RuleViolation(
                    rule: .jointPrimary, caseId: caseId, workerId: workerId,
                    finding: "\(caseId) already has \(current.workerId) as its primary worker (since \(LondonTime.localDate(of: current.since)))",
                    remedy: ""))
            }
            return violations
        }
        var notes: [String] = []
        let act = PolicyRules.HoldingAct(
            caseId: caseId, before: before, workerId: workerId, worker: worker, isPrimary: isPrimary,
            replacesPrimary: replacesPrimary, loadAfter: view.load(of: workerId, policy: policy.policy),
            teamArea: worker.teamId.flatMap { view.team($0)?.serviceArea } ?? after.serviceArea, record: check,
            policy: policy.policy, calendar: policy.calendar, date: view.date, otherWorker: { view.worker($0) })
        return PolicyRules.holdingAct(act, notes: &notes)
    }

    private func finding(_ violation: RuleViolation, caseId: String, fact: Fact, at judgedAt: Instant? = nil) -> Finding {
        let at = judgedAt ?? fact.occurredAt
        var evidence = [fact.citation]
        if violation.rule == .jointPrimary || violation.rule == .reReferralPrevious,
           let timeline = model.caseTimeline(caseId, asKnown: asKnown) {
            // The allocation or referral the act collides with.
            if let index = timeline.lastIndex(atOrBefore: at), index > 0 {
                let earlier = timeline.states[index - 1]
                if violation.rule == .jointPrimary, let primary = earlier.primary {
                    evidence.append(timeline.facts[primary.factIndex].citation)
                } else if let opening = earlier.openingFactIndex {
                    evidence.append(timeline.facts[opening].citation)
                }
            }
        }
        return Finding(rule: violation.rule, caseId: caseId, workerId: violation.workerId, fact: fact, at: at,
                       summary: violation.finding, evidence: evidence + violation.evidence)
    }
}
