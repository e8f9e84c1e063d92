import Foundation
import LedgerDomain
import LedgerEvents
import LedgerStore
import LedgerSupport

/// The audit view of a ledger: opens the log read-only, folds it into ``ProjectionState`` (from the
/// newest good snapshot plus the tail), and answers bitemporal questions about it.
///
/// Every capability of the `caseledger` audit subcommands is a method here; the command line
/// only parses and prints. Answers are plain values that cite the events they rest on.
/// Not `Sendable`: one audit view is used from one place, like ``Ledger``.
public final class AuditLedger {
    /// How an audit view is opened.
    public struct Options: Sendable {
        /// Where snapshots live; nil opens without snapshots (always a full fold).
        public var snapshotDirectory: String?
        /// A snapshot is written whenever this many events have been folded since the last one.
        public var snapshotInterval: Int
        /// Set to false for a strictly read-only open: problems are still reported, nothing is written.
        public var writesSnapshots: Bool
        /// How many snapshots to keep; older ones are removed after a write.
        public var snapshotsKept: Int
        /// The policy in force where the log has adopted none.
        public var defaultPolicy: Policy
        /// Where "now" comes from: the default as-of time (as-known defaults to the log's head).
        public var clock: any Clock

        public init(snapshotDirectory: String? = nil, snapshotInterval: Int = 10_000, writesSnapshots: Bool = true,
                    snapshotsKept: Int = 2, defaultPolicy: Policy = .children, clock: any Clock = SystemClock()) {
            self.snapshotDirectory = snapshotDirectory
            self.snapshotInterval = snapshotInterval
            self.writesSnapshots = writesSnapshots
            self.snapshotsKept = snapshotsKept
            self.defaultPolicy = defaultPolicy
            self.clock = clock
        }
    }

    /// What opening (or the last refresh) did.
    public typealias OpenReport = ModelOpenReport

    /// The ledger directory this view reads.
    public let storeDirectory: String
    public let options: Options
    /// The one model this view answers from (the same fold and resolution the Decider uses).
    public let model: LedgerModel
    /// The model's fold.
    public var state: ProjectionState { model.state }
    public private(set) var openReport: OpenReport

    /// The last folded line's place, for the next refresh and the next snapshot.
    package private(set) var cursor: LogCursor?
    private var eventsSinceSnapshot = 0
    package let details: LogLineReader

    /// Opens the ledger in `storeDirectory` for auditing: loads the newest snapshot that checks out,
    /// folds the log after it, and reports (and replaces) any snapshot it had to ignore.
    public init(storeDirectory: String, options: Options = Options()) throws {
        _ = try LedgerReader(directory: storeDirectory)
        self.storeDirectory = storeDirectory
        self.options = options
        self.details = LogLineReader(directory: storeDirectory)
        let loaded = try ModelLoader.load(storeDirectory: storeDirectory, snapshotDirectory: options.snapshotDirectory)
        model = LedgerModel(state: loaded.state, defaultPolicy: options.defaultPolicy)
        cursor = loaded.cursor
        openReport = loaded.report
        eventsSinceSnapshot = loaded.report.eventsFolded
        let rebuilt = !openReport.problems.isEmpty || (openReport.snapshotUsed == nil && state.eventCount > 0)
        if let directory = options.snapshotDirectory, options.writesSnapshots,
           rebuilt || eventsSinceSnapshot >= max(1, options.snapshotInterval) {
            writeSnapshotReportingFailure(directory: directory, rejected: loaded.rejected)
        }
    }

    private func writeSnapshotReportingFailure(directory: String, rejected: [String]) {
        let store = SnapshotStore(directory: directory)
        do {
            openReport.snapshotWritten = try store.write(state, cursor: cursor)
            eventsSinceSnapshot = 0
            store.prune(keeping: options.snapshotsKept,
                        rejected: rejected.filter { $0 != openReport.snapshotWritten?.path })
        } catch {
            openReport.problems.append(SnapshotProblem(
                path: directory + "/" + SnapshotStore.fileName(sequence: state.position.sequence),
                kind: .writeFailed(detail: "\(error)")))
        }
    }

    /// Folds the events appended since the last fold (by this process or another), writing a
    /// snapshot if ``Options/snapshotInterval`` events have accumulated. Returns the count folded.
    @discardableResult
    public func refresh() throws -> Int {
                let outcome: LogTailReader.Outcome
        do {
            outcome = try LogTailReader(directory: storeDirectory).read(after: state.position, cursor: cursor) { stored in
                model.apply(stored.envelope, chain: stored.chain, lineOffset: Int64(stored.byteOffset))
            }
        } catch let error as LogTailError {
            switch error {
            case .corrupt(let fault): throw LedgerError.corrupt(fault)
            case .io(let failure): throw LedgerError.io(failure)
            case .positionNotInLog, .positionMismatch:
                throw AuditError.logChanged(detail: error.description)
            }
        }
        cursor = outcome.cursor ?? cursor
        eventsSinceSnapshot += outcome.eventCount
        if let directory = options.snapshotDirectory, options.writesSnapshots,
           eventsSinceSnapshot >= max(1, options.snapshotInterval) {
            writeSnapshotReportingFailure(directory: directory, rejected: [])
        }
        return outcome.eventCount
    }

    /// Writes a snapshot of the current state now (`caseledger snapshot`).
    @discardableResult
    public func writeSnapshot() throws -> SnapshotStore.Entry {
        guard let directory = options.snapshotDirectory else { throw AuditError.noSnapshotDirectory }
        let store = SnapshotStore(directory: directory)
        let entry = try store.write(state, cursor: cursor)
        eventsSinceSnapshot = 0
        store.prune(keeping: options.snapshotsKept)
        return entry
    }

    /// Resolves optional query times: as-of defaults to now (the clock), as-known to the head's
    /// recorded time.
    ///
    /// "Everything known" is the last recorded time in the log, not the clock: nothing was recorded
    /// after the head, so the answer is the same, and the same question asked twice of the same log
    /// states the same as-known time and prints the same bytes. The only default that reads the
    /// clock is as-of, which names the moment asked about. An empty log has recorded nothing; its
    /// as-known time is the as-of time.
    public func queryTime(asOf: Instant? = nil, asKnown: Instant? = nil) -> QueryTime {
        let validTime = asOf ?? options.clock.now()
        return QueryTime(asOf: validTime, asKnown: asKnown ?? state.position.recordedAt ?? validTime)
    }

    /// The head this view has folded to: every answer states it.
    public var head: LedgerDigest { LedgerDigest(sequence: state.position.sequence, hash: state.position.chain) }

    // MARK: - Resolution helpers shared by the queries

    /// The case's timeline as known at `asKnown` (memoised by the model for "everything known").
    public func caseTimeline(_ caseId: String, asKnown: Instant) -> CaseTimeline? {
        model.caseTimeline(caseId, asKnown: asKnown)
    }

    /// Every span in which the worker held a case, as known at `asKnown`.
    package func heldCases(of workerId: String, asKnown: Instant) -> [HeldCase] {
        model.heldCases(of: workerId, asKnown: asKnown)
    }

    /// The worker's timeline as known at `asKnown`.
    public func workerTimeline(_ workerId: String, asKnown: Instant) -> WorkerTimeline? {
        model.workerTimeline(workerId, asKnown: asKnown)
    }

    /// The team's name, service area and manager as at the query time.
    public func teamInfo(_ teamId: String, at time: QueryTime) -> TeamInfo? {
        model.teamInfo(teamId, at: time)
    }

    /// The policy in force at `time` (see ``LedgerModel/policy(at:)``).
    public func policy(at time: QueryTime) -> PolicyInForce {
        model.policy(at: time)
    }

    /// Reads the full event behind a fact from the log (for rationale, tasks, overrides and prose).
    ///
    /// The line is checked (content hash, sequence, chain value) and the fact is checked against
    /// it: a fact loaded from a snapshot that says something its line does not (a snapshot
    /// rewritten with consistent checksums) is recorded in ``SnapshotIntegrity``, and the command
    /// line answers again from the log. So an answer that cites an event never rests on snapshot
    /// bytes alone.
    public func storedEvent(for fact: Fact) throws -> StoredEvent {
        let stored = try details.storedEvent(sequence: fact.sequence, chain: fact.chain, lineOffset: fact.lineOffset)
        if let snapshot = openReport.snapshotUsed, !Self.agrees(fact, with: stored.envelope) {
            SnapshotIntegrity.record(SnapshotProblem(path: snapshot.path, kind: .corrupt(
                detail: "its fact for event \(fact.sequence) differs from its line in the log")))
        }
        return stored
    }

    /// Whether a fact says what its event does (times and captured detail). The end of an
    /// involvement is a fact timelines derive from the involvement's line, so only its kind is
    /// compared.
    package static func agrees(_ fact: Fact, with envelope: EventEnvelope) -> Bool {
        let captured = FactDetail(capturing: envelope.event)
        // A timeline dates an involvement's end at its end, not at the involvement's own times.
        if case .involvementEnd = fact.detail {
            if case .involvement = captured { return true }
            return false
        }
        guard fact.occurredAt == envelope.occurredAt, fact.recordedAt == envelope.recordedAt else { return false }
        return captured == fact.detail
    }
}

