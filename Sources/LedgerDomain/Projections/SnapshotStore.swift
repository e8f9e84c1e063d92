import Foundation
import LedgerEvents
import LedgerStore
import LedgerSupport

/// The snapshot directory: projection state saved at log positions, so opening a large ledger
/// folds only the events after the newest good snapshot.
///
/// Files are `projection-<sequence, 20 digits>.snapshot`; the format is in `snapshots/README.md`.
/// Writing goes to a temporary file, is fsynced, then renamed into place, so a crash leaves
/// either the old set of snapshots or the new one, never half a file under a snapshot's name.
public struct SnapshotStore: Sendable {
    public let directory: String
    package static let prefix = "projection-"
    package static let suffix = ".snapshot"

    public init(directory: String) {
        self.directory = directory
    }

    /// A snapshot file and the log position its name promises.
    public struct Entry: Sendable, Hashable {
        public var path: String
        public var sequence: UInt64
    }

    /// A snapshot read and checked (header and body checksum), not yet matched against the log.
    public struct Loaded: Sendable {
        public var entry: Entry
        public var header: SnapshotHeader
        public var state: ProjectionState
    }

    public static func fileName(sequence: UInt64) -> String {
        let digits = String(sequence)
        return prefix + String(repeating: "0", count: max(0, 20 - digits.count)) + digits + suffix
    }

    /// The snapshots present, newest (highest sequence) first. A missing directory has none.
    public func entries() -> [Entry] {
        guard POSIXFile.isDirectory(directory), let names = try? POSIXFile.listDirectory(directory) else { return [] }
        return names.compactMap { name -> Entry? in
            guard name.hasPrefix(Self.prefix), name.hasSuffix(Self.suffix) else { return nil }
            let digits = name.dropFirst(Self.prefix.count).dropLast(Self.suffix.count)
            guard digits.count == 20, let sequence = UInt64(digits) else { return nil }
            return Entry(path: directory + "/" + name, sequence: sequence)
        }.sorted { $0.sequence > $1.sequence }
    }

    /// Reads one snapshot: header checks, the front's checksum, the spine and block directory.
    ///
    /// The file is mapped, not read: the blocks (cases and index keys) are checked against their
    /// own hashes and decoded only when a query or a decision asks for them.
    public func load(_ entry: Entry) -> Result<Loaded, SnapshotProblem> {
        let storage: MappedBytes
        do {
            storage = try MappedBytes.map(entry.path)
        } catch {
            return .failure(SnapshotProblem(path: entry.path, kind: .unreadable(detail: "\(error)")))
        }
        let buffer = storage.bytes
        let header: SnapshotHeader
        switch SnapshotHeader.decode(buffer) {
        case .failure(let kind): return .failure(SnapshotProblem(path: entry.path, kind: kind))
        case .success(let decoded): header = decoded
        }
        // Compared without adding: a forged body length near 2^64 must not overflow.
        let bodyBytesPresent = UInt64(buffer.count - SnapshotHeader.byteCount)
        if bodyBytesPresent < header.bodyByteCount {
            return .failure(SnapshotProblem(path: entry.path, kind: .truncated(
                detail: "\(buffer.count) bytes, the header promises a \(header.bodyByteCount)-byte body")))
        }
        if bodyBytesPresent > header.bodyByteCount {
            return .failure(SnapshotProblem(path: entry.path, kind: .corrupt(
                detail: "\(bodyBytesPresent - header.bodyByteCount) bytes after the body")))
        }
        if let cursor = header.cursor, cursor.segmentFirstSequence > header.head.sequence || header.head.sequence == 0 {
            // A cursor names the position's own line, so its segment cannot start after it, and the
            // empty log's position has no line. A forged one would otherwise be carried forward.
            return .failure(SnapshotProblem(path: entry.path, kind: .corrupt(
                detail: "the cursor names segment \(cursor.segmentFirstSequence), after the position \(header.head.sequence)")))
        }
        if header.head.sequence != entry.sequence {
            return .failure(SnapshotProblem(path: entry.path, kind: .corrupt(
                detail: "the name says sequence \(entry.sequence), the header \(header.head.sequence)")))
        }
        guard let frontByteCount = ProjectionState.snapshotFrontByteCount(buffer, bodyOffset: SnapshotHeader.byteCount) else {
            return .failure(SnapshotProblem(path: entry.path, kind: .corrupt(detail: "the front length is out of range")))
        }
        let front = UnsafeRawBufferPointer(rebasing: buffer[SnapshotHeader.byteCount..<SnapshotHeader.byteCount + frontByteCount])
        guard Self.checksum(front) == header.bodyChecksum else {
            return .failure(SnapshotProblem(path: entry.path, kind: .corrupt(detail: "the front checksum does not match")))
        }
        let state: ProjectionState
        do {
            state = try ProjectionState.decodeSnapshot(storage, bodyOffset: SnapshotHeader.byteCount, path: entry.path)
        } catch {
            return .failure(SnapshotProblem(path: entry.path, kind: .corrupt(detail: "the front does not decode: \(error)")))
        }
        guard state.position == header.head else {
            return .failure(SnapshotProblem(path: entry.path, kind: .corrupt(
                detail: "the body's position differs from the header's")))
        }
        SnapshotIntegrity.noteLoaded()
        return .success(Loaded(entry: entry, header: header, state: state))
    }

    /// Renames a damaged snapshot to `<name>.rejected`, so it is never read again (kept for
    /// inspection). Used when a block fails its checksum after the snapshot was opened.
    public static func setAside(_ path: String) {
        guard POSIXFile.exists(path) else { return }
        try? POSIXFile.rename(path, path + rejectedSuffix)
    }

    /// SHA-256 of a snapshot's front. A front over 4 MiB is hashed in 4 MiB chunks on all cores and
    /// the chunk digests hashed together (`snapshots/README.md`); up to 4 MiB it is hashed plainly.
    package static func checksum(_ body: UnsafeRawBufferPointer, parallel: Bool = true) -> SHA256Digest {
        let chunkByteCount = 4 << 20
        guard body.count > chunkByteCount else { return SHA256.hash(body) }
        let chunkCount = (body.count + chunkByteCount - 1) / chunkByteCount
        var digests = [SHA256Digest](repeating: .zero, count: chunkCount)
        digests.withUnsafeMutableBufferPointer { output in
            nonisolated(unsafe) let shared = output
            nonisolated(unsafe) let input = body
            let hashChunk: @Sendable (Int) -> Void = { chunk in
                let lower = chunk * chunkByteCount
                let upper = min(input.count, lower + chunkByteCount)
                shared[chunk] = SHA256.hash(UnsafeRawBufferPointer(rebasing: input[lower..<upper]))
            }
            if parallel {
                DispatchQueue.concurrentPerform(iterations: chunkCount, execute: hashChunk)
            } else {
                for chunk in 0..<chunkCount { hashChunk(chunk) }
            }
        }
        var combined = SHA256()
        for digest in digests { digest.withUnsafeBytes { combined.update($0) } }
        return combined.finalize()
    }

    /// Writes `state` as a snapshot at its position, durably, and returns its entry.
    @discardableResult
    public func write(_ state: ProjectionState, cursor: LogCursor?) throws(IOFailure) -> Entry {
        try Self.makeDirectory(directory)
        removeStaleTemporaryFiles()
        // A damaged block reads as absent, and a case whose block was damaged may have been
        // folded into memory from the tail alone: once any damage has been seen in this process
        // (since the command line last set the damaged snapshot aside), write nothing.
        guard SnapshotIntegrity.lateProblems.isEmpty else {
            throw IOFailure(operation: "write a snapshot after damage was found, into", path: directory, errorNumber: EIO)
        }
        let body = state.snapshotBody()
        guard SnapshotIntegrity.lateProblems.isEmpty else {
            throw IOFailure(operation: "copy a damaged snapshot block into", path: directory, errorNumber: EIO)
        }
        let checksum = body.withUnsafeBytes { buffer in
            Self.checksum(UnsafeRawBufferPointer(rebasing: buffer[..<(ProjectionState.snapshotFrontByteCount(buffer, bodyOffset: 0) ?? 0)]))
        }
        // Before writing, the snapshot position: a cursor names a line at or before the position's
        // segment (cheap: release too), and the state's count of folded events is the position's
        // sequence (debug only: a miscount is a fold bug the tests must catch, not a reason to stop a write).
        precondition(cursor == nil || cursor!.segmentFirstSequence <= state.position.sequence,
                     "a snapshot cursor in a segment after the position it records")
        assert(UInt64(state.eventCount) == state.position.sequence, "a snapshot whose event count is not its position")
        let header = SnapshotHeader(formatVersion: ProjectionState.formatVersion, head: state.position, cursor: cursor,
                                    bodyByteCount: UInt64(body.count), bodyChecksum: checksum)
        let path = directory + "/" + Self.fileName(sequence: state.position.sequence)
        let temporary = path + ".tmp-\(ProcessInfo.processInfo.processIdentifier)"
        let file = try POSIXFile.open(temporary, .writeTruncateCreate)
        do {
            try file.writeAll(header.encoded())
            try file.writeAll(body)
            try file.synchronize()
            file.close()
            try POSIXFile.rename(temporary, path)
            try POSIXFile.synchronizeDirectory(directory)
        } catch {
            file.close()
            try? POSIXFile.remove(temporary)
            throw error
        }
        return Entry(path: path, sequence: state.position.sequence)
    }

    /// After a snapshot was written: removes every snapshot but the newest `keeping` ones, and
    /// every rejected snapshot (`rejected`, and `<name>.rejected` files set aside earlier).
    ///
    /// A rejected snapshot is kept only until a good one replaces it: the command that rejected
    /// it said why on standard error, and `verify --check-snapshots` judges the ones in use.
    /// Kept for good, they piled up (tens of megabytes each at a million events).
    public func prune(keeping: Int, rejected: [String] = []) {
        for path in rejected where POSIXFile.exists(path) { try? POSIXFile.remove(path) }
        for name in (try? POSIXFile.listDirectory(directory)) ?? []
        where name.hasPrefix(Self.prefix) && name.hasSuffix(Self.suffix + Self.rejectedSuffix) {
            try? POSIXFile.remove(directory + "/" + name)
        }
        for entry in entries().dropFirst(max(1, keeping)) { try? POSIXFile.remove(entry.path) }
    }

    package static let rejectedSuffix = ".rejected"

    /// Creates `path` and any missing parent (the snapshot root holding each store's
    /// directory), syncing each parent so the new entry survives a crash.
    private static func makeDirectory(_ path: String) throws(IOFailure) {
        guard !POSIXFile.exists(path) else { return }
        let parent = POSIXFile.parentDirectory(of: path)
        if parent != path { try makeDirectory(parent) }
        try POSIXFile.makeDirectory(path)
        try POSIXFile.synchronizeDirectory(parent)
    }
}
