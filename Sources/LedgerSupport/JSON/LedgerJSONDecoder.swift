import Foundation
import Synchronization

/// Decodes `Decodable` values from JSON to the same values Foundation's `JSONDecoder` (default
/// strategies) produces, several times faster.
///
/// The input is parsed once into a compact tape of token offsets; strings are built only when a
/// `String` is asked for, and the ledger's time types are read straight from the bytes. Errors
/// are Foundation's `DecodingError` cases with the same coding paths (by `stringValue`) and
/// wording, so messages built from them (``EventDecodingError/detail(for:)``) read the same.
/// Duplicate keys keep the first value, numbers convert to integers by Foundation's rules
/// (`1.0` and `1e2` are integers, `1.5` is not), nesting is limited to 512 levels, and a UTF-8
/// byte order mark is skipped, all as in Foundation.
///
/// Differences from Foundation, none of them on JSON the ledger writes:
/// - The whole input must be valid JSON (RFC 8259). Foundation checks a value only when it is
///   read, so in a field nobody reads it accepts leading zeros, bad escapes, lone surrogates and
///   invalid UTF-8; it also accepts trailing commas anywhere. This decoder refuses them all.
/// - Only UTF-8 input; Foundation also detects UTF-16 and UTF-32.
/// - Keys are matched by their UTF-8 bytes after unescaping; Foundation matches by `String`
///   equality, under which differently normalized spellings of an accented key are equal.
/// - A number that does not fit its integer field is `dataCorrupted` with the field's coding
///   path ("The number -1 does not fit in UInt64."); Foundation gives it an empty path.
/// - Syntax errors say what is wrong and at which byte offset.
/// - The `codingPath` of a decoder, a container or a `DecodingError` is rebuilt on demand from
///   the document, so its keys have Foundation's `stringValue`s but are the codec's own key type
///   rather than the payload's `CodingKeys` (the last key of an error is the caller's own key).
/// - `userInfo` is always empty.
///
/// Safe to share between threads: each call borrows a working buffer from a small pool (a lock
/// held for a pop or a push) and returns it for reuse, so steady use allocates nothing.
public final class LedgerJSONDecoder: Sendable {
    /// Working buffers not in use, kept for the next call: one per thread that has used this
    /// instance at the same time, up to ``poolLimit``.
    private let pool = Mutex<[JSONDecodingStorage]>([])
    private static let poolLimit = 8

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

    /// Parses `bytes` strictly (RFC 8259, UTF-8 included) into a token tape and hands the tape
    /// to `body`, without decoding any type: the store's cheap check of a line before it is
    /// written reads the envelope's structure from it.
    package func withTape<Result>(_ bytes: UnsafeRawBufferPointer, _ body: (UnsafeBufferPointer<JSONToken>) -> Result) throws -> Result {
        var storage = borrowStorage()
        defer { returnStorage(&storage) }
        try storage.load(bytes)
        return body(storage.tokens.elements)
    }

    private func borrowStorage() -> JSONDecodingStorage {
        pool.withLock { $0.popLast() } ?? JSONDecodingStorage()
    }

    private func returnStorage(_ storage: inout JSONDecodingStorage) {
        // A decoder or container that escaped the call still reads this storage: give it its
        // own copy of the input (the caller's buffer is about to go) and do not reuse it.
        guard isKnownUniquelyReferenced(&storage) else {
            storage.adoptInputCopy()
            return
        }
        guard !storage.isOversized else { return }
        let returned = storage
        pool.withLock { pool in
            if pool.count < Self.poolLimit { pool.append(returned) }
        }
    }
}
