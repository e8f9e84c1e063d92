import LedgerEvents
import LedgerStore
import LedgerSupport

/// A planned event read back from a ``BatchStage``: the header fields, and the payload as the
/// bytes already encoded.
package struct StagedEntry: LogEntry {
    package let typeName: String
    package let schemaVersion: Int
    package let stream: StreamName
    package let occurredAt: Instant
    package let actorId: String
    package let actorRole: String
    package let actorAccount: String?
    package let source: EventSource
    package var eventId: String?
    /// The payload object's bytes, exactly as the log will hold them (a copy: the stage gives
    /// its pages back as the append moves on).
    package let data: [UInt8]

    package init(record: UnsafeRawBufferPointer) {
        var reader = StagedRecordReader(record)
        occurredAt = Instant(millisecondsSinceEpoch: reader.integer())
        schemaVersion = Int(reader.integer())
        typeName = reader.string()
        stream = StreamName(reader.string())
        actorId = reader.string()
        actorRole = reader.string()
        let account = reader.string()
        actorAccount = reader.byte() == 0 ? nil : account
        source = EventSource(text: reader.string()) ?? .command
        let identifier = reader.string()
        eventId = identifier.isEmpty ? nil : identifier
        data = Array(reader.field())
    }

    package func appendData(to buffer: inout GrowableBuffer<UInt8>) throws {
        data.withUnsafeBufferPointer { buffer.append($0) }
    }

    /// The written bytes are the staged ones; what is checked is that they decode to an event
    /// that encodes back to the same bytes (the codec's round trip, as for any entry).
    package func dataMismatch(_ written: UnsafeRawBufferPointer) -> String? {
        do {
            let decoded = try LedgerEvent.decodeData(type: typeName, schemaVersion: schemaVersion, bytes: written,
                                                     using: LedgerJSONDecoder())
            var again: [UInt8] = []
            try decoded.encodeData(into: &again, using: LedgerJSONEncoder())
            return again.elementsEqual(written) ? nil : "decodes to a different value"
        } catch {
            return "does not decode: \(error)"
        }
    }
}
