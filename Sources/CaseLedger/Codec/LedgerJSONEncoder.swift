import Foundation
import Synchronization

/// Encodes `Encodable` values to the exact bytes Foundation's `JSONEncoder` produces with
/// `outputFormatting = [.sortedKeys, .withoutEscapingSlashes]` and default strategies, several
/// times faster.
///
/// The ledger hashes stored payload bytes, so a faster encoder is only usable if it is
/// byte-for-byte identical to the one that wrote the existing logs (``LedgerEvent/makeLedgerEncoder()``).
/// This one is generic over `Encodable`, so payload types need no per-type code, and it matches
/// Foundation on key order (UTF-8 bytes), string escaping, integers, floating-point text,
/// `Data` (Base64), `URL`, `Decimal`, values that encode nothing (`{}`), and the top-level error
/// for a value that encodes nothing. The codec tests compare it with Foundation on every code
/// point below U+3000, a random sample above, every event sample and randomized payloads.
///
/// Safe to share between threads: each call borrows a reusable working buffer under a lock, and
/// a call that finds it borrowed uses a fresh one.
public final class LedgerJSONEncoder: Sendable {
    private let cache = Mutex<JSONEncodingStorage?>(nil)

    public init() {}

    /// The JSON bytes of `value`.
    public func encode<Value: Encodable>(_ value: Value) throws -> [UInt8] {
        var bytes: [UInt8] = []
        try encode(value, into: &bytes)
        return bytes
    }

    /// Appends the JSON bytes of `value` to `buffer`, so a caller building a larger record (an
    /// envelope line) writes the payload in place. On error `buffer` is unchanged.
    public func encode<Value: Encodable>(_ value: Value, into buffer: inout [UInt8]) throws {
        var storage = borrowStorage()
        defer { returnStorage(&storage) }
        try storage.encodeTopLevel(value)
        buffer.append(contentsOf: storage.output.elements)
    }

    /// The JSON bytes of `value` as `Data`, for call sites written against `JSONEncoder`.
    public func encodeData<Value: Encodable>(_ value: Value) throws -> Data {
        var storage = borrowStorage()
        defer { returnStorage(&storage) }
        try storage.encodeTopLevel(value)
        return Data(buffer: storage.output.elements)
    }

    private func borrowStorage() -> JSONEncodingStorage {
        let cached = cache.withLockIfAvailable { cached -> JSONEncodingStorage? in
            let taken = cached
            cached = nil
            return taken
        }
        return (cached ?? nil) ?? JSONEncodingStorage()
    }

    private func returnStorage(_ storage: inout JSONEncodingStorage) {
        // A container that escaped the call still points at this storage; reusing it would let
        // that container write into the next call's output, so it is left to the escapee.
        guard isKnownUniquelyReferenced(&storage) else { return }
        storage.removeAll()
        let returned = storage
        cache.withLockIfAvailable { cached in
            if cached == nil { cached = returned }
        }
    }
}
