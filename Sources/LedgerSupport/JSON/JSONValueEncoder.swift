/// The `Encoder` a value sees when it encodes itself with ``LedgerJSONEncoder``: one slot of the
/// storage to fill, and the slot's coding path.
///
/// It is a small struct (two words), so handing it to `encode(to:)` as `any Encoder`, and to
/// callers of `singleValueContainer()`, allocates nothing.
package struct JSONValueEncoder: Encoder {
    package let storage: JSONEncodingStorage
    package let slot: Int

    package var codingPath: [any CodingKey] { storage.codingPath(to: slot) }

    package var userInfo: [CodingUserInfoKey: Any] { [:] }

    package func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        let container = storage.keyedContainer(in: slot)
        return KeyedEncodingContainer(JSONKeyedEncodingContainer<Key>(storage: storage, container: container))
    }

    package func unkeyedContainer() -> any UnkeyedEncodingContainer {
        JSONUnkeyedEncodingContainer(storage: storage, container: storage.unkeyedContainer(in: slot))
    }

    package func singleValueContainer() -> any SingleValueEncodingContainer {
        self
    }
}

extension JSONValueEncoder: SingleValueEncodingContainer {
    package func encodeNil() throws { storage.encodeNil(into: slot) }
    package func encode(_ value: Bool) throws { storage.encodeBool(value, into: slot) }
    package func encode(_ value: String) throws { storage.encodeString(value, into: slot) }
    package func encode(_ value: Double) throws { try storage.encodeFloatingPoint(value, into: slot) }
    package func encode(_ value: Float) throws { try storage.encodeFloatingPoint(value, into: slot) }
    package func encode(_ value: Int) throws { storage.encodeInteger(value, into: slot) }
    package func encode(_ value: Int8) throws { storage.encodeInteger(value, into: slot) }
    package func encode(_ value: Int16) throws { storage.encodeInteger(value, into: slot) }
    package func encode(_ value: Int32) throws { storage.encodeInteger(value, into: slot) }
    package func encode(_ value: Int64) throws { storage.encodeInteger(value, into: slot) }
    package func encode(_ value: UInt) throws { storage.encodeInteger(value, into: slot) }
    package func encode(_ value: UInt8) throws { storage.encodeInteger(value, into: slot) }
    package func encode(_ value: UInt16) throws { storage.encodeInteger(value, into: slot) }
    package func encode(_ value: UInt32) throws { storage.encodeInteger(value, into: slot) }
    package func encode(_ value: UInt64) throws { storage.encodeInteger(value, into: slot) }
    package func encode(_ value: Int128) throws { storage.encodeInteger(value, into: slot) }
    package func encode(_ value: UInt128) throws { storage.encodeInteger(value, into: slot) }

    package func encode<Value: Encodable>(_ value: Value) throws {
        try storage.encode(value, into: slot)
    }
}
