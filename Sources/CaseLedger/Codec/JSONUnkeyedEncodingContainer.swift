/// A JSON array being encoded: each element becomes an unkeyed slot of the storage's container.
///
/// Three words, so returning it as `any UnkeyedEncodingContainer` allocates nothing.
struct JSONUnkeyedEncodingContainer: UnkeyedEncodingContainer {
    let storage: JSONEncodingStorage
    let container: Int
    let path: Int

    var codingPath: [any CodingKey] { storage.paths.path(to: path) }

    var count: Int { storage.containers[container].count }

    @inline(__always)
    private func nextSlot() -> Int {
        storage.appendElementSlot(to: container)
    }

    mutating func encodeNil() throws { storage.encodeNil(into: nextSlot()) }
    mutating func encode(_ value: Bool) throws { storage.encodeBool(value, into: nextSlot()) }
    mutating func encode(_ value: String) throws { storage.encodeString(value, into: nextSlot()) }
    mutating func encode(_ value: Double) throws {
        let key = JSONIndexKey(index: count)
        try storage.encodeFloatingPoint(value, into: nextSlot(), path: path, key: key)
    }
    mutating func encode(_ value: Float) throws {
        let key = JSONIndexKey(index: count)
        try storage.encodeFloatingPoint(value, into: nextSlot(), path: path, key: key)
    }
    mutating func encode(_ value: Int) throws { storage.encodeInteger(value, into: nextSlot()) }
    mutating func encode(_ value: Int8) throws { storage.encodeInteger(value, into: nextSlot()) }
    mutating func encode(_ value: Int16) throws { storage.encodeInteger(value, into: nextSlot()) }
    mutating func encode(_ value: Int32) throws { storage.encodeInteger(value, into: nextSlot()) }
    mutating func encode(_ value: Int64) throws { storage.encodeInteger(value, into: nextSlot()) }
    mutating func encode(_ value: UInt) throws { storage.encodeInteger(value, into: nextSlot()) }
    mutating func encode(_ value: UInt8) throws { storage.encodeInteger(value, into: nextSlot()) }
    mutating func encode(_ value: UInt16) throws { storage.encodeInteger(value, into: nextSlot()) }
    mutating func encode(_ value: UInt32) throws { storage.encodeInteger(value, into: nextSlot()) }
    mutating func encode(_ value: UInt64) throws { storage.encodeInteger(value, into: nextSlot()) }
    mutating func encode(_ value: Int128) throws { storage.encodeInteger(value, into: nextSlot()) }
    mutating func encode(_ value: UInt128) throws { storage.encodeInteger(value, into: nextSlot()) }

    mutating func encode<Value: Encodable>(_ value: Value) throws {
        let key = JSONIndexKey(index: count)
        try storage.encode(value, into: nextSlot(), path: path, key: key)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        let key = JSONIndexKey(index: count)
        let nested = storage.keyedContainer(in: nextSlot())
        let nestedPath = storage.paths.append(parent: path, key: key)
        return KeyedEncodingContainer(
            JSONKeyedEncodingContainer<NestedKey>(storage: storage, container: nested, path: nestedPath))
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        let key = JSONIndexKey(index: count)
        let nested = storage.unkeyedContainer(in: nextSlot())
        return JSONUnkeyedEncodingContainer(storage: storage, container: nested, path: storage.paths.append(parent: path, key: key))
    }

    mutating func superEncoder() -> any Encoder {
        // The slot is taken now, so the superclass's value lands at this index whenever it is
        // written, as Foundation inserts it at the index it had when the encoder was made.
        let key = JSONIndexKey(index: count)
        let slot = nextSlot()
        return JSONValueEncoder(storage: storage, slot: slot, path: storage.paths.append(parent: path, key: key))
    }
}
