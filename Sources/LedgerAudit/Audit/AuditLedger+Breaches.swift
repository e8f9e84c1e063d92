import LedgerDomain
import LedgerEvents
import LedgerStore
import LedgerSupport

extension AuditLedger {
    /// Every rule finding (justified or not) about events that happened in `from...to`, and every
    /// timescale whose deadline fell in `from...to` and was missed or is open and overdue as at
    /// `asOf` (default: `to`, or now), each with the events that prove it; all as known at `asKnown`.
    /// The period never extends past `asOf`. `caseIds` limits the answer to those cases (one case's
    /// audit report need not judge the whole ledger).
    public func breaches(from: Instant? = nil, to: Instant? = nil, asOf: Instant? = nil, asKnown: Instant,
                         caseIds limit: Set<String>? = nil) throws -> BreachesAnswer
    {
        let judgedAt = asOf ?? to ?? max(options.clock.now(), asKnown)
        let time = QueryTime(asOf: judgedAt, asKnown: asKnown)
        let lower = from ?? Instant(millisecondsSinceEpoch: Int64.min / 4)
        let upper = min(to ?? judgedAt, judgedAt)
        guard lower <= upper else { throw AuditError.invalidPeriod(from: lower, to: upper) }
        let range = lower...upper
        let policyNow = policy(at: time)
        let caseIds = limit.map { $0.sorted() } ?? state.cases.ids.sorted()
        var relevant: [String] = []
        for caseId in caseIds {
            guard let timeline = model.uncachedTimeline(caseId, asKnown: asKnown), let last = timeline.facts.last else { continue }
            // A case closed before the period began can have no finding or deadline in it.
            if last.occurredAt < range.lowerBound, !(timeline.states.last?.isOpen ?? false) { continue }
            relevant.append(caseId)
        }
        let evaluator = RuleFindingEvaluator(model: model, asKnown: asKnown)
        var workerFindings: [String: [RuleFindingEvaluator.Finding]] = [:]
        for workerId in state.workers.keys.sorted() {
            guard let timeline = workerTimeline(workerId, asKnown: asKnown) else { continue }
            for finding in evaluator.findings(ofWorker: timeline, range: range) where limit?.contains(finding.caseId) ?? true {
                workerFindings[finding.caseId, default: []].append(finding)
            }
        }

        var breaches: [Breach] = []
        for caseId in relevant {
            guard let timeline = model.uncachedTimeline(caseId, asKnown: asKnown) else { continue }
            let findings = evaluator.findings(in: timeline, range: range) + (workerFindings[caseId] ?? [])
            var matched = Set<String>()
            for finding in findings {
                let fact = finding.fact
                let justification = try recordedOverrides(of: fact).first { $0.ruleId == finding.rule.rawValue }?.justification
                let overridden = justification != nil
                if overridden { matched.insert("\(fact.sequence) \(finding.rule.rawValue)") }
                breaches.append(Breach(
                    kind: overridden ? .overridden : .finding, ruleId: finding.rule.rawValue,
                    severity: policy(at: QueryTime(asOf: finding.at, asKnown: asKnown)).policy.severity(finding.rule),
                    caseId: caseId, workerId: finding.workerId, at: finding.at, summary: finding.summary,
                    justification: justification, timescale: nil, evidence: finding.evidence))
            }
            // Overrides the domain recorded that the audit's own checks did not reproduce.
            for fact in timeline.facts where range.contains(fact.occurredAt) && !fact.detail.overriddenRuleIds.isEmpty {
                for recorded in try recordedOverrides(of: fact) where !matched.contains("\(fact.sequence) \(recorded.ruleId)") {
                    let rule = RuleID(rawValue: recorded.ruleId)
                    breaches.append(Breach(
                        kind: .overridden, ruleId: recorded.ruleId,
                        severity: rule.map { policy(at: QueryTime(asOf: fact.occurredAt, asKnown: asKnown)).policy.severity($0) },
                        caseId: caseId, workerId: fact.detail.allocatedWorkerId, at: fact.occurredAt,
                        summary: recorded.finding, justification: recorded.justification, timescale: nil,
                        evidence: [fact.citation]))
                }
            }
            for status in timescales(for: timeline, at: time, policy: policyNow)
            where status.isBreach && range.contains(status.dueAt) {
                breaches.append(Breach(
                    kind: .timescale, ruleId: status.timescale.rawValue, severity: nil, caseId: caseId, workerId: nil,
                    at: status.dueAt,
                    summary: "\(status.subject): due \(AuditFormatter.london(status.dueAt)), \(status.status == .overdue ? "open and overdue" : "missed")"
                        + (status.satisfiedAt.map { ", met late at \(AuditFormatter.london($0))" } ?? ""),
                    justification: nil, timescale: status, evidence: status.evidence))
            }
        }
        breaches.sort { ($0.at, $0.caseId ?? "", $0.ruleId) < ($1.at, $1.caseId ?? "", $1.ruleId) }
        var counts: [String: BreachCount] = [:]
        for breach in breaches {
            let key = breach.kind.rawValue + " " + breach.ruleId
            counts[key, default: BreachCount(ruleId: breach.ruleId, kind: breach.kind, count: 0)].count += 1
        }
        var citations = breaches.flatMap(\.evidence)
        if let citation = policyNow.citation { citations.append(citation) }
        return BreachesAnswer(
            from: from, to: to, asOf: judgedAt, asKnown: asKnown, head: Citation(sequence: head.sequence, hash: head.hash),
            policy: reference(policyNow), breaches: breaches,
            counts: counts.values.sorted { ($0.ruleId, $0.kind.rawValue) < ($1.ruleId, $1.kind.rawValue) },
            citations: citations.normalised())
    }

    /// The overrides recorded in an event a rule judged, read back from the log (only the kinds
    /// of event that can carry them are read).
    package func recordedOverrides(of fact: Fact) throws -> [PolicyOverride] {
        switch fact.detail {
        case .allocated, .coAllocated, .transferred, .closed, .deallocated, .categoryChanged, .riskAssessed,
             .workerRoleChanged, .closureRequested:
            break
        default:
            return []
        }
        let event = try storedEvent(for: fact).envelope.event
        if let allocation = event.allocation { return allocation.record.overrides }
        switch event {
        case .caseClosed(let payload): return payload.overrides
        case .caseDeallocated(let payload): return payload.overrides ?? []
        case .caseCategoryChanged(let payload): return payload.overrides ?? []
        case .riskLevelAssessed(let payload): return payload.overrides ?? []
        case .workerRoleChanged(let payload): return payload.overrides ?? []
        case .caseClosureRequested(let payload): return payload.overrides ?? []
        default: return []
        }
    }
}
