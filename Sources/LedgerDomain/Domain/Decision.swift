import LedgerEvents
import LedgerStore
import LedgerSupport

/// What a command decided: the events to append, the stream versions the decision was made
/// against, and the policy findings it recorded or overrode.
public struct Decision: Sendable, Hashable {
    /// In append order; the batch is all-or-nothing.
    public var events: [ProposedEvent]
    /// Every stream the decision read, at the version it read: the append is refused if any
    /// moved since, so a decision never lands on state it did not see.
    public var expectations: [StreamName: ExpectedVersion]
    /// Breaches of "finding" rules, recorded with the events and reported.
    public var findings: [PolicyFinding]
    /// Breaches of "justify" rules (or findings) the actor justified, recorded with the events.
    public var overrides: [PolicyOverride]
    /// Things worth saying that are not breaches, such as an NQSW ramp "decided in team".
    public var notes: [String]
    /// The actor as the ledger records them: the registered role, not merely the claimed one.
    public var actor: Actor

    public init(events: [ProposedEvent], expectations: [StreamName: ExpectedVersion], findings: [PolicyFinding],
                overrides: [PolicyOverride], notes: [String], actor: Actor) {
        self.events = events
        self.expectations = expectations
        self.findings = findings
        self.overrides = overrides
        self.notes = notes
        self.actor = actor
    }
}
