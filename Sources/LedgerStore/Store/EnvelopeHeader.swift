import Foundation
import LedgerSupport

/// The envelope's fixed header, read without touching the payload: enough for the store to
/// check order, rebuild stream versions and find the batch boundaries.
public struct EnvelopeHeader: Sendable, Hashable {
    public var sequence: UInt64
    public var eventId: String
    public var type: String
    public var schemaVersion: Int
    public var stream: StreamName
    public var occurredAt: Instant
    public var recordedAt: Instant
    public var actorId: String
    /// The actor's role as written: opaque to the store, so a log naming a role this build does
    /// not know still verifies; the events layer refuses it when it decodes the envelope.
    public var actorRole: String
    /// The operating-system account the event was recorded from, when present (an optional key
    /// after the role, added after format 1 was first written: absent on every older line).
    public var actorAccount: String?
    public var source: EventSource
    public var correlationId: String
    public var batch: BatchPosition
    /// Byte range of the payload object within the content.
    public var dataRange: Range<Int>
}

/// Why a line's content could not be read as an envelope.
public struct EnvelopeFormatError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Byte offset within the content where reading stopped.
    public var offset: Int
    public var detail: String

    public var description: String { "malformed envelope at content byte \(offset): \(detail)" }
}

extension LineDraft {
    /// Appends the content bytes of `entry` at this draft's place to `buffer`, where the store
    /// frames the line around them: the header in the format's fixed order, then the payload.
    /// The header is written with the same JSON writer as the payload, so envelope and payload
    /// strings follow one escaping rule by construction. On error `buffer` may hold a partial
    /// content.
    package func appendContent<Entry: LogEntry>(of entry: Entry, to buffer: inout GrowableBuffer<UInt8>) throws {
        buffer.appendStaticText(#"{"sequence":"#)
        buffer.appendDecimal(sequence)
        buffer.appendStaticText(#","eventId":"#)
        buffer.appendJSONString(eventId)
        buffer.appendStaticText(#","type":"#)
        buffer.appendJSONString(entry.typeName)
        buffer.appendStaticText(#","schemaVersion":"#)
        buffer.appendInteger(entry.schemaVersion)
        buffer.appendStaticText(#","stream":"#)
        buffer.appendJSONString(entry.stream.rawValue)
        buffer.appendStaticText(#","occurredAt":"#)
        buffer.appendInstant(entry.occurredAt)
        buffer.appendStaticText(#","recordedAt":"#)
        buffer.appendInstant(recordedAt)
        buffer.appendStaticText(#","actor":{"id":"#)
        buffer.appendJSONString(entry.actorId)
        buffer.appendStaticText(#","role":"#)
        buffer.appendJSONString(entry.actorRole)
        if let account = entry.actorAccount {
            buffer.appendStaticText(#","account":"#)
            buffer.appendJSONString(account)
        }
        buffer.appendStaticText(#"},"source":"#)
        switch entry.source {
        case .command:
            buffer.appendStaticText(#""command""#)
        case .importRow(let batch, let row):
            // `EventSource.description`'s text, written without building the string.
            buffer.appendStaticText(#""import:"#)
            buffer.appendJSONEscaped(batch)
            buffer.append(UInt8(ascii: ":"))
            buffer.appendInteger(row)
            buffer.append(0x22)
        }
        buffer.appendStaticText(#","correlationId":"#)
        buffer.appendJSONString(correlationId)
        buffer.appendStaticText(#","batch":{"index":"#)
        buffer.appendInteger(batch.index)
        buffer.appendStaticText(#","size":"#)
        buffer.appendInteger(batch.size)
        buffer.appendStaticText(#"},"data":"#)
        try entry.appendData(to: &buffer)
        buffer.append(0x7D)
    }
}

extension EnvelopeHeader {
    /// The instant of a header string only in the one form the writer uses
    /// (`yyyy-MM-ddTHH:mm:ss.SSSZ`, a real calendar date, no escapes: `rawByteCount` is the
    /// string's stored length with its quotes). One form means `recordedAt` order is the same as
    /// byte order, which is how an independent verifier compares it.
    package static func canonicalInstant(_ text: String, rawByteCount: Int) -> Instant? {
        guard rawByteCount == 26 else { return nil }
        var text = text
        return text.withUTF8 { Instant.parseCanonical($0) }
    }

    /// Reads the header fields in their fixed order; the payload is located, not decoded.
    public static func decode(_ content: UnsafeRawBufferPointer) throws(EnvelopeFormatError) -> EnvelopeHeader {
        var cursor = JSONCursor(content)
        do {
            try cursor.expect(#"{"sequence":"#)
            let sequence = try cursor.readUnsignedInteger()
            try cursor.expect(#","eventId":"#)
            let eventId = try cursor.readString()
            try cursor.expect(#","type":"#)
            let type = try cursor.readString()
            try cursor.expect(#","schemaVersion":"#)
            let schemaVersion = try cursor.readUnsignedInteger()
            try cursor.expect(#","stream":"#)
            let stream = try cursor.readString()
            try cursor.expect(#","occurredAt":"#)
            let occurredAtOffset = cursor.index
            guard let occurredAt = Self.canonicalInstant(try cursor.readString(), rawByteCount: cursor.index - occurredAtOffset) else {
                throw JSONCursor.Mismatch(offset: occurredAtOffset, expected: "an instant as yyyy-MM-ddTHH:mm:ss.SSSZ, a real date, without escapes")
            }
            try cursor.expect(#","recordedAt":"#)
            let recordedAtOffset = cursor.index
            guard let recordedAt = Self.canonicalInstant(try cursor.readString(), rawByteCount: cursor.index - recordedAtOffset) else {
                throw JSONCursor.Mismatch(offset: recordedAtOffset, expected: "an instant as yyyy-MM-ddTHH:mm:ss.SSSZ, a real date, without escapes")
            }
            try cursor.expect(#","actor":{"id":"#)
            let actorId = try cursor.readString()
            try cursor.expect(#","role":"#)
            let role = try cursor.readString()
            var account: String?
            if cursor.accept(#","account":"#) { account = try cursor.readString() }
            try cursor.expect(#"},"source":"#)
            let sourceOffset = cursor.index
            guard let source = EventSource(text: try cursor.readString()) else {
                throw JSONCursor.Mismatch(offset: sourceOffset, expected: "command or import:<batch>:<row>")
            }
            try cursor.expect(#","correlationId":"#)
            let correlationId = try cursor.readString()
            try cursor.expect(#","batch":{"index":"#)
            let batchIndex = try cursor.readUnsignedInteger()
            try cursor.expect(#","size":"#)
            let batchSize = try cursor.readUnsignedInteger()
            try cursor.expect(#"},"data":"#)
            let dataStart = cursor.index
            let dataEnd = content.count - 1
            guard dataEnd > dataStart, content[dataStart] == 0x7B, content[dataEnd - 1] == 0x7D,
                  content[dataEnd] == 0x7D
            else { throw JSONCursor.Mismatch(offset: dataStart, expected: "a data object closing the envelope") }
            guard batchIndex >= 1, batchIndex <= batchSize, batchSize <= UInt64(Int32.max),
                  schemaVersion <= UInt64(Int32.max)
            else { throw JSONCursor.Mismatch(offset: dataStart, expected: "1 <= batch index <= batch size") }
            return EnvelopeHeader(
                sequence: sequence, eventId: eventId, type: type, schemaVersion: Int(schemaVersion),
                stream: StreamName(stream), occurredAt: occurredAt, recordedAt: recordedAt,
                actorId: actorId, actorRole: role, actorAccount: account, source: source, correlationId: correlationId,
                batch: BatchPosition(index: Int(batchIndex), size: Int(batchSize)), dataRange: dataStart..<dataEnd)
        } catch let mismatch as JSONCursor.Mismatch {
            throw EnvelopeFormatError(offset: mismatch.offset, detail: "expected \(mismatch.expected)")
        } catch {
            throw EnvelopeFormatError(offset: 0, detail: "\(error)")
        }
    }
}
