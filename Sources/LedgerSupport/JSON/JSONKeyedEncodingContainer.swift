/// A JSON object being encoded: each member becomes a keyed slot of the storage's container.
package struct JSONKeyedEncodingContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    package let storage: JSONEncodingStorage
    package let container: Int

    package var codingPath: [any CodingKey] { storage.codingPath(to: storage.containers[container].slot) }

    @inline(__always)
    private func slot(for key: Key) -> Int {
        storage.appendSlot(to: container, key: key)
    }

    package mutating func encodeNil(forKey key: Key) throws { storage.encodeNil(into: slot(for: key)) }
    package mutating func encode(_ value: Bool, forKey key: Key) throws { storage.encodeBool(value, into: slot(for: key)) }
    package mutating func encode(_ value: String, forKey key: Key) throws { storage.encodeString(value, into: slot(for: key)) }
    package mutating func encode(_ value: Double, forKey key: Key) throws {
        try storage.encodeFloatingPoint(value, into: slot(for: key))
    }
    package mutating func encode(_ value: Float, forKey key: Key) throws {
        try storage.encodeFloatingPoint(value, into: slot(for: key))
    }
    package mutating func encode(_ value: Int, forKey key: Key) throws { storage.encodeInteger(value, into: slot(for: key)) }
    package mutating func encode(_ value: Int8, forKey key: Key) throws { storage.encodeInteger(value, into: slot(for: key)) }
    package mutating func encode(_ value: Int16, forKey key: Key) throws { storage.encodeInteger(value, into: slot(for: key)) }
    package mutating func encode(_ value: Int32, forKey key: Key) throws { storage.encodeInteger(value, into: slot(for: key)) }
    package mutating func encode(_ value: Int64, forKey key: Key) throws { storage.encodeInteger(value, into: slot(for: key)) }
    package mutating func encode(_ value: UInt, forKey key: Key) throws { storage.encodeInteger(value, into: slot(for: key)) }
    package mutating func encode(_ value: UInt8, forKey key: Key) throws { storage.encodeInteger(value, into: slot(for: key)) }
    package mutating func encode(_ value: UInt16, forKey key: Key) throws { storage.encodeInteger(value, into: slot(for: key)) }
    package mutating func encode(_ value: UInt32, forKey key: Key) throws { storage.encodeInteger(value, into: slot(for: key)) }
    package mutating func encode(_ value: UInt64, forKey key: Key) throws { storage.encodeInteger(value, into: slot(for: key)) }
    package mutating func encode(_ value: Int128, forKey key: Key) throws { storage.encodeInteger(value, into: slot(for: key)) }
    package mutating func encode(_ value: UInt128, forKey key: Key) throws { storage.encodeInteger(value, into: slot(for: key)) }

    package mutating func encode<Value: Encodable>(_ value: Value, forKey key: Key) throws {
        try storage.encode(value, into: slot(for: key))
    }

    package mutating func nestedContainer<NestedKey: CodingKey>(
        keyedBy keyType: NestedKey.Type, forKey key: Key
    ) -> KeyedEncodingContainer<NestedKey> {
        let memberSlot = storage.existingSlot(in: container, key: key, kind: .keyed) ?? slot(for: key)
        let nested = storage.keyedContainer(in: memberSlot)
        return KeyedEncodingContainer(JSONKeyedEncodingContainer<NestedKey>(storage: storage, container: nested))
    }

    package mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        let memberSlot = storage.existingSlot(in: container, key: key, kind: .unkeyed) ?? slot(for: key)
        return JSONUnkeyedEncodingContainer(storage: storage, container: storage.unkeyedContainer(in: memberSlot))
    }

    package mutating func superEncoder() -> any Encoder {
        JSONValueEncoder(storage: storage, slot: storage.appendSlot(to: container, key: JSONNamedKey.superKey))
    }

    package mutating func superEncoder(forKey key: Key) -> any Encoder {
        JSONValueEncoder(storage: storage, slot: slot(for: key))
    }
}
