import LedgerDomain
import LedgerEvents
import LedgerStore
import LedgerSupport

extension AuditLedger {
    /// Every case open with no primary worker at `time.asOf` (in `teamId`, or anywhere), as known
    /// at `time.asKnown`, with its working-day age and its deadlines.
    public func unallocated(teamId: String? = nil, at time: QueryTime) throws -> UnallocatedAnswer {
        if let teamId, state.teams[teamId] == nil, state.casesByTeam[teamId] == nil {
            throw AuditError.unknownTeam(teamId)
        }
        let policy = policy(at: time)
        let candidates = teamId.map { Array(state.casesByTeam[$0] ?? []) } ?? state.cases.ids
        var cases: [UnallocatedCase] = []
        for caseId in candidates.sorted() {
            guard let timeline = caseTimeline(caseId, asKnown: time.asKnown),
                  let index = timeline.lastIndex(atOrBefore: time.asOf)
            else { continue }
            let current = timeline.states[index]
            guard current.isUnallocated, teamId == nil || current.teamId == teamId,
                  let since = current.unallocatedSince, let startIndex = current.unallocatedSinceFactIndex
            else { continue }
            cases.append(unallocatedCase(timeline, current: current, since: since, startIndex: startIndex, at: time,
                                         policy: policy))
        }
        // Most urgent first: a child-protection case waiting must never be read second.
        cases.sort(by: UnallocatedCase.isMoreUrgent)
        var citations = cases.flatMap { entry in
            [entry.startedBy] + entry.deadlines.flatMap(\.evidence) + entry.earlierIntervals.flatMap { [$0.startedBy, $0.endedBy] }
        }
        if let citation = policy.citation { citations.append(citation) }
        return UnallocatedAnswer(teamId: teamId, asOf: time.asOf, asKnown: time.asKnown,
                                 head: Citation(sequence: head.sequence, hash: head.hash), policy: reference(policy),
                                 cases: cases, citations: citations.normalised())
    }

    private func unallocatedCase(_ timeline: CaseTimeline, current: CaseView, since: Instant, startIndex: Int,
                                 at time: QueryTime, policy: PolicyInForce) -> UnallocatedCase {
        let calendar = policy.calendar
        let startDate = LondonTime.localDate(of: since)
        let date = LondonTime.localDate(of: time.asOf)
        let deadlines = timescales(for: timeline, at: time, policy: policy).filter { status in
            status.startedAt >= since || status.status == .due || status.status == .overdue
        }
        var earlier: [IntervalSummary] = []
        for interval in timeline.unallocatedIntervals where interval.start < since {
            guard let end = interval.end, let endIndex = interval.endFactIndex else { continue }
            earlier.append(IntervalSummary(
                start: interval.start, end: end,
                workingDays: calendar.workingDays(from: LondonTime.localDate(of: interval.start), to: LondonTime.localDate(of: end)),
                startedBy: timeline.facts[interval.startFactIndex].citation, endedBy: timeline.facts[endIndex].citation))
        }
        var findings: [String] = []
        if let from = PolicyRules.statutoryUnallocatedFrom(current, timescales: policy.policy.timescales),
           from < time.asOf || (from == time.asOf && current.hasHadPrimaryInPeriod) {
            findings.append("\(RuleID.statutoryAllocated.rawValue): a \(current.mustStayAllocatedGrounds) case is unallocated (since \(LondonTime.wallClockText(from)))")
        }
        return UnallocatedCase(
            caseId: timeline.caseId, teamId: current.teamId, category: current.category, riskLevel: current.riskLevel,
            isStatutory: current.isStatutory, since: since, workingDays: calendar.workingDays(from: startDate, to: date),
            calendarDays: startDate.distance(to: date), startedBy: timeline.facts[startIndex].citation,
            startedByType: Self.typeName(of: timeline.facts[startIndex].detail),
            coWorkerIds: current.coWorkers.map(\.workerId), deadlines: deadlines, earlierIntervals: earlier,
            findings: findings)
    }

    /// Every timescale of the case at the query time (DESIGN §5), judged by `policy`'s numbers and calendar.
    public func timescales(for timeline: CaseTimeline, at time: QueryTime, policy: PolicyInForce) -> [TimescaleStatus] {
        var holders = Set<String>()
        for fact in timeline.facts {
            switch fact.detail {
            case .allocated(let workerId, _, _, _, _): holders.insert(workerId)
            case .transferred(_, let toWorkerId?, _, _, _, _): holders.insert(toWorkerId)
            default: break
            }
        }
        let notices = holders.sorted().flatMap { workerTimeline($0, asKnown: time.asKnown)?.reallocationNotices ?? [] }
        return TimescaleEvaluator.evaluate(timeline: timeline, notices: notices, timescales: policy.policy.timescales,
                                           calendar: policy.calendar, asOf: time.asOf)
    }

    /// The stored type name a fact came from, for display.
    package static func typeName(of detail: FactDetail) -> String {
        switch detail {
        case .referralReceived: return ReferralReceived.typeName
        case .referralDecision: return ReferralDecisionRecorded.typeName
        case .categoryChanged: return CaseCategoryChanged.typeName
        case .riskAssessed: return RiskLevelAssessed.typeName
        case .allocated: return CaseAllocated.typeName
        case .coAllocated: return CaseCoAllocated.typeName
        case .deallocated: return CaseDeallocated.typeName
        case .transferred: return CaseTransferred.typeName
        case .closureRequested: return CaseClosureRequested.typeName
        case .closed: return CaseClosed.typeName
        case .reopened: return CaseReopened.typeName
        case .allocationDiscussion: return AllocationDiscussionRecorded.typeName
        case .oversight: return OversightRecorded.typeName
        case .caseNote: return CaseNoteRecorded.typeName
        case .unallocatedMonitoring: return UnallocatedMonitoringRecorded.typeName
        case .familyLetter: return FamilyLetterSent.typeName
        case .unallocatedReview: return UnallocatedReviewRecorded.typeName
        case .escalation: return EscalationRecorded.typeName
        case .involvement, .involvementEnd: return InvolvementRecorded.typeName
        case .retraction: return EntryRetracted.typeName
        case .workerRegistered: return WorkerRegistered.typeName
        case .workerRoleChanged: return WorkerRoleChanged.typeName
        case .workerMovedTeam: return WorkerMovedTeam.typeName
        case .workerAbsence: return WorkerAbsenceRecorded.typeName
        case .workerLeft: return WorkerLeft.typeName
        case .workloadConcern: return WorkloadConcernRaised.typeName
        case .teamRegistered: return TeamRegistered.typeName
        case .policyAdopted: return PolicyAdopted.typeName
        case .other: return "other"
        }
    }
}
