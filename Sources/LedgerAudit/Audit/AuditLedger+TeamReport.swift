import LedgerDomain
import LedgerEvents
import LedgerStore
import LedgerSupport

extension AuditLedger {
    /// The team report for `teamId` at `time.asOf`, listing allocations and breaches from
    /// `periodStart` (default: seven days before as-of) and the caseload over `weekCount` weeks.
    public func teamReport(teamId: String, at time: QueryTime, periodStart: Instant? = nil,
                           weekCount: Int = 53) throws -> TeamReport {
        let caseload = try caseload(teamId: teamId, at: time)
        let unallocated = try unallocated(teamId: teamId, at: time)
        let policy = policy(at: time)
        let start = periodStart ?? time.asOf.adding(milliseconds: -7 * Instant.millisecondsPerDay)
        let registeredAt = ProjectionState.visibleFacts(state.teams[teamId] ?? [], asKnown: time.asKnown)
            .filter { fact in
                if case .teamRegistered = fact.detail { return true }
                return false
            }
            .map(\.occurredAt).min()
        var weeks: [TeamCaseloadWeek] = []
        for index in stride(from: weekCount - 1, through: 0, by: -1) {
            let at = time.asOf.adding(milliseconds: -Int64(index) * 7 * Instant.millisecondsPerDay)
            if let registeredAt, at < registeredAt { continue }
            let (_, summary) = teamCaseload(teamId, at: QueryTime(asOf: at, asKnown: time.asKnown), policy: policy)
            weeks.append(TeamCaseloadWeek(at: at, heldCaseCount: summary.heldCaseCount, weightedScore: summary.weightedScore,
                                  unallocatedCount: summary.unallocatedCount, workerCount: summary.workerCount,
                                  overCapWorkerCount: summary.overCapWorkerCount))
        }
        let caseIds = state.casesByTeam[teamId] ?? []
        var allocations: [TeamAllocation] = []
        for caseId in caseIds.sorted() {
            guard let timeline = caseTimeline(caseId, asKnown: time.asKnown) else { continue }
            for fact in timeline.facts where fact.occurredAt >= start && fact.occurredAt <= time.asOf {
                let given: (String, HolderRecord.Holding, AllocationReason)?
                switch fact.detail {
                case .allocated(let workerId, let team, _, let reason, _) where team == teamId: given = (workerId, .primary, reason)
                case .coAllocated(let workerId, let team, let reason, _) where team == teamId || team == nil:
                    given = (workerId, .coWorker, reason)
                case .transferred(_, let toWorkerId?, _, let toTeamId, let reason, _) where toTeamId == teamId:
                    given = (toWorkerId, .primary, reason)
                default: given = nil
                }
                guard let (workerId, holding, reason) = given else { continue }
                allocations.append(TeamAllocation(caseId: caseId, workerId: workerId, holding: holding, occurredAt: fact.occurredAt,
                                                  reason: reason, eventType: Self.typeName(of: fact.detail), citation: fact.citation))
            }
        }
        allocations.sort { ($0.occurredAt, $0.citation.sequence) < ($1.occurredAt, $1.citation.sequence) }
        let workerIds = Set(caseload.workers.map(\.workerId))
        let breaches = try breaches(from: start, to: time.asOf, asOf: time.asOf, asKnown: time.asKnown, caseIds: nil)
            .breaches.filter { breach in
                breach.caseId.map { caseIds.contains($0) } == true || breach.workerId.map { workerIds.contains($0) } == true
            }
        let info = teamInfo(teamId, at: time)
        return TeamReport(
            teamId: teamId, name: info?.name, serviceArea: info?.serviceArea, managerId: info?.managerId, asOf: time.asOf,
            asKnown: time.asKnown, periodStart: start, head: Citation(sequence: head.sequence, hash: head.hash),
            policy: reference(policy), caseload: caseload, registeredAt: registeredAt, weeks: weeks, unallocated: unallocated, allocations: allocations,
            breaches: breaches)
    }
}
