import Foundation
import LedgerStore
import LedgerSupport

/// One event as the log holds it: the payload plus everything an audit needs to say who,
/// when (in both times), from where, and at which position.
///
/// The envelope fields are written by the store in a fixed order (see `events/README.md`) so a
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
    /// The operating-system account the event was recorded from: set when the ledger's policy
    /// binds actors to logins (`identity: "login"`), so the log says who ran the command as well
    /// as whom they named; nil otherwise and on every event written before it existed.
    public var account: String?
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
        actor: Actor, account: String? = nil, source: EventSource, correlationId: String, batch: BatchPosition,
        event: LedgerEvent
    ) {
        self.sequence = sequence
        self.eventId = eventId
        self.stream = stream
        self.occurredAt = occurredAt
        self.recordedAt = recordedAt
        self.actor = actor
        self.account = account
        self.source = source
        self.correlationId = correlationId
        self.batch = batch
        self.event = event
    }
}

/// An event the caller wants appended; the ledger assigns sequence, recorded time and batch.
public struct ProposedEvent: Sendable, Hashable {
    public var event: LedgerEvent
    public var occurredAt: Instant
    public var actor: Actor
    /// The operating-system account it is recorded from (see ``EventEnvelope/account``).
    public var account: String?
    public var source: EventSource
    /// Nil: the ledger draws one from its identifier generator.
    public var eventId: String?

    public init(event: LedgerEvent, occurredAt: Instant, actor: Actor, account: String? = nil,
                source: EventSource = .command, eventId: String? = nil) {
        self.event = event
        self.occurredAt = occurredAt
        self.actor = actor
        self.account = account
        self.source = source
        self.eventId = eventId
    }

    public var stream: StreamName { event.stream }
}

/// What a successful append wrote: the envelopes as the log now holds them.
public struct AppendReceipt: Sendable, Hashable {
    public var envelopes: [EventEnvelope]
    /// The chain value after each appended event, in order.
    public var chains: [SHA256Digest]
    public var recordedAt: Instant

    public init(envelopes: [EventEnvelope], chains: [SHA256Digest], recordedAt: Instant) {
        self.envelopes = envelopes
        self.chains = chains
        self.recordedAt = recordedAt
    }

    public var firstSequence: UInt64 { envelopes.first?.sequence ?? 0 }
    public var lastSequence: UInt64 { envelopes.last?.sequence ?? 0 }
    public var head: LedgerDigest { LedgerDigest(sequence: lastSequence, hash: chains.last ?? LedgerFormat.genesis) }
}

/// One committed event as read back: the envelope plus the hashes that prove it.
public struct StoredEvent: Sendable, Hashable {
    public var envelope: EventEnvelope
    public var contentHash: SHA256Digest
    /// The chain value after this event: what an answer cites as the event's hash.
    public var chain: SHA256Digest
    public var segment: String
    public var byteOffset: Int

    public init(envelope: EventEnvelope, contentHash: SHA256Digest, chain: SHA256Digest, segment: String, byteOffset: Int) {
        self.envelope = envelope
        self.contentHash = contentHash
        self.chain = chain
        self.segment = segment
        self.byteOffset = byteOffset
    }

    public init(envelope: EventEnvelope, proof: LineProof) {
        self.init(envelope: envelope, contentHash: proof.contentHash, chain: proof.chain, segment: proof.segment,
                  byteOffset: proof.byteOffset)
    }
}
