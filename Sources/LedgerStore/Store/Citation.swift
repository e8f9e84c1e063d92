import LedgerSupport

/// The reference an answer gives for an event it rests on: its sequence number and the chain
/// hash after it, so anyone can check the answer against the log (or against `verify`).
public struct Citation: Sendable, Hashable, Codable, Comparable, CustomStringConvertible {
    public var sequence: UInt64
    public var hash: SHA256Digest

    public init(sequence: UInt64, hash: SHA256Digest) {
        self.sequence = sequence
        self.hash = hash
    }

    /// `SEQ:HASH`, the same shape as a ledger digest.
    public var description: String { "\(sequence):\(hash.hex)" }

    public static func < (lhs: Citation, rhs: Citation) -> Bool { lhs.sequence < rhs.sequence }

    package enum CodingKeys: String, CodingKey {
        case sequence, hash
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        sequence = try container.decode(UInt64.self, forKey: .sequence)
        let text = try container.decode(String.self, forKey: .hash)
        guard let digest = SHA256Digest(hex: text) else {
            throw DecodingError.dataCorruptedError(forKey: .hash, in: container, debugDescription: "expected 64 hex digits")
        }
        hash = digest
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(sequence, forKey: .sequence)
        try container.encode(hash.hex, forKey: .hash)
    }
}

extension Array where Element == Citation {
    /// Sorted by sequence, without duplicates: the shape every answer's citation list has.
    package func normalised() -> [Citation] {
        var seen = Set<UInt64>()
        return filter { seen.insert($0.sequence).inserted }.sorted()
    }
}
