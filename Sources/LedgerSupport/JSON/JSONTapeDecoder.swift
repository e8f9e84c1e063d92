/// The `Decoder` a value sees when it decodes itself with ``LedgerJSONDecoder``: one token of the
/// tape, and the value's coding path.
///
/// It is a small struct (three words), so handing it to `init(from:)` as `any Decoder`, and to
/// callers of `singleValueContainer()`, allocates nothing.
package struct JSONTapeDecoder: Decoder {
    package let storage: JSONDecodingStorage
    package let token: Int
    /// Where the coding path comes from: usually `token` itself (see
    /// ``JSONDecodingStorage/codingPath(anchor:)``).
    package let anchor: Int

    package var codingPath: [any CodingKey] { storage.codingPath(anchor: anchor) }

    package var userInfo: [CodingUserInfoKey: Any] { [:] }

    package func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        switch storage.tokens[token].kind {
        case .object:
            return KeyedDecodingContainer(JSONKeyedDecodingContainer<Key>(storage: storage, object: token))
        case .null:
            throw DecodingError.valueNotFound(
                [String: Any].self,
                DecodingError.Context(
                    codingPath: codingPath, debugDescription: "Cannot get keyed decoding container -- found null value instead"))
        default:
            throw storage.typeMismatch([String: Any].self, at: token, anchor: anchor, key: JSONNoKey())
        }
    }

    package func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        switch storage.tokens[token].kind {
        case .array:
            return JSONUnkeyedDecodingContainer(storage: storage, array: token)
        case .null:
            throw DecodingError.valueNotFound(
                [Any].self,
                DecodingError.Context(
                    codingPath: codingPath, debugDescription: "Cannot get unkeyed decoding container -- found null value instead"))
        default:
            throw storage.typeMismatch([Any].self, at: token, anchor: anchor, key: JSONNoKey())
        }
    }

    package func singleValueContainer() throws -> any SingleValueDecodingContainer {
        self
    }
}

extension JSONTapeDecoder: SingleValueDecodingContainer {
    private static let noKey = JSONNoKey()

    package func decodeNil() -> Bool { storage.tokens[token].kind == .null }
    package func decode(_ type: Bool.Type) throws -> Bool { try storage.decodeBool(token, anchor: anchor, key: Self.noKey) }
    package func decode(_ type: String.Type) throws -> String { try storage.decodeString(token, anchor: anchor, key: Self.noKey) }
    package func decode(_ type: Double.Type) throws -> Double {
        try storage.decodeFloatingPoint(token, as: type, anchor: anchor, key: Self.noKey)
    }
    package func decode(_ type: Float.Type) throws -> Float {
        try storage.decodeFloatingPoint(token, as: type, anchor: anchor, key: Self.noKey)
    }
    package func decode(_ type: Int.Type) throws -> Int { try storage.decodeInteger(token, as: type, anchor: anchor, key: Self.noKey) }
    package func decode(_ type: Int8.Type) throws -> Int8 { try storage.decodeInteger(token, as: type, anchor: anchor, key: Self.noKey) }
    package func decode(_ type: Int16.Type) throws -> Int16 { try storage.decodeInteger(token, as: type, anchor: anchor, key: Self.noKey) }
    package func decode(_ type: Int32.Type) throws -> Int32 { try storage.decodeInteger(token, as: type, anchor: anchor, key: Self.noKey) }
    package func decode(_ type: Int64.Type) throws -> Int64 { try storage.decodeInteger(token, as: type, anchor: anchor, key: Self.noKey) }
    package func decode(_ type: UInt.Type) throws -> UInt { try storage.decodeInteger(token, as: type, anchor: anchor, key: Self.noKey) }
    package func decode(_ type: UInt8.Type) throws -> UInt8 { try storage.decodeInteger(token, as: type, anchor: anchor, key: Self.noKey) }
    package func decode(_ type: UInt16.Type) throws -> UInt16 { try storage.decodeInteger(token, as: type, anchor: anchor, key: Self.noKey) }
    package func decode(_ type: UInt32.Type) throws -> UInt32 { try storage.decodeInteger(token, as: type, anchor: anchor, key: Self.noKey) }
    package func decode(_ type: UInt64.Type) throws -> UInt64 { try storage.decodeInteger(token, as: type, anchor: anchor, key: Self.noKey) }
    package func decode(_ type: Int128.Type) throws -> Int128 { try storage.decodeInteger(token, as: type, anchor: anchor, key: Self.noKey) }
    package func decode(_ type: UInt128.Type) throws -> UInt128 { try storage.decodeInteger(token, as: type, anchor: anchor, key: Self.noKey) }

    package func decode<Value: Decodable>(_ type: Value.Type) throws -> Value {
        // A single value has no key of its own: the nested value shares this anchor.
        try storage.decode(token, as: type, anchor: anchor, key: Self.noKey)
    }
}
