import Foundation

/// The working state of one ``LedgerJSONEncoder/encode(_:into:)`` call: every value rendered
/// once into an arena, containers as linked lists of slots, and the keys sorted only when the
/// finished tree is written out.
///
/// Encoding happens in two passes because `Encodable` hands out containers that may be filled
/// in any order (a nested container can be written after its parent's later keys), while the
/// output needs each object's keys sorted. Pass one renders every scalar straight to JSON bytes
/// in ``arena`` and records where it went in a ``Slot``; pass two (``emit(_:)``) walks the
/// slots, sorting each object's keys by their UTF-8 bytes, and copies the bytes out. Nothing is
/// allocated per value: slots, containers and bytes live in buffers reused across calls.
///
/// One call owns a storage at a time: ``LedgerJSONEncoder`` lends it from a pool under a lock and
/// takes it back only if no container escaped the call. That hand-over is the only way a storage moves
/// between threads, which the compiler cannot see through the encoded value's region, hence
/// `@unchecked Sendable`.
package final class JSONEncodingStorage: @unchecked Sendable {
    /// What a slot holds.
    package enum SlotKind: UInt8, BitwiseCopyable {
        /// Nothing was encoded into it: Foundation writes `{}` for such a value.
        case empty
        /// Finished JSON bytes in the arena.
        case leaf
        /// A keyed container (a JSON object).
        case keyed
        /// An unkeyed container (a JSON array).
        case unkeyed
    }

    /// One value: the root, an object member or an array element.
    package struct Slot: BitwiseCopyable {
        /// The member's key, as raw (unescaped) UTF-8 in the arena, for sorting; length -1 when
        /// there is no key.
        package var keyStart: Int
        package var keyLength: Int
        /// The member's rendered `"key":` in the arena, written just before its value so that a
        /// scalar member is one contiguous run of bytes; empty when there is no key.
        package var prefixStart: Int
        package var prefixEnd: Int
        /// For a leaf, the arena range of its JSON bytes; for a container, `valueStart` is the
        /// container's index.
        package var valueStart: Int
        package var valueEnd: Int
        /// The next slot of the same container, or -1.
        package var next: Int
        /// The container the slot belongs to, or -1 for the root: the way up for coding paths.
        package var container: Int
        package var kind: SlotKind
    }

    /// A container's slots, in the order they were added.
    package struct Container: BitwiseCopyable {
        package var first: Int
        package var last: Int
        package var count: Int
        /// The slot holding this container.
        package var slot: Int
    }

    // Exclusivity is checked by ownership instead (one call at a time, see the type's
    // documentation); dynamic checks on these hot buffers would cost more than the work.
    @exclusivity(unchecked) package var arena = GrowableBuffer<UInt8>(capacity: 4096)
    @exclusivity(unchecked) package var output = GrowableBuffer<UInt8>(capacity: 4096)
    @exclusivity(unchecked) package var slots = GrowableBuffer<Slot>(capacity: 256)
    @exclusivity(unchecked) package var containers = GrowableBuffer<Container>(capacity: 64)
    @exclusivity(unchecked) package var sortScratch = GrowableBuffer<Int>(capacity: 64)

    package init() {}

    deinit {
        arena.release()
        output.release()
        slots.release()
        containers.release()
        sortScratch.release()
    }

    package func removeAll() {
        arena.removeAll()
        output.removeAll()
        slots.removeAll()
        containers.removeAll()
        sortScratch.removeAll()
    }

    /// Whether the buffers grew so large (an unusually big value) that keeping them for reuse
    /// would hold on to memory the ledger does not normally need.
    package var isOversized: Bool {
        arena.capacity + output.capacity > 4 << 20
    }

    // MARK: Top level

    /// Encodes `value` into ``output``.
    package func encodeTopLevel<Value: Encodable>(_ value: Value) throws {
        removeAll()
        let root = appendSlot(keyStart: 0, keyLength: -1, prefixStart: 0, prefixEnd: 0)
        try encode(value, into: root)
        guard slots[root].kind != .empty else {
            throw EncodingError.invalidValue(
                value,
                EncodingError.Context(
                    codingPath: [], debugDescription: "Top-level \(Value.self) did not encode any values."))
        }
        emit(root)
    }

    // MARK: Slots and containers

    @inline(__always)
    private func appendSlot(keyStart: Int, keyLength: Int, prefixStart: Int, prefixEnd: Int) -> Int {
        slots.append(
            Slot(
                keyStart: keyStart, keyLength: keyLength, prefixStart: prefixStart, prefixEnd: prefixEnd, valueStart: 0,
                valueEnd: 0, next: -1, container: -1, kind: .empty))
        return slots.count - 1
    }

    /// Adds a member slot named `key` at the end of the object `container`.
    @inline(__always)
    package func appendSlot(to container: Int, key: some CodingKey) -> Int {
        var text = key.stringValue
        return text.withUTF8 { raw in
            // Without escapes the raw key is the inside of its rendering; with them (rare) a raw
            // copy goes first, so the rendering stays next to the value written after it.
            var keyStart = -1
            if JSONByteClass.containsEscapedByte(raw) {
                keyStart = arena.count
                arena.append(raw)
            }
            let prefixStart = arena.count
            arena.appendJSONString(utf8: raw)
            arena.append(UInt8(ascii: ":"))
            if keyStart < 0 { keyStart = prefixStart + 1 }
            let slot = appendSlot(keyStart: keyStart, keyLength: raw.count, prefixStart: prefixStart, prefixEnd: arena.count)
            return link(slot, to: container)
        }
    }

    /// Adds an element slot at the end of the array `container`.
    @inline(__always)
    package func appendElementSlot(to container: Int) -> Int {
        link(appendSlot(keyStart: 0, keyLength: -1, prefixStart: 0, prefixEnd: 0), to: container)
    }

    @inline(__always)
    private func link(_ slot: Int, to container: Int) -> Int {
        slots.base[slot].container = container
        let last = containers[container].last
        if last >= 0 {
            slots.base[last].next = slot
        } else {
            containers.base[container].first = slot
        }
        containers.base[container].last = slot
        containers.base[container].count += 1
        return slot
    }

    /// The existing member slot of `container` named `key`, if a container was already opened there.
    ///
    /// Foundation lets code reopen a nested container for a key and keeps writing into the same
    /// object or array; this finds it. Only the rarely used nested-container calls search.
    package func existingSlot(in container: Int, key: some CodingKey, kind: SlotKind) -> Int? {
        var text = key.stringValue
        return text.withUTF8 { wanted -> Int? in
            var slot = containers[container].first
            var found: Int?
            while slot >= 0 {
                let candidate = slots[slot]
                if candidate.kind == kind, candidate.keyLength == wanted.count,
                   JSONByteClass.equal(arena.base + candidate.keyStart, wanted.baseAddress, count: wanted.count)
                {
                    found = slot
                }
                slot = candidate.next
            }
            return found
        }
    }

    /// The keyed container that `slot` holds, creating it if the slot holds none yet.
    package func keyedContainer(in slot: Int) -> Int {
        if slots[slot].kind == .keyed { return slots[slot].valueStart }
        return makeContainer(in: slot, kind: .keyed)
    }

    /// The unkeyed container that `slot` holds, creating it if the slot holds none yet.
    package func unkeyedContainer(in slot: Int) -> Int {
        if slots[slot].kind == .unkeyed { return slots[slot].valueStart }
        return makeContainer(in: slot, kind: .unkeyed)
    }

    private func makeContainer(in slot: Int, kind: SlotKind) -> Int {
        containers.append(Container(first: -1, last: -1, count: 0, slot: slot))
        let container = containers.count - 1
        slots.base[slot].kind = kind
        slots.base[slot].valueStart = container
        return container
    }

    /// Records that the arena bytes from `start` to the end are the finished value of `slot`.
    @inline(__always)
    package func finishLeaf(_ slot: Int, from start: Int) {
        slots.base[slot].kind = .leaf
        slots.base[slot].valueStart = start
        slots.base[slot].valueEnd = arena.count
    }

    /// The coding path of `slot`, rebuilt from the slot tree.
    ///
    /// Paths are asked for only when something goes wrong, so none is kept while encoding. The
    /// keys are rebuilt from their text (``JSONNamedKey``) and array positions (``JSONIndexKey``):
    /// the same `stringValue`s and `intValue`s of array elements as the original keys.
    package func codingPath(to slot: Int) -> [any CodingKey] {
        var keys: [any CodingKey] = []
        var current = slot
        while slots[current].container >= 0 {
            let value = slots[current]
            if value.keyLength >= 0 {
                let key = UnsafeBufferPointer(start: arena.base + value.keyStart, count: value.keyLength)
                keys.append(JSONNamedKey(String(decoding: key, as: UTF8.self)))
            } else {
                var position = 0
                var sibling = containers[value.container].first
                while sibling != current {
                    position += 1
                    sibling = slots[sibling].next
                }
                keys.append(JSONIndexKey(index: position))
            }
            current = containers[value.container].slot
        }
        keys.reverse()
        return keys
    }

    // MARK: Scalars

    @inline(__always)
    package func encodeString(_ value: String, into slot: Int) {
        let start = arena.count
        arena.appendJSONString(value)
        finishLeaf(slot, from: start)
    }

    @inline(__always)
    package func encodeInteger<Integer: FixedWidthInteger>(_ value: Integer, into slot: Int) {
        let start = arena.count
        arena.appendInteger(value)
        finishLeaf(slot, from: start)
    }

    @inline(__always)
    package func encodeBool(_ value: Bool, into slot: Int) {
        let start = arena.count
        if value {
            arena.appendTrue()
        } else {
            arena.appendFalse()
        }
        finishLeaf(slot, from: start)
    }

    @inline(__always)
    package func encodeNil(into slot: Int) {
        let start = arena.count
        arena.appendNull()
        finishLeaf(slot, from: start)
    }

    /// Writes a floating-point number as Foundation does: its `description`, without a trailing
    /// `.0`; infinities and NaN are refused as Foundation refuses them by default.
    package func encodeFloatingPoint<Number: BinaryFloatingPoint & CustomStringConvertible>(_ value: Number, into slot: Int) throws {
        guard value.isFinite else {
            let spelled: String
            if value.isNaN {
                spelled = "\(Number.self).nan"
            } else {
                spelled = value < 0 ? "-\(Number.self).infinity" : "\(Number.self).infinity"
            }
            throw EncodingError.invalidValue(
                value,
                EncodingError.Context(
                    codingPath: codingPath(to: slot),
                    debugDescription: "Unable to encode \(spelled) directly in JSON. Use "
                        + "JSONEncoder.NonConformingFloatEncodingStrategy.convertToString to specify how the "
                        + "value should be encoded."))
        }
        var text = value.description
        if text.hasSuffix(".0") { text.removeLast(2) }
        let start = arena.count
        arena.appendASCII(text)
        finishLeaf(slot, from: start)
    }

    // MARK: Any value

    /// Encodes `value` into `slot`.
    ///
    /// Strings, integers, booleans and the ledger's time types are written directly; the
    /// Foundation types `JSONEncoder` special-cases (`Data`, `URL`, `Decimal`) are written the way
    /// it writes them; anything else encodes itself through a ``JSONValueEncoder``.
    package func encode<Value: Encodable>(_ value: Value, into slot: Int) throws {
        if Value.self == String.self {
            encodeString(reinterpret(value, as: String.self), into: slot)
        } else if Value.self == Int.self {
            encodeInteger(reinterpret(value, as: Int.self), into: slot)
        } else if Value.self == Bool.self {
            encodeBool(reinterpret(value, as: Bool.self), into: slot)
        } else if Value.self == Instant.self, reinterpret(value, as: Instant.self).isInFourDigitYears {
            let start = arena.count
            arena.appendQuotedISO8601(reinterpret(value, as: Instant.self))
            finishLeaf(slot, from: start)
        } else if Value.self == LocalDate.self, reinterpret(value, as: LocalDate.self).isInFourDigitYears {
            let start = arena.count
            arena.appendQuotedISO8601(reinterpret(value, as: LocalDate.self))
            finishLeaf(slot, from: start)
        } else if Value.self == UInt64.self {
            encodeInteger(reinterpret(value, as: UInt64.self), into: slot)
        } else if Value.self == Int64.self {
            encodeInteger(reinterpret(value, as: Int64.self), into: slot)
        } else if Value.self == Int32.self {
            encodeInteger(reinterpret(value, as: Int32.self), into: slot)
        } else if Value.self == UInt32.self {
            encodeInteger(reinterpret(value, as: UInt32.self), into: slot)
        } else if Value.self == UInt.self {
            encodeInteger(reinterpret(value, as: UInt.self), into: slot)
        } else if Value.self == Int16.self {
            encodeInteger(reinterpret(value, as: Int16.self), into: slot)
        } else if Value.self == UInt16.self {
            encodeInteger(reinterpret(value, as: UInt16.self), into: slot)
        } else if Value.self == Int8.self {
            encodeInteger(reinterpret(value, as: Int8.self), into: slot)
        } else if Value.self == UInt8.self {
            encodeInteger(reinterpret(value, as: UInt8.self), into: slot)
        } else if Value.self == Double.self {
            try encodeFloatingPoint(reinterpret(value, as: Double.self), into: slot)
        } else if Value.self == Float.self {
            try encodeFloatingPoint(reinterpret(value, as: Float.self), into: slot)
        } else if Value.self == Data.self {
            encodeString(reinterpret(value, as: Data.self).base64EncodedString(), into: slot)
        } else if Value.self == URL.self {
            encodeString(reinterpret(value, as: URL.self).absoluteString, into: slot)
        } else if Value.self == Decimal.self {
            let start = arena.count
            arena.appendASCII(reinterpret(value, as: Decimal.self).description)
            finishLeaf(slot, from: start)
        } else {
            try value.encode(to: JSONValueEncoder(storage: self, slot: slot))
        }
    }
}

/// `value` as `Target`, which must be the same type as `Source` (callers check `Source.self ==
/// Target.self` first; the check is repeated here so a mistake stops instead of misreading memory).
///
/// The codec uses this, not `value as? Target`, where `Source` is an unspecialized generic
/// parameter: `as?` makes the runtime look up `Optional<Target>`'s metadata and search for a
/// conversion on every call, which measured as a fifth of the decoder's time. Here the cost is a
/// comparison and a copy.
@inline(__always)
package func reinterpret<Source, Target>(_ value: Source, as target: Target.Type) -> Target {
    precondition(Source.self == Target.self, "reinterpret between different types")
    return withUnsafePointer(to: value) { UnsafeRawPointer($0).load(as: Target.self) }
}
