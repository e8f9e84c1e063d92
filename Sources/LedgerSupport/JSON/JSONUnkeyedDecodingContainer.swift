/// A JSON array being decoded, element by element along the tape.
///
/// Its positions are packed into 32-bit fields so the whole container fits in three words and
/// returning it as `any UnkeyedDecodingContainer` allocates nothing (the parser refuses input
/// of 2 GiB or more, so tape indices fit).
package struct JSONUnkeyedDecodingContainer: UnkeyedDecodingContainer {
    package let storage: JSONDecodingStorage
    private let array: Int32
    private var elementIndex: Int32 = 0
    /// The tape index of the current element.
    private var cursor: Int32

    package init(storage: JSONDecodingStorage, array: Int) {
        self.storage = storage
        self.array = Int32(truncatingIfNeeded: array)
        self.cursor = Int32(truncatingIfNeeded: array + 1)
    }

    /// Errors about an element name its path from here.
    private var anchor: Int { Int(array) }

    package var codingPath: [any CodingKey] { storage.codingPath(anchor: anchor) }

    package var count: Int? { Int(storage.tokens[Int(array)].count) }

    package var isAtEnd: Bool { elementIndex >= storage.tokens[Int(array)].count }

    package var currentIndex: Int { Int(elementIndex) }

    private var indexKey: JSONIndexKey { JSONIndexKey(index: currentIndex) }

    /// The tape index of the current element, or Foundation's error at the end of the array.
    @inline(__always)
    private func element(
        expecting type: Any.Type, endMessage: String = "Unkeyed container is at end."
    ) throws -> Int {
        guard !isAtEnd else {
            throw DecodingError.valueNotFound(
                type, DecodingError.Context(codingPath: storage.codingPath(anchor, indexKey), debugDescription: endMessage))
        }
        return Int(cursor)
    }

    @inline(__always)
    private mutating func advance() {
        cursor = Int32(truncatingIfNeeded: storage.index(after: Int(cursor)))
        elementIndex += 1
    }

    package mutating func decodeNil() throws -> Bool {
        guard storage.tokens[try element(expecting: Never.self)].kind == .null else { return false }
        advance()
        return true
    }

    package mutating func decode(_ type: Bool.Type) throws -> Bool {
        let value = try storage.decodeBool(element(expecting: type), anchor: anchor, key: indexKey)
        advance()
        return value
    }

    package mutating func decode(_ type: String.Type) throws -> String {
        let value = try storage.decodeString(element(expecting: type), anchor: anchor, key: indexKey)
        advance()
        return value
    }

    package mutating func decode(_ type: Double.Type) throws -> Double {
        let value = try storage.decodeFloatingPoint(element(expecting: type), as: type, anchor: anchor, key: indexKey)
        advance()
        return value
    }

    package mutating func decode(_ type: Float.Type) throws -> Float {
        let value = try storage.decodeFloatingPoint(element(expecting: type), as: type, anchor: anchor, key: indexKey)
        advance()
        return value
    }

    package mutating func decode(_ type: Int.Type) throws -> Int { try integer(type) }
    package mutating func decode(_ type: Int8.Type) throws -> Int8 { try integer(type) }
    package mutating func decode(_ type: Int16.Type) throws -> Int16 { try integer(type) }
    package mutating func decode(_ type: Int32.Type) throws -> Int32 { try integer(type) }
    package mutating func decode(_ type: Int64.Type) throws -> Int64 { try integer(type) }
    package mutating func decode(_ type: UInt.Type) throws -> UInt { try integer(type) }
    package mutating func decode(_ type: UInt8.Type) throws -> UInt8 { try integer(type) }
    package mutating func decode(_ type: UInt16.Type) throws -> UInt16 { try integer(type) }
    package mutating func decode(_ type: UInt32.Type) throws -> UInt32 { try integer(type) }
    package mutating func decode(_ type: UInt64.Type) throws -> UInt64 { try integer(type) }
    package mutating func decode(_ type: Int128.Type) throws -> Int128 { try integer(type) }
    package mutating func decode(_ type: UInt128.Type) throws -> UInt128 { try integer(type) }

    @inline(__always)
    private mutating func integer<Integer: FixedWidthInteger>(_ type: Integer.Type) throws -> Integer {
        let value = try storage.decodeInteger(element(expecting: type), as: type, anchor: anchor, key: indexKey)
        advance()
        return value
    }

    package mutating func decode<Value: Decodable>(_ type: Value.Type) throws -> Value {
        let value = try storage.decode(element(expecting: type), as: type, anchor: anchor, key: indexKey)
        advance()
        return value
    }

    // Foundation implements every `decodeIfPresent` itself, returning nil at the end of the
    // array and still moving on one element; the protocol's defaults would not move on.
    package mutating func decodeIfPresent(_ type: Bool.Type) throws -> Bool? { try valueIfPresent(type) }
    package mutating func decodeIfPresent(_ type: String.Type) throws -> String? { try valueIfPresent(type) }
    package mutating func decodeIfPresent(_ type: Double.Type) throws -> Double? { try valueIfPresent(type) }
    package mutating func decodeIfPresent(_ type: Float.Type) throws -> Float? { try valueIfPresent(type) }
    package mutating func decodeIfPresent(_ type: Int.Type) throws -> Int? { try valueIfPresent(type) }
    package mutating func decodeIfPresent(_ type: Int8.Type) throws -> Int8? { try valueIfPresent(type) }
    package mutating func decodeIfPresent(_ type: Int16.Type) throws -> Int16? { try valueIfPresent(type) }
    package mutating func decodeIfPresent(_ type: Int32.Type) throws -> Int32? { try valueIfPresent(type) }
    package mutating func decodeIfPresent(_ type: Int64.Type) throws -> Int64? { try valueIfPresent(type) }
    package mutating func decodeIfPresent(_ type: Int128.Type) throws -> Int128? { try valueIfPresent(type) }
    package mutating func decodeIfPresent(_ type: UInt.Type) throws -> UInt? { try valueIfPresent(type) }
    package mutating func decodeIfPresent(_ type: UInt8.Type) throws -> UInt8? { try valueIfPresent(type) }
    package mutating func decodeIfPresent(_ type: UInt16.Type) throws -> UInt16? { try valueIfPresent(type) }
    package mutating func decodeIfPresent(_ type: UInt32.Type) throws -> UInt32? { try valueIfPresent(type) }
    package mutating func decodeIfPresent(_ type: UInt64.Type) throws -> UInt64? { try valueIfPresent(type) }
    package mutating func decodeIfPresent(_ type: UInt128.Type) throws -> UInt128? { try valueIfPresent(type) }

    package mutating func decodeIfPresent<Value: Decodable>(_ type: Value.Type) throws -> Value? {
        try valueIfPresent(type)
    }

    @inline(__always)
    private mutating func valueIfPresent<Value: Decodable>(_ type: Value.Type) throws -> Value? {
        guard !isAtEnd else {
            elementIndex += 1
            return nil
        }
        guard storage.tokens[Int(cursor)].kind != .null else {
            advance()
            return nil
        }
        return try decode(type)
    }

    package mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
        let index = try element(expecting: KeyedDecodingContainer<NestedKey>.self)
        let container = try nestedDecoder(at: index).container(keyedBy: type)
        advance()
        return container
    }

    package mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
        let index = try element(expecting: (any UnkeyedDecodingContainer).self)
        let container = try nestedDecoder(at: index).unkeyedContainer()
        advance()
        return container
    }

    package mutating func superDecoder() throws -> any Decoder {
        let index = try element(
            expecting: (any Decoder).self, endMessage: "Cannot get superDecoder() -- unkeyed container is at end.")
        let decoder = nestedDecoder(at: index)
        advance()
        return decoder
    }

    private func nestedDecoder(at index: Int) -> JSONTapeDecoder {
        JSONTapeDecoder(storage: storage, token: index, anchor: index)
    }
}
