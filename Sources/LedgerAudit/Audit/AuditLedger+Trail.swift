import LedgerDomain
import LedgerEvents
import LedgerStore
import LedgerSupport

extension AuditLedger {
    /// Every event of `caseId` that happened in `from...to` (valid time, either end open) and had
    /// been recorded by `asKnown`, in the order it happened, with corrections shown as corrections:
    /// a retracted entry stays in the trail marked retracted (if the retraction was recorded by
    /// `asKnown`), next to the correction and any replacement.
    public func trail(caseId: String, from: Instant? = nil, to: Instant? = nil, asKnown: Instant) throws -> TrailAnswer {
        guard let streamFacts = state.cases[caseId] else { throw AuditError.unknownCase(caseId) }
        let known = streamFacts.filter { $0.recordedAt <= asKnown }
        let ordered = known.sorted { ($0.occurredAt, $0.sequence) < ($1.occurredAt, $1.sequence) }
        var entries: [TrailEntry] = []
        var latestOccurredBySequence: Instant?
        var outOfOrder = Set<UInt64>()
        for fact in known {
            if let latest = latestOccurredBySequence, fact.occurredAt < latest { outOfOrder.insert(fact.sequence) }
            if latestOccurredBySequence.map({ fact.occurredAt > $0 }) ?? true { latestOccurredBySequence = fact.occurredAt }
        }
        for fact in ordered {
            if let from, fact.occurredAt < from { continue }
            if let to, fact.occurredAt > to { continue }
            let stored = try storedEvent(for: fact)
            let envelope = stored.envelope
            var entry = TrailEntry(
                citation: fact.citation, type: envelope.type, occurredAt: envelope.occurredAt,
                recordedAt: envelope.recordedAt, actor: envelope.actor, source: envelope.source.description,
                correlationId: envelope.correlationId, summary: EventSummary.describe(envelope.event), status: .current,
                retraction: nil, retracts: nil, replaces: nil, recordedOutOfOrder: outOfOrder.contains(fact.sequence),
                data: JSONValue(payloadOf: envelope.event))
            if case .retraction(let target, _) = fact.detail {
                entry.status = .correction
                if let index = ProjectionState.index(of: target, in: streamFacts) {
                    entry.retracts = streamFacts[index].citation
                }
            } else if let replaced = correctedCitation(of: fact, in: streamFacts) {
                entry.status = .replacement
                entry.replaces = replaced
            }
            if let retraction = ProjectionState.effectiveRetraction(of: fact, in: streamFacts, asKnown: asKnown) {
                entry.status = .retracted
                var reason = ""
                var manager = ""
                if case .entryRetracted(let payload) = try storedEvent(for: retraction).envelope.event {
                    reason = payload.reason
                    manager = payload.authorisingManagerId
                }
                entry.retraction = RetractionSummary(citation: retraction.citation, recordedAt: retraction.recordedAt,
                                                     reason: reason, authorisingManagerId: manager)
            }
            entries.append(entry)
        }
        var timescales: [TimescaleStatus] = []
        if let timeline = caseTimeline(caseId, asKnown: asKnown) {
            let asOf = to ?? max(asKnown, ordered.last?.occurredAt ?? asKnown)
            let time = QueryTime(asOf: asOf, asKnown: asKnown)
            timescales = self.timescales(for: timeline, at: time, policy: policy(at: time)).filter { status in
                (from.map { status.dueAt >= $0 || status.startedAt >= $0 } ?? true)
            }
        }
        var citations = entries.flatMap { entry in
            [entry.citation] + [entry.retraction?.citation, entry.retracts, entry.replaces].compactMap { $0 }
        }
        citations += timescales.flatMap(\.evidence)
        return TrailAnswer(caseId: caseId, from: from, to: to, asKnown: asKnown,
                           head: Citation(sequence: head.sequence, hash: head.hash), entries: entries,
                           timescales: timescales, citations: citations.normalised())
    }
}
