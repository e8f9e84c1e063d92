/// Everything a decision may read, passed in so that deciding is pure: no clock, no files, no
/// randomness. The same context and command always give the same decision.
public struct DecisionContext: Sendable {
    public var state: DecisionState
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

    /// A context with an explicit policy; `calendar` nil counts in the policy's calendar.
    public init(state: DecisionState, actor: Actor, occurredAt: Instant, policy: Policy,
                calendar: WorkingCalendar? = nil, permissions: PermissionPolicy = .standard) {
        self.state = state
        self.actor = actor
        self.occurredAt = occurredAt
        self.policy = policy
        self.calendar = calendar ?? policy.calendar
        self.permissions = permissions
    }

    /// A context whose policy is the one adopted in `state` and in force at `occurredAt`, or
    /// `defaultPolicy` when none was adopted by then.
    public init(state: DecisionState, actor: Actor, occurredAt: Instant, defaultPolicy: Policy,
                calendar: WorkingCalendar? = nil, permissions: PermissionPolicy = .standard) {
        self.init(state: state, actor: actor, occurredAt: occurredAt,
                  policy: state.policy(inForceAt: occurredAt) ?? defaultPolicy, calendar: calendar,
                  permissions: permissions)
    }

    /// The London date of `occurredAt`: the day practice rules talk about.
    public var date: LocalDate { LondonTime.localDate(of: occurredAt) }
}
