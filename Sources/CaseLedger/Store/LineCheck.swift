import Foundation

/// The check every event's content passes before its line may be written.
///
/// Two strengths (``LedgerOptions/checkEncodingBeforeWrite`` chooses):
/// - **structure** (always): no raw newline; the envelope header reads back, field by field,
///   as the envelope that was encoded; the payload is one well-formed JSON object (strict
///   RFC 8259, UTF-8 included). This catches any malformed or misframed line, which is what
///   would make the log unreadable or a reader disagree with the writer about an envelope.
/// - **decode and compare** (optional): the whole content is decoded back into an envelope,
///   payload included, and compared with the one encoded. This additionally catches a payload
///   type whose encoding is valid JSON but decodes to a different value — a property of the
///   codec and the type, which the codec tests check on every event type against Foundation.
enum LineCheck {
    /// What is wrong with `content` as the encoding of `envelope`, or nil when it may be written.
    /// With `decodesAndCompares`, the content is decoded in full and compared instead of read
    /// for structure (a full decode reads the structure too).
    static func problem(in content: UnsafeRawBufferPointer, envelope: EventEnvelope, decoder: LedgerJSONDecoder,
                        decodesAndCompares: Bool) -> String? {
        // A raw newline would split the line; the encoders never emit one, so this guards the format.
        if memchr(content.baseAddress!, 0x0A, content.count) != nil { return "content contains a raw newline" }
        if decodesAndCompares {
            let decoded: EventEnvelope
            do { decoded = try EventEnvelope.decodeContent(content, using: decoder) } catch {
                return "does not decode: \(error)"
            }
            return decoded == envelope ? nil : "decodes to a different value"
        }
        let header: EnvelopeHeader
        do { header = try EnvelopeHeader.decode(content) } catch {
            return "does not read back: \(error)"
        }
        guard header.sequence == envelope.sequence, header.eventId == envelope.eventId, header.type == envelope.type,
              header.schemaVersion == envelope.schemaVersion, header.stream == envelope.stream,
              header.occurredAt == envelope.occurredAt, header.recordedAt == envelope.recordedAt,
              header.actor == envelope.actor, header.source == envelope.source,
              header.correlationId == envelope.correlationId, header.batch == envelope.batch
        else { return "the envelope header reads back different" }
        do {
            try decoder.checkSyntax(UnsafeRawBufferPointer(rebasing: content[header.dataRange]))
        } catch {
            return "the payload is not well-formed JSON: \(error)"
        }
        guard content[header.dataRange.lowerBound] == UInt8(ascii: "{") else { return "the payload is not a JSON object" }
        return nil
    }
}
