import LedgerAudit
import LedgerDomain
import LedgerImport
import LedgerEvents
import LedgerStore
import LedgerSupport
/// One row of the SSDA903 `SWEpisodes` table before it is written: a child's primary social worker
/// from one date to another, why it began, and the events it rests on.
public struct SocialWorkerEpisode: Sendable, Hashable {
    public var childId: String
    public var workerId: String
    /// `SW_DECOM`: the London date the worker became the child's primary worker, even if before
    /// the collection year (the DfE matches it with last year's open episode).
    public var startDate: LocalDate
    /// `SW_DEC`: the London date the worker stopped being primary; nil while the episode was still
    /// open at the end of 31 March.
    public var endDate: LocalDate?
    /// `SW_REASON`, from the reason recorded on the event that began the episode.
    public var reason: SocialWorkerChangeReason
    /// The event that began the episode, any merged into it, and the event that ended it.
    public var citations: [Citation]

    public init(childId: String, workerId: String, startDate: LocalDate, endDate: LocalDate?,
                reason: SocialWorkerChangeReason, citations: [Citation]) {
        self.childId = childId
        self.workerId = workerId
        self.startDate = startDate
        self.endDate = endDate
        self.reason = reason
        self.citations = citations
    }
}

/// A span of valid time in which one worker was a case's primary worker, before it is dated.
public struct PrimaryWorkerSpan: Sendable, Hashable {
    public var workerId: String
    public var start: Instant
    /// Nil while the worker is still primary at the timeline's end.
    public var end: Instant?
    public var reason: AllocationReason
    public var startCitation: Citation
    public var endCitation: Citation?

    /// Whether the span lasted less than 24 hours, or began and ended on one London date.
    public var isShorterThanADay: Bool {
        guard let end else { return false }
        return end.millisecondsSinceEpoch - start.millisecondsSinceEpoch < Instant.millisecondsPerDay
            || LondonTime.localDate(of: start) == LondonTime.localDate(of: end)
    }
}
