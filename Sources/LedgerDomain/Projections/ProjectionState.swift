import LedgerEvents
import LedgerStore
import LedgerSupport

/// Everything the audit queries read, folded from the log: per stream, the facts of its events in
/// log order, with the retractions that withdraw them.
///
/// The state is bitemporal by construction: it keeps every fact with both of its times and never
/// overwrites one, so a query can ask for any valid time (`asOf`) as known at any transaction time
/// (`asKnown`). Resolving a stream at a moment sorts its visible facts by valid time (see
/// ``CaseTimeline``); per-stream lists are short, so that is cheap and exact for backfills,
/// retractions and corrections. Folding never fails: what cannot be interpreted is kept as an
/// ``anomalies`` entry and the fold goes on.
public struct ProjectionState: Sendable {
    /// The version of the projection's shape; a snapshot of another version is rebuilt.
    ///
    /// 2: involvement facts carry team, end and whether they hold the case (legacy team-only
    /// involvements are unallocated time).
    ///
    /// 3: a derived index of cases by family (re-referrals match on the family), written with the
    /// other indexes.
    ///
    /// 4: each case stream and each index key is its own block with its own string table and
    /// SHA-256, read through a sorted directory only when asked for (the write path's open no
    /// longer reads, hashes or decodes the whole snapshot).
    public static let formatVersion: UInt32 = 4

    /// The last event folded.
    public internal(set) var position: LogPosition = .genesis
    /// Events folded (equal to `position.sequence` for a gapless fold).
    public internal(set) var eventCount: Int = 0
    /// Case streams by case id (decoded on demand after loading a snapshot).
    public internal(set) var cases = CaseStreams()
    /// Worker streams by worker id.
    public internal(set) var workers: [String: [Fact]] = [:]
    /// Team streams by team id.
    public internal(set) var teams: [String: [Fact]] = [:]
    /// Policy streams by policy id.
    public internal(set) var policies: [String: [Fact]] = [:]
    /// Events the fold kept but could not interpret fully, in log order.
    public internal(set) var anomalies: [ProjectionAnomaly] = []

    // Derived indexes: kept in the snapshot as blocks read per key, never digested.

    /// Cases each worker was ever named as holding, so a caseload is a point query.
    package var casesByWorker = StreamIndex(kind: .casesByWorker)
    /// Cases each team was ever named on.
    package var casesByTeam = StreamIndex(kind: .casesByTeam)
    /// Workers ever registered in or moved to each team.
    package var workersByTeam = StreamIndex(kind: .workersByTeam)
    /// Cases each family was ever referred with.
    package var casesByFamily = StreamIndex(kind: .casesByFamily)

    public init() {}

    /// The kinds of stream the projections keep.
    public enum StreamKind: Sendable, Hashable, CaseIterable {
        case `case`, worker, team, policy

        package init?(_ stream: StreamName) {
            switch stream.category {
            case "case": self = .case
            case "worker": self = .worker
            case "team": self = .team
            case "policy": self = .policy
            default: return nil
            }
        }
    }

    /// Folds one committed event. Events at or before ``position`` are ignored, so folding a
    /// batch twice changes nothing. Returns the stream whose facts changed, if any.
    @discardableResult
    public mutating func apply(_ envelope: EventEnvelope, chain: SHA256Digest, lineOffset: Int64 = -1) -> StreamName? {
        guard envelope.sequence > position.sequence else { return nil }
        if envelope.sequence != position.sequence + 1 {
            anomalies.append(ProjectionAnomaly(
                sequence: envelope.sequence,
                message: "events \(position.sequence + 1)…\(envelope.sequence - 1) were not folded before this one"))
        }
        position = LogPosition(sequence: envelope.sequence, chain: chain, recordedAt: envelope.recordedAt)
        eventCount += 1
        guard let kind = StreamKind(envelope.stream) else { return nil }
        let identifier = String(envelope.stream.identifier)
        let fact = Fact(sequence: envelope.sequence, occurredAt: envelope.occurredAt, recordedAt: envelope.recordedAt,
                        chain: chain, lineOffset: lineOffset, detail: FactDetail(capturing: envelope.event))
        append(fact, kind: kind, identifier: identifier, stream: envelope.stream)
        return envelope.stream
    }

    /// Gives a fact folded from a planned envelope (before it was appended) the chain value and
    /// transaction time the log gave it, and moves the position to it: the fold then equals one of
    /// the appended events, without folding them again.
    package mutating func commit(_ envelope: EventEnvelope, chain: SHA256Digest, lineOffset: Int64 = -1) {
        commit(sequence: envelope.sequence, stream: envelope.stream, recordedAt: envelope.recordedAt, chain: chain,
               lineOffset: lineOffset)
    }

    /// ``commit(_:chain:lineOffset:)`` from the appended line's place alone, for a batch whose
    /// envelopes were never all in memory (a streamed `apply`).
    package mutating func commit(sequence: UInt64, stream: StreamName, recordedAt: Instant, chain: SHA256Digest,
                                 lineOffset: Int64 = -1) {
        position = LogPosition(sequence: sequence, chain: chain, recordedAt: recordedAt)
        guard let kind = StreamKind(stream) else { return }
        let identifier = String(stream.identifier)
        func patch(_ facts: inout [Fact]) {
            guard let index = Self.index(of: sequence, in: facts) else { return }
            facts[index].chain = chain
            facts[index].recordedAt = recordedAt
            facts[index].lineOffset = lineOffset
        }
        switch kind {
        case .case: cases.modify(identifier) { patch(&$0) }
        case .worker: patch(&workers[identifier, default: []])
        case .team: patch(&teams[identifier, default: []])
        case .policy: patch(&policies[identifier, default: []])
        }
    }

    /// Adds a fact to its stream, marking the target of a retraction and updating the indexes.
    package mutating func append(_ fact: Fact, kind: StreamKind, identifier: String, stream: StreamName) {
        if case .retraction(let target, _) = fact.detail {
            markRetracted(target, by: fact.sequence, kind: kind, identifier: identifier, stream: stream)
        }
        switch kind {
        case .case:
            cases.modify(identifier) { $0.append(fact) }
        case .worker:
            workers[identifier, default: []].append(fact)
        case .team:
            teams[identifier, default: []].append(fact)
        case .policy:
            policies[identifier, default: []].append(fact)
        }
        index(fact, kind: kind, identifier: identifier)
    }

    private mutating func markRetracted(_ target: UInt64, by sequence: UInt64, kind: StreamKind, identifier: String,
                                        stream: StreamName) {
        func mark(_ facts: inout [Fact]) -> Bool {
            guard target < sequence, let index = Self.index(of: target, in: facts) else { return false }
            // A correction is not itself corrected by retraction (the domain refuses it too): the
            // original stays withdrawn, and a new entry records what is right.
            if case .retraction = facts[index].detail { return false }
            facts[index].retractedBy.append(sequence)
            return true
        }
        let found: Bool
        switch kind {
        // The retraction itself joins the same stream next, so creating the entry here is harmless.
        case .case: found = cases.modify(identifier) { mark(&$0) }
        case .worker: found = mark(&workers[identifier, default: []])
        case .team: found = mark(&teams[identifier, default: []])
        case .policy: found = mark(&policies[identifier, default: []])
        }
        if !found {
            anomalies.append(ProjectionAnomaly(
                sequence: sequence,
                message: "retracts sequence \(target), which is not an earlier event of \(stream) that can be retracted; the retraction is kept but withdraws nothing"))
        }
    }

    /// Updates the derived indexes for one fact.
    package mutating func index(_ fact: Fact, kind: StreamKind, identifier: String) {
        switch kind {
        case .case:
            if let workerId = fact.detail.allocatedWorkerId { casesByWorker.insert(identifier, into: workerId) }
            let (first, second) = fact.detail.teamIds
            if let first { casesByTeam.insert(identifier, into: first) }
            if let second { casesByTeam.insert(identifier, into: second) }
            if case .referralReceived(_, let familyId, _, _, _, _, _, _, _) = fact.detail {
                casesByFamily.insert(identifier, into: familyId)
            }
        case .worker:
            let (first, second) = fact.detail.teamIds
            if let first { workersByTeam.insert(identifier, into: first) }
            if let second { workersByTeam.insert(identifier, into: second) }
        case .team, .policy:
            break
        }
    }

    /// The facts of one stream, in log order (empty if it has none).
    public func facts(_ kind: StreamKind, _ identifier: String) -> [Fact] {
        switch kind {
        case .case: return cases[identifier] ?? []
        case .worker: return workers[identifier] ?? []
        case .team: return teams[identifier] ?? []
        case .policy: return policies[identifier] ?? []
        }
    }

    /// The position of the fact with `sequence` in a stream's facts (sorted by sequence).
    package static func index(of sequence: UInt64, in facts: [Fact]) -> Int? {
        var low = 0
        var high = facts.count
        while low < high {
            let middle = (low + high) / 2
            if facts[middle].sequence < sequence { low = middle + 1 } else { high = middle }
        }
        return low < facts.count && facts[low].sequence == sequence ? low : nil
    }
}

/// Something the fold kept but could not interpret fully: a retraction of an unknown entry, a
/// policy that does not parse, a gap in the folded sequence.
public struct ProjectionAnomaly: Sendable, Hashable, Codable {
    public var sequence: UInt64
    public var message: String

    public init(sequence: UInt64, message: String) {
        self.sequence = sequence
        self.message = message
    }
}
