import LedgerEvents
import LedgerStore
import LedgerSupport

/// The ledger's world at one valid time (`asOf`) as known at one transaction time (`asKnown`):
/// what a decision is made against and what the audit reports.
///
/// A view may carry pending facts: the events a decision proposes, folded on top of the model
/// without touching it, so the rules can judge the state *after* a command before anything is
/// appended (``with(_:firstSequence:)``).
public struct ModelView {
    public let model: LedgerModel
    public let asOf: Instant
    public let asKnown: Instant
    /// Facts of proposed events by stream, in proposal order.
    private var pending: [StreamName: [Fact]] = [:]
    /// Case ids with pending facts, kept beside `pending` for the caseload overlay.
    private var pendingCaseIds: Set<String> = []

    package init(model: LedgerModel, asOf: Instant, asKnown: Instant) {
        self.model = model
        self.asOf = asOf
        self.asKnown = asKnown
    }

    /// The London date of `asOf`: the day practice rules talk about.
    public var date: LocalDate { LondonTime.localDate(of: asOf) }

    /// This view with `events` folded on top, numbered from `firstSequence` and recorded now: the
    /// state after a decision, before it is appended.
    public func with(_ events: [ProposedEvent], firstSequence: UInt64) -> ModelView {
        var view = self
        for (offset, proposed) in events.enumerated() {
            let fact = Fact(sequence: firstSequence + UInt64(offset), occurredAt: proposed.occurredAt,
                            recordedAt: Instant(millisecondsSinceEpoch: Int64.min / 4), chain: SHA256Digest.zero,
                            lineOffset: -1, detail: FactDetail(capturing: proposed.event))
            let stream = proposed.stream
            view.pending[stream, default: []].append(fact)
            if stream.category == "case" { view.pendingCaseIds.insert(String(stream.identifier)) }
        }
        return view
    }

    /// A stream's facts in log order with the pending ones after them, retractions marked.
    private func facts(_ kind: ProjectionState.StreamKind, _ identifier: String, stream: StreamName) -> [Fact]? {
        let stored = model.state.facts(kind, identifier)
        guard let extra = pending[stream] else { return stored.isEmpty ? nil : stored }
        var facts = stored + extra
        for fact in extra {
            guard case .retraction(let target, _) = fact.detail,
                  let index = ProjectionState.index(of: target, in: facts)
            else { continue }
            facts[index].retractedBy.append(fact.sequence)
        }
        return facts
    }

    // MARK: - Cases

    /// The case's history as known by this view (with pending facts).
    public func caseTimeline(_ caseId: String) -> CaseTimeline? {
        let stream = StreamName.case(caseId)
        if pending[stream] == nil { return model.caseTimeline(caseId, asKnown: asKnown) }
        guard let facts = facts(.case, caseId, stream: stream) else { return nil }
        return CaseTimeline(caseId: caseId, streamFacts: facts, asKnown: asKnown)
    }

    /// The case at `asOf`, or nil if nothing about it had happened by then.
    public func caseView(_ caseId: String) -> CaseView? {
        caseTimeline(caseId)?.state(at: asOf)
    }

    /// Ids of every case of `familyId` (from their referrals), sorted.
    public func caseIds(ofFamily familyId: String) -> [String] {
        var ids = model.state.casesByFamily[familyId] ?? []
        for (stream, facts) in pending where stream.category == "case" {
            for fact in facts {
                if case .referralReceived(_, familyId, _, _, _, _, _, _, _) = fact.detail { ids.insert(String(stream.identifier)) }
            }
        }
        return ids.sorted()
    }

    // MARK: - Workers and teams

    public func workerTimeline(_ workerId: String) -> WorkerTimeline? {
        let stream = StreamName.worker(workerId)
        if pending[stream] == nil { return model.workerTimeline(workerId, asKnown: asKnown) }
        guard let facts = facts(.worker, workerId, stream: stream) else { return nil }
        return WorkerTimeline(workerId: workerId, streamFacts: facts, asKnown: asKnown)
    }

    /// The worker at `asOf`, or nil if not registered by then.
    public func worker(_ workerId: String) -> WorkerView? {
        workerTimeline(workerId)?.state(at: asOf)
    }

    /// Whether the worker is registered at all (at any valid time), as known by this view.
    public func workerExists(_ workerId: String) -> Bool { workerTimeline(workerId) != nil }

    public func team(_ teamId: String) -> TeamInfo? {
        if let extra = pending[.team(teamId)] {
            for fact in extra.reversed() {
                if case .teamRegistered(let name, let serviceArea, let managerId) = fact.detail, fact.occurredAt <= asOf {
                    return TeamInfo(teamId: teamId, name: name, serviceArea: serviceArea, managerId: managerId,
                                    citation: fact.citation)
                }
            }
        }
        return model.teamInfo(teamId, at: QueryTime(asOf: asOf, asKnown: asKnown))
    }

    /// Whether the team is registered at all, as known by this view.
    public func teamExists(_ teamId: String) -> Bool {
        pending[.team(teamId)] != nil || !model.state.facts(.team, teamId).isEmpty
    }

    /// Ids of every worker ever registered, sorted.
    public var workerIds: [String] { model.state.workers.keys.sorted() }

    /// Whether any worker whose role at `asOf` is a manager role is registered: until one is, the
    /// ledger is being set up (see ``Decider`` on bootstrap).
    public var hasRegisteredManager: Bool {
        model.state.workers.keys.contains { worker($0)?.role?.isManager == true }
    }

    // MARK: - Policy and caseloads

    /// The policy in force at `asOf`.
    public var policy: PolicyInForce { model.policy(at: QueryTime(asOf: asOf, asKnown: asKnown)) }

    /// The worker's caseload at `asOf`: every case held as primary or co-worker, imported
    /// holdings included, weighted by `policy` (a case not yet risk-assessed weighs as moderate).
    public func load(of workerId: String, policy: Policy) -> WorkerLoad {
        var spans = model.heldCases(of: workerId, asKnown: asKnown)
        if !pendingCaseIds.isEmpty {
            spans.removeAll { pendingCaseIds.contains($0.caseId) }
            for caseId in pendingCaseIds.sorted() {
                if let timeline = caseTimeline(caseId) { spans += HeldCase.spans(of: workerId, in: timeline) }
            }
        }
        var load = WorkerLoad()
        for span in spans where span.contains(asOf) && !load.caseIds.contains(span.caseId) {
            guard let phase = span.phase(at: asOf) else { continue }
            load.caseIds.append(span.caseId)
            load.weightedScore += policy.weight(phase.riskLevel ?? .moderate)
            load.familyIds.insert(phase.familyId ?? "case:" + span.caseId)
            if phase.isStatutory { load.statutoryCaseIds.append(span.caseId) }
        }
        load.caseIds.sort()
        return load
    }

    /// The version of `stream` an append would be checked against (pending facts not counted):
    /// nil for a stream the model does not keep.
    public func version(of stream: StreamName) -> Int? { model.version(of: stream) }
}

/// A worker's open cases at one instant and their weight under a policy.
public struct WorkerLoad: Sendable, Hashable {
    public var caseIds: [String] = []
    public var weightedScore = 0
    public var familyIds: Set<String> = []
    public var statutoryCaseIds: [String] = []

    public init() {}

    public var caseCount: Int { caseIds.count }
}
