/// The policy rules of DESIGN §5 checked against what the log records, as the audit sees it:
/// at each allocation, closure and unallocated interval of a case, with the worker's role,
/// status, absences and caseload at that moment and the policy in force then.
///
/// The domain refuses or demands justification at decision time; imports never block. This is
/// the after-the-fact check that finds what slipped through (or was justified), so an inspector
/// sees every breach. A rule the policy switches `off` is not checked.
struct RuleFindingEvaluator {
    struct Finding {
        var rule: RuleID
        var workerId: String?
        /// The event the finding is about (index into the timeline's facts).
        var factIndex: Int
        var at: Instant
        var summary: String
        var evidence: [Citation]
    }

    let policyAt: (Instant) -> PolicyInForce
    let workerAt: (String, Instant) -> WorkerView?
    let teamArea: (String, Instant) -> ServiceArea?
    let holdings: HoldingIndex
    let rampStatus: (LocalDate, LocalDate, ServiceArea?, Int, Int, Policy) -> RampStatus

    /// Findings about events of `timeline` that happened in `range`.
    func findings(in timeline: CaseTimeline, range: ClosedRange<Instant>) -> [Finding] {
        var results: [Finding] = []
        for index in timeline.facts.indices {
            let fact = timeline.facts[index]
            guard range.contains(fact.occurredAt) else { continue }
            switch fact.detail {
            case .allocated(let workerId, _, _, _, let record), .coAllocated(let workerId, _, _, let record):
                let isPrimary: Bool
                if case .allocated = fact.detail { isPrimary = true } else { isPrimary = false }
                results += allocationFindings(timeline, index: index, workerId: workerId, isPrimary: isPrimary, record: record)
            case .transferred(_, let toWorkerId?, _, _, _, let record):
                results += allocationFindings(timeline, index: index, workerId: toWorkerId, isPrimary: true, record: record)
            case .closed(let managerId, let summaryComplete, let hasEvidence, _):
                results += closureFindings(timeline, index: index, managerId: managerId, summaryComplete: summaryComplete,
                                           hasEvidence: hasEvidence)
            default:
                break
            }
        }
        results += statutoryUnallocated(timeline, range: range)
        return results.filter { policyAt($0.at).policy.severity($0.rule) != .off }
    }

    private func allocationFindings(_ timeline: CaseTimeline, index: Int, workerId: String, isPrimary: Bool,
                                    record: AllocationRecordFacts) -> [Finding] {
        let fact = timeline.facts[index]
        let at = fact.occurredAt
        let after = timeline.states[index]
        let policy = policyAt(at).policy
        var results: [Finding] = []
        func add(_ rule: RuleID, _ summary: String, extra: [Citation] = []) {
            results.append(Finding(rule: rule, workerId: workerId, factIndex: index, at: at, summary: summary,
                                   evidence: [fact.citation] + extra))
        }
        if !record.hasTasks || !record.hasRationale {
            let missing = [record.hasTasks ? nil : "tasks with timescales", record.hasRationale ? nil : "a rationale"]
                .compactMap { $0 }.joined(separator: " and ")
            add(.allocationRecord, "allocation to \(workerId) recorded without \(missing)")
        }
        // An allocation while another worker is still primary: the domain refuses or demands a
        // justification (JOINT-PRIMARY); in imported history it is an overlapping allocation.
        if case .allocated = fact.detail, index > 0, let current = timeline.states[index - 1].primary,
           current.workerId != workerId {
            let since = timeline.facts[current.factIndex]
            add(.jointPrimary, "allocated to \(workerId) while \(current.workerId) was still its primary worker (since \(LondonTime.localDate(of: current.since)))",
                extra: [since.citation])
        }
        guard let worker = workerAt(workerId, at), let role = worker.role else { return results }
        let workerEvidence = [worker.roleCitation].compactMap { $0 }
        let date = LondonTime.localDate(of: at)
        let unqualifiedRoles: Set<Role> = [.student, .socialWorkOfficer, .familySupportWorker]
        if isPrimary && after.isStatutory {
            if unqualifiedRoles.contains(role) {
                add(.coAllocationPrimary, "statutory case allocated as primary to a \(role.displayName) (\(workerId))",
                    extra: workerEvidence)
            } else if !worker.isQualified {
                add(.statutoryQualified, "statutory case allocated as primary to \(workerId), who is not qualified",
                    extra: workerEvidence)
            }
        }
        if worker.isAgency && (after.category == .childInCare || after.flags.contains(.courtProceedings)) {
            add(.agencyCourtOrChildInCare, "\(after.category == .childInCare ? "child-in-care" : "court proceedings") case allocated to agency worker \(workerId)",
                extra: workerEvidence)
        }
        if after.flags.contains(.preBirthAssessment) {
            if role == .student {
                add(.preBirth, "pre-birth assessment allocated to a student (\(workerId))", extra: workerEvidence)
            } else if role == .asye && isPrimary {
                let experienced = after.coWorkers.contains { holding in
                    let coRole = workerAt(holding.workerId, at)?.role
                    return coRole == .socialWorker || coRole == .seniorPractitioner
                }
                if !experienced {
                    add(.preBirth, "pre-birth assessment allocated to an ASYE (\(workerId)) without an experienced co-worker",
                        extra: workerEvidence)
                }
            }
        }
        if role == .socialWorkOfficer && after.riskLevel == .high {
            add(.socialWorkOfficerRisk, "high-risk case allocated to a social work officer (\(workerId))", extra: workerEvidence)
        }
        if let absence = worker.absence(on: date) {
            add(.onLeave, "allocated to \(workerId) during \(absence.kind.rawValue) \(absence.startDate)…\(absence.endDate?.description ?? "open-ended")",
                extra: [absence.citation])
        } else if let soon = worker.absences.filter({ $0.startDate > date }).min(by: { $0.startDate < $1.startDate }),
                  policyAt(at).calendar.workingDays(from: date, to: soon.startDate) <= policy.leaveLookAheadWorkingDays {
            add(.leaveSoon, "allocated to \(workerId), whose \(soon.kind.rawValue) starts \(soon.startDate)", extra: [soon.citation])
        }
        let load = holdings.load(of: workerId, at: at, policy: policy)
        if let cap = policy.cap(for: role) {
            if let cases = cap.cases, load.cases > cases {
                add(.cap, "\(workerId) (\(role.displayName)) holds \(load.cases) cases after this allocation, over the cap of \(cases)",
                    extra: workerEvidence)
            } else if let points = cap.points, load.points > points {
                add(.cap, "\(workerId) (\(role.displayName)) has \(load.points) points after this allocation, over the cap of \(points)",
                    extra: workerEvidence)
            }
        }
        if role == .asye, let startDate = worker.startDate {
            let area = worker.teamId.flatMap { teamArea($0, at) }
            let ramp = rampStatus(startDate, date, area, load.cases, load.families, policy)
            if ramp.isOverTarget {
                add(.nqswRamp, "ASYE \(workerId) in week \(ramp.week) holds \(load.cases) children in \(load.families) families, over the ramp",
                    extra: workerEvidence)
            }
        }
        if isPrimary, let referral = latestReferral(before: index, in: timeline),
           case .referralReceived(_, _, _, _, _, _, _, true, let previous?) = timeline.facts[referral].detail,
           previous != workerId, !allocatedBetween(referral, index, in: timeline),
           workerAt(previous, at)?.isInService(on: date) == true {
            add(.reReferralPrevious, "re-referral allocated to \(workerId), not to the previous worker \(previous)",
                extra: [timeline.facts[referral].citation])
        }
        return results
    }

    private func latestReferral(before index: Int, in timeline: CaseTimeline) -> Int? {
        (0..<index).last { candidate in
            if case .referralReceived = timeline.facts[candidate].detail { return true }
            return false
        }
    }

    private func allocatedBetween(_ start: Int, _ end: Int, in timeline: CaseTimeline) -> Bool {
        (start + 1..<end).contains { candidate in
            switch timeline.facts[candidate].detail {
            case .allocated, .transferred(_, .some, _, _, _, _): return true
            default: return false
            }
        }
    }

    private func closureFindings(_ timeline: CaseTimeline, index: Int, managerId: String, summaryComplete: Bool,
                                 hasEvidence: Bool) -> [Finding] {
        let fact = timeline.facts[index]
        var results: [Finding] = []
        func add(_ rule: RuleID, _ summary: String, extra: [Citation] = []) {
            results.append(Finding(rule: rule, workerId: nil, factIndex: index, at: fact.occurredAt, summary: summary,
                                   evidence: [fact.citation] + extra))
        }
        if !summaryComplete { add(.closureSummary, "closed without a complete closure summary") }
        if let manager = workerAt(managerId, fact.occurredAt), let role = manager.role, !role.isManager {
            add(.closureAuthorised, "closure authorised by \(managerId), a \(role.displayName), not a manager",
                extra: [manager.roleCitation].compactMap { $0 })
        }
        if index > 0, timeline.states[index - 1].isUnallocated, !hasEvidence {
            add(.unallocatedClosure, "closed while unallocated without evidence that needs were addressed")
        }
        return results
    }

    /// A child protection or child-in-care case that is unallocated (STATUTORY-ALLOCATED): one
    /// finding per interval, at the moment it became both.
    private func statutoryUnallocated(_ timeline: CaseTimeline, range: ClosedRange<Instant>) -> [Finding] {
        var results: [Finding] = []
        var reported = false
        for index in timeline.facts.indices {
            let current = timeline.states[index]
            let isStatutoryUnallocated = current.isUnallocated
                && (current.category == .childProtection || current.category == .childInCare)
            if isStatutoryUnallocated && !reported {
                reported = true
                let fact = timeline.facts[index]
                guard range.contains(fact.occurredAt) else { continue }
                results.append(Finding(
                    rule: .statutoryAllocated, workerId: nil, factIndex: index, at: fact.occurredAt,
                    summary: "\(current.category?.displayName ?? "statutory") case unallocated",
                    evidence: [fact.citation]))
            } else if !isStatutoryUnallocated {
                reported = false
            }
        }
        return results
    }
}
