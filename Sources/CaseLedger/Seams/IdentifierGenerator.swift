import Foundation
import Synchronization

/// Where event ids and correlation ids come from, so generated histories are reproducible.
public protocol IdentifierGenerator: Sendable {
    func nextIdentifier() -> String
}

/// Random version-4 UUIDs from the system's generator, lower-cased.
public struct RandomIdentifierGenerator: IdentifierGenerator {
    public init() {}

    public func nextIdentifier() -> String { UUID().uuidString.lowercased() }
}

/// UUID-shaped identifiers drawn from a seeded generator: the same seed gives the same ids.
public final class SeededIdentifierGenerator: IdentifierGenerator {
    private let generator: Mutex<SeededRandomNumberGenerator>

    public init(seed: UInt64) { generator = Mutex(SeededRandomNumberGenerator(seed: seed)) }

    public func nextIdentifier() -> String {
        let (high, low) = generator.withLock { ($0.next(), $0.next()) }
        var bytes = [UInt8](repeating: 0, count: 16)
        for index in 0..<8 {
            bytes[index] = UInt8(truncatingIfNeeded: high >> (56 - 8 * UInt64(index)))
            bytes[8 + index] = UInt8(truncatingIfNeeded: low >> (56 - 8 * UInt64(index)))
        }
        bytes[6] = (bytes[6] & 0x0F) | 0x40
        bytes[8] = (bytes[8] & 0x3F) | 0x80
        let hex = bytes.map { byte in
            let digits = Array("0123456789abcdef")
            return String([digits[Int(byte >> 4)], digits[Int(byte & 0x0F)]])
        }
        return hex[0..<4].joined() + "-" + hex[4..<6].joined() + "-" + hex[6..<8].joined() + "-"
            + hex[8..<10].joined() + "-" + hex[10..<16].joined()
    }
}

/// SplitMix64: small, fast, and fully determined by its seed. Simulations print the seed so
/// any failure can be replayed exactly.
public struct SeededRandomNumberGenerator: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var mixed = state
        mixed = (mixed ^ (mixed >> 30)) &* 0xBF58_476D_1CE4_E5B9
        mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
        return mixed ^ (mixed >> 31)
    }
}
