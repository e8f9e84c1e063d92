/// A JSON array being encoded: each element becomes an unkeyed slot of the storage's container.
///
/// Two words, so returning it as `any UnkeyedEncodingContainer` allocates nothing.
package struct JSONUnkeyedEncodingContainer: UnkeyedEncodingContainer {
    package let storage: JSONEncodingStorage
    package let container: Int

    package var codingPath: [any CodingKey] { storage.codingPath(to: storage.containers[container].slot) }

    package var count: Int { storage.containers[container].count }

    @inline(__always)
    private func nextSlot() -> Int {
        storage.appendElementSlot(to: container)
    }

    package mutating func encodeNil() throws { storage.encodeNil(into: nextSlot()) }
    package mutating func encode(_ value: Bool) throws { storage.encodeBool(value, into: nextSlot()) }
    package mutating func encode(_ value: String) throws { storage.encodeString(value, into: nextSlot()) }
    package mutating func encode(_ value: Double) throws { try storage.encodeFloatingPoint(value, into: nextSlot()) }
    package mutating func encode(_ value: Float) throws { try storage.encodeFloatingPoint(value, into: nextSlot()) }
    package mutating func encode(_ value: Int) throws { storage.encodeInteger(value, into: nextSlot()) }
    package mutating func encode(_ value: Int8) throws { storage.encodeInteger(value, into: nextSlot()) }
    package mutating func encode(_ value: Int16) throws { storage.encodeInteger(value, into: nextSlot()) }
    package mutating func encode(_ value: Int32) throws { storage.encodeInteger(value, into: nextSlot()) }
    package mutating func encode(_ value: Int64) throws { storage.encodeInteger(value, into: nextSlot()) }
    package mutating func encode(_ value: UInt) throws { storage.encodeInteger(value, into: nextSlot()) }
    package mutating func encode(_ value: UInt8) throws { storage.encodeInteger(value, into: nextSlot()) }
    package mutating func encode(_ value: UInt16) throws { storage.encodeInteger(value, into: nextSlot()) }
    package mutating func encode(_ value: UInt32) throws { storage.encodeInteger(value, into: nextSlot()) }
    package mutating func encode(_ value: UInt64) throws { storage.encodeInteger(value, into: nextSlot()) }
    package mutating func encode(_ value: Int128) throws { storage.encodeInteger(value, into: nextSlot()) }
    package mutating func encode(_ value: UInt128) throws { storage.encodeInteger(value, into: nextSlot()) }

    package mutating func encode<Value: Encodable>(_ value: Value) throws {
        try storage.encode(value, into: nextSlot())
    }

    package mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        let nested = storage.keyedContainer(in: nextSlot())
        return KeyedEncodingContainer(JSONKeyedEncodingContainer<NestedKey>(storage: storage, container: nested))
    }

    package mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        JSONUnkeyedEncodingContainer(storage: storage, container: storage.unkeyedContainer(in: nextSlot()))
    }

    package mutating func superEncoder() -> any Encoder {
        // The slot is taken now, so the superclass's value lands at this index whenever it is
        // written, as Foundation inserts it at the index it had when the encoder was made.
        JSONValueEncoder(storage: storage, slot: nextSlot())
    }
}
