import Foundation
import LedgerEvents
import LedgerStore
import LedgerSupport

/// The one model of the ledger's history: the bitemporal fold of every event
/// (``ProjectionState``) with the resolution both deciding and auditing ask of it.
///
/// The Decider asks it "the state at the command's valid time, as known now"; the audit asks "at
/// D, as known at T". Both go through ``view(asOf:asKnown:)`` and the same ``CaseTimeline`` and
/// ``WorkerTimeline`` resolution, so imported history, backfills and retractions mean the same
/// thing to both. ``apply(_:chain:lineOffset:)`` is the one per-event step (evolve); it never
/// fails.
///
/// Resolutions "as everything is known" are memoised per stream and dropped when that stream
/// changes, so a long-running writer (the demo) or a report pays for each case once. Not
/// `Sendable`: one model is used from one place, like ``Ledger``.
public final class LedgerModel {
    /// The fold. Never trusted from a snapshot without the checks of ``ModelLoader``.
    public private(set) var state: ProjectionState
    /// The policy in force where the log has adopted none.
    public let defaultPolicy: Policy

    private var timelineCache: [String: CaseTimeline] = [:]
    /// Case timelines resolved from their whole stream for the memo: what a test counts to see
    /// that folding one more fact onto a long case does not rebuild it.
    package private(set) var timelineBuildCount = 0
    /// Each worker's held-case spans as everything known shows them, by case: a caseload point
    /// query scans these. A change to a case marks only that case stale for the workers it names,
    /// so a writer allocating all day recomputes one case, not a worker's whole history.
    private var heldCaseCache: [String: HeldCaseMemo] = [:]
    private var workerTimelineCache: [String: WorkerTimeline] = [:]
    /// Workers each changed case ever named as holder: whose held-case memo a change to the case
    /// makes stale. Kept up to date per fact, so invalidating does not rescan a long case.
    private var workersNamedByCase: [String: Set<String>] = [:]
    private var policyCache: [UInt64: PolicyInForce] = [:]
    private let defaultPolicyInForce: PolicyInForce

    /// Case timelines kept for the "everything known" view before the cache is emptied.
    package static let timelineCacheLimit = 50_000

    public init(state: ProjectionState = ProjectionState(), defaultPolicy: Policy = .children) {
        self.state = state
        self.defaultPolicy = defaultPolicy
        defaultPolicyInForce = PolicyInForce(policy: defaultPolicy, citation: nil, adoptedFrom: nil)
    }

    /// A model sharing this one's fold and memoised resolutions (copy-on-write): for a caller that
    /// folds staged events it may later drop. The memos are valid for the shared fold, and each
    /// copy drops its own as its fold moves on.
    public func copy() -> LedgerModel {
        let copy = LedgerModel(state: state, defaultPolicy: defaultPolicy)
        copy.timelineCache = timelineCache
        copy.heldCaseCache = heldCaseCache
        copy.workerTimelineCache = workerTimelineCache
        copy.workersNamedByCase = workersNamedByCase
        copy.policyCache = policyCache
        return copy
    }

    // MARK: - Evolve

    /// Folds one committed event (the model's evolve step); returns the stream whose facts changed.
    @discardableResult
    public func apply(_ envelope: EventEnvelope, chain: SHA256Digest, lineOffset: Int64 = -1) -> StreamName? {
        // A case's memoised timeline is extended in place when the new fact goes on its end, so
        // deciding a batch of commands on one long case is linear, not quadratic, in its length.
        // Taken out of the memo first, and its share of the stream let go, so neither the
        // stream's nor the timeline's arrays are shared while they grow (no copy per fact).
        var timeline: CaseTimeline?
        if envelope.stream.category == "case" {
            timeline = timelineCache.removeValue(forKey: String(envelope.stream.identifier))
            timeline?.releaseSharedFacts()
        }
        guard let stream = state.apply(envelope, chain: chain, lineOffset: lineOffset) else { return nil }
        let identifier = String(stream.identifier)
        var extended: CaseTimeline?
        if var taken = timeline {
            timeline = nil  // `taken` is then the only holder of its arrays
            if let facts = state.cases[identifier], let fact = facts.last, taken.streamFactCount + 1 == facts.count,
               taken.extend(with: fact, stream: facts) {
                extended = taken
            }
        }
        invalidate(stream)
        if let extended { timelineCache[identifier] = extended }
        return stream
    }

    /// Makes the planned events this model folded (see ``copy()``) the appended ones: each takes
    /// the chain value and recorded time the log gave it. The receipt's events must be exactly the
    /// ones planned, in order.
    public func commit(_ receipt: AppendReceipt) {
        var touched = Set<StreamName>()
        for (envelope, chain) in zip(receipt.envelopes, receipt.chains) {
            state.commit(envelope, chain: chain)
            touched.insert(envelope.stream)
        }
        for stream in touched { invalidate(stream) }
    }

    /// ``commit(_:)`` for a streamed batch: `lines` gives each appended event's sequence and
    /// stream in order, `chains` their chain values, all recorded at `recordedAt`.
    package func commit(lines: some Sequence<(sequence: UInt64, stream: StreamName)>, chains: [SHA256Digest],
                        recordedAt: Instant) {
        var touched = Set<StreamName>()
        for (line, chain) in zip(lines, chains) {
            state.commit(sequence: line.sequence, stream: line.stream, recordedAt: recordedAt, chain: chain)
            touched.insert(line.stream)
        }
        for stream in touched { invalidate(stream) }
    }

    /// Drops the memoised resolutions a change to `stream` affects.
    package func invalidate(_ stream: StreamName) {
        let identifier = String(stream.identifier)
        switch stream.category {
        case "case":
            timelineCache[identifier] = nil
            let facts = state.cases[identifier] ?? []
            var named: Set<String>
            if let known = workersNamedByCase[identifier] {
                named = known
                // Only the newest fact can name someone new (facts are only ever appended).
                if let workerId = facts.last?.detail.allocatedWorkerId { named.insert(workerId) }
            } else {
                named = Set(facts.compactMap(\.detail.allocatedWorkerId))
            }
            workersNamedByCase[identifier] = named
            for workerId in named { heldCaseCache[workerId]?.stale.insert(identifier) }
        case "worker":
            workerTimelineCache[identifier] = nil
        case "policy":
            policyCache = [:]
        default:
            break
        }
    }

    // MARK: - Resolution

    /// The world at valid time `asOf` as known at transaction time `asKnown`.
    public func view(asOf: Instant, asKnown: Instant = .endOfTime) -> ModelView {
        ModelView(model: self, asOf: asOf, asKnown: asKnown)
    }

    /// The case's timeline as known at `asKnown`; memoised for the usual "everything known" query.
    public func caseTimeline(_ caseId: String, asKnown: Instant) -> CaseTimeline? {
        guard let facts = state.cases[caseId], let last = facts.last else { return nil }
        let knowsEverything = last.recordedAt <= asKnown
        if knowsEverything, let cached = timelineCache[caseId] { return cached }
        timelineBuildCount += 1
        let timeline = CaseTimeline(caseId: caseId, streamFacts: facts, asKnown: asKnown)
        if knowsEverything {
            // A bound on memory for long-running processes; recomputing a timeline is cheap.
            if timelineCache.count >= Self.timelineCacheLimit { timelineCache.removeAll(keepingCapacity: true) }
            timelineCache[caseId] = timeline
        }
        return timeline
    }

    /// A case timeline computed without filling the cache (whole-ledger reports would flood it).
    package func uncachedTimeline(_ caseId: String, asKnown: Instant) -> CaseTimeline? {
        guard let facts = state.cases[caseId] else { return nil }
        return CaseTimeline(caseId: caseId, streamFacts: facts, asKnown: asKnown)
    }

    /// Every span in which the worker held a case, as known at `asKnown`; memoised when that is everything.
    package func heldCases(of workerId: String, asKnown: Instant) -> [HeldCase] {
        if var memo = heldCaseCache[workerId], asKnown >= memo.knownUpTo {
            guard !memo.stale.isEmpty else { return memo.flattened }
            for caseId in memo.stale {
                guard let facts = state.cases[caseId], let last = facts.last else {
                    memo.byCase[caseId] = nil
                    continue
                }
                if last.recordedAt > memo.knownUpTo { memo.knownUpTo = last.recordedAt }
                let timeline = caseTimeline(caseId, asKnown: .endOfTime)
                memo.byCase[caseId] = timeline.map { HeldCase.spans(of: workerId, in: $0) } ?? []
            }
            memo.stale = []
            memo.flattened = memo.byCase.keys.sorted().flatMap { memo.byCase[$0] ?? [] }
            if asKnown >= memo.knownUpTo {
                heldCaseCache[workerId] = memo
                return memo.flattened
            }
        }
        var latest = Instant(millisecondsSinceEpoch: Int64.min)
        var byCase: [String: [HeldCase]] = [:]
        var cases: [HeldCase] = []
        for caseId in (state.casesByWorker[workerId] ?? []).sorted() {
            guard let facts = state.cases[caseId], let last = facts.last else { continue }
            if last.recordedAt > latest { latest = last.recordedAt }
            let timeline = timelineCache[caseId].flatMap { $0.asKnown >= last.recordedAt && asKnown >= last.recordedAt ? $0 : nil }
                ?? CaseTimeline(caseId: caseId, streamFacts: facts, asKnown: asKnown)
            let spans = HeldCase.spans(of: workerId, in: timeline)
            byCase[caseId] = spans
            cases += spans
        }
        if asKnown >= latest {
            heldCaseCache[workerId] = HeldCaseMemo(knownUpTo: latest, byCase: byCase, flattened: cases, stale: [])
        }
        return cases
    }

    /// The worker's timeline as known at `asKnown`; memoised when that is everything.
    public func workerTimeline(_ workerId: String, asKnown: Instant) -> WorkerTimeline? {
        guard let facts = state.workers[workerId], let last = facts.last else { return nil }
        let knowsEverything = last.recordedAt <= asKnown
        if knowsEverything, let cached = workerTimelineCache[workerId] { return cached }
        let timeline = WorkerTimeline(workerId: workerId, streamFacts: facts, asKnown: asKnown)
        if knowsEverything { workerTimelineCache[workerId] = timeline }
        return timeline
    }

    /// The team's name, service area and manager as at the query time.
    public func teamInfo(_ teamId: String, at time: QueryTime) -> TeamInfo? {
        guard let facts = state.teams[teamId] else { return nil }
        let visible = ProjectionState.visibleFacts(facts, asKnown: time.asKnown)
            .filter { $0.occurredAt <= time.asOf }
            .sorted { ($0.occurredAt, $0.sequence) < ($1.occurredAt, $1.sequence) }
        var info: TeamInfo?
        for fact in visible {
            if case .teamRegistered(let name, let serviceArea, let managerId) = fact.detail {
                info = TeamInfo(teamId: teamId, name: name, serviceArea: serviceArea, managerId: managerId,
                                citation: fact.citation)
            }
        }
        return info
    }

    /// The policy in force at `time`: the latest adoption with `effectiveFrom ≤ asOf` recorded by
    /// `asKnown` and not retracted (the later adoption in the log wins a tie), else the default.
    public func policy(at time: QueryTime) -> PolicyInForce {
        var best: Fact?
        for facts in state.policies.values {
            for fact in ProjectionState.visibleFacts(facts, asKnown: time.asKnown) {
                guard case .policyAdopted(_, _, _, let effectiveFrom, _) = fact.detail, effectiveFrom <= time.asOf,
                      parsedPolicy(fact) != nil
                else { continue }
                if let current = best, case .policyAdopted(_, _, _, let currentFrom, _) = current.detail,
                   (currentFrom, current.sequence) > (effectiveFrom, fact.sequence) {
                    continue
                }
                best = fact
            }
        }
        guard let best, let parsed = parsedPolicy(best) else { return defaultPolicyInForce }
        return parsed
    }

    private func parsedPolicy(_ fact: Fact) -> PolicyInForce? {
        if let cached = policyCache[fact.sequence] { return cached }
        guard case .policyAdopted(_, _, _, let effectiveFrom, let json) = fact.detail,
              let policy = try? Policy.parse(Data(json.utf8), path: "PolicyAdopted \(fact.sequence)", asAdopted: true)
        else { return nil }
        let value = PolicyInForce(policy: policy, citation: fact.citation, adoptedFrom: effectiveFrom)
        policyCache[fact.sequence] = value
        return value
    }

    /// Events in `stream` as the ledger counts them (retractions withdraw nothing from the count):
    /// the version an append's expectation names.
    public func version(of stream: StreamName) -> Int? {
        guard let kind = ProjectionState.StreamKind(stream) else { return nil }
        return state.facts(kind, String(stream.identifier)).count
    }
}

/// One worker's memoised held-case spans.
package struct HeldCaseMemo {
    /// The latest recorded time among the worker's cases' facts: valid for queries known after it.
    package var knownUpTo: Instant
    package var byCase: [String: [HeldCase]]
    /// `byCase` in case-id order, as a caseload scans it.
    package var flattened: [HeldCase]
    /// Cases changed since: recomputed on the next query.
    package var stale: Set<String>
}

extension Instant {
    /// Later than anything a ledger records: "as known now, whatever has been recorded".
    public static let endOfTime = Instant(millisecondsSinceEpoch: Int64.max / 4)
}
