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
    public var breaches: [Breach]
    /// Every holding interval over the case's life (primary and co-workers), for the timeline.
    public var holdings: [HoldingInterval]
    public var unallocatedIntervals: [UnallocatedInterval]
    /// The head the log verified to when the report was made.
    public var verifiedDigest: LedgerDigest
    public var verifiedEventCount: UInt64

    /// Builds the report; the log is verified first, so the citations rest on checked bytes.
    public static func make(ledger: AuditLedger, storeDirectory: String, caseId: String, at time: QueryTime) throws -> CaseAuditReport {
        let verification = try LedgerVerifier.verify(directory: storeDirectory)
        if let fault = verification.fault { throw LedgerError.corrupt(fault) }
        let holders = try ledger.holders(caseId: caseId, at: time)
        let trail = try ledger.trail(caseId: caseId, asKnown: time.asKnown)
        let breaches = try ledger.breaches(asKnown: time.asKnown).breaches.filter { $0.caseId == caseId && $0.at <= time.asOf }
        var holdings: [HoldingInterval] = []
        var unallocated: [UnallocatedInterval] = []
        if let timeline = ledger.caseTimeline(caseId, asKnown: time.asKnown) {
            var workers: [String] = []
            for state in timeline.states {
                for worker in ([state.primary].compactMap { $0 } + state.coWorkers).map(\.workerId) where !workers.contains(worker) {
                    workers.append(worker)
                }
            }
            holdings = workers.flatMap { timeline.holdingIntervals(of: $0) }.filter { $0.start <= time.asOf }
            unallocated = timeline.unallocatedIntervals.filter { $0.start <= time.asOf }
        }
        return CaseAuditReport(
            caseId: caseId, asOf: time.asOf, asKnown: time.asKnown, holders: holders, trail: trail, breaches: breaches,
            holdings: holdings, unallocatedIntervals: unallocated, verifiedDigest: verification.head,
            verifiedEventCount: verification.eventCount)
    }
}
