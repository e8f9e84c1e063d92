import LedgerSupport

/// Why an evidence pack or a consistency proof could not be made.
public enum EvidenceError: Error, Sendable, Hashable, CustomStringConvertible {
    case checkpointBeyondLog(size: UInt64, logSize: UInt64)
    case checkpointNotOfThisLog(size: UInt64, expected: SHA256Digest, found: SHA256Digest)
    case checkpointsOutOfOrder(oldSize: UInt64, newSize: UInt64)
    /// A line changed between the open that indexed it and the read that copied it.
    case lineChanged(sequence: UInt64, path: String)
    /// The tree sidecar is missing (or not format 1), so there is nothing to prove from without the log.
    case sidecarMissing(path: String)
    case io(IOFailure)

    public var description: String {
        switch self {
        case .checkpointBeyondLog(let size, let logSize):
            return "the checkpoint's tree size \(size) is beyond this log's \(logSize) lines: it is not a tree head of this log (or the log was truncated)"
        case .checkpointNotOfThisLog(let size, let expected, let found):
            return "the checkpoint's root for tree size \(size) is \(expected.hex) but this log's first \(size) lines have root \(found.hex): the log was rewritten, or the checkpoint is of another log"
        case .checkpointsOutOfOrder(let oldSize, let newSize):
            return "the older checkpoint's tree size \(oldSize) is larger than the newer one's \(newSize); give them oldest first"
        case .lineChanged(let sequence, let path):
            return "line \(sequence) in \(path) changed while the pack was being made; run the command again"
        case .sidecarMissing(let path):
            return "no tree sidecar at \(path) (format 1); the next write to the ledger rebuilds it from the log"
        case .io(let failure):
            return "\(failure)"
        }
    }
}
