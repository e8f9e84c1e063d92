import LedgerEvents
import LedgerStore
import LedgerSupport

/// Everything a decision may read, passed in so that deciding is pure: no clock, no files, no
/// randomness. The same context and command always give the same decision.
public struct DecisionContext {
    /// The one model at the command's valid time, as known now.
    public var view: ModelView
    /// Who issues the command, with the role they claim.
    public var actor: Actor
    /// Valid time of the command: leave, ramp weeks and re-referral windows are judged on its
    /// London date.
    public var occurredAt: Instant
    /// The policy in force at `occurredAt`.
    public var policy: Policy
    /// The working-day calendar LEAVE-SOON counts in.
    public var calendar: WorkingCalendar
    public var permissions: PermissionPolicy
    /// The sequence number the decision's first event would get: pending facts are numbered from it.
    public var nextSequence: UInt64
    /// The log's events, for what the model keeps only a reference to: the target of a
    /// retraction, the summary a closure request carried. A pure function of the log.
    public var log: LogLookup
    /// The operating-system account running the command (from an ``AccountSource``), or nil when
    /// it could not be determined.
    public var account: String?
    /// Whether `actor` must be the worker whose login is `account`: `.login` when the policy in
    /// force at the command's valid time says so, or the newest adopted policy does. Identity is
    /// about who runs the command now, so dating a command before the switch does not escape it.
    public var identity: IdentityMode

    /// A context with an explicit policy; `calendar` nil counts in the policy's calendar.
    public init(model: LedgerModel, actor: Actor, occurredAt: Instant, policy: Policy,
                calendar: WorkingCalendar? = nil, permissions: PermissionPolicy = .standard,
                log: LogLookup = .none, account: String? = nil) {
        self.view = model.view(asOf: occurredAt)
        self.actor = actor
        self.occurredAt = occurredAt
        self.policy = policy
        self.calendar = calendar ?? policy.calendar
        self.permissions = permissions
        self.nextSequence = model.state.position.sequence + 1
        self.log = log
        self.account = account
        let newest = model.policy(at: QueryTime(asOf: .endOfTime, asKnown: .endOfTime)).policy
        self.identity = policy.identityMode == .login || newest.identityMode == .login ? .login : .declared
    }

    /// A context whose policy is the one adopted in the model and in force at `occurredAt`, or
    /// the model's default when none was adopted by then.
    public init(model: LedgerModel, actor: Actor, occurredAt: Instant, calendar: WorkingCalendar? = nil,
                permissions: PermissionPolicy = .standard, log: LogLookup = .none, account: String? = nil) {
        // The policy in force keeps its calendar: building one from the policy's holidays on every
        // decision was a quarter of the time `apply` spent per line.
        let inForce = model.policy(at: QueryTime(asOf: occurredAt, asKnown: .endOfTime))
        self.init(model: model, actor: actor, occurredAt: occurredAt, policy: inForce.policy,
                  calendar: calendar ?? inForce.calendar, permissions: permissions, log: log, account: account)
    }

    /// The login registered for `workerId` (`register-worker --login`), read back from the
    /// registration's line: the model keeps no login, since only this check reads one. Nil when
    /// the worker is unknown, registered without one, or the line cannot be read.
    public func registeredLogin(of workerId: String) -> String? {
        guard let registration = view.workerTimeline(workerId)?.entries.last(where: {
            if case .workerRegistered = $0.fact.detail { return true }
            return false
        }), let envelope = log.byFact(registration.fact),
              case .workerRegistered(let payload) = envelope.event, payload.workerId == workerId
        else { return nil }
        return payload.login
    }

    /// The London date of `occurredAt`: the day practice rules talk about.
    public var date: LocalDate { LondonTime.localDate(of: occurredAt) }
}

/// Reads events back from the log for a decision: by sequence number (a retraction's target) or
/// by the fact the model keeps of it (which knows where its line is).
public struct LogLookup {
    public var bySequence: (UInt64) -> EventEnvelope?
    public var byFact: (Fact) -> EventEnvelope?

    public init(bySequence: @escaping (UInt64) -> EventEnvelope?, byFact: @escaping (Fact) -> EventEnvelope?) {
        self.bySequence = bySequence
        self.byFact = byFact
    }

    /// No log: a retraction names an unknown entry and a closure request's summary is not reused.
    public static var none: LogLookup { LogLookup(bySequence: { _ in nil }, byFact: { _ in nil }) }

    /// Events held in memory (tests, a batch being planned), by sequence.
    public static func inMemory(_ envelopes: [UInt64: EventEnvelope]) -> LogLookup {
        LogLookup(bySequence: { envelopes[$0] }, byFact: { envelopes[$0.sequence] })
    }

    /// This lookup, answering first from `envelopes` (events planned but not yet appended).
    public func preferring(_ envelopes: [UInt64: EventEnvelope]) -> LogLookup {
        guard !envelopes.isEmpty else { return self }
        let base = self
        return LogLookup(bySequence: { envelopes[$0] ?? base.bySequence($0) },
                         byFact: { envelopes[$0.sequence] ?? base.byFact($0) })
    }
}
