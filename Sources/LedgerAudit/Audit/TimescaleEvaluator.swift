import LedgerDomain
import LedgerEvents
import LedgerStore
import LedgerSupport

/// The timescales of DESIGN §5, computed from a case's history: pure functions of the case's
/// timeline (already resolved for an as-known time), the reallocation notices of the workers who
/// held it, the policy's numbers and calendar, and the valid time `asOf`.
///
/// Only events that had happened by `asOf` count. Each obligation has a start, a deadline, and
/// possibly an event that met it or an event that ended it (allocation, closure, the worker's
/// return); see ``status(dueAt:satisfiedAt:endedAt:asOf:)`` for how that becomes met, missed,
/// due or overdue. An obligation that ended before its deadline without being met never fell
/// due and is not reported.
///
/// | timescale | clock starts | met by | ends unmet when |
/// |---|---|---|---|
/// | DECISION-24H | referral received | a decision on the case | the case closes |
/// | ALLOCATION-24H | a decision needing a social work response | a primary worker holding the case | the case closes |
/// | REALLOCATION-5WD | the holder's departure or long-term absence is notified | another primary worker | closure; the worker's return |
/// | UNALLOCATED-LETTER | the case becomes unallocated | a letter sent | allocation or closure |
/// | UNALLOCATED-MONITORING | the case (child in need, referral or assessment) becomes unallocated | a monitoring record | allocation or closure |
/// | UNALLOCATED-REVIEW | unallocated: first at N weeks, then every M weeks | a review after the previous deadline | allocation or closure |
/// | UNALLOCATED-ESCALATION | unallocated: service manager at N weeks, head of service at M weeks | an escalation to that level | allocation or closure |
/// | OVERSIGHT-ON-CHANGE | an allocation that changes the worker (directly, by deallocation and allocation, or after a team transfer) | manager oversight, by the end of that London day | the next change or closure |
public enum TimescaleEvaluator {
    /// Every timescale of the case that had started by `asOf`, in order of start then id.
    public static func evaluate(timeline: CaseTimeline, notices: [ReallocationNotice], timescales: Timescales,
                                calendar: WorkingCalendar, asOf: Instant) -> [TimescaleStatus] {
        guard let last = timeline.lastIndex(atOrBefore: asOf) else { return [] }
        let history = CaseHistory(timeline: timeline, lastIndex: last)
        var results: [TimescaleStatus] = []
        results += decisions(history, timescales: timescales, asOf: asOf)
        results += allocations(history, timescales: timescales, asOf: asOf)
        results += reallocations(history, notices: notices, timescales: timescales, calendar: calendar, asOf: asOf)
        for interval in timeline.unallocatedIntervals where interval.start <= asOf {
            results += unallocated(history, interval: interval, timescales: timescales, calendar: calendar, asOf: asOf)
        }
        results += oversight(history, calendar: calendar, asOf: asOf)
        return results.sorted { ($0.startedAt, $0.dueAt, $0.timescale) < ($1.startedAt, $1.dueAt, $1.timescale) }
    }

    /// Met if met by the deadline; missed if met late or if the obligation ended after the
    /// deadline; overdue if still open past it; due before it. Nil when it ended unmet before
    /// falling due (it never applied).
    public static func status(dueAt: Instant, satisfiedAt: Instant?, endedAt: Instant?, asOf: Instant)
        -> TimescaleStatus.State?
    {
        if let satisfiedAt, satisfiedAt <= asOf { return satisfiedAt <= dueAt ? .met : .missed }
        if let endedAt, endedAt <= asOf { return endedAt > dueAt ? .missed : nil }
        return asOf > dueAt ? .overdue : .due
    }

    /// The visible facts up to `asOf`, with lookups the rules share.
    package struct CaseHistory {
        package let timeline: CaseTimeline
        package let lastIndex: Int

        package var caseId: String { timeline.caseId }
        package var indices: ClosedRange<Int> { 0...lastIndex }

        package func fact(_ index: Int) -> Fact { timeline.facts[index] }

        /// The first fact after `start` (inclusive of its time) matching `predicate`, before `end` (exclusive).
        package func first(from start: Instant, before end: Instant? = nil, after index: Int = -1,
                   where predicate: (Int) -> Bool) -> Int? {
            for candidate in indices where candidate > index {
                let time = timeline.facts[candidate].occurredAt
                if time < start { continue }
                if let end, time >= end { return nil }
                if predicate(candidate) { return candidate }
            }
            return nil
        }

        /// A `CaseClosed`, or the end of a legacy-open case's last involvement (closed in the legacy system).
        package func isClosing(_ index: Int) -> Bool {
            if case .closed = timeline.facts[index].detail { return true }
            let state = timeline.states[index]
            return state.isClosedInLegacySystem && !state.isOpen && index > 0 && timeline.states[index - 1].isOpen
        }
    }

    package static func make(_ id: TimescaleID, _ history: CaseHistory, subject: String, start: Int, startedAt: Instant,
                     dueAt: Instant, satisfied: Int?, ended: Int?, asOf: Instant, extraEvidence: [Citation] = [])
        -> TimescaleStatus?
    {
        let satisfiedAt = satisfied.map { history.fact($0).occurredAt }
        let endedAt = ended.map { history.fact($0).occurredAt }
        guard let state = status(dueAt: dueAt, satisfiedAt: satisfiedAt, endedAt: endedAt, asOf: asOf) else { return nil }
        var evidence = [history.fact(start).citation] + extraEvidence
        if let satisfied, let satisfiedAt, satisfiedAt <= asOf {
            evidence.append(history.fact(satisfied).citation)
        } else if let ended, state == .missed {
            evidence.append(history.fact(ended).citation)
        }
        return TimescaleStatus(timescale: id, caseId: history.caseId, subject: subject, startedAt: startedAt, dueAt: dueAt,
                               status: state, satisfiedAt: satisfiedAt.flatMap { $0 <= asOf ? $0 : nil },
                               evidence: evidence)
    }

    package static func decisions(_ history: CaseHistory, timescales: Timescales, asOf: Instant) -> [TimescaleStatus] {
        var results: [TimescaleStatus] = []
        for index in history.indices {
            guard case .referralReceived(let referralId, _, _, _, _, _, _, _, _) = history.fact(index).detail else { continue }
            let start = history.fact(index).occurredAt
            let decision = history.first(from: start, after: index) { candidate in
                if case .referralDecision(let decided, _) = history.fact(candidate).detail { return decided == referralId }
                return false
            } ?? history.first(from: start, after: index) { candidate in
                if case .referralDecision = history.fact(candidate).detail { return true }
                return false
            }
            let closing = history.first(from: start, after: index) { history.isClosing($0) }
            let status = make(.decision24Hours, history, subject: "referral \(referralId)", start: index, startedAt: start,
                              dueAt: Deadline.deadline(hours: timescales.decisionHours, after: start),
                              satisfied: decision, ended: closing, asOf: asOf)
            if let status { results.append(status) }
        }
        return results
    }

    package static func allocations(_ history: CaseHistory, timescales: Timescales, asOf: Instant) -> [TimescaleStatus] {
        var results: [TimescaleStatus] = []
        for index in history.indices {
            guard case .referralDecision(let referralId, let outcome) = history.fact(index).detail,
                  outcome.requiresSocialWorkResponse
            else { continue }
            let start = history.fact(index).occurredAt
            let satisfied: Int? = history.timeline.states[index].primary != nil ? index
                : history.first(from: start, after: index) { history.timeline.states[$0].primary != nil }
            let closing = history.first(from: start, after: index) { history.isClosing($0) }
            let status = make(.allocation24Hours, history, subject: "referral \(referralId) (\(outcome.rawValue))",
                              start: index, startedAt: start,
                              dueAt: Deadline.deadline(hours: timescales.allocationHours, after: start),
                              satisfied: satisfied, ended: closing, asOf: asOf)
            if let status { results.append(status) }
        }
        return results
    }

    package static func reallocations(_ history: CaseHistory, notices: [ReallocationNotice], timescales: Timescales,
                              calendar: WorkingCalendar, asOf: Instant) -> [TimescaleStatus] {
        var results: [TimescaleStatus] = []
        for notice in notices where notice.notifiedAt <= asOf {
            guard let at = history.timeline.lastIndex(atOrBefore: notice.notifiedAt), at <= history.lastIndex,
                  let primary = history.timeline.states[at].primary, primary.workerId == notice.workerId
            else { continue }
            let start = notice.notifiedAt
            let due = Deadline.deadline(workingDays: timescales.reallocationWorkingDays, after: start, calendar: calendar)
            let satisfied = history.first(from: start, after: at) { candidate in
                guard let next = history.timeline.states[candidate].primary else { return false }
                return next.workerId != notice.workerId
            }
            var ended = history.first(from: start, after: at) { history.isClosing($0) }
            var endedAt = ended.map { history.fact($0).occurredAt }
            if let returnsOn = notice.returnsOn {
                let back = LondonTime.startOfDay(returnsOn)
                if endedAt.map({ back < $0 }) ?? true {
                    ended = nil
                    endedAt = back
                }
            }
            let satisfiedAt = satisfied.map { history.fact($0).occurredAt }
            guard let state = status(dueAt: due, satisfiedAt: satisfiedAt, endedAt: endedAt, asOf: asOf) else { continue }
            var evidence = [notice.citation, history.fact(primary.factIndex).citation]
            if let satisfied, let satisfiedAt, satisfiedAt <= asOf { evidence.append(history.fact(satisfied).citation) }
            if let ended, state == .missed, satisfied == nil { evidence.append(history.fact(ended).citation) }
            let kind = notice.kind == .departure ? "left" : "long-term absence"
            results.append(TimescaleStatus(
                timescale: .reallocation5WorkingDays, caseId: history.caseId,
                subject: "worker \(notice.workerId) \(kind)", startedAt: start, dueAt: due, status: state,
                satisfiedAt: satisfiedAt.flatMap { $0 <= asOf ? $0 : nil }, evidence: evidence))
        }
        return results
    }

    /// Categories the monitoring record applies to while unallocated: children in need, and
    /// referrals and assessments awaiting allocation (section 17 work).
    package static let monitoredCategories: Set<CaseCategory> = [.childInNeed, .referral, .assessment]

    package static func unallocated(_ history: CaseHistory, interval: UnallocatedInterval, timescales: Timescales,
                            calendar: WorkingCalendar, asOf: Instant) -> [TimescaleStatus] {
        var results: [TimescaleStatus] = []
        let start = interval.start
        let startIndex = interval.startFactIndex
        let endIndex = interval.endFactIndex.flatMap { $0 <= history.lastIndex ? $0 : nil }
        let end = endIndex.map { history.fact($0).occurredAt }
        func firstEvent(after windowStart: Instant, matching predicate: (FactDetail) -> Bool) -> Int? {
            history.first(from: start, before: end, after: startIndex - 1) { candidate in
                let fact = history.fact(candidate)
                return fact.occurredAt > windowStart || (fact.occurredAt == windowStart && windowStart == start)
                    ? predicate(fact.detail) : false
            }
        }
        func add(_ id: TimescaleID, subject: String, due: Instant, satisfied: Int?) {
            if let status = make(id, history, subject: subject, start: startIndex, startedAt: start, dueAt: due,
                                 satisfied: satisfied, ended: endIndex, asOf: asOf) {
                results.append(status)
            }
        }
        add(.unallocatedLetter, subject: "letter to family and agencies",
            due: Deadline.deadline(workingDays: timescales.letterWorkingDays, after: start, calendar: calendar),
            satisfied: firstEvent(after: start) { if case .familyLetter = $0 { return true }; return false })
        if let category = history.timeline.states[startIndex].category, monitoredCategories.contains(category) {
            add(.unallocatedMonitoring, subject: "monitoring record",
                due: Deadline.deadline(workingDays: timescales.monitoringWorkingDays, after: start, calendar: calendar),
                satisfied: firstEvent(after: start) { if case .unallocatedMonitoring = $0 { return true }; return false })
        }
        // Reviews: a fixed schedule from the start of the interval; each slot is met by a review
        // after the previous slot's deadline.
        var windowStart = start
        var slot = 0
        while windowStart <= asOf, end.map({ windowStart < $0 }) ?? true, slot < 1000 {
            let weeks = timescales.firstReviewWeeks + slot * timescales.reviewIntervalWeeks
            let due = Deadline.deadline(weeks: weeks, after: start)
            add(.unallocatedReview, subject: "review \(slot + 1) (\(weeks) weeks)", due: due,
                satisfied: firstEvent(after: windowStart) { if case .unallocatedReview = $0 { return true }; return false })
            windowStart = due
            slot += 1
            if timescales.reviewIntervalWeeks <= 0 { break }
        }
        for (level, weeks) in [(EscalationLevel.serviceManager, timescales.serviceManagerEscalationWeeks),
                               (.headOfService, timescales.headOfServiceEscalationWeeks)] {
            add(.unallocatedEscalation, subject: "escalation to \(level == .serviceManager ? "service manager" : "head of service") (\(weeks) weeks)",
                due: Deadline.deadline(weeks: weeks, after: start),
                satisfied: firstEvent(after: start) { detail in
                    if case .escalation(let recorded) = detail { return recorded == level }
                    return false
                })
        }
        return results
    }

    package static func oversight(_ history: CaseHistory, calendar: WorkingCalendar, asOf: Instant) -> [TimescaleStatus] {
        var results: [TimescaleStatus] = []
        var changes: [(index: Int, worker: String)] = []
        for index in history.indices {
            let before = index > 0 ? history.timeline.states[index - 1] : nil
            let fact = history.fact(index)
            var isChange = false
            var newWorker: String?
            switch fact.detail {
            case .allocated(let workerId, _, let previousWorkerId, _, _):
                // A change of worker within the period (directly, or deallocate then allocate), or
                // the first allocation after a team transfer (good-practice-case-allocation-nqsw).
                newWorker = workerId
                isChange = before?.allocationIsChange(to: workerId) == true
                    || (previousWorkerId != nil && previousWorkerId != workerId)
            case .transferred(_, let toWorkerId?, _, _, _, _):
                newWorker = toWorkerId
                isChange = true
            default:
                break
            }
            if isChange, let newWorker { changes.append((index, newWorker)) }
        }
        for (position, change) in changes.enumerated() {
            let fact = history.fact(change.index)
            let start = fact.occurredAt
            let nextChange = position + 1 < changes.count ? changes[position + 1].index : nil
            let closing = history.first(from: start, after: change.index) { history.isClosing($0) }
            let ended = [nextChange, closing].compactMap { $0 }.min()
            let satisfied = history.first(from: start, after: change.index - 1) { candidate in
                if case .oversight = history.fact(candidate).detail { return candidate != change.index }
                return false
            }
            let status = make(.oversightOnChange, history, subject: "allocation to \(change.worker)", start: change.index,
                              startedAt: start, dueAt: Deadline.deadline(workingDays: 0, after: start, calendar: calendar),
                              satisfied: satisfied.flatMap { candidate in ended.map { candidate < $0 } ?? true ? candidate : nil },
                              ended: ended, asOf: asOf)
            if let status { results.append(status) }
        }
        return results
    }
}
