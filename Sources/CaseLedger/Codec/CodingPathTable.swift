/// The coding paths of one encode or decode call, as a table of (parent, key) nodes.
///
/// `Encoder` and `Decoder` must report `codingPath`, but it is read only when something goes
/// wrong. Building a `[CodingKey]` for every nested value would allocate on the hot path, so
/// each nested value records one node (its parent's index and its own key) and the array is
/// built on demand by walking parents. Node indices stay valid for the whole call; `root` is
/// the empty path.
struct CodingPathTable {
    static let root = -1

    private struct Node {
        let parent: Int
        let key: any CodingKey
    }

    private var nodes: [Node] = []

    init() {
        nodes.reserveCapacity(64)
    }

    mutating func removeAll() {
        nodes.removeAll(keepingCapacity: true)
    }

    /// Adds the path `parent` + `key` and returns its index; with ``JSONNoKey`` it is `parent`.
    @inline(__always)
    mutating func append<Key: CodingKey>(parent: Int, key: Key) -> Int {
        if Key.self == JSONNoKey.self { return parent }
        nodes.append(Node(parent: parent, key: key))
        return nodes.count - 1
    }

    /// The keys from the root to `index`.
    func path(to index: Int) -> [any CodingKey] {
        var keys: [any CodingKey] = []
        var current = index
        while current != Self.root {
            keys.append(nodes[current].key)
            current = nodes[current].parent
        }
        keys.reverse()
        return keys
    }

    /// The keys from the root to `index`, then `key` unless it is ``JSONNoKey``.
    func path<Key: CodingKey>(to index: Int, appending key: Key) -> [any CodingKey] {
        var keys = path(to: index)
        if Key.self != JSONNoKey.self { keys.append(key) }
        return keys
    }
}

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
/// The coding functions take the key of the value they handle as a generic parameter. Passing
/// "no key" as `Optional<Key>.none` would make every call build `Optional<Key>`'s metadata at
/// run time, a hash-table lookup that cost a fifth of the encoder's time; a separate key type
/// costs nothing.
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
