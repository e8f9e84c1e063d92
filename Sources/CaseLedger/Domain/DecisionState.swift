/// The current state commands are decided against, folded from the log in log order.
///
/// It holds only what the rules of DESIGN §5 read: teams, workers, cases, the policies adopted,
/// and each stream's version (for the append's optimistic concurrency check). Everything an
/// audit needs beyond that lives in the log and the projections.
///
/// Corrections: an `EntryRetracted` removes the retracted event from this state. To make that
/// exact, the state keeps, per stream, the compact facts that shaped the stream's entity, and
/// re-folds that one entity without the retracted fact. The log itself is never rewritten, so
/// an as-known query before the retraction still sees the original.
public struct DecisionState: Sendable {
    public internal(set) var teams: [String: TeamState] = [:]
    public internal(set) var workers: [String: WorkerState] = [:]
    public internal(set) var cases: [String: CaseState] = [:]
    /// Every policy adopted and not retracted, sorted by `effectiveFrom` then log order.
    public internal(set) var adoptedPolicies: [AdoptedPolicy] = []
    /// Events per stream, counted exactly as the ledger counts them (retractions do not
    /// uncount anything).
    public internal(set) var streamVersions: [StreamName: Int] = [:]
    /// The highest sequence folded in.
    public internal(set) var lastSequence: UInt64 = 0

    /// Every folded event by sequence: enough to validate and apply a retraction.
    var entries: [UInt64: EntryReference] = [:]
    /// The state-shaping facts of each stream, in log order, for re-folding after a retraction.
    var facts: [StreamName: [FactRecord]] = [:]
    /// Open cases each worker holds (as primary or co-worker): kept in step with `cases`.
    var holdings: [String: Set<String>] = [:]
    /// Cases of each family, open or closed: for re-referral matching.
    var casesByFamily: [String: Set<String>] = [:]

    public init() {}

    /// The number of events in `stream` (0 if none).
    public func version(of stream: StreamName) -> Int { streamVersions[stream] ?? 0 }

    /// Whether the event at `sequence` has been retracted.
    public func isRetracted(sequence: UInt64) -> Bool { entries[sequence]?.isRetracted ?? false }

    /// The stream of the event at `sequence`, if it has been folded.
    public func stream(ofSequence sequence: UInt64) -> StreamName? { entries[sequence]?.stream }

    /// The policy in force at `instant`: the one with the latest `effectiveFrom` at or before it
    /// (the later adoption in the log wins a tie), or nil when none was adopted by then.
    public func policy(inForceAt instant: Instant) -> Policy? {
        adoptedPolicies.last { $0.effectiveFrom <= instant }?.policy
    }

    /// Whether any worker whose role on `date` is a manager role is registered: until one is,
    /// the ledger is being set up (see ``Decider`` on bootstrap).
    public func hasRegisteredManager(on date: LocalDate) -> Bool {
        workers.values.contains { $0.role(on: date).isManager }
    }

    /// The open cases `workerId` holds, as primary or co-worker, sorted by case id.
    public func casesHeld(by workerId: String) -> [CaseState] {
        (holdings[workerId] ?? []).sorted().compactMap { cases[$0] }
    }

    /// The worker's caseload now, weighted by `policy`.
    ///
    /// Co-allocations count: a co-worker carries visits, recording and risk, and the practice
    /// guidance counts "cases held". A case not yet risk-assessed weighs as moderate, so an
    /// unscored caseload is neither waved through as all-low nor blocked as all-high.
    public func caseload(of workerId: String, policy: Policy) -> Caseload {
        let held = casesHeld(by: workerId)
        let score = held.reduce(0) { $0 + Caseload.weight(of: $1, policy: policy) }
        return Caseload(caseIds: held.map(\.caseId), weightedScore: score, familyIds: Set(held.map(\.familyId)))
    }

    /// The most recent closure, before `instant`, of `caseId` or of any case of `familyId`.
    func latestClosure(caseId: String, familyId: String?, before instant: Instant) -> CaseState? {
        var candidates: [CaseState] = []
        if let own = cases[caseId], !own.isOpen { candidates.append(own) }
        if let familyId {
            candidates += (casesByFamily[familyId] ?? []).compactMap { cases[$0] }.filter { !$0.isOpen }
        }
        let closed = candidates.compactMap { record -> (at: Instant, record: CaseState)? in
            guard let at = record.closedAt, at <= instant else { return nil }
            return (at, record)
        }
        return closed.max { ($0.at, $0.record.caseId) < ($1.at, $1.record.caseId) }?.record
    }

    /// Replaces a case and keeps the holding and family indexes in step.
    mutating func replaceCase(_ caseId: String, with new: CaseState?) {
        if let old = cases[caseId] {
            if old.isOpen {
                for holder in old.holderIds { holdings[holder]?.remove(caseId) }
            }
            casesByFamily[old.familyId]?.remove(caseId)
        }
        cases[caseId] = new
        if let new {
            if new.isOpen {
                for holder in new.holderIds { holdings[holder, default: []].insert(caseId) }
            }
            casesByFamily[new.familyId, default: []].insert(caseId)
        }
    }
}
