/// The `Encoder` a value sees when it encodes itself with ``LedgerJSONEncoder``: one slot of the
/// storage to fill, and the slot's coding path.
///
/// It is a small struct (three words), so handing it to `encode(to:)` as `any Encoder`, and to
/// callers of `singleValueContainer()`, allocates nothing.
struct JSONValueEncoder: Encoder {
    let storage: JSONEncodingStorage
    let slot: Int
    /// The path of this value, as an index into the storage's ``CodingPathTable``.
    let path: Int

    var codingPath: [any CodingKey] { storage.paths.path(to: path) }

    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        let container = storage.keyedContainer(in: slot)
        return KeyedEncodingContainer(JSONKeyedEncodingContainer<Key>(storage: storage, container: container, path: path))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        JSONUnkeyedEncodingContainer(storage: storage, container: storage.unkeyedContainer(in: slot), path: path)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        self
    }
}

extension JSONValueEncoder: SingleValueEncodingContainer {
    func encodeNil() throws { storage.encodeNil(into: slot) }
    func encode(_ value: Bool) throws { storage.encodeBool(value, into: slot) }
    func encode(_ value: String) throws { storage.encodeString(value, into: slot) }
    func encode(_ value: Double) throws {
        try storage.encodeFloatingPoint(value, into: slot, path: path, key: JSONNoKey())
    }
    func encode(_ value: Float) throws {
        try storage.encodeFloatingPoint(value, into: slot, path: path, key: JSONNoKey())
    }
    func encode(_ value: Int) throws { storage.encodeInteger(value, into: slot) }
    func encode(_ value: Int8) throws { storage.encodeInteger(value, into: slot) }
    func encode(_ value: Int16) throws { storage.encodeInteger(value, into: slot) }
    func encode(_ value: Int32) throws { storage.encodeInteger(value, into: slot) }
    func encode(_ value: Int64) throws { storage.encodeInteger(value, into: slot) }
    func encode(_ value: UInt) throws { storage.encodeInteger(value, into: slot) }
    func encode(_ value: UInt8) throws { storage.encodeInteger(value, into: slot) }
    func encode(_ value: UInt16) throws { storage.encodeInteger(value, into: slot) }
    func encode(_ value: UInt32) throws { storage.encodeInteger(value, into: slot) }
    func encode(_ value: UInt64) throws { storage.encodeInteger(value, into: slot) }
    func encode(_ value: Int128) throws { storage.encodeInteger(value, into: slot) }
    func encode(_ value: UInt128) throws { storage.encodeInteger(value, into: slot) }

    func encode<Value: Encodable>(_ value: Value) throws {
        // A single value has no key of its own: the nested value shares this path.
        try storage.encode(value, into: slot, path: path, key: JSONNoKey())
    }
}
