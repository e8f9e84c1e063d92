import Foundation
import Synchronization

/// Where event ids and correlation ids come from, so generated histories are reproducible.
public protocol IdentifierGenerator: Sendable {
    func nextIdentifier() -> String
}

/// Random version-4 UUIDs from the system's generator, lower-cased.
public struct RandomIdentifierGenerator: IdentifierGenerator {
    public init() {}

    public func nextIdentifier() -> String {
        let uuid = UUID().uuid
        return withUnsafeBytes(of: uuid) { UUIDText.lowercase($0) }
    }
}

/// UUID-shaped identifiers drawn from a seeded generator: the same seed gives the same ids.
public final class SeededIdentifierGenerator: IdentifierGenerator {
    private let generator: Mutex<SeededRandomNumberGenerator>

    public init(seed: UInt64) { generator = Mutex(SeededRandomNumberGenerator(seed: seed)) }

    public func nextIdentifier() -> String {
        let (high, low) = generator.withLock { ($0.next(), $0.next()) }
        var bytes = (high.bigEndian, low.bigEndian)
        return withUnsafeMutableBytes(of: &bytes) { raw in
            raw[6] = (raw[6] & 0x0F) | 0x40
            raw[8] = (raw[8] & 0x3F) | 0x80
            return UUIDText.lowercase(UnsafeRawBufferPointer(raw))
        }
    }
}

/// The 8-4-4-4-12 lowercase hex text of 16 bytes, written straight into the string: ids are
/// drawn once per appended event, so building them digit by digit through `String`s showed
/// up in append profiles.
package enum UUIDText {
    package static func lowercase(_ bytes: UnsafeRawBufferPointer) -> String {
        String(unsafeUninitializedCapacity: 36) { output in
            var position = 0
            for index in 0..<16 {
                if index == 4 || index == 6 || index == 8 || index == 10 {
                    output[position] = UInt8(ascii: "-")
                    position += 1
                }
                let byte = bytes[index]
                output[position] = JSONByteClass.lowerHexDigit(byte >> 4)
                output[position + 1] = JSONByteClass.lowerHexDigit(byte & 0x0F)
                position += 2
            }
            return position
        }
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
