import Foundation

/// One event as the log holds it: the payload plus everything an audit needs to say who,
/// when (in both times), from where, and at which position.
///
/// The envelope fields are written by hand in a fixed order (see `events/README.md`) so a
/// reader can find the sequence number and times without decoding the payload.
public struct EventEnvelope: Sendable, Hashable {
    /// Position in the log, gapless from 1.
    public var sequence: UInt64
    public var eventId: String
    public var stream: StreamName
    /// Valid time: when it happened in practice.
    public var occurredAt: Instant
    /// Transaction time: when the ledger appended it; never decreases along the log.
    public var recordedAt: Instant
    public var actor: Actor
    public var source: EventSource
    /// Ties together the events one command or one import produced.
    public var correlationId: String
    /// Where this event sits in the all-or-nothing batch it was appended with.
    public var batch: BatchPosition
    public var event: LedgerEvent

    public var type: String { event.typeName }
    public var schemaVersion: Int { event.schemaVersion }

    public init(
        sequence: UInt64, eventId: String, stream: StreamName, occurredAt: Instant, recordedAt: Instant,
        actor: Actor, source: EventSource, correlationId: String, batch: BatchPosition, event: LedgerEvent
    ) {
        self.sequence = sequence
        self.eventId = eventId
        self.stream = stream
        self.occurredAt = occurredAt
        self.recordedAt = recordedAt
        self.actor = actor
        self.source = source
        self.correlationId = correlationId
        self.batch = batch
        self.event = event
    }
}

/// An event's place in its batch: `index` from 1 to `size`. A batch whose last line
/// (`index == size`) is missing was never acknowledged, which is how recovery knows what to cut.
public struct BatchPosition: Sendable, Hashable {
    public var index: Int
    public var size: Int

    public init(index: Int, size: Int) {
        self.index = index
        self.size = size
    }

    public var isLast: Bool { index == size }
}

/// An event the caller wants appended; the ledger assigns sequence, recorded time and batch.
public struct ProposedEvent: Sendable, Hashable {
    public var event: LedgerEvent
    public var occurredAt: Instant
    public var actor: Actor
    public var source: EventSource
    /// Nil: the ledger draws one from its identifier generator.
    public var eventId: String?

    public init(event: LedgerEvent, occurredAt: Instant, actor: Actor, source: EventSource = .command,
                eventId: String? = nil) {
        self.event = event
        self.occurredAt = occurredAt
        self.actor = actor
        self.source = source
        self.eventId = eventId
    }

    public var stream: StreamName { event.stream }
}
