import Foundation
import LedgerSupport

/// A tree head in the C2SP tlog-checkpoint note body format: the origin, the tree size and the
/// base64 root hash, each on its own line. The text is exactly what a C2SP signed-note signer
/// signs; signing stays outside the ledger (README: "Checkpoints").
public struct Checkpoint: Sendable, Hashable, CustomStringConvertible {
    /// Names the log; by default the ledger's id (``CheckpointOrigin``).
    public var origin: String
    public var size: UInt64
    public var rootHash: SHA256Digest

    public init(origin: String, size: UInt64, rootHash: SHA256Digest) {
        self.origin = origin
        self.size = size
        self.rootHash = rootHash
    }

    /// The note body: `origin\nsize\nbase64(root)\n`.
    public var text: String {
        "\(origin)\n\(size)\n\(Data(rootHash.bytes).base64EncodedString())\n"
    }

    public var description: String { text }

    /// Parses a checkpoint body, or a signed note whose body is one (the signature lines after
    /// the blank line are kept by the caller, never checked here). Extension lines are ignored.
    public init(parsing text: String) throws(CheckpointError) {
        let body = text.components(separatedBy: "\n\n").first ?? text
        let lines = body.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard lines.count >= 3 else { throw .tooFewLines(count: lines.count) }
        let origin = lines[0]
        guard !origin.isEmpty, !origin.contains(where: { $0.isWhitespace && $0 != " " }) else {
            throw .badOrigin(line: origin)
        }
        guard let size = UInt64(lines[1]), String(size) == lines[1] else { throw .badSize(line: lines[1]) }
        guard let data = Data(base64Encoded: lines[2]), data.count == SHA256Digest.byteCount else {
            throw .badRootHash(line: lines[2])
        }
        self.init(origin: origin, size: size, rootHash: SHA256Digest(bytes: [UInt8](data)))
    }

    /// Reads a checkpoint (or a signed note holding one) from a file.
    public init(contentsOf path: String) throws(CheckpointError) {
        guard let data = FileManager.default.contents(atPath: path) else { throw .unreadable(path: path) }
        guard let text = String(data: data, encoding: .utf8) else { throw .unreadable(path: path) }
        try self.init(parsing: text)
    }
}
