import LedgerStore
import LedgerSupport

extension EventEnvelope {
    /// The content bytes of this envelope: the exact bytes the content hash covers, as the
    /// store writes them.
    public func encodeContent() throws -> [UInt8] {
        var buffer = GrowableBuffer<UInt8>(capacity: 1_024)
        defer { buffer.release() }
        try lineDraft.appendContent(of: logEntry, to: &buffer)
        return Array(buffer.elements)
    }

    /// The store's header fields of this envelope.
    package var lineDraft: LineDraft {
        LineDraft(sequence: sequence, eventId: eventId, recordedAt: recordedAt, correlationId: correlationId, batch: batch)
    }

    /// This envelope as the entry the store writes.
    package var logEntry: EnvelopeEntry { EnvelopeEntry(envelope: self) }

    /// Reads a whole envelope, payload included, upcasting old payload versions. A role this
    /// build does not know is refused here, not by the store (``EventDecodingError/unknownRole(role:)``).
    public static func decodeContent(_ content: UnsafeRawBufferPointer, using decoder: LedgerJSONDecoder) throws -> EventEnvelope {
        let header = try EnvelopeHeader.decode(content)
        guard let role = Role(rawValue: header.actorRole) else { throw EventDecodingError.unknownRole(role: header.actorRole) }
        let event = try LedgerEvent.decodeData(
            type: header.type, schemaVersion: header.schemaVersion,
            bytes: UnsafeRawBufferPointer(rebasing: content[header.dataRange]), using: decoder)
        return EventEnvelope(
            sequence: header.sequence, eventId: header.eventId, stream: header.stream,
            occurredAt: header.occurredAt, recordedAt: header.recordedAt, actor: Actor(id: header.actorId, role: role),
            account: header.actorAccount, source: header.source, correlationId: header.correlationId, batch: header.batch, event: event)
    }

    public static func decodeContent(_ content: [UInt8], using decoder: LedgerJSONDecoder) throws -> EventEnvelope {
        try content.withUnsafeBytes { try decodeContent($0, using: decoder) }
    }
}

/// An envelope already in the log, written again as the store wrote it (its own stream name,
/// which a decoded envelope carries as stored).
package struct EnvelopeEntry: LogEntry {
    package var envelope: EventEnvelope
    package var typeName: String { envelope.event.typeName }
    package var schemaVersion: Int { envelope.event.schemaVersion }
    package var stream: StreamName { envelope.stream }
    package var occurredAt: Instant { envelope.occurredAt }
    package var actorId: String { envelope.actor.id }
    package var actorRole: String { envelope.actor.role.rawValue }
    package var actorAccount: String? { envelope.account }
    package var source: EventSource { envelope.source }
    package var eventId: String? {
        get { envelope.eventId }
        set { envelope.eventId = newValue ?? "" }
    }

    package func appendData(to buffer: inout GrowableBuffer<UInt8>) throws {
        try ProposedEvent(event: envelope.event, occurredAt: occurredAt, actor: envelope.actor).appendData(to: &buffer)
    }

    package func dataMismatch(_ data: UnsafeRawBufferPointer) -> String? {
        ProposedEvent(event: envelope.event, occurredAt: occurredAt, actor: envelope.actor).dataMismatch(data)
    }
}
