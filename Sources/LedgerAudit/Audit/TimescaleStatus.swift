import LedgerDomain
import LedgerEvents
import LedgerStore
import LedgerSupport

/// One DESIGN §5 timescale for one case at one moment: when its clock started, when it falls
/// due, whether it was met, and the events that show it.
public struct TimescaleStatus: Sendable, Hashable, Codable {
    /// Where a timescale stands at the query's valid time.
    public enum State: String, Sendable, Hashable, Codable, CaseIterable {
        /// Not yet met, and the deadline has not passed.
        case due
        /// Met at or before the deadline.
        case met
        /// Met late, or the obligation ended unmet after its deadline.
        case missed
        /// Open and overdue: the deadline has passed and it is still not met.
        case overdue
    }

    public var timescale: TimescaleID
    public var caseId: String
    /// What the clock is about: the referral, the review number, the escalation level, the worker.
    public var subject: String
    /// When the clock started.
    public var startedAt: Instant
    /// The deadline (inclusive).
    public var dueAt: Instant
    public var status: State
    /// When it was met (on time or late), if it was.
    public var satisfiedAt: Instant?
    /// The events that prove it: the one that started the clock, then the one that met it (or
    /// ended the obligation).
    public var evidence: [Citation]

    public init(timescale: TimescaleID, caseId: String, subject: String, startedAt: Instant, dueAt: Instant,
                status: State, satisfiedAt: Instant?, evidence: [Citation]) {
        self.timescale = timescale
        self.caseId = caseId
        self.subject = subject
        self.startedAt = startedAt
        self.dueAt = dueAt
        self.status = status
        self.satisfiedAt = satisfiedAt
        self.evidence = evidence
    }

    /// Missed or open and overdue.
    public var isBreach: Bool { status == .missed || status == .overdue }
}
