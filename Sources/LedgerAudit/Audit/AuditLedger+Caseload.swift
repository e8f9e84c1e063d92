import LedgerDomain
import LedgerEvents
import LedgerStore
import LedgerSupport

extension AuditLedger {
    /// One worker's caseload at `time.asOf` as known at `time.asKnown`: cases, count, weighted
    /// score, cap and headroom for the role in force then, NQSW ramp, primary and co-worker counts,
    /// statutory count, children and families.
    public func caseload(workerId: String, at time: QueryTime) throws -> CaseloadAnswer {
        guard state.workers[workerId] != nil || state.casesByWorker[workerId] != nil else {
            throw AuditError.unknownWorker(workerId)
        }
        let policy = policy(at: time)
        let load = workerCaseload(workerId, at: time, policy: policy)
        return answer(scope: .worker, subject: workerId, time: time, policy: policy, workers: [load], teams: [])
    }

    /// The caseloads of the workers in `teamId` at `time.asOf`, with the team's totals.
    public func caseload(teamId: String, at time: QueryTime) throws -> CaseloadAnswer {
        guard state.teams[teamId] != nil || state.workersByTeam[teamId] != nil || state.casesByTeam[teamId] != nil else {
            throw AuditError.unknownTeam(teamId)
        }
        let policy = policy(at: time)
        let (loads, summary) = teamCaseload(teamId, at: time, policy: policy)
        return answer(scope: .team, subject: teamId, time: time, policy: policy, workers: loads, teams: [summary])
    }

    /// Every team's workers' caseloads at `time.asOf`.
    public func caseloadOfAll(at time: QueryTime) -> CaseloadAnswer {
        let policy = policy(at: time)
        var loads: [WorkerCaseload] = []
        var summaries: [TeamCaseloadSummary] = []
        let teamIds = Set(state.teams.keys).union(state.workersByTeam.keys).sorted()
        for teamId in teamIds {
            let (teamLoads, summary) = teamCaseload(teamId, at: time, policy: policy)
            loads += teamLoads
            summaries.append(summary)
        }
        return answer(scope: .all, subject: nil, time: time, policy: policy, workers: loads, teams: summaries)
    }

    private func answer(scope: CaseloadAnswer.Scope, subject: String?, time: QueryTime, policy: PolicyInForce,
                        workers: [WorkerCaseload], teams: [TeamCaseloadSummary]) -> CaseloadAnswer {
        var citations = workers.flatMap(\.citations)
        if let citation = policy.citation { citations.append(citation) }
        return CaseloadAnswer(
            scope: scope, subject: subject, asOf: time.asOf, asKnown: time.asKnown,
            head: Citation(sequence: head.sequence, hash: head.hash), policy: reference(policy), workers: workers,
            teams: teams, citations: citations.normalised())
    }

    package func reference(_ policy: PolicyInForce) -> PolicyReference {
        PolicyReference(policyId: policy.policy.policyId, profile: policy.policy.profile, citation: policy.citation)
    }

    /// The workers in the team at the time (in service, case-holding roles, or holding cases) and the team's totals.
    package func teamCaseload(_ teamId: String, at time: QueryTime, policy: PolicyInForce)
        -> ([WorkerCaseload], TeamCaseloadSummary)
    {
        let date = LondonTime.localDate(of: time.asOf)
        var loads: [WorkerCaseload] = []
        for workerId in (state.workersByTeam[teamId] ?? []).sorted() {
            guard let worker = workerTimeline(workerId, asKnown: time.asKnown)?.state(at: time.asOf),
                  worker.teamId == teamId, worker.isInService(on: date)
            else { continue }
            let load = workerCaseload(workerId, at: time, policy: policy)
            let holdsCases = worker.role.map { $0.isCaseHolding && !$0.isManager } ?? true
            if holdsCases || load.caseCount > 0 { loads.append(load) }
        }
        var held = Set<String>()
        var weighted = 0
        for load in loads {
            for entry in load.cases where held.insert(entry.caseId).inserted { weighted += entry.weight }
        }
        var unallocated = 0
        for caseId in state.casesByTeam[teamId] ?? [] {
            guard let current = caseTimeline(caseId, asKnown: time.asKnown)?.state(at: time.asOf),
                  current.isUnallocated, current.teamId == teamId
            else { continue }
            unallocated += 1
        }
        let info = teamInfo(teamId, at: time)
        let summary = TeamCaseloadSummary(
            teamId: teamId, name: info?.name, serviceArea: info?.serviceArea, workerCount: loads.count,
            heldCaseCount: held.count, weightedScore: weighted, unallocatedCount: unallocated,
            overCapWorkerCount: loads.filter { $0.isOverCap }.count)
        return (loads, summary)
    }

    /// One worker's caseload at the time.
    package func workerCaseload(_ workerId: String, at time: QueryTime, policy: PolicyInForce) -> WorkerCaseload {
        let date = LondonTime.localDate(of: time.asOf)
        let worker = workerTimeline(workerId, asKnown: time.asKnown)?.state(at: time.asOf)
        var entries: [CaseloadEntry] = []
        var citations: [Citation] = []
        for held in heldCases(of: workerId, asKnown: time.asKnown) where held.contains(time.asOf) {
            guard let phase = held.phase(at: time.asOf) else { continue }
            citations.append(held.allocation)
            citations += phase.citations
            entries.append(CaseloadEntry(
                caseId: held.caseId, familyId: phase.familyId, holding: held.isPrimary ? .primary : .coWorker,
                since: held.start, teamId: phase.teamId, category: phase.category, riskLevel: phase.riskLevel,
                weight: policy.policy.weight(phase.riskLevel ?? .moderate), isStatutory: phase.isStatutory,
                allocation: held.allocation))
        }
        let count = entries.count
        let points = entries.reduce(0) { $0 + $1.weight }
        let families = Set(entries.map { $0.familyId ?? "case:" + $0.caseId }).count
        var load = WorkerCaseload(
            workerId: workerId, teamId: worker?.teamId, role: worker?.role, isQualified: worker?.isQualified ?? false,
            isAgency: worker?.isAgency ?? false, fullTimeEquivalentPercent: worker?.fullTimeEquivalentPercent,
            inService: worker?.isInService(on: date) ?? false, absence: nil, cases: entries, caseCount: count,
            primaryCount: entries.filter { $0.holding == .primary }.count,
            coWorkerCount: entries.filter { $0.holding == .coWorker }.count, weightedScore: points,
            statutoryCount: entries.filter(\.isStatutory).count, childrenCount: count, familyCount: families,
            cap: nil, headroom: nil, isOverCap: false, nqswRamp: nil, findings: [], citations: [])
        if let worker {
            citations += [worker.roleCitation, worker.teamCitation].compactMap { $0 }
            if let absence = worker.absence(on: date) {
                load.absence = AbsenceSummary(absenceId: absence.absenceId, kind: absence.kind, startDate: absence.startDate,
                                              endDate: absence.endDate, citation: absence.citation)
                citations.append(absence.citation)
            }
        }
        if let role = worker?.role, let cap = policy.policy.cap(for: role) {
            load.cap = CapFigures(cases: cap.cases, points: cap.points)
            load.headroom = CapFigures(cases: cap.cases.map { $0 - count }, points: cap.points.map { $0 - points })
            if let cases = cap.cases, count > cases {
                load.isOverCap = true
                load.findings.append("\(RuleID.cap.rawValue): \(count) cases, over the cap of \(cases) for a \(role.displayName)")
            }
            if let limit = cap.points, points > limit {
                load.isOverCap = true
                load.findings.append("\(RuleID.cap.rawValue): \(points) points, over the cap of \(limit) for a \(role.displayName)")
            }
        }
        if worker?.role == .asye, let startDate = worker?.asyeSince ?? worker?.startDate {
            let area = worker?.teamId.flatMap { teamInfo($0, at: time)?.serviceArea }
            load.nqswRamp = rampStatus(startDate: startDate, date: date, area: area, children: count,
                                       families: families, policy: policy.policy)
            if let ramp = load.nqswRamp {
                if ramp.isOverTarget {
                    load.findings.append("\(RuleID.nqswRamp.rawValue): \(count) children in \(families) families, over the week-\(ramp.week) target (\(Self.describe(ramp)))")
                } else if ramp.isUnderTarget {
                    load.findings.append("\(RuleID.nqswRamp.rawValue) (under target, not enforced): \(count) children, week-\(ramp.week) range \(Self.describe(ramp))")
                }
            }
        }
        load.citations = citations.normalised()
        return load
    }

    /// The ramp step for week `NQSWRamp.week` (the start date is day 0 of week 1) and how a caseload compares with it.
    package func rampStatus(startDate: LocalDate, date: LocalDate, area: ServiceArea?, children: Int, families: Int,
                    policy: Policy) -> RampStatus {
        // One week count for decisions and reports (the start date is day 0 of week 1), so the
        // audit judges a caseload against the same ramp step the decision used.
        let week = NQSWRamp.week(startedOn: startDate, on: date)
        var status = RampStatus(week: week, serviceArea: area, target: .beyondRamp, fromWeek: nil, minimumChildren: nil,
                                maximumChildren: nil, minimumFamilies: nil, maximumFamilies: nil, isOverTarget: false,
                                isUnderTarget: false)
        guard let area else { return status }
        switch policy.rampTarget(week: week, area: area) {
        case .noCases(let firstWeek):
            status.target = .noCases
            status.fromWeek = firstWeek
            status.maximumChildren = 0
            status.isOverTarget = children > 0
        case .limit(let step):
            status.target = .limit
            status.fromWeek = step.fromWeek
            status.minimumChildren = step.minimumChildren
            status.maximumChildren = step.maximumChildren
            status.minimumFamilies = step.minimumFamilies
            status.maximumFamilies = step.maximumFamilies
            status.isOverTarget = step.maximumChildren.map { children > $0 } == true
                || step.maximumFamilies.map { families > $0 } == true
            status.isUnderTarget = !status.isOverTarget
                && (step.minimumChildren.map { children < $0 } == true || step.minimumFamilies.map { families < $0 } == true)
        case .decidedInTeam(let fromWeek):
            status.target = .decidedInTeam
            status.fromWeek = fromWeek
        case .beyondRamp:
            status.target = .beyondRamp
        }
        return status
    }

    package static func describe(_ ramp: RampStatus) -> String {
        var text = "\(ramp.minimumChildren.map { "\($0)–" } ?? "up to ")\(ramp.maximumChildren.map(String.init) ?? "?") children"
        if let families = ramp.maximumFamilies { text += " in \(families) families" }
        return text
    }
}
