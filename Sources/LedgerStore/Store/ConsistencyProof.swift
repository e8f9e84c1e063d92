import Foundation
import LedgerSupport

/// A consistency proof between two tree heads of a ledger, as text for someone else to check
/// (format 1, specified in `events/README.md`; checked by `tools/verify_consistency.py`):
/// `caseledger-consistency-proof 1`, the older and the newer tree size, then one base64 hash
/// per line, every line ending in LF.
public struct ConsistencyProof: Sendable, Hashable {
    public static let firstLine = "caseledger-consistency-proof 1"

    public var oldSize: UInt64
    public var newSize: UInt64
    public var hashes: [SHA256Digest]

    public init(oldSize: UInt64, newSize: UInt64, hashes: [SHA256Digest]) {
        self.oldSize = oldSize
        self.newSize = newSize
        self.hashes = hashes
    }

    /// The proof that `new` extends `old`, from the tree sidecar alone (the log is not read).
    /// Both checkpoints must be tree heads of the sidecar's tree; `new` defaults to its whole tree.
    public static func make(directory: String, from old: Checkpoint, to new: Checkpoint? = nil,
                            origin: String? = nil) throws(EvidenceError) -> (proof: ConsistencyProof, new: Checkpoint) {
        let tree = try sidecarTree(directory: directory)
        let new = new ?? Checkpoint(
            origin: origin ?? old.origin, size: tree.size, rootHash: tree.rootHash(size: tree.size))
        guard old.size <= new.size else { throw .checkpointsOutOfOrder(oldSize: old.size, newSize: new.size) }
        for checkpoint in [old, new] {
            guard checkpoint.size <= tree.size else {
                throw .checkpointBeyondLog(size: checkpoint.size, logSize: tree.size)
            }
            let root = tree.rootHash(size: checkpoint.size)
            guard root == checkpoint.rootHash else {
                throw .checkpointNotOfThisLog(size: checkpoint.size, expected: checkpoint.rootHash, found: root)
            }
        }
        let proof = ConsistencyProof(oldSize: old.size, newSize: new.size,
                                     hashes: tree.consistencyProof(from: old.size, to: new.size))
        return (proof, new)
    }

    /// The tree of the hashes in the sidecar of the ledger in `directory`.
    public static func sidecarTree(directory: String) throws(EvidenceError) -> MerkleTree {
        let stored: [SHA256Digest]?
        do { stored = try TreeSidecar.load(directory: directory) } catch { throw .io(error) }
        guard let stored else { throw .sidecarMissing(path: TreeSidecar.path(in: directory)) }
        return MerkleTree(contentHashes: stored)
    }

    public var text: String {
        ([Self.firstLine, String(oldSize), String(newSize)] + hashes.map { Data($0.bytes).base64EncodedString() })
            .joined(separator: "\n") + "\n"
    }
}
