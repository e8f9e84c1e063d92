// The keys the codec puts in coding paths, and the marker for "no key".

/// The key of an array element in a coding path, spelled as Foundation spells it ("Index 3").
struct JSONIndexKey: CodingKey, Sendable {
    let index: Int

    init(index: Int) { self.index = index }

    init?(stringValue: String) { nil }

    init?(intValue: Int) { index = intValue }

    var stringValue: String { "Index \(index)" }

    var intValue: Int? { index }
}

/// The absence of a key: a single value, or the top level, which adds nothing to the path.
///
/// The decoder's functions take the key of the value they handle as a generic parameter.
/// Passing "no key" as `Optional<Key>.none` would make every call build `Optional<Key>`'s
/// metadata at run time, a hash-table lookup that measured as a fifth of the codec's time; a
/// separate key type costs nothing.
struct JSONNoKey: CodingKey, Sendable {
    init() {}

    init?(stringValue: String) { nil }

    init?(intValue: Int) { nil }

    var stringValue: String { "" }

    var intValue: Int? { nil }
}

/// A key known only by its text: `super`, and keys built for error paths.
struct JSONNamedKey: CodingKey, Sendable {
    let stringValue: String

    init(_ stringValue: String) { self.stringValue = stringValue }

    init?(stringValue: String) { self.stringValue = stringValue }

    init?(intValue: Int) { stringValue = String(intValue) }

    var intValue: Int? { nil }

    /// The key `superEncoder()` and `superDecoder()` use, as in Foundation.
    static let superKey = JSONNamedKey("super")
}
