/// A JSON object being decoded: members are found by scanning the object's keys on the tape.
package struct JSONKeyedDecodingContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    package let storage: JSONDecodingStorage
    package let object: Int

    /// Errors about a member name its path from here.
    private var anchor: Int { object }

    package var codingPath: [any CodingKey] { storage.codingPath(anchor: object) }

    package var allKeys: [Key] {
        storage.memberNames(of: object).compactMap { Key(stringValue: $0) }
    }

    package func contains(_ key: Key) -> Bool {
        storage.member(of: object, named: key) != nil
    }

    /// The tape index of the member's value, or Foundation's `keyNotFound`.
    @inline(__always)
    private func value(for key: Key) throws -> Int {
        guard let index = storage.member(of: object, named: key) else {
            throw DecodingError.keyNotFound(
                key,
                DecodingError.Context(
                    codingPath: codingPath, debugDescription: "No value associated with key \(key) (\"\(key.stringValue)\")."))
        }
        return index
    }

    /// The tape index of the member's value, or nil when the key is absent or its value is null.
    @inline(__always)
    private func valueIfPresent(for key: Key) -> Int? {
        guard let index = storage.member(of: object, named: key), storage.tokens[index].kind != .null else { return nil }
        return index
    }

    package func decodeNil(forKey key: Key) throws -> Bool {
        storage.tokens[try value(for: key)].kind == .null
    }

    package func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool {
        try storage.decodeBool(value(for: key), anchor: anchor, key: key)
    }

    package func decode(_ type: String.Type, forKey key: Key) throws -> String {
        try storage.decodeString(value(for: key), anchor: anchor, key: key)
    }

    package func decode(_ type: Double.Type, forKey key: Key) throws -> Double {
        try storage.decodeFloatingPoint(value(for: key), as: type, anchor: anchor, key: key)
    }

    package func decode(_ type: Float.Type, forKey key: Key) throws -> Float {
        try storage.decodeFloatingPoint(value(for: key), as: type, anchor: anchor, key: key)
    }

    package func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try integer(type, key) }
    package func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { try integer(type, key) }
    package func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { try integer(type, key) }
    package func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { try integer(type, key) }
    package func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try integer(type, key) }
    package func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { try integer(type, key) }
    package func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { try integer(type, key) }
    package func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { try integer(type, key) }
    package func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { try integer(type, key) }
    package func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { try integer(type, key) }
    package func decode(_ type: Int128.Type, forKey key: Key) throws -> Int128 { try integer(type, key) }
    package func decode(_ type: UInt128.Type, forKey key: Key) throws -> UInt128 { try integer(type, key) }

    @inline(__always)
    private func integer<Integer: FixedWidthInteger>(_ type: Integer.Type, _ key: Key) throws -> Integer {
        try storage.decodeInteger(value(for: key), as: type, anchor: anchor, key: key)
    }

    package func decode<Value: Decodable>(_ type: Value.Type, forKey key: Key) throws -> Value {
        try storage.decode(value(for: key), as: type, anchor: anchor, key: key)
    }

    // Absent and null both give nil, as in Foundation; the protocol's default would look the
    // key up three times.
    package func decodeIfPresent(_ type: Bool.Type, forKey key: Key) throws -> Bool? {
        guard let index = valueIfPresent(for: key) else { return nil }
        return try storage.decodeBool(index, anchor: anchor, key: key)
    }

    package func decodeIfPresent(_ type: String.Type, forKey key: Key) throws -> String? {
        guard let index = valueIfPresent(for: key) else { return nil }
        return try storage.decodeString(index, anchor: anchor, key: key)
    }

    package func decodeIfPresent(_ type: Double.Type, forKey key: Key) throws -> Double? {
        guard let index = valueIfPresent(for: key) else { return nil }
        return try storage.decodeFloatingPoint(index, as: type, anchor: anchor, key: key)
    }

    package func decodeIfPresent(_ type: Float.Type, forKey key: Key) throws -> Float? {
        guard let index = valueIfPresent(for: key) else { return nil }
        return try storage.decodeFloatingPoint(index, as: type, anchor: anchor, key: key)
    }

    package func decodeIfPresent(_ type: Int.Type, forKey key: Key) throws -> Int? { try integerIfPresent(type, key) }
    package func decodeIfPresent(_ type: Int8.Type, forKey key: Key) throws -> Int8? { try integerIfPresent(type, key) }
    package func decodeIfPresent(_ type: Int16.Type, forKey key: Key) throws -> Int16? { try integerIfPresent(type, key) }
    package func decodeIfPresent(_ type: Int32.Type, forKey key: Key) throws -> Int32? { try integerIfPresent(type, key) }
    package func decodeIfPresent(_ type: Int64.Type, forKey key: Key) throws -> Int64? { try integerIfPresent(type, key) }
    package func decodeIfPresent(_ type: UInt.Type, forKey key: Key) throws -> UInt? { try integerIfPresent(type, key) }
    package func decodeIfPresent(_ type: UInt8.Type, forKey key: Key) throws -> UInt8? { try integerIfPresent(type, key) }
    package func decodeIfPresent(_ type: UInt16.Type, forKey key: Key) throws -> UInt16? { try integerIfPresent(type, key) }
    package func decodeIfPresent(_ type: UInt32.Type, forKey key: Key) throws -> UInt32? { try integerIfPresent(type, key) }
    package func decodeIfPresent(_ type: UInt64.Type, forKey key: Key) throws -> UInt64? { try integerIfPresent(type, key) }
    package func decodeIfPresent(_ type: Int128.Type, forKey key: Key) throws -> Int128? { try integerIfPresent(type, key) }
    package func decodeIfPresent(_ type: UInt128.Type, forKey key: Key) throws -> UInt128? { try integerIfPresent(type, key) }

    @inline(__always)
    private func integerIfPresent<Integer: FixedWidthInteger>(_ type: Integer.Type, _ key: Key) throws -> Integer? {
        guard let index = valueIfPresent(for: key) else { return nil }
        return try storage.decodeInteger(index, as: type, anchor: anchor, key: key)
    }

    package func decodeIfPresent<Value: Decodable>(_ type: Value.Type, forKey key: Key) throws -> Value? {
        guard let index = valueIfPresent(for: key) else { return nil }
        return try storage.decode(index, as: type, anchor: anchor, key: key)
    }

    package func nestedContainer<NestedKey: CodingKey>(
        keyedBy type: NestedKey.Type, forKey key: Key
    ) throws -> KeyedDecodingContainer<NestedKey> {
        let index = try value(for: key)
        return try JSONTapeDecoder(storage: storage, token: index, anchor: index).container(keyedBy: type)
    }

    package func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        let index = try value(for: key)
        return try JSONTapeDecoder(storage: storage, token: index, anchor: index).unkeyedContainer()
    }

    package func superDecoder() throws -> any Decoder {
        // A missing key gives a decoder over null rather than an error, as in Foundation.
        superDecoder(named: JSONNamedKey.superKey)
    }

    package func superDecoder(forKey key: Key) throws -> any Decoder {
        superDecoder(named: key)
    }

    private func superDecoder(named key: some CodingKey) -> JSONTapeDecoder {
        if let index = storage.member(of: object, named: key) {
            return JSONTapeDecoder(storage: storage, token: index, anchor: index)
        }
        return JSONTapeDecoder(
            storage: storage, token: storage.missingValueToken, anchor: storage.detachedAnchor(parent: object, key: key))
    }
}
