import LedgerAudit
import LedgerDomain
import LedgerImport
import LedgerEvents
import LedgerStore
import LedgerSupport
/// Builds a child's SSDA903 social worker episodes from the case's timeline.
///
/// An episode is a span in which one worker was the primary worker: co-workers never make one
/// (the return names the child's social worker, and the ledger names exactly one primary). The
/// timeline is already resolved for an as-known time, so a backfilled transfer lands where it
/// happened, a retracted allocation is absent, and imported involvements count as allocations.
public enum SocialWorkerEpisodeBuilder {
    /// What the builder made of one child's timeline for one collection year.
    public struct Outcome: Sendable, Hashable {
        /// The episodes that overlap the collection year, in order.
        public var episodes: [SocialWorkerEpisode]
        /// Spans shorter than 24 hours (or within one London date) that the return leaves out: the
        /// DfE counts such an episode as an error (SW09), so a same-day reallocation is merged
        /// into what came before and after.
        public var leftOut: [PrimaryWorkerSpan]
    }

    /// The primary-worker spans of `timeline`, in valid-time order. A reallocation to the worker
    /// who already holds the case continues the span.
    public static func primarySpans(of timeline: CaseTimeline) -> [PrimaryWorkerSpan] {
        var spans: [PrimaryWorkerSpan] = []
        var current: PrimaryWorkerSpan?
        for index in timeline.facts.indices {
            let primary = timeline.states[index].primary
            guard primary?.workerId != current?.workerId else { continue }
            let fact = timeline.facts[index]
            if var ending = current {
                ending.end = fact.occurredAt
                ending.endCitation = fact.citation
                spans.append(ending)
                current = nil
            }
            if let primary {
                let beginning = timeline.facts[primary.factIndex]
                current = PrimaryWorkerSpan(workerId: primary.workerId, start: primary.since, end: nil,
                                            reason: reason(of: beginning.detail), startCitation: beginning.citation,
                                            endCitation: nil)
            }
        }
        if let current { spans.append(current) }
        return spans
    }

    /// The episodes of `childId` that overlap `year`, from its primary-worker `spans`.
    ///
    /// Spans shorter than a day are left out; the spans either side of one that are the same
    /// worker and touch it become one episode (A → B for an hour → A is one episode of A). An
    /// episode still open after 31 March has no end date; one that began before 1 April keeps its
    /// real start date.
    public static func episodes(childId: String, spans: [PrimaryWorkerSpan], year: CollectionYear) -> Outcome {
        var kept: [PrimaryWorkerSpan] = []
        var leftOut: [PrimaryWorkerSpan] = []
        var extraCitations: [Int: [Citation]] = [:]
        // Where the last kept span's run of touching short spans ends: a span starting there touches it.
        var bridgeEnd: Instant?
        for span in spans {
            if span.isShorterThanADay {
                leftOut.append(span)
                if let last = kept.last, last.end == span.start || bridgeEnd == span.start {
                    bridgeEnd = span.end
                    extraCitations[kept.count - 1, default: []].append(span.startCitation)
                } else {
                    bridgeEnd = nil
                }
                continue
            }
            if let last = kept.last, last.workerId == span.workerId, let bridgeEnd, bridgeEnd == span.start {
                kept[kept.count - 1].end = span.end
                kept[kept.count - 1].endCitation = span.endCitation
                extraCitations[kept.count - 1, default: []].append(span.startCitation)
            } else {
                kept.append(span)
            }
            bridgeEnd = nil
        }
        var episodes: [SocialWorkerEpisode] = []
        for (index, span) in kept.enumerated() {
            let startDate = LondonTime.localDate(of: span.start)
            let endDate = span.end.map { LondonTime.localDate(of: $0) }
            guard startDate <= year.lastDate, endDate.map({ $0 >= year.firstDate }) ?? true else { continue }
            let openAtYearEnd = endDate.map { $0 > year.lastDate } ?? true
            var citations = [span.startCitation] + (extraCitations[index] ?? [])
            if !openAtYearEnd, let end = span.endCitation { citations.append(end) }
            episodes.append(SocialWorkerEpisode(
                childId: childId, workerId: span.workerId, startDate: startDate, endDate: openAtYearEnd ? nil : endDate,
                reason: SocialWorkerChangeReason(allocationReason: span.reason), citations: citations))
        }
        let leftOutInYear = leftOut.filter { span in
            let date = LondonTime.localDate(of: span.start)
            return year.contains(date)
        }
        return Outcome(episodes: episodes, leftOut: leftOutInYear)
    }

    /// The reason recorded on the event that made a worker primary; an imported or unknown kind is OTHERS.
    package static func reason(of detail: FactDetail) -> AllocationReason {
        switch detail {
        case .allocated(_, _, _, let reason, _): return reason
        case .transferred(_, _, _, _, let reason, _): return reason
        default: return .other
        }
    }
}
