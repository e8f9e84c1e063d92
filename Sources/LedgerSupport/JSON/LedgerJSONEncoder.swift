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
/// `Data` (Base64), `URL`, `Decimal`, keys written twice (the last wins), nested containers
/// reopened for the same key, super encoders, values that encode nothing (`{}`), and the
/// top-level error for a value that encodes nothing. The codec tests compare it with Foundation
/// on every code point up to U+3000, a random sample above, every event sample and randomized
/// payloads.
///
/// Differences from Foundation, none of which changes the bytes:
/// - `userInfo` is always empty (the ledger's payloads do not use it).
/// - The `codingPath` of an encoder, a container or an `EncodingError` is rebuilt on demand from
///   the keys' text and array positions, so it holds the same `stringValue`s as Foundation's
///   path, but as the codec's own key type rather than the payload's `CodingKeys`.
/// - Two keys that are different bytes but equal as `String`s (the same accented letter,
///   composed and decomposed) are two members here, one in Foundation. Synthesized `Codable`
///   never writes such keys.
///
/// Safe to share between threads: each call borrows a working buffer from a small pool (a lock
/// held for a pop or a push) and returns it for reuse, so steady use allocates nothing.
public final class LedgerJSONEncoder: Sendable {
    /// Working buffers not in use, kept for the next call: one per thread that has used this
    /// instance at the same time, up to ``poolLimit``.
    private let pool = Mutex<[JSONEncodingStorage]>([])
    private static let poolLimit = 8

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
        try withEncodedBytes(of: value) { buffer.append(contentsOf: $0) }
    }

    /// Appends the JSON bytes of `value` to a codec buffer: how the store writes a payload
    /// straight into the line it is framing. On error `buffer` is unchanged.
    package func encode<Value: Encodable>(_ value: Value, into buffer: inout GrowableBuffer<UInt8>) throws {
        try withEncodedBytes(of: value) { buffer.append($0) }
    }

    /// Encodes `value` and hands its JSON bytes to `body`, valid only during the call: the one
    /// place a payload is encoded, whatever buffer the caller appends it to.
    package func withEncodedBytes<Value: Encodable>(of value: Value, _ body: (UnsafeBufferPointer<UInt8>) -> Void) throws {
        var storage = borrowStorage()
        defer { returnStorage(&storage) }
        try storage.encodeTopLevel(value)
        body(storage.output.elements)
    }

    /// The JSON bytes of `value` as `Data`, for call sites written against `JSONEncoder`.
    public func encodeData<Value: Encodable>(_ value: Value) throws -> Data {
        var storage = borrowStorage()
        defer { returnStorage(&storage) }
        try storage.encodeTopLevel(value)
        return Data(buffer: storage.output.elements)
    }

    private func borrowStorage() -> JSONEncodingStorage {
        pool.withLock { $0.popLast() } ?? JSONEncodingStorage()
    }

    private func returnStorage(_ storage: inout JSONEncodingStorage) {
        // A container that escaped the call still points at this storage; reusing it would let
        // that container write into the next call's output, so it is left to the escapee.
        guard isKnownUniquelyReferenced(&storage), !storage.isOversized else { return }
        let returned = storage
        pool.withLock { pool in
            if pool.count < Self.poolLimit { pool.append(returned) }
        }
    }
}
