/// One JSON value on the decoder's tape: where its text is, and for containers where the
/// subtree ends, so skipping a value is one step.
///
/// An object is followed on the tape by its members as key, value, key, value...; an array by
/// its elements. Sixteen bytes per value, no pointers, no strings built.
///
/// (The tape is sixteen bytes a token: `signature` fills what would be padding.)
package struct JSONToken: BitwiseCopyable {
    package enum Kind: UInt8, BitwiseCopyable {
        case null
        case falseValue
        case trueValue
        case number
        case string
        case array
        case object
    }

    /// A string whose text contains a backslash escape, so it must be unescaped, not copied.
    package static let hasEscapes: UInt8 = 1
    /// A number written as an optional minus and digits only: the integer fast path applies.
    package static let isPlainInteger: UInt8 = 1

    package var kind: Kind
    package var flags: UInt8
    /// For strings, the length (low eight bits) and first byte of the raw text: an object's
    /// keys are scanned by comparing this first, which settles almost every mismatch.
    package var signature: UInt16
    /// For strings, the offset of the first byte after the opening quote; for numbers, of the
    /// first byte; for containers, of the opening bracket.
    package var start: UInt32
    /// For strings, the offset of the closing quote; for numbers, one past the last byte; for
    /// containers, the tape index one past the last value inside.
    package var end: UInt32
    /// For arrays, the element count; for objects, the member count; for an object's keys, the
    /// tape index of the next key (or the object's end), so a scan skips values without reading them.
    package var count: UInt32

    package init(kind: Kind, flags: UInt8, signature: UInt16 = 0, start: UInt32, end: UInt32, count: UInt32) {
        self.kind = kind
        self.flags = flags
        self.signature = signature
        self.start = start
        self.end = end
        self.count = count
    }

    /// The ``signature`` of a key's raw text.
    @inline(__always)
    package static func signature(length: Int, first: UInt8) -> UInt16 {
        UInt16(truncatingIfNeeded: length) << 8 | UInt16(first)
    }

    @inline(__always)
    package var isContainer: Bool { kind.rawValue >= Kind.array.rawValue }

    /// How Foundation names the kind in type-mismatch messages.
    package var foundationDescription: String {
        switch kind {
        case .null: return "null"
        case .falseValue, .trueValue: return "bool"
        case .number: return "number"
        case .string: return "a string"
        case .array: return "an array"
        case .object: return "a dictionary"
        }
    }
}
