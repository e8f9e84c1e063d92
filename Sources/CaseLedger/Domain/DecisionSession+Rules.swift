import Foundation

/// The allocation rules of DESIGN §5, checked whenever a worker is to hold a case, as primary
/// (allocate, transfer to a worker) or as co-worker (co-allocate).
extension DecisionSession {
    enum Holding {
        case primary
        case coWorker
    }

    /// The "why" an allocation-type command carries, for ALLOCATION-RECORD.
    struct AllocationRecordInput {
        var rationale: String
        var tasks: [AllocationTask]
    }

    /// Checks every rule for `worker` holding `record` and returns the worker's caseload figures
    /// before the allocation (what the manager saw). Breaches go into `evaluation`.
    mutating func checkHolding(
        _ record: CaseState, by worker: WorkerState, as holding: Holding, recording input: AllocationRecordInput,
        evaluation: inout RuleEvaluation
    ) throws(DomainError) -> CaseloadFigures {
        let role = worker.role(on: date)
        let workerId = worker.workerId
        guard role.isCaseHolding else {
            throw .invalidState(subject: workerId, problem: "is \(role.displayName.withArticle) and cannot hold cases",
                                remedy: "choose a practitioner or manager")
        }
        checkLeave(worker, evaluation: &evaluation)
        if holding == .primary { checkStatutoryPrimary(record, worker: worker, role: role, evaluation: &evaluation) }
        checkAgency(record, worker: worker, evaluation: &evaluation)
        checkPreBirth(record, worker: worker, role: role, evaluation: &evaluation)
        if role == .socialWorkOfficer, record.riskLevel == .high {
            evaluation.breach(
                .socialWorkOfficerRisk,
                "\(workerId) is a social work officer and \(record.caseId) is high risk; social work officers hold low or moderate risk cases only",
                blockRemedy: "allocate a qualified social worker")
        }
        let caseload = state.caseload(of: workerId, policy: policy)
        let cap = policy.cap(for: role)
        // A worker who already holds the case (a co-worker made primary) takes on nothing new.
        if !caseload.caseIds.contains(record.caseId) {
            checkCap(record, workerId: workerId, role: role, caseload: caseload, cap: cap, evaluation: &evaluation)
            checkRamp(record, worker: worker, role: role, caseload: caseload, evaluation: &evaluation)
        }
        if holding == .primary { checkReReferral(record, workerId: workerId, evaluation: &evaluation) }
        checkAllocationRecord(input, evaluation: &evaluation)
        return CaseloadFigures(caseCount: caseload.caseCount, weightedScore: caseload.weightedScore,
                               caseCap: cap?.cases, pointsCap: cap?.points)
    }

    /// ON-LEAVE (covering today) and LEAVE-SOON (starting, or leaving the service, within the
    /// policy's look-ahead in working days).
    mutating func checkLeave(_ worker: WorkerState, evaluation: inout RuleEvaluation) {
        let workerId = worker.workerId
        if let absence = worker.absence(covering: date) {
            evaluation.breach(
                .onLeave, "\(workerId) is on \(absence.phrase)",
                blockRemedy: "allocate to a worker who is at work, or record \(workerId)'s return (recordAbsence with an end date) first")
        }
        let lookAhead = policy.leaveLookAheadWorkingDays
        // Leave that starts on or before the look-ahead'th working day after today is "about to go".
        let horizon = context.calendar.addingWorkingDays(lookAhead, to: date)
        let upcoming = worker.absences.filter { $0.startDate > date && $0.startDate <= horizon }
            .min { $0.startDate < $1.startDate }
        if let upcoming {
            evaluation.breach(
                .leaveSoon,
                "\(workerId)'s \(upcoming.phrase) starts within \(lookAhead) working days of \(date)",
                blockRemedy: "allocate to a worker who is not about to go on leave")
        } else if let last = worker.lastWorkingDate, last >= date, last.adding(days: 1) <= horizon {
            evaluation.breach(
                .leaveSoon,
                "\(workerId) leaves the service after \(last), within \(lookAhead) working days of \(date)",
                blockRemedy: "allocate to a worker who is staying")
        }
    }

    /// STATUTORY-QUALIFIED and CO-ALLOCATION-PRIMARY: a statutory case's primary worker is a
    /// qualified social worker; students and unqualified workers may only co-work it.
    mutating func checkStatutoryPrimary(_ record: CaseState, worker: WorkerState, role: Role,
                                        evaluation: inout RuleEvaluation) {
        guard record.isStatutory else { return }
        let workerId = worker.workerId
        let what = "\(record.caseId) is a statutory case (\(record.statutoryGrounds))"
        if !worker.isQualifiedSocialWorker(on: date) {
            evaluation.breach(
                .statutoryQualified,
                "\(what) and \(workerId) (\(role.displayName)) is not a qualified social worker",
                blockRemedy: "allocate a qualified social worker as primary; \(workerId) may be co-allocated")
        }
        if role == .student || role == .socialWorkOfficer || role == .familySupportWorker {
            evaluation.breach(
                .coAllocationPrimary,
                "\(what) and \(workerId) is \(role.displayName.withArticle): students and unqualified workers may be co-allocated a statutory case, never primary",
                blockRemedy: "allocate a qualified social worker as primary and co-allocate \(workerId)")
        }
    }

    /// AGENCY-COURT-CIC: no court proceedings or child-in-care case to an agency worker.
    mutating func checkAgency(_ record: CaseState, worker: WorkerState, evaluation: inout RuleEvaluation) {
        guard worker.isAgency else { return }
        var grounds: [String] = []
        if record.has(.courtProceedings) { grounds.append("subject to court proceedings") }
        if record.category == .childInCare { grounds.append("a child-in-care case") }
        guard !grounds.isEmpty else { return }
        evaluation.breach(
            .agencyCourtOrChildInCare,
            "\(worker.workerId) is an agency worker and \(record.caseId) is \(grounds.joined(separator: " and "))",
            blockRemedy: "allocate a permanent member of staff")
    }

    /// PREBIRTH: never to a student; to an ASYE only alongside an experienced social worker or
    /// senior practitioner on the case.
    mutating func checkPreBirth(_ record: CaseState, worker: WorkerState, role: Role,
                                evaluation: inout RuleEvaluation) {
        guard record.has(.preBirthAssessment) else { return }
        let workerId = worker.workerId
        if role == .student {
            evaluation.breach(
                .preBirth, "\(workerId) is a student and \(record.caseId) is a pre-birth assessment",
                blockRemedy: "pre-birth assessments are not allocated to students; allocate a qualified social worker")
        } else if role == .asye {
            let partners = record.holderIds.filter { $0 != workerId && isExperienced($0) }
            if partners.isEmpty {
                evaluation.breach(
                    .preBirth,
                    "\(workerId) is an ASYE and \(record.caseId) is a pre-birth assessment with no experienced social worker or senior practitioner allocated",
                    blockRemedy: "allocate or co-allocate an experienced social worker or senior practitioner first")
            }
        }
    }

    /// A qualified social worker past the ASYE year: someone an ASYE can co-work a pre-birth assessment with.
    func isExperienced(_ workerId: String) -> Bool {
        guard let worker = state.workers[workerId], !worker.hasLeft(on: date) else { return false }
        return worker.isQualifiedSocialWorker(on: date) && worker.role(on: date) != .asye
    }

    /// CAP: cases and weighted points after the allocation, against the role's caps.
    mutating func checkCap(_ record: CaseState, workerId: String, role: Role, caseload: Caseload, cap: CaseloadCap?,
                           evaluation: inout RuleEvaluation) {
        guard let cap else { return }
        let weight = Caseload.weight(of: record, policy: policy)
        var held: [String] = []
        if let cases = cap.cases, caseload.caseCount + 1 > cases {
            held.append("\(caseload.caseCount) of \(cases) cases")
        }
        var addition = ""
        if let points = cap.points, caseload.weightedScore + weight > points {
            held.append("\(caseload.weightedScore) of \(points) points")
            let level = record.riskLevel.map { "\($0.rawValue)-risk case" } ?? "case, not yet risk-assessed, counts as moderate and"
            addition = ", and this \(level) adds \(weight)"
        }
        guard !held.isEmpty else { return }
        evaluation.breach(
            .cap, "\(workerId) holds \(held.joined(separator: " and ")) allowed for \(role.displayName.withArticle)\(addition)",
            blockRemedy: "allocate to a worker with capacity")
    }

    /// NQSW-RAMP: an ASYE's children and families after the allocation, against the ramp step
    /// for their week and their team's service area.
    mutating func checkRamp(_ record: CaseState, worker: WorkerState, role: Role, caseload: Caseload,
                            evaluation: inout RuleEvaluation) {
        guard role == .asye else { return }
        let workerId = worker.workerId
        let start = worker.rampStartDate(on: date) ?? worker.startDate
        let week = NQSWRamp.week(startedOn: start, on: date)
        let area = state.teams[worker.teamId]?.serviceArea ?? record.serviceArea
        read(.team(worker.teamId))
        let children = caseload.caseCount + 1
        let families = caseload.familyIds.union([record.familyId]).count
        let subject = "\(workerId) is an NQSW in week \(week) since starting on \(start)"
        switch policy.rampTarget(week: week, area: area) {
        case .noCases(let firstWeek):
            evaluation.breach(
                .nqswRamp, "\(subject); in \(area.displayName) an NQSW holds no cases before week \(firstWeek)",
                blockRemedy: "allocate to another worker until week \(firstWeek)")
        case .limit(let step):
            var over: [String] = []
            if let maximum = step.maximumChildren, children > maximum {
                over.append("\(children) children (the ramp allows \(maximum))")
            }
            if let maximum = step.maximumFamilies, families > maximum {
                over.append("children in \(families) families (the ramp allows \(maximum))")
            }
            guard !over.isEmpty else { return }
            evaluation.breach(
                .nqswRamp,
                "\(subject) and would hold \(over.joined(separator: " and ")) in \(area.displayName) from week \(step.fromWeek)",
                blockRemedy: "allocate to a worker past the ramp")
        case .decidedInTeam(let fromWeek):
            evaluation.note(
                "NQSW-RAMP: \(subject); from week \(fromWeek) the ramp in \(area.displayName) is decided in team; \(workerId) would hold \(children) children")
        case .beyondRamp:
            return
        }
    }

    /// REREFERRAL-PREVIOUS: the first allocation after a re-referral within the window goes to
    /// the previous worker where possible.
    mutating func checkReReferral(_ record: CaseState, workerId: String, evaluation: inout RuleEvaluation) {
        guard let pending = record.pendingReReferral, let previous = pending.previousWorkerId, previous != workerId
        else { return }
        var closure = ""
        if let closedAt = pending.previousClosureAt {
            let days = LondonTime.localDate(of: closedAt).distance(to: LondonTime.localDate(of: record.referredAt))
            // Imported history may call older returns re-referrals; the rule is about the window.
            guard days < policy.reReferralWindowDays else { return }
            closure = " closed on \(LondonTime.localDate(of: closedAt)), \(days) days before this referral"
        }
        var availability = ""
        if let worker = state.workers[previous] {
            if worker.hasLeft(on: date) {
                availability = " (who has left the service)"
            } else if worker.absence(covering: date) != nil {
                availability = " (who is absent)"
            }
        }
        evaluation.breach(
            .reReferralPrevious,
            "\(record.caseId) is a re-referral of a case\(closure); its previous worker was \(previous)\(availability), not \(workerId)",
            blockRemedy: "allocate to \(previous)",
            justifyRemedy: "allocate to \(previous), or \(RuleBreach.justificationRemedy)")
    }

    /// ALLOCATION-RECORD: tasks with due dates (not before today) and a rationale.
    mutating func checkAllocationRecord(_ input: AllocationRecordInput, evaluation: inout RuleEvaluation) {
        var missing: [String] = []
        if input.rationale.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { missing.append("the rationale is empty") }
        if input.tasks.isEmpty { missing.append("there are no tasks") }
        if input.tasks.contains(where: { $0.description.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty }) {
            missing.append("a task has no description")
        }
        if let early = input.tasks.filter({ $0.dueDate < date }).min(by: { $0.dueDate < $1.dueDate }) {
            missing.append("a task is due on \(early.dueDate), before \(date)")
        }
        guard !missing.isEmpty else { return }
        evaluation.breach(
            .allocationRecord,
            "an allocation records tasks with due dates and the rationale, but \(missing.joined(separator: " and "))",
            blockRemedy: "add tasks with due dates from today on and the rationale for this worker")
    }
}
