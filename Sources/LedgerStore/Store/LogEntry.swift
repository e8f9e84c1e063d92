import LedgerSupport

/// What the store needs of an event to write it as a line: the envelope's fields as text and
/// numbers, and the payload written as a JSON object.
///
/// The store knows bytes, not meanings: an event type, an actor's role and a stream are opaque
/// strings to it, and the payload is whatever ``appendData(to:)`` writes. The events layer's
/// `ProposedEvent` is the one conformance the product has; store tests use a small one of their
/// own, which is how the store is tested without the domain.
public protocol LogEntry: Sendable {
    /// The `type` header field.
    var typeName: String { get }
    /// The `schemaVersion` header field: the version of the payload's shape.
    var schemaVersion: Int { get }
    var stream: StreamName { get }
    /// Valid time: when it happened in practice.
    var occurredAt: Instant { get }
    var actorId: String { get }
    var actorRole: String { get }
    /// The operating-system account the entry was recorded from, when the writer bound its actor
    /// to one (`"actor":{…,"account":…}`); nil leaves the key out, as every entry before it did.
    /// Opaque here, like the role.
    var actorAccount: String? { get }
    var source: EventSource { get }
    /// Nil: the ledger draws one from its identifier generator.
    var eventId: String? { get set }

    /// Writes the payload, a JSON object, at the end of `buffer`. On error `buffer` may hold a
    /// partial payload; the line is then refused.
    func appendData(to buffer: inout GrowableBuffer<UInt8>) throws

    /// Why `data`, the payload bytes just written, does not decode back to this entry's payload,
    /// or nil when it does. Called only when ``LedgerOptions/checkEncodingBeforeWrite`` is on.
    func dataMismatch(_ data: UnsafeRawBufferPointer) -> String?
}

extension LogEntry {
    /// No account: what an entry written without identity binding records.
    public var actorAccount: String? { nil }
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

/// The header fields the store assigns to an entry it is about to write: position, recorded
/// time, correlation and batch. Together with the entry's own fields they make the envelope.
package struct LineDraft: Sendable, Hashable {
    package var sequence: UInt64
    package var eventId: String
    package var recordedAt: Instant
    package var correlationId: String
    package var batch: BatchPosition

    package init(sequence: UInt64, eventId: String, recordedAt: Instant, correlationId: String, batch: BatchPosition) {
        self.sequence = sequence
        self.eventId = eventId
        self.recordedAt = recordedAt
        self.correlationId = correlationId
        self.batch = batch
    }
}
