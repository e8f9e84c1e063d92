import LedgerDomain
import LedgerEvents
import LedgerStore
import LedgerSupport

/// The inspector's view of one case: who held it when and why, the decision trail, breaches,
/// and the evidence (sequence numbers, hashes, and the digest the log was verified against).
///
/// Gathered from the audit queries so the report and the individual commands can never disagree.
public struct CaseAuditReport: Sendable {
    public var caseId: String
    public var asOf: Instant
    public var asKnown: Instant
    public var holders: HoldersAnswer
    public var trail: TrailAnswer
    /// The case's rule findings and missed or overdue timescales up to `asOf`, judged at `asOf`.
    public var breaches: [Breach]
    /// Every holding interval (primary and co-workers) begun by `asOf`, for the timeline; one
    /// still running at `asOf` has no end, whatever ended it later.
    public var holdings: [HoldingInterval]
    /// Every unallocated interval begun by `asOf`; one still running at `asOf` has no end.
    public var unallocatedIntervals: [UnallocatedInterval]
    /// The head the log verified to when the report was made.
    public var verifiedDigest: LedgerDigest
    public var verifiedEventCount: UInt64
    /// The Merkle tree head of the verified log (C2SP tlog-checkpoint body): what a reader notes
    /// and later checks with `caseledger verify --since FILE` or `tools/verify_consistency.py`.
    public var verifiedCheckpoint: Checkpoint? = nil
    /// The case at as-of in a line: family, team, category, risk, statutory, open or closed.
    public var summary: CaseListing? = nil
    /// Every closure in the trail still standing (not retracted), with its closure summary.
    public var closures: [ClosureRecord] = []

    /// Builds the report as the case stood at `time.asOf`, as known at `time.asKnown`.
    ///
    /// Every section stops at as-of, as `holders` does: the trail ends there, timescales and
    /// breaches are judged there (a deadline met later reads as not yet met), and a holding or
    /// unallocated spell still running then is open, not ended by what came after. An inspector
    /// asking about 14 March must not read what happened on the 17th. The log is verified first,
    /// so the citations rest on checked bytes.
    public static func make(ledger: AuditLedger, storeDirectory: String, caseId: String, at time: QueryTime) throws -> CaseAuditReport {
        let verification = try LedgerVerifier.verify(directory: storeDirectory)
        if let fault = verification.fault { throw LedgerError.corrupt(fault) }
        let holders = try ledger.holders(caseId: caseId, at: time)
        let trail = try ledger.trail(caseId: caseId, to: time.asOf, asKnown: time.asKnown)
        let breaches = try ledger.breaches(asOf: time.asOf, asKnown: time.asKnown, caseIds: [caseId]).breaches
        var holdings: [HoldingInterval] = []
        var unallocated: [UnallocatedInterval] = []
        if let timeline = ledger.caseTimeline(caseId, asKnown: time.asKnown) {
            var workers: [String] = []
            for state in timeline.states {
                for worker in ([state.primary].compactMap { $0 } + state.coWorkers).map(\.workerId) where !workers.contains(worker) {
                    workers.append(worker)
                }
            }
            holdings = workers.flatMap { timeline.holdingIntervals(of: $0) }.compactMap { $0.standing(at: time.asOf) }
            unallocated = timeline.unallocatedIntervals.compactMap { $0.standing(at: time.asOf) }
        }
        return CaseAuditReport(
            caseId: caseId, asOf: time.asOf, asKnown: time.asKnown, holders: holders, trail: trail, breaches: breaches,
            holdings: holdings, unallocatedIntervals: unallocated, verifiedDigest: verification.head,
            verifiedEventCount: verification.eventCount, verifiedCheckpoint: verification.checkpoint,
            summary: ledger.caseListing(caseId, at: time),
            closures: trail.entries.compactMap(ClosureRecord.init(entry:)))
    }
}

/// A span of valid time in a case's timeline that may still be running.
protocol TimelineSpan {
    var start: Instant { get }
    var end: Instant? { get set }
    var endFactIndex: Int? { get set }
}

extension TimelineSpan {
    /// The span as it stood at `asOf`: nil if it had not begun, open if it ended later.
    package func standing(at asOf: Instant) -> Self? {
        guard start <= asOf else { return nil }
        guard let end, end > asOf else { return self }
        var open = self
        open.end = nil
        open.endFactIndex = nil
        return open
    }
}

extension HoldingInterval: TimelineSpan {}
extension UnallocatedInterval: TimelineSpan {}

/// A closure from the trail with what its summary says: the work done, what is outstanding and
/// whose responsibility that is, and who authorised it.
public struct ClosureRecord: Sendable, Hashable, Codable {
    public var citation: Citation
    public var occurredAt: Instant
    public var actorId: String
    public var authorisingManagerId: String?
    public var workDone: String?
    public var outstandingWork: String?
    public var responsibility: String?
    public var evidenceNeedsAddressed: String?
    public var continuingSupport: String?

    /// The closure an entry records, or nil for any other entry or a retracted one.
    package init?(entry: TrailEntry) {
        guard entry.type == CaseClosed.typeName, entry.status != .retracted, case .object(let data) = entry.data else { return nil }
        func text(_ value: JSONValue?) -> String? {
            if case .string(let string)? = value, !string.isEmpty { return string }
            return nil
        }
        var summary: [String: JSONValue] = [:]
        if case .object(let object)? = data["closureSummary"] { summary = object }
        citation = entry.citation
        occurredAt = entry.occurredAt
        actorId = entry.actor.id
        authorisingManagerId = text(data["authorisingManagerId"])
        workDone = text(summary["workDone"])
        outstandingWork = text(summary["outstandingWork"])
        responsibility = text(summary["responsibility"])
        evidenceNeedsAddressed = text(data["evidenceNeedsAddressed"])
        continuingSupport = text(data["continuingSupport"])
    }
}

/// `audit CASE --format json`: the whole report as one JSON document, every section in it.
public struct CaseAuditDocument: Sendable, Hashable, Codable {
    /// A holder's (or the team's, while unallocated) span, in time order.
    public struct Span: Sendable, Hashable, Codable {
        /// `primary`, `coWorker` or `unallocated`.
        public var holding: String
        /// Nil for an unallocated span.
        public var workerId: String?
        public var start: Instant
        /// Nil: still running at as-of.
        public var end: Instant?
    }

    public var caseId: String
    public var asOf: Instant
    public var asKnown: Instant
    /// The log was verified before the report was made: its event count and head.
    public var verifiedEventCount: UInt64
    public var verifiedDigest: String
    /// The checkpoint's three lines (origin, tree size, base64 root), each ending in a line feed.
    public var verifiedCheckpoint: String?
    public var summary: CaseListing?
    public var holders: HoldersAnswer
    public var timeline: [Span]
    public var closures: [ClosureRecord]
    public var trail: TrailAnswer
    public var breaches: [Breach]
}

extension CaseAuditReport {
    /// Holdings and unallocated spans together in time order (then primary before co-worker).
    public var spans: [CaseAuditDocument.Span] {
        let held = holdings.map { CaseAuditDocument.Span(holding: $0.isPrimary ? "primary" : "coWorker", workerId: $0.workerId,
                                                          start: $0.start, end: $0.end) }
        let waiting = unallocatedIntervals.map { CaseAuditDocument.Span(holding: "unallocated", workerId: nil, start: $0.start, end: $0.end) }
        return (held + waiting).sorted { ($0.start, $0.holding) < ($1.start, $1.holding) }
    }

    /// The report as one JSON document.
    public var document: CaseAuditDocument {
        CaseAuditDocument(caseId: caseId, asOf: asOf, asKnown: asKnown, verifiedEventCount: verifiedEventCount,
                          verifiedDigest: verifiedDigest.description, verifiedCheckpoint: verifiedCheckpoint?.text,
                          summary: summary, holders: holders, timeline: spans,
                          closures: closures, trail: trail, breaches: breaches)
    }
}
