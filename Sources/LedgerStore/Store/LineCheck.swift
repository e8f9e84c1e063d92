import Foundation
import LedgerSupport

/// The check every event's content passes before its line may be written.
///
/// Two strengths (``LedgerOptions/checkEncodingBeforeWrite`` chooses):
/// - **structure** (always): no raw newline; the whole content is one well-formed JSON value
///   (strict RFC 8259, UTF-8 and escapes included); it is an object whose keys are exactly the
///   envelope's, in the format's order; `sequence`, `type`, both instants and the batch
///   position read back as the envelope's (instants in the canonical form readers accept); and
///   `data` is an object closing the content. This catches a malformed or misframed line —
///   what would make the log unreadable or put an event at the wrong place — with one pass of
///   the codec's tape parser and no decoding of the payload.
/// - **decode and compare** (optional, and used by the store's tests): the whole content is
///   decoded back into an envelope, payload included, and compared with the one encoded. This
///   additionally catches valid JSON that is not the event's value, a property of the codec
///   and the payload type, which the codec tests check on every event type against Foundation.
package enum LineCheck {
    /// The envelope's keys in the format's order (events/README.md).
    package static let envelopeKeys: [[UInt8]] = [
        "sequence", "eventId", "type", "schemaVersion", "stream", "occurredAt", "recordedAt", "actor", "source",
        "correlationId", "batch", "data",
    ].map { Array($0.utf8) }
    package static let batchKeys: [[UInt8]] = ["index", "size"].map { Array($0.utf8) }

    /// What is wrong with `content` as the encoding of `entry` at `draft`'s place, or nil when it
    /// may be written.
    package static func problem<Entry: LogEntry>(in content: UnsafeRawBufferPointer, entry: Entry, draft: LineDraft,
                                         decoder: LedgerJSONDecoder, decodesAndCompares: Bool) -> String? {
        // A raw newline would split the line; the encoders never emit one, so this guards the format.
        if memchr(content.baseAddress!, 0x0A, content.count) != nil { return "content contains a raw newline" }
        let expected = Expected(sequence: draft.sequence, type: Array(entry.typeName.utf8), schemaVersion: entry.schemaVersion,
                                occurredAt: entry.occurredAt, recordedAt: draft.recordedAt, batch: draft.batch)
        let structure: String?
        do {
            structure = try decoder.withTape(content) { tokens in
                structureProblem(tokens, content.assumingMemoryBound(to: UInt8.self), expected)
            }
        } catch {
            return "is not well-formed JSON: \(error)"
        }
        if let structure { return structure }
        guard decodesAndCompares else { return nil }
        let header: EnvelopeHeader
        do { header = try EnvelopeHeader.decode(content) } catch { return "does not decode: \(error)" }
        // The strings the structure check only types: each must read back as written.
        guard header.eventId == draft.eventId, header.stream == entry.stream, header.actorId == entry.actorId,
              header.actorRole == entry.actorRole, header.actorAccount == entry.actorAccount, header.source == entry.source, header.correlationId == draft.correlationId
        else { return "a header string does not read back as written" }
        return entry.dataMismatch(UnsafeRawBufferPointer(rebasing: content[header.dataRange])).map { "the payload \($0)" }
    }

    /// The header values the content must read back as.
    private struct Expected {
        var sequence: UInt64
        var type: [UInt8]
        var schemaVersion: Int
        var occurredAt: Instant
        var recordedAt: Instant
        var batch: BatchPosition
    }

    private static func structureProblem(_ tokens: UnsafeBufferPointer<JSONToken>, _ text: UnsafeBufferPointer<UInt8>,
                                         _ envelope: Expected) -> String? {
        guard tokens.count > 1, tokens[0].kind == .object, tokens[0].count == UInt32(envelopeKeys.count) else {
            return "is not an envelope object with \(envelopeKeys.count) keys"
        }
        var key = 1
        var values: [Int] = []
        values.reserveCapacity(envelopeKeys.count)
        for expected in envelopeKeys {
            guard key < tokens.count, equal(tokens[key], text, expected) else {
                return "envelope key \(values.count + 1) is not \"\(String(decoding: expected, as: UTF8.self))\""
            }
            values.append(key + 1)
            key = Int(tokens[key].count)
        }
        let sequence = tokens[values[0]], type = tokens[values[2]], schemaVersion = tokens[values[3]]
        let occurredAt = tokens[values[5]], recordedAt = tokens[values[6]], batch = values[10], data = tokens[values[11]]
        guard integer(sequence, text) == envelope.sequence else { return "sequence does not read back" }
        guard type.kind == .string, type.flags == 0, equal(type, text, envelope.type) else {
            return "type does not read back"
        }
        guard integer(schemaVersion, text) == UInt64(envelope.schemaVersion) else { return "schemaVersion does not read back" }
        guard instant(occurredAt, text) == envelope.occurredAt else { return "occurredAt is not a canonical instant equal to the event's" }
        guard instant(recordedAt, text) == envelope.recordedAt else { return "recordedAt is not a canonical instant equal to the event's" }
        // eventId, stream, source and correlationId are strings (the rest are checked above or below).
        for position in [1, 4, 8, 9] where tokens[values[position]].kind != .string {
            return "envelope field \(position + 1) is not a string"
        }
        guard tokens[values[7]].kind == .object, tokens[batch].kind == .object, tokens[batch].count == 2,
              equal(tokens[batch + 1], text, batchKeys[0]), integer(tokens[batch + 2], text) == UInt64(envelope.batch.index),
              equal(tokens[batch + 3], text, batchKeys[1]), integer(tokens[batch + 4], text) == UInt64(envelope.batch.size)
        else { return "the batch position does not read back" }
        // `data` is the last member and its closing brace is followed only by the envelope's.
        guard data.kind == .object, Int(data.end) == Int(tokens[0].end), text.count >= 2, text[text.count - 2] == 0x7D
        else { return "data is not an object closing the envelope" }
        return nil
    }

    /// Whether a string token's raw text is exactly `expected` (no escapes).
    private static func equal(_ token: JSONToken, _ text: UnsafeBufferPointer<UInt8>, _ expected: [UInt8]) -> Bool {
        guard token.kind == .string, token.flags & JSONToken.hasEscapes == 0,
              Int(token.end) - Int(token.start) == expected.count
        else { return false }
        return expected.withUnsafeBufferPointer { JSONByteClass.equal(text.baseAddress! + Int(token.start), $0.baseAddress, count: $0.count) }
    }

    /// A plain non-negative integer token's value, or nil.
    private static func integer(_ token: JSONToken, _ text: UnsafeBufferPointer<UInt8>) -> UInt64? {
        guard token.kind == .number, token.end > token.start, token.end - token.start <= 19 else { return nil }
        var value: UInt64 = 0
        for index in Int(token.start)..<Int(token.end) {
            let digit = text[index] &- 0x30
            guard digit < 10 else { return nil }
            value = value * 10 + UInt64(digit)
        }
        return value
    }

    private static func instant(_ token: JSONToken, _ text: UnsafeBufferPointer<UInt8>) -> Instant? {
        guard token.kind == .string, token.flags == 0 else { return nil }
        return Instant.parseCanonical(UnsafeBufferPointer(rebasing: text[Int(token.start)..<Int(token.end)]))
    }
}
