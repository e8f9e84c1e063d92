import LedgerDomain
import LedgerEvents
import LedgerStore
import LedgerSupport

/// One involvement row, read and normalised: what the importer turns into events.
public struct InvolvementRow: Sendable, Hashable {
    /// The physical line on which the row starts; `<row>` in `import:<batch>:<row>`.
    public var lineNumber: Int
    /// The involvement id: the row's key across exports.
    public var involvementId: String
    /// The person's id, which is the case id.
    public var caseId: String
    /// Nil for a team-only involvement.
    public var workerId: String?
    /// Nil when the export gives no team.
    public var teamId: String?
    /// The type code after the mapping's value map, upper case.
    public var typeCode: String
    public var kind: ImportMapping.InvolvementKind
    public var start: Instant
    /// Nil while open.
    public var end: Instant?
    /// The change reason as written (trimmed).
    public var reasonText: String
    public var reason: AllocationReason
    public var referralId: String
    /// One hash per compared field: decides whether a later export changed the row, and which fields.
    public var fingerprint: RowFingerprint

    /// Whether the row makes a worker hold the case (primary or co-worker).
    public var isHolding: Bool { workerId != nil && kind != .other }
}

/// Per-field 32-bit FNV-1a hashes of a row's normalised values, in ``fields`` order.
///
/// Stored (as 64 hex digits) in each imported event's id, so a later import can tell, from
/// the log's envelope headers alone, whether a row is unchanged and which fields changed,
/// without keeping a copy of the earlier file.
public struct RowFingerprint: Sendable, Hashable {
    public var words: SIMD8<UInt32>

    /// The compared fields, in order.
    public static let fields: [InvolvementField] = [
        .personId, .workerId, .teamId, .involvementType, .startDate, .endDate, .reason, .referralId,
    ]

    package init(words: SIMD8<UInt32>) { self.words = words }

    /// `reasonHash` is ``hash(_:)`` of the reason text in upper case (callers cache it).
    package init(caseId: String, workerId: String?, teamId: String?, typeCode: String, start: Instant, end: Instant?,
         reasonHash: UInt32, referralId: String) {
        words = SIMD8(
            Self.hash(caseId), Self.hash(workerId ?? "\u{0}none"), Self.hash(teamId ?? "\u{0}none"), Self.hash(typeCode),
            Self.hash(start.millisecondsSinceEpoch), end.map { Self.hash($0.millisecondsSinceEpoch) } ?? Self.hash("\u{0}open"),
            reasonHash, Self.hash(referralId))
    }

    package static func hash(_ text: String) -> UInt32 {
        var text = text
        return text.withUTF8 { bytes in
            var value: UInt32 = 0x811C_9DC5
            for byte in bytes {
                value = (value ^ UInt32(byte)) &* 0x0100_0193
            }
            return value
        }
    }

    package static func hash(_ number: Int64) -> UInt32 {
        var value: UInt32 = 0x811C_9DC5
        var bits = UInt64(bitPattern: number)
        for _ in 0..<8 {
            value = (value ^ UInt32(bits & 0xFF)) &* 0x0100_0193
            bits >>= 8
        }
        return value
    }

    /// The fields whose hashes differ from `other`'s.
    public func changedFields(comparedWith other: RowFingerprint) -> [InvolvementField] {
        (0..<8).compactMap { words[$0] != other.words[$0] ? Self.fields[$0] : nil }
    }

    /// 64 lowercase hex digits.
    public var hex: String {
        String(unsafeUninitializedCapacity: 64) { buffer in
            for index in 0..<8 {
                let word = words[index]
                for nibble in 0..<8 {
                    let value = UInt8(truncatingIfNeeded: (word >> UInt32(28 - 4 * nibble)) & 0xF)
                    buffer[index * 8 + nibble] = value < 10 ? value + 0x30 : value + 0x57
                }
            }
            return 64
        }
    }

    public init?(hex: some StringProtocol) {
        let bytes = Array(hex.utf8)
        guard bytes.count == 64 else { return nil }
        let parsed = bytes.withUnsafeBufferPointer { RowFingerprint(hexDigits: $0) }
        guard let parsed else { return nil }
        self = parsed
    }

    /// Parses exactly 64 lowercase hex digits, reading them in place.
    package init?(hexDigits bytes: UnsafeBufferPointer<UInt8>) {
        guard bytes.count == 64 else { return nil }
        var words = SIMD8<UInt32>()
        for index in 0..<8 {
            var word: UInt32 = 0
            for nibble in 0..<8 {
                let byte = bytes[index * 8 + nibble]
                let value: UInt8
                switch byte {
                case UInt8(ascii: "0")...UInt8(ascii: "9"): value = byte - UInt8(ascii: "0")
                case UInt8(ascii: "a")...UInt8(ascii: "f"): value = byte - UInt8(ascii: "a") + 10
                default: return nil
                }
                word = word << 4 | UInt32(value)
            }
            words[index] = word
        }
        self.words = words
    }
}

/// The event id of an imported row's event: `<batch>.<n>.<fingerprint hex>.<involvement id>`.
///
/// Everything a later import needs to match rows (the key, the fingerprint, which of the row's
/// events this is) is in the envelope's header, so finding earlier imports never decodes payloads.
package struct ImportedEventId: Hashable {
    package var batchId: String
    /// 1 for the row's first event (the allocation or involvement), 2 for its end.
    package var eventNumber: Int
    package var fingerprint: RowFingerprint
    package var involvementId: String

    package var text: String {
        let number = String(eventNumber)
        let count = batchId.utf8.count + number.utf8.count + 64 + involvementId.utf8.count + 3
        let hex = fingerprint.hex
        return String(unsafeUninitializedCapacity: count) { buffer in
            var position = 0
            for part in [batchId, number, hex, involvementId] {
                if position > 0 {
                    buffer[position] = UInt8(ascii: ".")
                    position += 1
                }
                for byte in part.utf8 {
                    buffer[position] = byte
                    position += 1
                }
            }
            return position
        }
    }

    package init(batchId: String, eventNumber: Int, fingerprint: RowFingerprint, involvementId: String) {
        self.batchId = batchId
        self.eventNumber = eventNumber
        self.fingerprint = fingerprint
        self.involvementId = involvementId
    }

    /// Reads `<batch>.<n>.<fingerprint hex>.<involvement id>` in place: a re-import reads one
    /// of these per imported event in the log, so splitting into `String`s showed in profiles.
    package init?(text: String) {
        var text = text
        let parsed = text.withUTF8 { bytes -> ImportedEventId? in
            guard let firstDot = bytes.firstIndex(of: UInt8(ascii: ".")) else { return nil }
            var position = firstDot + 1
            var number = 0
            while position < bytes.count, bytes[position] != UInt8(ascii: ".") {
                let digit = Int(bytes[position]) - 0x30
                guard digit >= 0, digit < 10, number < 1_000_000 else { return nil }
                number = number * 10 + digit
                position += 1
            }
            guard position > firstDot + 1, bytes[position] == UInt8(ascii: "."),
                  position + 65 < bytes.count, bytes[position + 65] == UInt8(ascii: "."),
                  let fingerprint = RowFingerprint(hexDigits: UnsafeBufferPointer(rebasing: bytes[(position + 1)..<(position + 65)]))
            else { return nil }
            return ImportedEventId(
                batchId: String(decoding: UnsafeBufferPointer(rebasing: bytes[0..<firstDot]), as: UTF8.self),
                eventNumber: number, fingerprint: fingerprint,
                involvementId: String(decoding: UnsafeBufferPointer(rebasing: bytes[(position + 66)...]), as: UTF8.self))
        }
        guard let parsed else { return nil }
        self = parsed
    }
}
