import Foundation

/// The snapshot directory: projection state saved at log positions, so opening a large ledger
/// folds only the events after the newest good snapshot.
///
/// Files are `projection-<sequence, 20 digits>.snapshot`; the format is in `snapshots/README.md`.
/// Writing goes to a temporary file, is fsynced, then renamed into place, so a crash leaves
/// either the old set of snapshots or the new one, never half a file under a snapshot's name.
public struct SnapshotStore: Sendable {
    public let directory: String
    static let prefix = "projection-"
    static let suffix = ".snapshot"

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

    /// Reads one snapshot: header checks, body checksum, body decoding.
    public func load(_ entry: Entry) -> Result<Loaded, SnapshotProblem> {
        let bytes: [UInt8]
        do {
            let file = try POSIXFile.open(entry.path, .readOnly)
            defer { file.close() }
            bytes = try file.readAll()
        } catch {
            return .failure(SnapshotProblem(path: entry.path, kind: .unreadable(detail: "\(error)")))
        }
        return bytes.withUnsafeBytes { buffer -> Result<Loaded, SnapshotProblem> in
            let header: SnapshotHeader
            switch SnapshotHeader.decode(buffer) {
            case .failure(let kind): return .failure(SnapshotProblem(path: entry.path, kind: kind))
            case .success(let decoded): header = decoded
            }
            let expectedCount = UInt64(SnapshotHeader.byteCount) + header.bodyByteCount
            if UInt64(buffer.count) < expectedCount {
                return .failure(SnapshotProblem(path: entry.path, kind: .truncated(
                    detail: "\(buffer.count) bytes, the header promises \(expectedCount)")))
            }
            if UInt64(buffer.count) > expectedCount {
                return .failure(SnapshotProblem(path: entry.path, kind: .corrupt(
                    detail: "\(UInt64(buffer.count) - expectedCount) bytes after the body")))
            }
            if header.head.sequence != entry.sequence {
                return .failure(SnapshotProblem(path: entry.path, kind: .corrupt(
                    detail: "the name says sequence \(entry.sequence), the header \(header.head.sequence)")))
            }
            let body = UnsafeRawBufferPointer(rebasing: buffer[SnapshotHeader.byteCount...])
            // The checksum runs on another core while the body decodes; a body whose checksum
            // fails is discarded whatever the decoding made of it (decoding checks every bound).
            let (checksum, decoded) = Self.checksumWhileDecoding(body, bytes: bytes)
            guard checksum == header.bodyChecksum else {
                return .failure(SnapshotProblem(path: entry.path, kind: .corrupt(detail: "the body checksum does not match")))
            }
            let state: ProjectionState
            switch decoded {
            case .success(let value): state = value
            case .failure(let error):
                return .failure(SnapshotProblem(path: entry.path, kind: .corrupt(detail: "the body does not decode: \(error)")))
            }
            guard state.position == header.head else {
                return .failure(SnapshotProblem(path: entry.path, kind: .corrupt(
                    detail: "the body's position differs from the header's")))
            }
            return .success(Loaded(entry: entry, header: header, state: state))
        }
    }

    static func checksumWhileDecoding(_ body: UnsafeRawBufferPointer, bytes: [UInt8])
        -> (SHA256Digest, Result<ProjectionState, SnapshotDecodingError>)
    {
        let done = DispatchSemaphore(value: 0)
        nonisolated(unsafe) var checksum = SHA256Digest.zero
        nonisolated(unsafe) let input = body
        DispatchQueue.global(qos: .userInitiated).async {
            checksum = Self.checksum(input)
            done.signal()
        }
        let decoded = Result { () throws(SnapshotDecodingError) -> ProjectionState in
            try ProjectionState.decodeBody(bytes, bodyOffset: SnapshotHeader.byteCount)
        }
        done.wait()
        return (checksum, decoded)
    }

    /// SHA-256 of a body. Large bodies are hashed in 4 MiB chunks on all cores and the chunk
    /// digests hashed together (`snapshots/README.md`); a body up to 4 MiB is hashed plainly.
    static func checksum(_ body: UnsafeRawBufferPointer, parallel: Bool = true) -> SHA256Digest {
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
        if !POSIXFile.exists(directory) {
            try POSIXFile.makeDirectory(directory)
            let parent = (directory as NSString).deletingLastPathComponent
            try POSIXFile.synchronizeDirectory(parent.isEmpty ? "." : parent)
        }
        removeStaleTemporaryFiles()
        let body = state.encodedBody()
        let checksum = body.withUnsafeBytes { Self.checksum($0) }
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

    /// Removes every snapshot but the newest `keeping` ones, and renames each path in
    /// `rejected` to `<name>.rejected`: kept for inspection, never read again.
    public func prune(keeping: Int, rejected: [String] = []) {
        for path in rejected where POSIXFile.exists(path) { try? POSIXFile.rename(path, path + Self.rejectedSuffix) }
        for entry in entries().dropFirst(max(1, keeping)) { try? POSIXFile.remove(entry.path) }
    }

    static let rejectedSuffix = ".rejected"
}
