// The keys the codec puts in coding paths, and the marker for "no key".

/// The key of an array element in a coding path, spelled as Foundation spells it ("Index 3").
package struct JSONIndexKey: CodingKey, Sendable {
    package let index: Int

    package init(index: Int) { self.index = index }

    package init?(stringValue: String) { nil }

    package init?(intValue: Int) { index = intValue }

    package var stringValue: String { "Index \(index)" }

    package var intValue: Int? { index }
}

/// The absence of a key: a single value, or the top level, which adds nothing to the path.
///
/// The decoder's functions take the key of the value they handle as a generic parameter.
/// Passing "no key" as `Optional<Key>.none` would make every call build `Optional<Key>`'s
/// metadata at run time, a hash-table lookup that measured as a fifth of the codec's time; a
/// separate key type costs nothing.
package struct JSONNoKey: CodingKey, Sendable {
    package init() {}

    package init?(stringValue: String) { nil }

    package init?(intValue: Int) { nil }

    package var stringValue: String { "" }

    package var intValue: Int? { nil }
}

/// A key known only by its text: `super`, and keys built for error paths.
package struct JSONNamedKey: CodingKey, Sendable {
    package let stringValue: String

    package init(_ stringValue: String) { self.stringValue = stringValue }

    package init?(stringValue: String) { self.stringValue = stringValue }

    package init?(intValue: Int) { stringValue = String(intValue) }

    package var intValue: Int? { nil }

    /// The key `superEncoder()` and `superDecoder()` use, as in Foundation.
    package static let superKey = JSONNamedKey("super")
}
