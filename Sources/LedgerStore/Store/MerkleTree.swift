import Dispatch
import LedgerSupport

/// An RFC 6962 / RFC 9162 Merkle tree over the log's lines, with every complete subtree's
/// hash kept, so a root, an inclusion proof or a consistency proof for any tree size up to
/// ``size`` costs O(log n) hashes.
///
/// Leaf `i` is the line with sequence `i + 1`; its hash is SHA-256(0x00 ‖ the line's content
/// hash as 32 raw bytes) and an inner node is SHA-256(0x01 ‖ left ‖ right), split at the largest
/// power of two below the node's leaf count (RFC 9162 §2.1.1). `events/README.md` specifies it.
public struct MerkleTree: Sendable {
    /// `levels[h][i]` is the hash of the complete subtree of leaves `i·2^h ..< (i+1)·2^h`.
    private var levels: [[SHA256Digest]]

    /// Number of leaves.
    public var size: UInt64 { UInt64(levels[0].count) }

    /// A tree whose leaves have these hashes (already ``leafHash(_:)``-ed).
    public init(leafHashes: [SHA256Digest]) {
        levels = [leafHashes]
        while levels[levels.count - 1].count > 1 {
            let below = levels[levels.count - 1]
            let pairCount = below.count / 2
            levels.append(Self.nodeHashes(below, pairCount: pairCount))
        }
    }

    /// A tree over log lines with these content hashes, in sequence order.
    public init(contentHashes: [SHA256Digest]) {
        self.init(leafHashes: Self.leafHashes(ofContentHashes: contentHashes))
    }

    /// The hash of the root of the tree of the first `size` leaves; the empty tree's is SHA-256("").
    public func rootHash(size: UInt64) -> SHA256Digest {
        precondition(size <= self.size, "tree size \(size) is beyond the tree's \(self.size) leaves")
        guard size > 0 else { return Self.emptyRootHash }
        return subtreeHash(0, Int(size))
    }

    /// The inclusion proof (RFC 9162 §2.1.3.1) of leaf `index` in the tree of the first `size` leaves.
    public func inclusionProof(index: UInt64, size: UInt64) -> [SHA256Digest] {
        precondition(index < size && size <= self.size, "leaf \(index) is not in a tree of size \(size)")
        var proof: [SHA256Digest] = []
        path(Int(index), 0, Int(size), into: &proof)
        return proof
    }

    /// The consistency proof (RFC 9162 §2.1.4.1) that the tree of `newSize` leaves extends the
    /// tree of `oldSize`; empty when either is 0 or they are equal.
    public func consistencyProof(from oldSize: UInt64, to newSize: UInt64) -> [SHA256Digest] {
        precondition(oldSize <= newSize && newSize <= self.size, "no proof from size \(oldSize) to \(newSize)")
        guard oldSize > 0, oldSize < newSize else { return [] }
        var proof: [SHA256Digest] = []
        subproof(Int(oldSize), 0, Int(newSize), isComplete: true, into: &proof)
        return proof
    }

    /// The hash of leaves `start ..< end`. Every range the RFC recursion asks for starts at a
    /// multiple of its largest power of two, so a complete one is a stored hash.
    private func subtreeHash(_ start: Int, _ end: Int) -> SHA256Digest {
        let count = end - start
        if count & (count - 1) == 0 {
            let height = count.trailingZeroBitCount
            if start % count == 0 { return levels[height][start >> height] }
        }
        let split = Self.largestPowerOfTwo(below: count)
        return Self.nodeHash(subtreeHash(start, start + split), subtreeHash(start + split, end))
    }

    /// RFC 6962 PATH(m, D[start ..< end]).
    private func path(_ index: Int, _ start: Int, _ end: Int, into proof: inout [SHA256Digest]) {
        let count = end - start
        guard count > 1 else { return }
        let split = Self.largestPowerOfTwo(below: count)
        if index < split {
            path(index, start, start + split, into: &proof)
            proof.append(subtreeHash(start + split, end))
        } else {
            path(index - split, start + split, end, into: &proof)
            proof.append(subtreeHash(start, start + split))
        }
    }

    /// RFC 6962 SUBPROOF(m, D[start ..< end], b).
    private func subproof(_ oldCount: Int, _ start: Int, _ end: Int, isComplete: Bool, into proof: inout [SHA256Digest]) {
        let count = end - start
        if oldCount == count {
            if !isComplete { proof.append(subtreeHash(start, end)) }
            return
        }
        let split = Self.largestPowerOfTwo(below: count)
        if oldCount <= split {
            subproof(oldCount, start, start + split, isComplete: isComplete, into: &proof)
            proof.append(subtreeHash(start + split, end))
        } else {
            subproof(oldCount - split, start + split, end, isComplete: false, into: &proof)
            proof.append(subtreeHash(start, start + split))
        }
    }

    /// The largest power of two strictly below `count` (count ≥ 2).
    package static func largestPowerOfTwo(below count: Int) -> Int {
        1 << (Int.bitWidth - 1 - (count - 1).leadingZeroBitCount)
    }
}

extension MerkleTree {
    /// SHA-256 of no bytes: the root of the empty tree (RFC 9162 §2.1.1).
    public static let emptyRootHash = SHA256.hash([UInt8]())

    /// SHA-256(0x00 ‖ `data`): the hash of a leaf whose input is `data`.
    public static func leafHash(_ data: some Sequence<UInt8>) -> SHA256Digest {
        var hasher = SHA256()
        hasher.update([0x00])
        hasher.update(data)
        return hasher.finalize()
    }

    /// The leaf hash of a log line: SHA-256(0x00 ‖ its content hash as 32 raw bytes).
    public static func leafHash(contentHash: SHA256Digest) -> SHA256Digest {
        withUnsafeTemporaryAllocation(byteCount: 33, alignment: 8) { buffer in
            buffer[0] = 0x00
            contentHash.withUnsafeBytes { buffer.baseAddress!.advanced(by: 1).copyMemory(from: $0.baseAddress!, byteCount: 32) }
            return SHA256.hash(UnsafeRawBufferPointer(buffer))
        }
    }

    /// SHA-256(0x01 ‖ `left` ‖ `right`): the hash of an inner node.
    public static func nodeHash(_ left: SHA256Digest, _ right: SHA256Digest) -> SHA256Digest {
        withUnsafeTemporaryAllocation(byteCount: 65, alignment: 8) { buffer in
            buffer[0] = 0x01
            let base = buffer.baseAddress!
            left.withUnsafeBytes { base.advanced(by: 1).copyMemory(from: $0.baseAddress!, byteCount: 32) }
            right.withUnsafeBytes { base.advanced(by: 33).copyMemory(from: $0.baseAddress!, byteCount: 32) }
            return SHA256.hash(UnsafeRawBufferPointer(buffer))
        }
    }

    /// Leaf hashes of many content hashes, on all cores when there are enough to be worth it.
    package static func leafHashes(ofContentHashes contentHashes: [SHA256Digest]) -> [SHA256Digest] {
        mapInParallel(count: contentHashes.count) { leafHash(contentHash: contentHashes[$0]) }
    }

    /// Hashes of `pairCount` pairs of adjacent nodes of `below`.
    private static func nodeHashes(_ below: [SHA256Digest], pairCount: Int) -> [SHA256Digest] {
        mapInParallel(count: pairCount) { nodeHash(below[2 * $0], below[2 * $0 + 1]) }
    }

    private static func mapInParallel(count: Int, _ transform: @Sendable (Int) -> SHA256Digest) -> [SHA256Digest] {
        let chunkSize = 16_384
        guard count > chunkSize else { return (0..<count).map(transform) }
        return [SHA256Digest](unsafeUninitializedCapacity: count) { buffer, initialized in
            let base = SendablePointer(buffer.baseAddress!)
            let chunkCount = (count + chunkSize - 1) / chunkSize
            DispatchQueue.concurrentPerform(iterations: chunkCount) { chunk in
                for index in chunk * chunkSize..<min(count, (chunk + 1) * chunkSize) {
                    (base.pointer + index).initialize(to: transform(index))
                }
            }
            initialized = count
        }
    }
}

/// A buffer base handed to worker threads that each write their own disjoint range.
private struct SendablePointer: @unchecked Sendable {
    let pointer: UnsafeMutablePointer<SHA256Digest>
    init(_ pointer: UnsafeMutablePointer<SHA256Digest>) { self.pointer = pointer }
}
