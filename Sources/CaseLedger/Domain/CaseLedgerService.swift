/// The ledger with its decisions: opens a ``Ledger`` for writing and the one model
/// (``LedgerModel``) from the newest good snapshot plus the log's tail, and executes commands —
/// decide against the model at the command's valid time, append with the decision's expected
/// versions, fold the appended events.
///
/// A refused command appends nothing: the decision fails before the ledger is touched, and an
/// append that fails (a stale expectation, an I/O error) leaves the model as it was. Like the
/// ledger, the service has one writer and is used from one place.
///
/// The cost of a command does not grow with the log: the model opens from the same snapshots the
/// audit uses (with the same checks: format version, checksums, the log still holding the
/// snapshot's position and hash) and folds only the tail after it, checking every tail line. When
/// the tail passes ``snapshotRefreshEventCount`` events the service writes a new snapshot, so the
/// tail stays short without rewriting a large snapshot on every command.
public final class CaseLedgerService {
    public let ledger: Ledger
    /// The model every next decision is made against (the same fold the audit answers from).
    public let model: LedgerModel
    /// The policy used at instants before any adopted policy is in force.
    public var defaultPolicy: Policy { model.defaultPolicy }
    public let permissions: PermissionPolicy
    /// What opening the model did: the snapshot used, the tail folded, snapshots ignored.
    public private(set) var openReport: ModelOpenReport
    /// Where snapshots are read and written; nil folds the whole log on open and writes none.
    public let snapshotDirectory: String?
    /// A snapshot is written once the log has grown this many events past the last one.
    public let snapshotRefreshEventCount: Int
    private let clock: any Clock
    /// Overrides the policy's own working-day calendar when set (an authority's holiday file).
    private let calendar: WorkingCalendar?
    private var cursor: LogCursor?
    private var eventsSinceSnapshot: Int
    private let details: LogLineReader

    /// Opens (creating if needed) the ledger in `directory` and its model.
    public init(
        directory: String, defaultPolicy: Policy = .children, options: LedgerOptions = LedgerOptions(),
        clock: any Clock = SystemClock(), identifiers: any IdentifierGenerator = RandomIdentifierGenerator(),
        calendar: WorkingCalendar? = nil, permissions: PermissionPolicy = .standard,
        snapshotDirectory: String? = nil, snapshotRefreshEventCount: Int = 20_000
    ) throws(CommandError) {
        let ledger: Ledger
        do {
            ledger = try Ledger(directory: directory, options: options, clock: clock, identifiers: identifiers)
        } catch {
            throw .ledger(error)
        }
        let loaded: ModelLoader.Loaded
        do {
            // The writer holds the lock, so the log cannot move under this read.
            loaded = try ModelLoader.load(storeDirectory: directory, snapshotDirectory: snapshotDirectory)
        } catch let error as LedgerError {
            ledger.close()
            throw .ledger(error)
        } catch {
            ledger.close()
            throw .unreadable(detail: "\(error)")
        }
        self.ledger = ledger
        self.model = LedgerModel(state: loaded.state, defaultPolicy: defaultPolicy)
        self.openReport = loaded.report
        self.cursor = loaded.cursor
        self.eventsSinceSnapshot = loaded.report.eventsFolded
        self.permissions = permissions
        self.clock = clock
        self.calendar = calendar
        self.snapshotDirectory = snapshotDirectory
        self.snapshotRefreshEventCount = max(1, snapshotRefreshEventCount)
        self.details = LogLineReader(directory: directory)
        if !loaded.report.problems.isEmpty || (loaded.report.snapshotUsed == nil && model.state.eventCount > 0) {
            refreshSnapshot(rejected: loaded.rejected)
        }
    }

    /// The policy in force at `instant`: the adopted one, or the default.
    public func policy(inForceAt instant: Instant) -> Policy {
        model.policy(at: QueryTime(asOf: instant, asKnown: .endOfTime)).policy
    }

    /// Reads events back from this ledger's log for decisions.
    var logLookup: LogLookup {
        let details = self.details
        return LogLookup(
            bySequence: { try? details.storedEvent(sequence: $0).envelope },
            byFact: { fact in try? details.storedEvent(sequence: fact.sequence, chain: fact.chain, lineOffset: fact.lineOffset).envelope })
    }

    /// Decides without appending: what `execute` would do.
    public func decide(_ command: DomainCommand, actor: Actor, occurredAt: Instant) -> Result<Decision, DomainError> {
        Decider.decide(command, context: makeContext(model: model, actor: actor, occurredAt: occurredAt))
    }

    /// Decides `command` and appends its events, or throws why not (nothing appended then).
    @discardableResult
    public func execute(_ command: DomainCommand, actor: Actor, occurredAt: Instant) throws(CommandError) -> CommandOutcome {
        let decision: Decision
        switch decide(command, actor: actor, occurredAt: occurredAt) {
        case .success(let decided): decision = decided
        case .failure(let error): throw .refused(error)
        }
        let receipt: AppendReceipt
        do {
            receipt = try ledger.append(decision.events, expecting: decision.expectations)
        } catch {
            throw .ledger(error)
        }
        fold(receipt)
        return CommandOutcome(decision: decision, receipt: receipt)
    }

    /// Adopts `policy` from `effectiveFrom` on: appends `PolicyAdopted` with its content hash,
    /// recorded as occurring now by the service's clock.
    @discardableResult
    public func adopt(policy: Policy, effectiveFrom: Instant, actor: Actor) throws(CommandError) -> CommandOutcome {
        try execute(.adoptPolicy(DomainCommand.AdoptPolicy(policy: policy, effectiveFrom: effectiveFrom)),
                    actor: actor, occurredAt: clock.now())
    }

    /// Releases the ledger's lock.
    public func close() { ledger.close() }

    /// A decision context against `model` with this service's calendar, permissions and log.
    func makeContext(model: LedgerModel, actor: Actor, occurredAt: Instant,
                     planned: [UInt64: EventEnvelope] = [:]) -> DecisionContext {
        DecisionContext(model: model, actor: actor, occurredAt: occurredAt, calendar: calendar,
                        permissions: permissions, log: logLookup.preferring(planned))
    }

    /// Folds appended events into the model and writes a snapshot when the tail has grown long.
    func fold(_ receipt: AppendReceipt) {
        for (envelope, chain) in zip(receipt.envelopes, receipt.chains) {
            model.apply(envelope, chain: chain)
        }
        eventsSinceSnapshot += receipt.envelopes.count
        cursor = nil
        if eventsSinceSnapshot >= snapshotRefreshEventCount { refreshSnapshot(rejected: []) }
    }

    /// Writes a snapshot of the model now (failures are reported in ``openReport``, never fatal:
    /// a snapshot is a cache).
    func refreshSnapshot(rejected: [String]) {
        guard let snapshotDirectory else { return }
        let store = SnapshotStore(directory: snapshotDirectory)
        do {
            if cursor == nil { cursor = try LogTailReader.cursor(of: model.state.position, in: ledger.directory) }
            openReport.snapshotWritten = try store.write(model.state, cursor: cursor)
            eventsSinceSnapshot = 0
            store.prune(keeping: 2, rejected: rejected.filter { $0 != openReport.snapshotWritten?.path })
        } catch {
            openReport.problems.append(SnapshotProblem(
                path: snapshotDirectory + "/" + SnapshotStore.fileName(sequence: model.state.position.sequence),
                kind: .writeFailed(detail: "\(error)")))
        }
    }
}
