import LedgerSupport

/// Why an inclusion or consistency proof did not verify.
public enum MerkleProofError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The leaf index is not below the tree size.
    case indexOutOfRange(index: UInt64, size: UInt64)
    /// The proof has the wrong number of hashes for its index and sizes.
    case wrongProofLength(count: Int, expected: Int)
    /// The hashes combine to another root than the one claimed.
    case rootMismatch(computed: SHA256Digest, expected: SHA256Digest)
    /// The sizes of a consistency proof go backwards.
    case sizesOutOfOrder(oldSize: UInt64, newSize: UInt64)
    /// The older tree's root is not the one the proof leads to.
    case oldRootMismatch(computed: SHA256Digest, expected: SHA256Digest)

    public var description: String {
        switch self {
        case .indexOutOfRange(let index, let size):
            return "leaf index \(index) is not in a tree of \(size) leaves"
        case .wrongProofLength(let count, let expected):
            return "the proof has \(count) hashes where \(expected) are needed"
        case .rootMismatch(let computed, let expected):
            return "the proof leads to root \(computed.hex), not \(expected.hex)"
        case .sizesOutOfOrder(let oldSize, let newSize):
            return "the older tree size \(oldSize) is larger than the newer \(newSize)"
        case .oldRootMismatch(let computed, let expected):
            return "the proof leads to older root \(computed.hex), not \(expected.hex): the log was not extended from that tree head"
        }
    }
}
