import Foundation
import LedgerSupport

/// The Merkle tree of a ledger as read from its log, with where every stream's lines are, for
/// checkpoints and evidence packs. Opening re-reads and checks every line (as `verify` does) and
/// builds the tree from the lines themselves, so a pack never rests on the sidecar alone; the
/// sidecar is compared and its state reported (``sidecarState``).
public struct LedgerTreeIndex: Sendable {
    public let directory: String
    public let tree: MerkleTree
    /// The last line of the last committed batch: tree size = `head.sequence`.
    public let head: LedgerDigest
    /// The checkpoint origin: the ledger's id (``CheckpointOrigin``).
    public let origin: String
    public let sidecarState: TreeSidecarState
    /// An unfinished append at the end (a writer is mid-write, or one crashed): not in the tree.
    public let pendingTail: ScanFault?
    package let segmentPaths: [String]
    package let lines: [StreamName: [LineLocation]]

    /// Where one committed line is, and what it must hash to.
    package struct LineLocation: Sendable {
        package var sequence: UInt64
        package var segmentIndex: Int
        package var byteOffset: Int
        /// Without the LF.
        package var lengthBytes: Int
        package var occurredAt: Instant
        package var contentHash: SHA256Digest
        /// The chain value of the line before (the genesis value for the first).
        package var previousChain: SHA256Digest
    }

    /// Reads and checks every line of the ledger in `directory`.
    public static func open(directory: String) throws(LedgerError) -> LedgerTreeIndex {
        _ = try LedgerReader(directory: directory)
        var contentHashes: [SHA256Digest] = []
        var lines: [StreamName: [LineLocation]] = [:]
        var previousChain = LedgerFormat.genesis
        var segmentIndexes: [String: Int] = [:]
        var segmentPaths: [String] = []
        let outcome: ScanOutcome
        do {
            outcome = try LogScanner(directory: directory).scanLines(makeExtractor: { { _, _ in () } }) { line, _ in
                let stream: StreamName
                if let range = line.header.streamRange {
                    stream = StreamName(String(decoding: UnsafeRawBufferPointer(rebasing: line.content[range]), as: UTF8.self))
                } else {
                    stream = try EnvelopeHeader.decode(line.content).stream
                }
                let segmentIndex: Int
                if let known = segmentIndexes[line.segment.path] {
                    segmentIndex = known
                } else {
                    segmentIndex = segmentPaths.count
                    segmentIndexes[line.segment.path] = segmentIndex
                    segmentPaths.append(line.segment.path)
                }
                lines[stream, default: []].append(LineLocation(
                    sequence: line.header.sequence, segmentIndex: segmentIndex, byteOffset: line.offset,
                    lengthBytes: line.content.count + LedgerFormat.lineOverheadByteCount - 1,
                    occurredAt: line.header.occurredAt, contentHash: line.contentHash, previousChain: previousChain))
                contentHashes.append(line.contentHash)
                previousChain = line.chain
            }
        } catch let error as LedgerError {
            throw error
        } catch let error as IOFailure {
            throw .io(error)
        } catch {
            throw .io(IOFailure(operation: "read", path: directory, errorNumber: 0))
        }
        if let fault = outcome.fault, !outcome.faultIsRecoverableTail { throw .corrupt(fault) }
        let sidecarState: TreeSidecarState
        do {
            sidecarState = TreeSidecarState(stored: try TreeSidecar.load(directory: directory), log: contentHashes)
        } catch {
            throw .io(error)
        }
        let tree = MerkleTree(contentHashes: contentHashes)
        return LedgerTreeIndex(
            directory: directory, tree: tree,
            head: LedgerDigest(sequence: outcome.head.sequence, hash: outcome.head.chain),
            origin: CheckpointOrigin.origin(directory: directory, firstContentHash: contentHashes.first),
            sidecarState: sidecarState, pendingTail: outcome.fault, segmentPaths: segmentPaths, lines: lines)
    }

    /// The checkpoint of the whole committed log (or of its first `size` lines).
    public func checkpoint(size: UInt64? = nil, origin: String? = nil) -> Checkpoint {
        let size = size ?? tree.size
        return Checkpoint(origin: origin ?? self.origin, size: size, rootHash: tree.rootHash(size: size))
    }

    /// Throws unless `checkpoint` is a tree head of this log: its size is not beyond the log and
    /// the log's first `size` lines have its root.
    public func check(_ checkpoint: Checkpoint) throws(EvidenceError) {
        guard checkpoint.size <= tree.size else {
            throw .checkpointBeyondLog(size: checkpoint.size, logSize: tree.size)
        }
        let root = tree.rootHash(size: checkpoint.size)
        guard root == checkpoint.rootHash else {
            throw .checkpointNotOfThisLog(size: checkpoint.size, expected: checkpoint.rootHash, found: root)
        }
    }

    /// The stored bytes of a line (without its LF), checked against its content hash after reading.
    package func storedLine(_ location: LineLocation) throws(EvidenceError) -> [UInt8] {
        let path = segmentPaths[location.segmentIndex]
        let bytes: [UInt8]
        do {
            let file = try POSIXFile.open(path, .readOnly)
            defer { file.close() }
            bytes = try file.read(offset: location.byteOffset, count: location.lengthBytes)
        } catch {
            throw .io(error)
        }
        let prefix = LedgerFormat.linePrefix.count
        guard bytes.count == location.lengthBytes, bytes.count > prefix + LedgerFormat.lineSuffixByteCount - 1,
              SHA256.hash(bytes[prefix..<(bytes.count - LedgerFormat.lineSuffixByteCount + 1)]) == location.contentHash
        else {
            throw .lineChanged(sequence: location.sequence, path: path)
        }
        return bytes
    }
}
