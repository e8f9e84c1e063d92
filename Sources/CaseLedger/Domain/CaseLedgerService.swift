/// The ledger with its decisions: opens a ``Ledger``, folds ``DecisionState`` from the log,
/// and executes commands — decide, append with the decision's expected versions, fold the
/// appended events.
///
/// A refused command appends nothing: the decision fails before the ledger is touched, and an
/// append that fails (a stale expectation, an I/O error) leaves the state as it was. Like the
/// ledger, the service has one writer and is used from one place.
public final class CaseLedgerService {
    public let ledger: Ledger
    /// The state every next decision is made against.
    public internal(set) var state: DecisionState
    /// Set when the state may be ahead of the log and could not be rebuilt: later batches are refused.
    var stateFault: String?
    /// The policy used at instants before any adopted policy is in force.
    public let defaultPolicy: Policy
    public let permissions: PermissionPolicy
    private let clock: any Clock
    /// Overrides the policy's own working-day calendar when set (an authority's holiday file).
    private let calendar: WorkingCalendar?

    /// Opens (creating if needed) the ledger in `directory` and folds its history.
    public init(
        directory: String, defaultPolicy: Policy = .children, options: LedgerOptions = LedgerOptions(),
        clock: any Clock = SystemClock(), identifiers: any IdentifierGenerator = RandomIdentifierGenerator(),
        calendar: WorkingCalendar? = nil, permissions: PermissionPolicy = .standard
    ) throws(CommandError) {
        let ledger: Ledger
        do {
            ledger = try Ledger(directory: directory, options: options, clock: clock, identifiers: identifiers)
        } catch {
            throw .ledger(error)
        }
        let state: DecisionState
        do throws(CommandError) {
            state = try Self.foldLog(directory)
        } catch {
            ledger.close()
            throw error
        }
        self.ledger = ledger
        self.state = state
        self.defaultPolicy = defaultPolicy
        self.permissions = permissions
        self.clock = clock
        self.calendar = calendar
    }

    /// The policy in force at `instant`: the adopted one, or the default.
    public func policy(inForceAt instant: Instant) -> Policy {
        state.policy(inForceAt: instant) ?? defaultPolicy
    }

    /// Decides without appending: what `execute` would do.
    public func decide(_ command: DomainCommand, actor: Actor, occurredAt: Instant) -> Result<Decision, DomainError> {
        Decider.decide(command, context: context(actor: actor, occurredAt: occurredAt))
    }

    /// Decides `command` and appends its events, or throws why not (nothing appended then).
    @discardableResult
    public func execute(_ command: DomainCommand, actor: Actor, occurredAt: Instant) throws(CommandError) -> CommandOutcome {
        if let stateFault { throw .unreadable(detail: stateFault) }
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
        for envelope in receipt.envelopes { DecisionState.evolve(&state, envelope) }
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

    /// A decision context against `state` with this service's policy, calendar and permissions.
    func makeContext(state: DecisionState, actor: Actor, occurredAt: Instant) -> DecisionContext {
        DecisionContext(state: state, actor: actor, occurredAt: occurredAt, defaultPolicy: defaultPolicy,
                        calendar: calendar, permissions: permissions)
    }

    /// The decision state folded from the whole log in `directory`.
    static func foldLog(_ directory: String) throws(CommandError) -> DecisionState {
        var state = DecisionState()
        do {
            // The writer holds the lock, so the log cannot move under this read.
            try LedgerReader(directory: directory).read { stored in DecisionState.evolve(&state, stored.envelope) }
        } catch let error as LedgerError {
            throw .ledger(error)
        } catch {
            throw .unreadable(detail: "\(error)")
        }
        return state
    }

    /// Rebuilds the state from the log, after a batch evolved it and then did not land. If the
    /// log cannot be read back, the service refuses every later batch (``stateFault``) rather
    /// than decide against events that were never written; the caller still gets the batch's
    /// own error.
    func reloadState() {
        do throws(CommandError) {
            state = try Self.foldLog(ledger.directory)
        } catch {
            stateFault = "a batch did not land and the ledger could not be read back (\(error)); reopen it"
        }
    }

    private func context(actor: Actor, occurredAt: Instant) -> DecisionContext {
        makeContext(state: state, actor: actor, occurredAt: occurredAt)
    }
}
