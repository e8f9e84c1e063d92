/// Arrays read straight off the tape, with their element count known in advance.
///
/// The standard library decodes an array by asking an unkeyed container for one element at a
/// time and appending, growing the array as it goes; the tape already knows the count, so this
/// allocates once and skips the container. Elements are decoded exactly as the container would
/// decode them, with the same coding paths and errors.
protocol JSONTapeDecodableArray {
    /// Decodes the array token at `index` as `Self`, returned as `Result`, which must be `Self`
    /// (so the caller gets its own generic type back without a cast).
    static func decode<Result>(
        fromTape storage: JSONDecodingStorage, array index: Int, as result: Result.Type
    ) throws -> Result
}

extension Array: JSONTapeDecodableArray where Element: Decodable {
    package static func decode<Result>(
        fromTape storage: JSONDecodingStorage, array index: Int, as result: Result.Type
    ) throws -> Result {
        let count = Int(storage.tokens[index].count)
        // The shared empty array needs no allocation (and no storage type looked up).
        guard count > 0 else { return reinterpret([Element](), as: Result.self) }
        // One allocation of the final size, filled in place; if an element throws, the
        // elements already decoded are released by the initializer.
        let elements = try [Element](unsafeUninitializedCapacity: count) { buffer, initializedCount in
            var element = index + 1
            for position in 0..<count {
                buffer.initializeElement(
                    at: position, to: try storage.decode(element, as: Element.self, anchor: index, key: JSONIndexKey(index: position)))
                initializedCount = position + 1
                element = storage.index(after: element)
            }
        }
        return reinterpret(elements, as: Result.self)
    }
}
