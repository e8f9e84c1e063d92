import LedgerEvents
import LedgerStore
import LedgerSupport

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
    public private(set) var model: LedgerModel
    /// The policy used at instants before any adopted policy is in force.
    public var defaultPolicy: Policy { model.defaultPolicy }
    public let permissions: PermissionPolicy
    /// What opening the model did: the snapshot used, the tail folded, snapshots ignored.
    public private(set) var openReport: ModelOpenReport
    /// Where snapshots are read and written; nil folds the whole log on open and writes none.
    public let snapshotDirectory: String?
    /// A snapshot is written once the log has grown this many events past the last one.
    public let snapshotRefreshEventCount: Int
    /// The operating-system account running this process, read once from the service's
    /// ``AccountSource``: what identity "login" checks each actor against and records.
    public let account: String?
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
        snapshotDirectory: String? = nil, snapshotRefreshEventCount: Int = 5_000,
        account: any AccountSource = SystemAccount()
    ) throws(CommandError) {
        let opened = try Self.open(directory: directory, options: options, clock: clock, identifiers: identifiers,
                                   snapshotDirectory: snapshotDirectory)
        self.ledger = opened.ledger
        self.model = LedgerModel(state: opened.loaded.state, defaultPolicy: defaultPolicy)
        self.openReport = opened.loaded.report
        self.cursor = opened.loaded.cursor
        self.eventsSinceSnapshot = opened.loaded.report.eventsFolded
        self.permissions = permissions
        self.clock = clock
        self.account = account.invokingAccount()
        self.calendar = calendar
        self.snapshotDirectory = snapshotDirectory
        self.snapshotRefreshEventCount = max(1, snapshotRefreshEventCount)
        self.details = LogLineReader(directory: directory)
        let loaded = opened.loaded
        if !loaded.report.problems.isEmpty || (loaded.report.snapshotUsed == nil && model.state.eventCount > 0)
            || eventsSinceSnapshot >= self.snapshotRefreshEventCount {
            refreshSnapshot(rejected: loaded.rejected)
        }
    }

    /// Opens the writer and the model together: from the newest snapshot that checks out, the
    /// ledger resumes at the snapshot's position (checking only the tail after it) and the model
    /// folds that tail; with none, both read the whole log.
    private static func open(
        directory: String, options: LedgerOptions, clock: any Clock, identifiers: any IdentifierGenerator,
        snapshotDirectory: String?
    ) throws(CommandError) -> (ledger: Ledger, loaded: ModelLoader.Loaded) {
        var ledger: Ledger?
        do {
            let loaded = try ModelLoader.load(
                storeDirectory: directory, snapshotDirectory: snapshotDirectory,
                accept: { snapshot in
                    // The versions the snapshot's own state gives: a value, unchanged by later folds.
                    let state = snapshot.state
                    let resume = LedgerResumePoint(position: snapshot.header.head, cursor: snapshot.header.cursor) { stream in
                        ProjectionState.StreamKind(stream).map { state.facts($0, String(stream.identifier)).count }
                    }
                    do {
                        ledger = try Ledger(directory: directory, options: options, clock: clock, identifiers: identifiers,
                                            resumingFrom: resume)
                        return nil
                    } catch let error as LedgerError where error.rejectsResumePoint {
                        return error.description
                    }
                },
                beforeFullFold: {
                    ledger = try Ledger(directory: directory, options: options, clock: clock, identifiers: identifiers)
                })
            guard let opened = ledger else { throw CommandError.unreadable(detail: "the ledger was not opened") }
            return (opened, loaded)
        } catch {
            ledger?.close()
            throw Self.commandError(error)
        }
    }

    private static func commandError(_ error: any Error) -> CommandError {
        switch error {
        case let error as CommandError: return error
        case let error as LedgerError: return .ledger(error)
        case let error as LogTailError:
            switch error {
            case .corrupt(let fault): return .ledger(.corrupt(fault))
            case .io(let failure): return .ledger(.io(failure))
            case .positionNotInLog, .positionMismatch: return .unreadable(detail: error.description)
            }
        default: return .unreadable(detail: "\(error)")
        }
    }

    /// The policy in force at `instant`: the adopted one, or the default.
    public func policy(inForceAt instant: Instant) -> Policy {
        model.policy(at: QueryTime(asOf: instant, asKnown: .endOfTime)).policy
    }

    /// Reads events back from this ledger's log for decisions.
    package var logLookup: LogLookup {
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
        // A damaged snapshot block read while deciding reads as absent: never act on that decision.
        if let problem = SnapshotIntegrity.lateProblems.first { throw .snapshotDamaged(problem: problem) }
        let receipt: AppendReceipt
        do {
            receipt = try ledger.append(decision.events, expecting: decision.expectations)
        } catch {
            throw .ledger(error)
        }
        SnapshotIntegrity.noteAppended()
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
    package func makeContext(model: LedgerModel, actor: Actor, occurredAt: Instant,
                     planned: [UInt64: EventEnvelope] = [:]) -> DecisionContext {
        makeContext(model: model, actor: actor, occurredAt: occurredAt, log: logLookup.preferring(planned))
    }

    /// A decision context reading events back through `log`.
    package func makeContext(model: LedgerModel, actor: Actor, occurredAt: Instant, log: LogLookup) -> DecisionContext {
        DecisionContext(model: model, actor: actor, occurredAt: occurredAt, calendar: calendar,
                        permissions: permissions, log: log, account: account)
    }

    /// Folds appended events into the model and writes a snapshot when the tail has grown long.
    package func fold(_ receipt: AppendReceipt) {
        for (envelope, chain) in zip(receipt.envelopes, receipt.chains) {
            model.apply(envelope, chain: chain)
        }
        noteAppended(receipt.envelopes.count)
    }

    /// Takes `planned` (a copy that folded a batch and was committed) as the model.
    package func adopt(_ planned: LedgerModel, appended count: Int) {
        model = planned
        noteAppended(count)
    }

    private func noteAppended(_ count: Int) {
        eventsSinceSnapshot += count
        cursor = nil
        if eventsSinceSnapshot >= snapshotRefreshEventCount { refreshSnapshot(rejected: []) }
    }

    /// Writes a snapshot of the model now (failures are reported in ``openReport``, never fatal:
    /// a snapshot is a cache).
    package func refreshSnapshot(rejected: [String]) {
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
