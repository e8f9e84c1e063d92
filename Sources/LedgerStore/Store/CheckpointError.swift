import LedgerSupport

/// Why a checkpoint could not be read.
public enum CheckpointError: Error, Sendable, Hashable, CustomStringConvertible {
    case unreadable(path: String)
    case tooFewLines(count: Int)
    case badOrigin(line: String)
    case badSize(line: String)
    case badRootHash(line: String)

    public var description: String {
        switch self {
        case .unreadable(let path):
            return "cannot read a checkpoint from \(path): it is missing or not UTF-8 text"
        case .tooFewLines(let count):
            return "a checkpoint has an origin, a tree size and a base64 root hash on three lines; found \(count) line(s)"
        case .badOrigin(let line):
            return "checkpoint origin '\(line)' is empty or holds a tab or other control whitespace"
        case .badSize(let line):
            return "checkpoint tree size '\(line)' is not a decimal number without leading zeros"
        case .badRootHash(let line):
            return "checkpoint root hash '\(line)' is not the standard base64 of 32 bytes"
        }
    }
}
