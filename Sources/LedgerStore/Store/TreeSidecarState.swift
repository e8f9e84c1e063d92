import LedgerSupport

/// How the tree sidecar compares with the log it was read beside.
public enum TreeSidecarState: Sendable, Hashable, CustomStringConvertible {
    case matches
    case missing
    case behind(count: UInt64)
    case ahead(count: UInt64)
    case differs(sequence: UInt64)

    package init(stored: [SHA256Digest]?, log: [SHA256Digest]) {
        guard let stored else {
            self = .missing
            return
        }
        for index in 0..<min(stored.count, log.count) where stored[index] != log[index] {
            self = .differs(sequence: UInt64(index) + 1)
            return
        }
        if stored.count < log.count {
            self = .behind(count: UInt64(stored.count))
        } else if stored.count > log.count {
            self = .ahead(count: UInt64(stored.count))
        } else {
            self = .matches
        }
    }

    public var description: String {
        switch self {
        case .matches: return "the tree sidecar matches the log"
        case .missing: return "the tree sidecar is missing (the next write rebuilds it)"
        case .behind(let count): return "the tree sidecar holds \(count) records, behind the log (the next write completes it)"
        case .ahead(let count): return "the tree sidecar holds \(count) records, more than the log (the next write cuts it back)"
        case .differs(let sequence): return "the tree sidecar differs from the log at sequence \(sequence) (the next write rebuilds it)"
        }
    }
}
