/// The case streams of a projection: facts per case, some decoded, the rest still in the bytes of
/// the snapshot they were loaded from and decoded only when asked for.
///
/// Cases are nine in ten of a ledger's facts. Loading a snapshot therefore decodes only the case
/// directory; a point query then decodes the one case it asks about, so opening a million-event
/// ledger and answering `holders` costs little more than reading and checksumming the file.
public struct CaseStreams: Sendable {
    /// Streams decoded or changed since loading; these take precedence over the snapshot's bytes.
    private var decoded: [String: [Fact]] = [:]
    /// The snapshot's undecoded case blocks, if the state was loaded from one.
    private var source: SnapshotCaseSource?

    public init() {}

    init(source: SnapshotCaseSource) {
        self.source = source
    }

    /// The case's facts in log order, or nil if the ledger has no such case.
    public subscript(caseId: String) -> [Fact]? {
        if let facts = decoded[caseId] { return facts }
        return source?.facts(for: caseId)
    }

    /// Every case id, unordered.
    public var ids: [String] {
        guard let source else { return Array(decoded.keys) }
        guard !decoded.isEmpty else { return source.ids }
        return Array(Set(source.ids).union(decoded.keys))
    }

    public var count: Int {
        guard let source else { return decoded.count }
        return source.ids.count + decoded.keys.filter { source.range(of: $0) == nil }.count
    }

    /// Changes one case's facts (decoding them first if needed).
    mutating func modify<Result>(_ caseId: String, _ body: (inout [Fact]) -> Result) -> Result {
        // In place: copying the list out and back would copy every fact on every append.
        if source != nil, decoded[caseId] == nil, let loaded = source?.facts(for: caseId) {
            decoded[caseId] = loaded
        }
        return body(&decoded[caseId, default: []])
    }
}

/// The case blocks of a loaded snapshot: its body bytes, string table and, per case, the byte
/// range of its facts. Immutable, so copies of a state can share it.
final class SnapshotCaseSource: Sendable {
    private let body: [UInt8]
    private let strings: [String]
    private let ranges: [String: Range<Int>]
    let ids: [String]

    init(body: [UInt8], strings: [String], ranges: [String: Range<Int>], ids: [String]) {
        self.body = body
        self.strings = strings
        self.ranges = ranges
        self.ids = ids
    }

    func range(of caseId: String) -> Range<Int>? { ranges[caseId] }

    /// Decodes one case's block. The body passed its checksum when loaded and was written by
    /// ``ProjectionState/encodedBody(canonical:)``, so a block that does not decode is a writer bug:
    /// it is reported to debug builds and otherwise reads as a case with no facts.
    func facts(for caseId: String) -> [Fact]? {
        guard let range = ranges[caseId] else { return nil }
        return body.withUnsafeBytes { buffer -> [Fact] in
            var decoder = ProjectionBodyDecoder(reader: BinaryReader(UnsafeRawBufferPointer(rebasing: buffer[..<range.upperBound]),
                                                                     offset: range.lowerBound))
            decoder.strings = strings
            do {
                let facts = try decoder.readFacts()
                guard decoder.reader.isAtEnd else { throw SnapshotDecodingError(offset: decoder.reader.offset, detail: "block overrun") }
                return facts
            } catch {
                assertionFailure("snapshot case block \(caseId) does not decode: \(error)")
                return []
            }
        }
    }
}
