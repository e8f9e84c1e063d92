import Foundation
import Synchronization

/// Decodes `Decodable` values from JSON to the same values Foundation's `JSONDecoder` (default
/// strategies) produces, several times faster.
///
/// The input is parsed once into a compact tape of token offsets; strings are built only when a
/// `String` is asked for, and the ledger's time types are read straight from the bytes. Errors
/// are Foundation's `DecodingError` cases with the same coding paths and wording, so messages
/// built from them (``EventDecodingError/detail(for:)``) read the same.
///
/// Differences from Foundation, all on input the ledger never writes:
/// - The whole input must be valid JSON (RFC 8259). Foundation checks values only when they are
///   read, so it accepts, in an ignored field, leading zeros, bad escapes, lone surrogates and
///   invalid UTF-8; it also accepts trailing commas. This decoder refuses them all.
/// - Only UTF-8 input (with or without a byte order mark); Foundation also detects UTF-16 and UTF-32.
/// - Keys are matched by their UTF-8 bytes; Foundation matches by `String` equality, under which
///   differently normalized spellings of the same non-ASCII key are equal.
/// - A number that does not fit its integer field is reported as `dataCorrupted` with the
///   field's coding path ("The number -1 does not fit in UInt64."); Foundation reports it with
///   an empty path.
/// - Syntax errors say what is wrong and at which byte offset.
///
/// Safe to share between threads: each call borrows a reusable working buffer under a lock, and
/// a call that finds it borrowed uses a fresh one.
public final class LedgerJSONDecoder: Sendable {
    private let cache = Mutex<JSONDecodingStorage?>(nil)

    public init() {}

    /// Decodes a `Value` from the JSON `bytes`.
    public func decode<Value: Decodable>(_ type: Value.Type, from bytes: UnsafeRawBufferPointer) throws -> Value {
        var storage = borrowStorage()
        defer { returnStorage(&storage) }
        try storage.load(bytes)
        return try storage.decode(0, as: type, anchor: 0, key: JSONNoKey())
    }

    /// Decodes a `Value` from the JSON `bytes`.
    public func decode<Value: Decodable>(_ type: Value.Type, from bytes: [UInt8]) throws -> Value {
        try bytes.withUnsafeBytes { try decode(type, from: $0) }
    }

    /// Decodes a `Value` from the JSON `data`, for call sites written against `JSONDecoder`.
    public func decode<Value: Decodable>(_ type: Value.Type, from data: Data) throws -> Value {
        try data.withUnsafeBytes { try decode(type, from: $0) }
    }

    private func borrowStorage() -> JSONDecodingStorage {
        let cached = cache.withLockIfAvailable { cached -> JSONDecodingStorage? in
            let taken = cached
            cached = nil
            return taken
        }
        return (cached ?? nil) ?? JSONDecodingStorage()
    }

    private func returnStorage(_ storage: inout JSONDecodingStorage) {
        // A decoder or container that escaped the call still reads this storage: give it its
        // own copy of the input (the caller's buffer is about to go) and do not reuse it.
        guard isKnownUniquelyReferenced(&storage) else {
            storage.adoptInputCopy()
            return
        }
        let returned = storage
        cache.withLockIfAvailable { cached in
            if cached == nil { cached = returned }
        }
    }
}
