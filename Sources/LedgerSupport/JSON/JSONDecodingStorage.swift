import Foundation

/// The working state of one ``LedgerJSONDecoder`` call: the input, its token tape, and the
/// conversions from tokens to Swift values with Foundation's errors.
///
/// The input is parsed once into ``tokens``; decoders and containers are then small structs
/// holding a tape index, so nothing is allocated per value except what the decoded value itself
/// needs (a `String` longer than fifteen bytes, an array's storage, a keyed container's box).
///
/// One call owns a storage at a time: ``LedgerJSONDecoder`` lends it from a pool under a lock and
/// takes it back only if no decoder escaped the call. That hand-over is the only way a storage moves
/// between threads, which the compiler cannot see through the decoded type's region, hence
/// `@unchecked Sendable`.
package final class JSONDecodingStorage: @unchecked Sendable {
    // Exclusivity is checked by ownership instead (one call at a time); dynamic checks on these
    // hot buffers would cost more than the work.
    /// The input being decoded. It points into the caller's buffer during the call, or into
    /// ``ownedInput`` once a decoder outlives the call.
    @exclusivity(unchecked) private(set) var input: UnsafePointer<UInt8>?
    @exclusivity(unchecked) private var ownedInput: GrowableBuffer<UInt8>?
    @exclusivity(unchecked) package var tokens = GrowableBuffer<JSONToken>(capacity: 256)
    @exclusivity(unchecked) private var stack = GrowableBuffer<Int>(capacity: 32)
    /// Where escaped strings are unescaped before becoming a `String` or being compared.
    @exclusivity(unchecked) private var scratch = GrowableBuffer<UInt8>(capacity: 256)
    /// Paths that are not a route through the tape: decoders over the `null` standing in for a
    /// missing `superDecoder` key. An anchor `-1 - n` names entry `n` (see ``codingPath(anchor:)``).
    @exclusivity(unchecked) private var detachedPaths: [(parent: Int, key: any CodingKey)] = []
    @exclusivity(unchecked) private var arrayTypeCache = [ArrayTypeCacheEntry?](repeating: nil, count: arrayTypeCacheSize)

    private struct ArrayTypeCacheEntry {
        let type: ObjectIdentifier
        let arrayType: (any JSONTapeDecodableArray.Type)?
    }

    private static let arrayTypeCacheSize = 64

    package init() {}

    deinit {
        tokens.release()
        stack.release()
        scratch.release()
        ownedInput?.release()
    }

    /// Parses `bytes` into the tape; throws `DecodingError.dataCorrupted` if they are not JSON.
    package func load(_ bytes: UnsafeRawBufferPointer) throws {
        detachedPaths.removeAll(keepingCapacity: true)
        input = bytes.baseAddress?.assumingMemoryBound(to: UInt8.self)
        do {
            try JSONTapeParser.parse(bytes, into: &tokens, stack: &stack)
        } catch {
            throw error.decodingError
        }
    }

    /// Whether the buffers grew so large (an unusually big input) that keeping them for reuse
    /// would hold on to memory the ledger does not normally need.
    package var isOversized: Bool {
        tokens.capacity * MemoryLayout<JSONToken>.stride + scratch.capacity > 4 << 20
    }

    /// Copies the input into memory this storage owns, for decoders that outlive the call.
    package func adoptInputCopy() {
        guard let input, tokens.count > 0 else { return }
        let length = Int(tokens.last.end)
        var copy = GrowableBuffer<UInt8>(capacity: length)
        copy.append(input, count: length)
        ownedInput?.release()
        ownedInput = copy
        self.input = UnsafePointer(copy.base)
    }

    /// The first byte of the input. Bytes are only read through tokens, and tokens exist only
    /// after ``load(_:)`` parsed a non-empty input, so the pointer is set whenever it is read.
    @inline(__always)
    package var inputBase: UnsafePointer<UInt8> { input.unsafelyUnwrapped }

    /// The token the decoder sees where a `superDecoder` key is missing: `null`, as in Foundation.
    package var missingValueToken: Int { tokens.count - 1 }

    /// The tape index after the value at `index` and everything inside it.
    @inline(__always)
    package func index(after index: Int) -> Int {
        let token = tokens[index]
        return token.isContainer ? Int(token.end) : index + 1
    }

    // MARK: Object members

    /// The tape index of the value of the first member of `object` named `key`.
    ///
    /// Foundation keeps the first of duplicate keys too. Keys are compared as UTF-8 bytes after
    /// unescaping; objects are small, so a scan beats building a dictionary.
    @inline(__always)
    package func member(of object: Int, named key: some CodingKey) -> Int? {
        var name = key.stringValue
        return name.withUTF8 { member(of: object, named: $0) }
    }

    package func member(of object: Int, named name: UnsafeBufferPointer<UInt8>) -> Int? {
        guard let input else { return nil }
        let end = Int(tokens[object].end)
        let nameLength = name.count
        let signature = JSONToken.signature(length: nameLength, first: nameLength > 0 ? name[0] : 0)
        var index = object + 1
        while index < end {
            let key = tokens[index]
            if key.flags & JSONToken.hasEscapes == 0 {
                if key.signature == signature, Int(key.end &- key.start) == nameLength,
                   JSONByteClass.equal(input + Int(key.start), name.baseAddress, count: nameLength)
                {
                    return index + 1
                }
            } else if unescapedEquals(index, name) {
                return index + 1
            }
            index = Int(key.count)
        }
        return nil
    }

    private func unescapedEquals(_ index: Int, _ name: UnsafeBufferPointer<UInt8>) -> Bool {
        unescape(index)
        return scratch.count == name.count && JSONByteClass.equal(scratch.base, name.baseAddress, count: name.count)
    }

    /// The keys of `object`, first occurrences only, in document order.
    package func memberNames(of object: Int) -> [String] {
        var names: [String] = []
        var seen = Set<String>()
        let end = Int(tokens[object].end)
        var index = object + 1
        while index < end {
            let name = string(at: index)
            // Foundation keys its members by `String`, so it merges what `String` calls equal.
            if seen.insert(name).inserted { names.append(name) }
            index = Int(tokens[index].count)
        }
        return names
    }

    // MARK: Strings

    /// The text of the string token at `index`.
    @inline(__always)
    package func string(at index: Int) -> String {
        let token = tokens[index]
        if token.flags & JSONToken.hasEscapes == 0 {
            return String(
                decoding: UnsafeBufferPointer(start: inputBase + Int(token.start), count: Int(token.end &- token.start)),
                as: UTF8.self)
        }
        unescape(index)
        return String(decoding: scratch.elements, as: UTF8.self)
    }

    /// The raw bytes of a string token without escapes, for parsing text in place.
    @inline(__always)
    package func plainBytes(at index: Int) -> UnsafeBufferPointer<UInt8>? {
        let token = tokens[index]
        guard token.kind == .string, token.flags & JSONToken.hasEscapes == 0 else { return nil }
        return UnsafeBufferPointer(start: inputBase + Int(token.start), count: Int(token.end &- token.start))
    }

    /// Writes the unescaped UTF-8 of the string token at `index` to ``scratch``. The parser has
    /// already checked every escape, so this cannot fail.
    private func unescape(_ index: Int) {
        let token = tokens[index]
        let base = inputBase
        var position = Int(token.start)
        let end = Int(token.end)
        scratch.removeAll()
        scratch.reserve(end - position)
        var runStart = position
        while position < end {
            guard base[position] == UInt8(ascii: "\\") else {
                position += 1
                continue
            }
            scratch.append(base + runStart, count: position - runStart)
            let escaped = base[position + 1]
            position += 2
            switch escaped {
            case UInt8(ascii: "b"): scratch.append(0x08)
            case UInt8(ascii: "f"): scratch.append(0x0C)
            case UInt8(ascii: "n"): scratch.append(0x0A)
            case UInt8(ascii: "r"): scratch.append(0x0D)
            case UInt8(ascii: "t"): scratch.append(0x09)
            case UInt8(ascii: "u"):
                var scalar = (try? JSONTapeParser.hexQuad(base, position, end)) ?? 0xFFFD
                position += 4
                if (0xD800...0xDBFF).contains(scalar) {
                    let low = (try? JSONTapeParser.hexQuad(base, position + 2, end)) ?? 0xDC00
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    position += 6
                }
                appendUTF8(scalar)
            default:
                // `"`, `\` and `/` stand for themselves.
                scratch.append(escaped)
            }
            runStart = position
        }
        scratch.append(base + runStart, count: end - runStart)
    }

    private func appendUTF8(_ scalar: UInt32) {
        switch scalar {
        case 0..<0x80:
            scratch.append(UInt8(scalar))
        case 0x80..<0x800:
            scratch.append(UInt8(0xC0 | scalar >> 6))
            scratch.append(UInt8(0x80 | scalar & 0x3F))
        case 0x800..<0x10000:
            scratch.append(UInt8(0xE0 | scalar >> 12))
            scratch.append(UInt8(0x80 | scalar >> 6 & 0x3F))
            scratch.append(UInt8(0x80 | scalar & 0x3F))
        default:
            scratch.append(UInt8(0xF0 | scalar >> 18))
            scratch.append(UInt8(0x80 | scalar >> 12 & 0x3F))
            scratch.append(UInt8(0x80 | scalar >> 6 & 0x3F))
            scratch.append(UInt8(0x80 | scalar & 0x3F))
        }
    }

    /// The bytes of a number token, as text, for the slow conversions.
    package func numberText(at index: Int) -> String {
        let token = tokens[index]
        return String(
            decoding: UnsafeBufferPointer(start: inputBase + Int(token.start), count: Int(token.end &- token.start)),
            as: UTF8.self)
    }

    // MARK: Errors, worded as Foundation words them

    /// The coding path of the value at the tape index `anchor` (or of a detached path, when
    /// `anchor` is negative).
    ///
    /// Paths are asked for only when something goes wrong, so none is kept while decoding: the
    /// route from the root to the token is found again by descending the tape. The keys are
    /// rebuilt from the document's text (``JSONNamedKey``) and array positions
    /// (``JSONIndexKey``), which have the same `stringValue`s as the keys used to get there, and
    /// the same `intValue`s for array elements.
    package func codingPath(anchor: Int) -> [any CodingKey] {
        if anchor < 0 {
            let detached = detachedPaths[-1 - anchor]
            return codingPath(anchor: detached.parent) + [detached.key]
        }
        var keys: [any CodingKey] = []
        var current = 0
        descending: while current != anchor {
            let container = tokens[current]
            guard container.isContainer, anchor > current, anchor < Int(container.end) else { break }
            var child = current + 1
            var position = 0
            while child < Int(container.end) {
                // In an object, `child` is a key and the value follows it.
                let value = container.kind == .object ? child + 1 : child
                let next = index(after: value)
                if anchor >= value, anchor < next {
                    keys.append(container.kind == .object ? JSONNamedKey(string(at: child)) : JSONIndexKey(index: position))
                    current = value
                    continue descending
                }
                child = next
                position += 1
            }
            break
        }
        return keys
    }

    /// The path of the value at `anchor`, then `key` unless it is ``JSONNoKey``.
    package func codingPath<Key: CodingKey>(_ anchor: Int, _ key: Key) -> [any CodingKey] {
        var keys = codingPath(anchor: anchor)
        if Key.self != JSONNoKey.self { keys.append(key) }
        return keys
    }

    /// An anchor for the path of `parent` followed by `key`, for a value that is not on the tape.
    package func detachedAnchor(parent: Int, key: some CodingKey) -> Int {
        detachedPaths.append((parent: parent, key: key))
        return -detachedPaths.count
    }

    package func typeMismatch(_ type: Any.Type, at index: Int, anchor: Int, key: some CodingKey) -> DecodingError {
        DecodingError.typeMismatch(
            type,
            DecodingError.Context(
                codingPath: codingPath(anchor, key),
                debugDescription: "Expected to decode \(type) but found \(tokens[index].foundationDescription) instead."))
    }

    package func valueNotFound(_ type: Any.Type, anchor: Int, key: some CodingKey) -> DecodingError {
        DecodingError.valueNotFound(
            type,
            DecodingError.Context(
                codingPath: codingPath(anchor, key),
                debugDescription: "Cannot get value of type \(type) -- found null value instead"))
    }

    /// `valueNotFound` for null, `typeMismatch` for anything else.
    package func wrongKind(_ type: Any.Type, at index: Int, anchor: Int, key: some CodingKey) -> DecodingError {
        tokens[index].kind == .null
            ? valueNotFound(type, anchor: anchor, key: key) : typeMismatch(type, at: index, anchor: anchor, key: key)
    }

    // MARK: Scalars

    @inline(__always)
    package func decodeString(_ index: Int, anchor: Int, key: some CodingKey) throws -> String {
        guard tokens[index].kind == .string else { throw wrongKind(String.self, at: index, anchor: anchor, key: key) }
        return string(at: index)
    }

    @inline(__always)
    package func decodeBool(_ index: Int, anchor: Int, key: some CodingKey) throws -> Bool {
        switch tokens[index].kind {
        case .trueValue: return true
        case .falseValue: return false
        // Foundation reports a null Bool as a type mismatch, not a missing value.
        default: throw typeMismatch(Bool.self, at: index, anchor: anchor, key: key)
        }
    }

    // MARK: Any value

    /// Decodes the value at `index` as `Value`. `anchor` is the tape index of its container and
    /// `key` its key there; for a container's own single value, `anchor` is the decoder's anchor
    /// and `key` is ``JSONNoKey``.
    ///
    /// Strings, numbers, booleans and the ledger's time types are read straight from the bytes;
    /// the Foundation types `JSONDecoder` special-cases (`Data`, `URL`, `Decimal`) are read the
    /// way it reads them; anything else decodes itself through a ``JSONTapeDecoder``.
    package func decode<Value: Decodable, Key: CodingKey>(_ index: Int, as type: Value.Type, anchor: Int, key: Key) throws -> Value {
        // Only the fast paths that can apply to this kind of token are tried: a type that does
        // not match its token decodes through its own `init(from:)` below, which asks this
        // decoder for the same value and so gets the same error. Each check compares type
        // metadata; see `reinterpret` for why results are not cast with `as?`.
        switch tokens[index].kind {
        case .string:
            if Value.self == String.self {
                return reinterpret(string(at: index), as: Value.self)
            }
            // The canonical text of an instant or a date is read in place; any other text, and
            // the error for bad text, come from the type's own `init(from:)` below.
            if Value.self == Instant.self, let text = plainBytes(at: index), let instant = Instant.parseCanonical(text) {
                return reinterpret(instant, as: Value.self)
            }
            if Value.self == LocalDate.self, let text = plainBytes(at: index), let date = LocalDate.parseCanonical(text) {
                return reinterpret(date, as: Value.self)
            }
        case .number:
            // Written out here: a helper returning `Value?` would build `Optional<Value>`'s
            // metadata on every call.
            if Value.self == Int.self {
                return try reinterpret(decodeInteger(index, as: Int.self, anchor: anchor, key: key), as: Value.self)
            }
            if Value.self == UInt64.self {
                return try reinterpret(decodeInteger(index, as: UInt64.self, anchor: anchor, key: key), as: Value.self)
            }
            if Value.self == Int64.self {
                return try reinterpret(decodeInteger(index, as: Int64.self, anchor: anchor, key: key), as: Value.self)
            }
            if Value.self == Int32.self {
                return try reinterpret(decodeInteger(index, as: Int32.self, anchor: anchor, key: key), as: Value.self)
            }
            if Value.self == UInt32.self {
                return try reinterpret(decodeInteger(index, as: UInt32.self, anchor: anchor, key: key), as: Value.self)
            }
            if Value.self == UInt.self {
                return try reinterpret(decodeInteger(index, as: UInt.self, anchor: anchor, key: key), as: Value.self)
            }
            if Value.self == Int16.self {
                return try reinterpret(decodeInteger(index, as: Int16.self, anchor: anchor, key: key), as: Value.self)
            }
            if Value.self == UInt16.self {
                return try reinterpret(decodeInteger(index, as: UInt16.self, anchor: anchor, key: key), as: Value.self)
            }
            if Value.self == Int8.self {
                return try reinterpret(decodeInteger(index, as: Int8.self, anchor: anchor, key: key), as: Value.self)
            }
            if Value.self == UInt8.self {
                return try reinterpret(decodeInteger(index, as: UInt8.self, anchor: anchor, key: key), as: Value.self)
            }
            if Value.self == Double.self {
                return try reinterpret(decodeFloatingPoint(index, as: Double.self, anchor: anchor, key: key), as: Value.self)
            }
            if Value.self == Float.self {
                return try reinterpret(decodeFloatingPoint(index, as: Float.self, anchor: anchor, key: key), as: Value.self)
            }
        case .trueValue:
            if Value.self == Bool.self { return reinterpret(true, as: Value.self) }
        case .falseValue:
            if Value.self == Bool.self { return reinterpret(false, as: Value.self) }
        case .array:
            if let arrayType = tapeDecodableArrayType(Value.self) {
                return try arrayType.decode(fromTape: self, array: index, as: Value.self)
            }
        case .null, .object:
            break
        }
        // `JSONDecoder` reads these Foundation types its own way whatever the token, rather
        // than through their `Codable` implementations.
        if Value.self == Data.self {
            return try reinterpret(decodeData(index, anchor: anchor, key: key), as: Value.self)
        }
        if Value.self == URL.self {
            return try reinterpret(decodeURL(index, anchor: anchor, key: key), as: Value.self)
        }
        if Value.self == Decimal.self {
            return try reinterpret(decodeDecimal(index, anchor: anchor, key: key), as: Value.self)
        }
        // A keyed or indexed value's path is its place on the tape; a single value keeps its
        // decoder's (which may be detached).
        let valueAnchor = Key.self == JSONNoKey.self ? anchor : index
        return try Value(from: JSONTapeDecoder(storage: self, token: index, anchor: valueAnchor))
    }

    /// Whether `type` is an array type decoded straight off the tape, remembered per type.
    ///
    /// Asking the runtime whether a type conforms to a protocol is a hash-table search; a value
    /// of a struct or enum type asks it every time, so the answer is kept in a small
    /// direct-mapped table keyed by the type's metadata address.
    @inline(__always)
    private func tapeDecodableArrayType<Value>(_ type: Value.Type) -> (any JSONTapeDecodableArray.Type)? {
        let identifier = ObjectIdentifier(type)
        let slot = Int(truncatingIfNeeded: UInt(bitPattern: identifier.hashValue) >> 4) & (Self.arrayTypeCacheSize - 1)
        if let entry = arrayTypeCache[slot], entry.type == identifier { return entry.arrayType }
        let arrayType = type as? any JSONTapeDecodableArray.Type
        arrayTypeCache[slot] = ArrayTypeCacheEntry(type: identifier, arrayType: arrayType)
        return arrayType
    }

    // `Data` from Base64, `URL` from its string and `Decimal` from the number's digits, as
    // `JSONDecoder` reads them with default strategies.

    private func decodeData(_ index: Int, anchor: Int, key: some CodingKey) throws -> Data {
        guard tokens[index].kind != .null else { throw valueNotFound(Data.self, anchor: anchor, key: key) }
        guard tokens[index].kind == .string else { throw typeMismatch(String.self, at: index, anchor: anchor, key: key) }
        guard let data = Data(base64Encoded: string(at: index)) else {
            throw DecodingError.dataCorrupted(
                DecodingError.Context(codingPath: codingPath(anchor, key), debugDescription: "Encountered Data is not valid Base64."))
        }
        return data
    }

    private func decodeURL(_ index: Int, anchor: Int, key: some CodingKey) throws -> URL {
        guard tokens[index].kind != .null else { throw valueNotFound(URL.self, anchor: anchor, key: key) }
        guard let url = URL(string: try decodeString(index, anchor: anchor, key: key)) else {
            throw DecodingError.dataCorrupted(
                DecodingError.Context(codingPath: codingPath(anchor, key), debugDescription: "Invalid URL string."))
        }
        return url
    }

    private func decodeDecimal(_ index: Int, anchor: Int, key: some CodingKey) throws -> Decimal {
        guard tokens[index].kind != .null else { throw valueNotFound(Decimal.self, anchor: anchor, key: key) }
        guard tokens[index].kind == .number else {
            throw DecodingError.typeMismatch(Decimal.self, DecodingError.Context(codingPath: codingPath(anchor, key), debugDescription: ""))
        }
        let text = numberText(at: index)
        guard let decimal = Decimal(string: text, locale: nil) else {
            throw numberDoesNotFit(text, Decimal.self, anchor: anchor, key: key)
        }
        return decimal
    }
}
