import LedgerEvents
import LedgerStore
import LedgerSupport

/// The case streams of a projection: facts per case, some decoded, the rest still in the blocks
/// of the snapshot they were loaded from and decoded only when asked for.
///
/// Cases are nine in ten of a ledger's facts. Loading a snapshot therefore reads only its
/// directory; a point query or a write command decodes the few cases it touches, so opening a
/// million-event ledger costs about what opening a hundred-thousand-event one does.
public struct CaseStreams: Sendable {
    /// Streams decoded or changed since loading; these take precedence over the snapshot's blocks.
    private var decoded: [String: [Fact]] = [:]
    /// The snapshot's blocks, if the state was loaded from one.
    private var source: SnapshotBlocks?

    public init() {}

    package init(source: SnapshotBlocks) {
        self.source = source
    }

    /// The case's facts in log order, or nil if the ledger has no such case.
    public subscript(caseId: String) -> [Fact]? {
        if let facts = decoded[caseId] { return facts }
        return source?.caseFacts(caseId)
    }

    /// Every case id, unordered.
    public var ids: [String] {
        guard let source else { return Array(decoded.keys) }
        let stored = source.keys(.caseFacts)
        guard !decoded.isEmpty else { return stored }
        return Array(Set(stored).union(decoded.keys))
    }

    public var count: Int {
        guard let source else { return decoded.count }
        return source.count(.caseFacts) + decoded.keys.filter { !source.contains(.caseFacts, $0) }.count
    }

    /// Changes one case's facts (decoding them first if needed).
    package mutating func modify<Result>(_ caseId: String, _ body: (inout [Fact]) -> Result) -> Result {
        // In place: copying the list out and back would copy every fact on every append.
        if decoded[caseId] == nil, let loaded = source?.caseFacts(caseId) {
            decoded[caseId] = loaded
        }
        return body(&decoded[caseId, default: []])
    }

    /// The snapshot blocks the undecoded cases are read from, if any.
    package var blocks: SnapshotBlocks? { source }

    /// Ids of the cases held in memory (decoded or changed since loading, or new).
    package var decodedIds: [String] { Array(decoded.keys) }
}
