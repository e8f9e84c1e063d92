import LedgerStore
import LedgerSupport

/// A proposed event is what the store writes: the events layer's one ``LogEntry``.
extension ProposedEvent: LogEntry {
    public var typeName: String { event.typeName }
    public var schemaVersion: Int { event.schemaVersion }
    public var actorId: String { actor.id }
    public var actorRole: String { actor.role.rawValue }
    public var actorAccount: String? { account }

    /// The payload goes through ``LedgerJSONEncoder``, which writes the same bytes as
    /// Foundation's ledger encoder (tested on every event type) several times faster.
    public func appendData(to buffer: inout GrowableBuffer<UInt8>) throws {
        try event.encodeData(into: &buffer, using: Self.encoder)
    }

    public func dataMismatch(_ data: UnsafeRawBufferPointer) -> String? {
        do {
            let decoded = try LedgerEvent.decodeData(type: event.typeName, schemaVersion: event.schemaVersion, bytes: data,
                                                     using: LedgerJSONDecoder())
            return decoded == event ? nil : "decodes to a different value"
        } catch {
            return "does not decode: \(error)"
        }
    }

    private static let encoder = LedgerJSONEncoder()
}
