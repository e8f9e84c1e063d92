import LedgerEvents
import LedgerStore
import LedgerSupport

/// Appends the primitive encodings of the snapshot format (see `snapshots/README.md`):
/// unsigned LEB128 varints, zigzag varints for signed numbers, fixed little-endian integers,
/// raw 32-byte digests and length-prefixed UTF-8 strings.
package struct BinaryWriter {
    package var bytes: [UInt8] = []

    package init(capacity: Int = 0) { bytes.reserveCapacity(capacity) }

    package mutating func writeByte(_ value: UInt8) { bytes.append(value) }

    package mutating func writeBool(_ value: Bool) { bytes.append(value ? 1 : 0) }

    /// Unsigned LEB128: 7 bits per byte, low bits first, high bit set on all but the last byte.
    package mutating func writeVarint(_ value: UInt64) {
        var remaining = value
        while remaining >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: remaining) | 0x80)
            remaining >>= 7
        }
        bytes.append(UInt8(remaining))
    }

    package mutating func writeVarint(_ value: Int) { writeVarint(UInt64(clamping: value)) }

    /// Zigzag then LEB128: small magnitudes of either sign take few bytes.
    package mutating func writeSignedVarint(_ value: Int64) {
        writeVarint(UInt64(bitPattern: (value << 1) ^ (value >> 63)))
    }

    package mutating func writeFixed32(_ value: UInt32) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    package mutating func writeFixed64(_ value: UInt64) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    package mutating func writeDigest(_ digest: SHA256Digest) {
        digest.withUnsafeBytes { bytes.append(contentsOf: $0) }
    }

    package mutating func writeString(_ text: String) {
        let utf8 = text.utf8
        writeVarint(utf8.count)
        bytes.append(contentsOf: utf8)
    }

    package mutating func writeInstant(_ instant: Instant) { writeSignedVarint(instant.millisecondsSinceEpoch) }

    package mutating func writeDate(_ date: LocalDate) { writeSignedVarint(date.daysSinceEpoch) }
}

/// Reads what ``BinaryWriter`` wrote, checking every bound: a truncated or damaged body is a
/// ``SnapshotDecodingError``, never a crash.
package struct BinaryReader {
    private let bytes: UnsafeRawBufferPointer
    package private(set) var offset: Int

    package init(_ bytes: UnsafeRawBufferPointer, offset: Int = 0) {
        self.bytes = bytes
        self.offset = offset
    }

    package var isAtEnd: Bool { offset >= bytes.count }

    package mutating func readByte() throws(SnapshotDecodingError) -> UInt8 {
        guard offset < bytes.count else { throw SnapshotDecodingError(offset: offset, detail: "unexpected end of data") }
        let value = bytes[offset]
        offset += 1
        return value
    }

    package mutating func readBool() throws(SnapshotDecodingError) -> Bool {
        let value = try readByte()
        guard value <= 1 else { throw SnapshotDecodingError(offset: offset - 1, detail: "a boolean byte is \(value)") }
        return value == 1
    }

    package mutating func readVarint() throws(SnapshotDecodingError) -> UInt64 {
        if offset < bytes.count, bytes[offset] < 0x80 {
            offset += 1
            return UInt64(bytes[offset - 1])
        }
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            let byte = try readByte()
            guard shift < 64 else { throw SnapshotDecodingError(offset: offset - 1, detail: "a varint is too long") }
            result |= UInt64(byte & 0x7F) << shift
            if byte & 0x80 == 0 { return result }
            shift += 7
        }
    }

    /// A varint that must fit in `Int` and be at most `limit` (counts and lengths).
    package mutating func readCount(limit: Int = Int(Int32.max)) throws(SnapshotDecodingError) -> Int {
        let value = try readVarint()
        guard value <= UInt64(limit) else {
            throw SnapshotDecodingError(offset: offset, detail: "a count of \(value) exceeds \(limit)")
        }
        return Int(value)
    }

    /// The count of elements that follow, each at least one byte: a count larger than the bytes
    /// left is refused here, before anyone reserves memory for it (a forged file may say 2^31).
    package mutating func readElementCount() throws(SnapshotDecodingError) -> Int {
        let count = try readCount()
        guard count <= bytes.count - offset else {
            throw SnapshotDecodingError(offset: offset, detail: "a count of \(count) with \(bytes.count - offset) bytes left")
        }
        return count
    }

    package mutating func readSignedVarint() throws(SnapshotDecodingError) -> Int64 {
        let raw = try readVarint()
        return Int64(bitPattern: (raw >> 1) ^ (0 &- (raw & 1)))
    }

    package mutating func readFixed32() throws(SnapshotDecodingError) -> UInt32 {
        guard offset + 4 <= bytes.count else { throw SnapshotDecodingError(offset: offset, detail: "unexpected end of data") }
        var value: UInt32 = 0
        for index in 0..<4 { value |= UInt32(bytes[offset + index]) << (8 * UInt32(index)) }
        offset += 4
        return value
    }

    package mutating func readFixed64() throws(SnapshotDecodingError) -> UInt64 {
        guard offset + 8 <= bytes.count else { throw SnapshotDecodingError(offset: offset, detail: "unexpected end of data") }
        var value: UInt64 = 0
        for index in 0..<8 { value |= UInt64(bytes[offset + index]) << (8 * UInt64(index)) }
        offset += 8
        return value
    }

    package mutating func readDigest() throws(SnapshotDecodingError) -> SHA256Digest {
        guard offset + 32 <= bytes.count else { throw SnapshotDecodingError(offset: offset, detail: "unexpected end of data") }
        // The digest's words hold its bytes in memory order, so unaligned loads rebuild it exactly.
        let digest = SHA256Digest(
            word0: bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self),
            word1: bytes.loadUnaligned(fromByteOffset: offset + 8, as: UInt64.self),
            word2: bytes.loadUnaligned(fromByteOffset: offset + 16, as: UInt64.self),
            word3: bytes.loadUnaligned(fromByteOffset: offset + 24, as: UInt64.self))
        offset += 32
        return digest
    }

    package mutating func readString() throws(SnapshotDecodingError) -> String {
        let count = try readCount()
        guard offset + count <= bytes.count else {
            throw SnapshotDecodingError(offset: offset, detail: "a string of \(count) bytes runs past the end")
        }
        let text = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[offset..<offset + count]), as: UTF8.self)
        offset += count
        return text
    }

    package mutating func readInstant() throws(SnapshotDecodingError) -> Instant {
        Instant(millisecondsSinceEpoch: try readSignedVarint())
    }

    package mutating func readDate() throws(SnapshotDecodingError) -> LocalDate {
        LocalDate(daysSinceEpoch: try readSignedVarint())
    }
}

/// Bytes that do not decode as a snapshot body, with where reading stopped.
package struct SnapshotDecodingError: Error, Sendable, Hashable, CustomStringConvertible {
    package var offset: Int
    package var detail: String

    package var description: String { "\(detail) at body byte \(offset)" }
}
