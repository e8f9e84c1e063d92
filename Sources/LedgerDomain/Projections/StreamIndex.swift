import LedgerEvents
import LedgerStore
import LedgerSupport

/// A derived index of the projection (cases by worker, by team, by family; workers by team):
/// members per key, from the snapshot's index blocks plus what was folded since.
///
/// Why two parts: a write command asks for one worker's or one family's cases; reading that
/// key's block is enough, and nothing else of the index is decoded. Members are only ever added
/// (an index lists every case a worker *ever* held), so the answer is the union of both parts.
public struct StreamIndex: Sendable {
    private var added: [String: Set<String>] = [:]
    private var source: SnapshotBlocks?
    private let kind: SnapshotBlocks.Kind

    package init(kind: SnapshotBlocks.Kind, source: SnapshotBlocks? = nil) {
        self.kind = kind
        self.source = source
    }

    /// The members of `key`, or nil if the key has none.
    public subscript(key: String) -> Set<String>? {
        let stored = source?.members(kind, key)
        guard let extra = added[key] else { return stored }
        guard let stored else { return extra }
        return stored.union(extra)
    }

    /// Every key with members, unordered.
    public var keys: [String] {
        guard let source else { return Array(added.keys) }
        let stored = source.keys(kind)
        guard !added.isEmpty else { return stored }
        return Array(Set(stored).union(added.keys))
    }

    package mutating func insert(_ member: String, into key: String) {
        added[key, default: []].insert(member)
    }

    package mutating func removeAll() {
        added = [:]
        source = nil
    }

    /// What the index is of.
    package var indexKind: SnapshotBlocks.Kind { kind }

    /// The snapshot blocks the stored part is read from, if any.
    package var blocks: SnapshotBlocks? { source }

    /// Keys with members added since loading.
    package var addedKeys: [String] { Array(added.keys) }
}
