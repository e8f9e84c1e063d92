import LedgerSupport

/// The result of re-reading every byte of a ledger.
public struct VerificationReport: Sendable, Hashable {
    public var eventCount: UInt64
    public var head: LedgerDigest
    public var byteCount: Int
    public var segmentCount: Int
    /// The first fault, or nil when the log is intact (and matches the digest, if one was given).
    public var fault: ScanFault?
    /// The digest that was checked against the log, if any.
    public var checkedDigest: LedgerDigest?
    /// An unfinished append seen while a writer held the lock: not a fault.
    public var pendingTail: ScanFault?
    /// The Merkle tree head of the lines read (the whole log when intact; see ``MerkleTree``).
    public var checkpoint: Checkpoint
    /// How the tree sidecar compares with the lines read.
    public var sidecarState: TreeSidecarState

    public var isIntact: Bool { fault == nil }
}

/// Re-reads every byte: each line's frame and content hash, the chain, gapless sequence numbers,
/// batch framing, non-decreasing `recordedAt`, and optionally a digest noted earlier.
public enum LedgerVerifier {
    public static func verify(directory: String, digest: LedgerDigest? = nil) throws(LedgerError) -> VerificationReport {
        try verify(directory: directory, digest: digest, fileSystem: .system)
    }

    /// ``verify(directory:digest:)`` reading the segments through `fileSystem` (a test's faults).
    package static func verify(directory: String, digest: LedgerDigest?, fileSystem: FileSystemCalls) throws(LedgerError) -> VerificationReport {
        let reader = try LedgerReader(directory: directory)
        var scanner = LogScanner(directory: directory, fileSystem: fileSystem)
        if let digest { scanner.digestToCheck = LogPosition(sequence: digest.sequence, chain: digest.hash, recordedAt: nil) }
        let outcome: ScanOutcome
        var contentHashes: [SHA256Digest] = []
        do {
            // Header checks only: no payload is decoded and no header string is built.
            outcome = try scanner.scanLines(makeExtractor: { { _, _ in () } }) { line, _ in
                contentHashes.append(line.contentHash)
            }
        } catch let error as IOFailure {
            throw .io(error)
        } catch {
            throw .io(IOFailure(operation: "verify", path: directory, errorNumber: 0))
        }
        var fault = outcome.fault
        var pending: ScanFault?
        if let found = fault, outcome.faultIsRecoverableTail, reader.isWriterActive {
            pending = found
            fault = nil
        }
        contentHashes.removeLast(max(0, contentHashes.count - Int(outcome.head.sequence)))
        let tree = MerkleTree(contentHashes: contentHashes)
        let checkpoint = Checkpoint(origin: CheckpointOrigin.origin(directory: directory, firstContentHash: contentHashes.first),
                                    size: tree.size, rootHash: tree.rootHash(size: tree.size))
        let sidecarState: TreeSidecarState
        do { sidecarState = TreeSidecarState(stored: try TreeSidecar.load(directory: directory), log: contentHashes) } catch {
            throw .io(error)
        }
        return VerificationReport(
            eventCount: outcome.head.sequence, head: LedgerDigest(sequence: outcome.head.sequence, hash: outcome.head.chain),
            byteCount: outcome.byteCount, segmentCount: outcome.segments.count, fault: fault, checkedDigest: digest,
            pendingTail: pending, checkpoint: checkpoint, sidecarState: sidecarState)
    }
}
