import LedgerEvents
import LedgerStore
import LedgerSupport

/// The fixed header of a snapshot file (`snapshots/README.md` specifies it byte by byte): which
/// log position the state is at, the projection format version, and checksums of header and body.
public struct SnapshotHeader: Sendable, Hashable {
    /// `0x89 C L S N A P 0x0A`: binary, unmistakable, and broken by any text-mode transfer.
    package static let magic: [UInt8] = [0x89, 0x43, 0x4C, 0x53, 0x4E, 0x41, 0x50, 0x0A]
    /// Magic, version, flags, sequence, chain, recorded time, cursor (2 × 8), body length,
    /// body checksum, header checksum.
    package static let byteCount = 8 + 4 + 4 + 8 + 32 + 8 + 8 + 8 + 8 + 32 + 32

    /// The projection format version (``ProjectionState/formatVersion`` when written).
    public var formatVersion: UInt32
    /// The log position the state was folded to: its sequence number and chain hash.
    public var head: LogPosition
    /// Where the head's line is, so opening reads only what follows it; nil if not known.
    public var cursor: LogCursor?
    public var bodyByteCount: UInt64
    /// The checksum of the body's front (spine, block directory and keys; `snapshots/README.md`).
    public var bodyChecksum: SHA256Digest

    package func encoded() -> [UInt8] {
        var writer = BinaryWriter(capacity: Self.byteCount)
        writer.bytes.append(contentsOf: Self.magic)
        writer.writeFixed32(formatVersion)
        writer.writeFixed32(0)
        writer.writeFixed64(head.sequence)
        writer.writeDigest(head.chain)
        writer.writeFixed64(UInt64(bitPattern: head.recordedAt?.millisecondsSinceEpoch ?? Int64.min))
        writer.writeFixed64(cursor?.segmentFirstSequence ?? 0)
        writer.writeFixed64(UInt64(bitPattern: cursor?.lineOffset ?? -1))
        writer.writeFixed64(bodyByteCount)
        writer.writeDigest(bodyChecksum)
        let headerChecksum = writer.bytes.withUnsafeBytes { SHA256.hash($0) }
        writer.writeDigest(headerChecksum)
        return writer.bytes
    }

    /// Reads and checks a header, in the order that names the most useful problem first:
    /// too short, not a snapshot, another format version, damaged header.
    package static func decode(_ bytes: UnsafeRawBufferPointer) -> Result<SnapshotHeader, SnapshotProblem.Kind> {
        guard bytes.count >= 12 else {
            return .failure(.truncated(detail: "\(bytes.count) bytes, shorter than a header"))
        }
        guard bytes.prefix(8).elementsEqual(magic) else {
            return .failure(.corrupt(detail: "it does not start with the snapshot signature"))
        }
        var reader = BinaryReader(bytes, offset: 8)
        guard let version = try? reader.readFixed32() else { return .failure(.truncated(detail: "no version")) }
        guard version == ProjectionState.formatVersion else {
            return .failure(.otherFormatVersion(found: version, expected: ProjectionState.formatVersion))
        }
        guard bytes.count >= byteCount else {
            return .failure(.truncated(detail: "\(bytes.count) bytes, shorter than the \(byteCount)-byte header"))
        }
        let computed = SHA256.hash(UnsafeRawBufferPointer(rebasing: bytes[0..<byteCount - 32]))
        var checksumReader = BinaryReader(bytes, offset: byteCount - 32)
        guard let stored = try? checksumReader.readDigest(), stored == computed else {
            return .failure(.corrupt(detail: "the header checksum does not match"))
        }
        do {
            _ = try reader.readFixed32()  // flags, reserved
            let sequence = try reader.readFixed64()
            let chain = try reader.readDigest()
            let recordedAtBits = Int64(bitPattern: try reader.readFixed64())
            let segment = try reader.readFixed64()
            let lineOffset = Int64(bitPattern: try reader.readFixed64())
            let bodyByteCount = try reader.readFixed64()
            let bodyChecksum = try reader.readDigest()
            let recordedAt = recordedAtBits == Int64.min ? nil : Instant(millisecondsSinceEpoch: recordedAtBits)
            return .success(SnapshotHeader(
                formatVersion: version, head: LogPosition(sequence: sequence, chain: chain, recordedAt: recordedAt),
                cursor: lineOffset < 0 ? nil : LogCursor(segmentFirstSequence: segment, lineOffset: lineOffset),
                bodyByteCount: bodyByteCount, bodyChecksum: bodyChecksum))
        } catch {
            return .failure(.truncated(detail: "\(error)"))
        }
    }
}

/// A snapshot that was not used, and why. Opening reports these (the CLI prints them on
/// standard error), ignores the snapshot, and rebuilds from the log: a snapshot is only a cache.
public struct SnapshotProblem: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Kind: Error, Sendable, Hashable {
        /// The file is shorter than its header says.
        case truncated(detail: String)
        /// Checksums do not match or the bytes do not decode.
        case corrupt(detail: String)
        /// Written by a build with another projection format (older or newer).
        case otherFormatVersion(found: UInt32, expected: UInt32)
        /// Its head is not in this log: another ledger's snapshot, or the log was rewritten or cut.
        case fromAnotherLog(detail: String)
        case unreadable(detail: String)
        /// A rebuilt snapshot could not be written (the answers are unaffected).
        case writeFailed(detail: String)
    }

    public var path: String
    public var kind: Kind

    public init(path: String, kind: Kind) {
        self.path = path
        self.kind = kind
    }

    /// A stable short code for scripts: `truncated`, `corrupt`, `format-version`, `other-log`, `unreadable`, `write-failed`.
    public var code: String {
        switch kind {
        case .truncated: return "truncated"
        case .corrupt: return "corrupt"
        case .otherFormatVersion: return "format-version"
        case .fromAnotherLog: return "other-log"
        case .unreadable: return "unreadable"
        case .writeFailed: return "write-failed"
        }
    }

    public var description: String {
        let reason: String
        switch kind {
        case .truncated(let detail): reason = "truncated (\(detail))"
        case .corrupt(let detail): reason = "corrupt (\(detail))"
        case .otherFormatVersion(let found, let expected):
            reason = "projection format version \(found), this build reads \(expected)"
        case .fromAnotherLog(let detail): reason = "not from this log (\(detail))"
        case .unreadable(let detail): reason = "unreadable (\(detail))"
        case .writeFailed(let detail): return "snapshot \(path): could not be written (\(detail)); answers are unaffected"
        }
        return "snapshot \(path): \(reason); ignored, rebuilt from the log"
    }
}
