import LedgerStore
import LedgerSupport

extension Ledger {
    /// Appends `events` as one all-or-nothing batch, after checking each touched stream's
    /// expected version, and returns the envelopes as the log now holds them. Returns after the
    /// bytes are fsynced (``Ledger/appendBatch(_:expecting:correlationId:)``).
    @discardableResult
    public func append(
        _ events: [ProposedEvent], expecting expectations: [StreamName: ExpectedVersion], correlationId: String? = nil
    ) throws(LedgerError) -> AppendReceipt {
        let receipt = try appendBatch(events, expecting: expectations, correlationId: correlationId)
        var envelopes: [EventEnvelope] = []
        envelopes.reserveCapacity(events.count)
        for (offset, proposed) in events.enumerated() {
            envelopes.append(EventEnvelope(
                sequence: receipt.firstSequence + UInt64(offset), eventId: receipt.eventIds[offset], stream: proposed.stream,
                occurredAt: proposed.occurredAt, recordedAt: receipt.recordedAt, actor: proposed.actor,
                account: proposed.account, source: proposed.source, correlationId: receipt.correlationId,
                batch: BatchPosition(index: offset + 1, size: events.count), event: proposed.event))
        }
        return AppendReceipt(envelopes: envelopes, chains: receipt.chains, recordedAt: receipt.recordedAt)
    }
}

extension LedgerReader {
    /// Calls `body` for every committed event with sequence ≥ `sequence`, in order. Every line is
    /// checked by the store on the way; payloads are decoded on all cores beside the hashing.
    @discardableResult
    public func read(from sequence: UInt64 = 1, _ body: (StoredEvent) throws -> Void) throws -> Outcome {
        try readLines(from: sequence, makeDecoder: {
            let decoder = LedgerJSONDecoder()
            return { content in try EventEnvelope.decodeContent(content, using: decoder) }
        }) { proof, envelope in
            try body(StoredEvent(envelope: envelope, proof: proof))
        }
    }

    /// Every committed event from `sequence` on.
    public func readAll(from sequence: UInt64 = 1) throws -> [StoredEvent] {
        var events: [StoredEvent] = []
        try read(from: sequence) { events.append($0) }
        return events
    }
}
