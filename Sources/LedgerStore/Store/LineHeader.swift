#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import LedgerSupport

/// The envelope header fields the scanner's checks and the fast fold read, located in a line's
/// content without building a `String`.
///
/// ``EnvelopeHeader/decode(_:)`` allocates half a dozen strings a line and parses the instants
/// through `String`; at hundreds of thousands of lines a second that was most of `verify`'s
/// non-hashing time. ``parse(_:)`` reads the same grammar for the common case (no escapes, the
/// canonical instant form) and gives up otherwise, so a caller falls back to the full decoder,
/// which then accepts or refuses the line with its own message. Whenever ``parse(_:)`` succeeds
/// the full decoder succeeds too, with the same values (tested).
package struct LineHeader: Sendable, Hashable {
    package var sequence: UInt64
    package var schemaVersion: Int
    package var occurredAt: Instant
    package var recordedAt: Instant
    package var batchIndex: Int
    package var batchSize: Int
    /// Byte ranges within the content of the raw text (between the quotes) of `type` and
    /// `stream`; nil when the header came from the full decoder (the text may hold escapes).
    package var typeRange: Range<Int>?
    package var streamRange: Range<Int>?
    /// Byte range of the raw text of the actor's role; nil as for `typeRange`. The store does not
    /// judge it (a role is opaque here); the fold checks it before it takes the fast path.
    package var roleRange: Range<Int>?
    /// Byte range of the payload object within the content.
    package var dataRange: Range<Int>

    package var isLastOfBatch: Bool { batchIndex == batchSize }

    package init(_ header: EnvelopeHeader) {
        sequence = header.sequence
        schemaVersion = header.schemaVersion
        occurredAt = header.occurredAt
        recordedAt = header.recordedAt
        batchIndex = header.batch.index
        batchSize = header.batch.size
        typeRange = nil
        streamRange = nil
        roleRange = nil
        dataRange = header.dataRange
    }

    private init(sequence: UInt64, schemaVersion: Int, occurredAt: Instant, recordedAt: Instant, batchIndex: Int,
                 batchSize: Int, typeRange: Range<Int>, streamRange: Range<Int>, roleRange: Range<Int>, dataRange: Range<Int>) {
        self.sequence = sequence
        self.schemaVersion = schemaVersion
        self.occurredAt = occurredAt
        self.recordedAt = recordedAt
        self.batchIndex = batchIndex
        self.batchSize = batchSize
        self.typeRange = typeRange
        self.streamRange = streamRange
        self.roleRange = roleRange
        self.dataRange = dataRange
    }

    /// The header, or nil if the content is not in the plain form (escapes, a non-canonical
    /// instant, an unusual source) or is malformed: then ``EnvelopeHeader/decode(_:)`` decides.
    package static func parse(_ content: UnsafeRawBufferPointer) -> LineHeader? {
        guard let base = content.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return nil }
        var reader = PlainReader(base: base, end: content.count)
        guard reader.expect(#"{"sequence":"#), let sequence = reader.unsigned(),
              reader.expect(#","eventId":"#), reader.plainString() != nil,
              reader.expect(#","type":"#), let typeRange = reader.plainString(),
              reader.expect(#","schemaVersion":"#), let schemaVersion = reader.unsigned(),
              reader.expect(#","stream":"#), let streamRange = reader.plainString(),
              reader.expect(#","occurredAt":"#), let occurredAtRange = reader.plainString(),
              let occurredAt = Instant.parseCanonical(reader.buffer(occurredAtRange)),
              reader.expect(#","recordedAt":"#), let recordedAtRange = reader.plainString(),
              let recordedAt = Instant.parseCanonical(reader.buffer(recordedAtRange)),
              reader.expect(#","actor":{"id":"#), reader.plainString() != nil,
              reader.expect(#","role":"#), let roleRange = reader.plainString(),
              reader.skipOptionalAccount(),
              reader.expect(#"},"source":"#), let sourceRange = reader.plainString(),
              Self.isPlainSource(reader.buffer(sourceRange)),
              reader.expect(#","correlationId":"#), reader.plainString() != nil,
              reader.expect(#","batch":{"index":"#), let batchIndex = reader.unsigned(),
              reader.expect(#","size":"#), let batchSize = reader.unsigned(),
              reader.expect(#"},"data":"#)
        else { return nil }
        let dataStart = reader.position
        let dataEnd = content.count - 1
        guard dataEnd > dataStart, base[dataStart] == 0x7B, base[dataEnd - 1] == 0x7D, base[dataEnd] == 0x7D,
              batchIndex >= 1, batchIndex <= batchSize, batchSize <= UInt64(Int32.max),
              schemaVersion <= UInt64(Int32.max)
        else { return nil }
        return LineHeader(
            sequence: sequence, schemaVersion: Int(schemaVersion), occurredAt: occurredAt, recordedAt: recordedAt,
            batchIndex: Int(batchIndex), batchSize: Int(batchSize), typeRange: typeRange, streamRange: streamRange, roleRange: roleRange,
            dataRange: dataStart..<dataEnd)
    }

    /// `command`, or `import:<batch>:<digits>` with a batch free of colons: a subset of what
    /// ``EventSource/init(text:)`` accepts (it also takes signs), checked without a `String`.
    private static func isPlainSource(_ text: UnsafeBufferPointer<UInt8>) -> Bool {
        if text.elementsEqual("command".utf8) { return true }
        let prefix = Array("import:".utf8)
        guard text.count > prefix.count + 2, text.prefix(prefix.count).elementsEqual(prefix) else { return false }
        guard let colon = text[prefix.count...].firstIndex(of: 0x3A), colon > prefix.count else { return false }
        let digits = text[(colon + 1)...]
        return !digits.isEmpty && digits.count <= 18 && digits.allSatisfy { $0 >= 0x30 && $0 <= 0x39 }
    }
}

/// A forward reader over bytes that accepts only the plain forms ``LineHeader`` handles.
private struct PlainReader {
    let base: UnsafePointer<UInt8>
    let end: Int
    var position = 0

    init(base: UnsafePointer<UInt8>, end: Int) {
        self.base = base
        self.end = end
    }

    func buffer(_ range: Range<Int>) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(start: base + range.lowerBound, count: range.count)
    }

    @inline(__always)
    mutating func expect(_ literal: StaticString) -> Bool {
        let count = literal.utf8CodeUnitCount
        guard position + count <= end, memcmp(base + position, literal.utf8Start, count) == 0 else { return false }
        position += count
        return true
    }

    /// The optional `,"account":S` after the role: true when absent, or present with a plain
    /// string; false (so the full decoder decides) for anything else.
    @inline(__always)
    mutating func skipOptionalAccount() -> Bool {
        let saved = position
        guard expect(#","account":"#) else {
            position = saved
            return true
        }
        return plainString() != nil
    }

    /// Digits without a leading zero (unless the number is 0), fitting 64 bits: what
    /// `JSONCursor.readUnsignedInteger` accepts.
    @inline(__always)
    mutating func unsigned() -> UInt64? {
        let start = position
        var value: UInt64 = 0
        while position < end, base[position] >= 0x30, base[position] <= 0x39 {
            let (multiplied, overflowA) = value.multipliedReportingOverflow(by: 10)
            let (added, overflowB) = multiplied.addingReportingOverflow(UInt64(base[position] - 0x30))
            guard !overflowA, !overflowB else { return nil }
            value = added
            position += 1
        }
        guard position > start, !(base[start] == 0x30 && position - start > 1) else { return nil }
        return value
    }

    /// The range of a string's text, if it has no escape and no control character.
    @inline(__always)
    mutating func plainString() -> Range<Int>? {
        guard position < end, base[position] == 0x22 else { return nil }
        let start = position + 1
        var index = start
        while index < end {
            let byte = base[index]
            if byte == 0x22 {
                position = index + 1
                return start..<index
            }
            if byte == 0x5C || byte < 0x20 { return nil }
            index += 1
        }
        return nil
    }
}
