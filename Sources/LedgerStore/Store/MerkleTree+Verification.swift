import LedgerSupport

/// Checking proofs with nothing but the hashes (RFC 9162 §2.1.3.2 and §2.1.4.2): what a
/// recipient of an evidence pack or a consistency proof does, and what the Python verifiers do.
extension MerkleTree {
    /// The root that `proof` leads to from leaf `index`'s hash in a tree of `size` leaves.
    public static func rootFromInclusionProof(
        index: UInt64, size: UInt64, leafHash: SHA256Digest, proof: [SHA256Digest]
    ) throws(MerkleProofError) -> SHA256Digest {
        guard index < size else { throw .indexOutOfRange(index: index, size: size) }
        let expected = inclusionProofLength(index: index, size: size)
        guard proof.count == expected else { throw .wrongProofLength(count: proof.count, expected: expected) }
        var node = index
        var last = size - 1
        var hash = leafHash
        for sibling in proof {
            if node & 1 == 1 || node == last {
                hash = nodeHash(sibling, hash)
                if node & 1 == 0 {
                    while node & 1 == 0 && node != 0 {
                        node >>= 1
                        last >>= 1
                    }
                }
            } else {
                hash = nodeHash(hash, sibling)
            }
            node >>= 1
            last >>= 1
        }
        return hash
    }

    /// Throws unless `proof` shows leaf `index` with hash `leafHash` in the tree of `size` leaves with `root`.
    public static func verifyInclusion(
        index: UInt64, size: UInt64, leafHash: SHA256Digest, proof: [SHA256Digest], root: SHA256Digest
    ) throws(MerkleProofError) {
        let computed = try rootFromInclusionProof(index: index, size: size, leafHash: leafHash, proof: proof)
        guard computed == root else { throw .rootMismatch(computed: computed, expected: root) }
    }

    /// Throws unless `proof` shows that the tree of `newSize` leaves with `newRoot` extends the
    /// tree of `oldSize` leaves with `oldRoot`.
    public static func verifyConsistency(
        oldSize: UInt64, newSize: UInt64, oldRoot: SHA256Digest, newRoot: SHA256Digest, proof: [SHA256Digest]
    ) throws(MerkleProofError) {
        guard oldSize <= newSize else { throw .sizesOutOfOrder(oldSize: oldSize, newSize: newSize) }
        if oldSize == newSize || oldSize == 0 {
            guard proof.isEmpty else { throw .wrongProofLength(count: proof.count, expected: 0) }
            if oldSize == newSize, oldRoot != newRoot { throw .rootMismatch(computed: oldRoot, expected: newRoot) }
            return
        }
        let expected = consistencyProofLength(oldSize: oldSize, newSize: newSize)
        guard proof.count == expected else { throw .wrongProofLength(count: proof.count, expected: expected) }
        // An old tree that is a complete subtree is itself the first node of the path.
        let path = oldSize & (oldSize - 1) == 0 ? [oldRoot] + proof : proof
        var node = oldSize - 1
        var last = newSize - 1
        while node & 1 == 1 {
            node >>= 1
            last >>= 1
        }
        var oldHash = path[0]
        var newHash = path[0]
        for sibling in path.dropFirst() {
            guard last != 0 else { throw .wrongProofLength(count: proof.count, expected: expected) }
            if node & 1 == 1 || node == last {
                oldHash = nodeHash(sibling, oldHash)
                newHash = nodeHash(sibling, newHash)
                if node & 1 == 0 {
                    while node & 1 == 0 && node != 0 {
                        node >>= 1
                        last >>= 1
                    }
                }
            } else {
                newHash = nodeHash(newHash, sibling)
            }
            node >>= 1
            last >>= 1
        }
        guard oldHash == oldRoot else { throw .oldRootMismatch(computed: oldHash, expected: oldRoot) }
        guard newHash == newRoot else { throw .rootMismatch(computed: newHash, expected: newRoot) }
    }

    /// Hashes in the inclusion proof of leaf `index` in a tree of `size` leaves: the bits in
    /// which index and the last index differ, plus the ones above where a right border meets.
    package static func inclusionProofLength(index: UInt64, size: UInt64) -> Int {
        let inner = UInt64.bitWidth - (index ^ (size - 1)).leadingZeroBitCount
        let border = (index >> UInt64(inner)).nonzeroBitCount
        return inner + border
    }

    /// Hashes in the consistency proof from `oldSize` to `newSize` (0 < oldSize < newSize): the
    /// inclusion proof of the old tree's last leaf, less the levels inside the old tree's last
    /// complete subtree, plus that subtree's own hash unless it is the whole old tree.
    package static func consistencyProofLength(oldSize: UInt64, newSize: UInt64) -> Int {
        let index = oldSize - 1
        let inner = UInt64.bitWidth - (index ^ (newSize - 1)).leadingZeroBitCount
        let border = (index >> UInt64(inner)).nonzeroBitCount
        let seed = oldSize & (oldSize - 1) == 0 ? 0 : 1
        return seed + inner - oldSize.trailingZeroBitCount + border
    }
}
