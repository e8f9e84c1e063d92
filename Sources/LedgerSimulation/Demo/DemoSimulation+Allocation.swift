import LedgerAudit
import LedgerDomain
import LedgerEvents
import LedgerImport
import LedgerStore
import LedgerSupport

/// Allocation as a manager does it: pick the worker with most headroom, try them, and on a
/// refusal try the next; override a "justify" rule with a recorded justification when the case
/// cannot wait; leave the case waiting when nobody can take it.
extension DemoSimulation {
    /// Roles the simulation gives cases to, as primary or as co-worker.
    package static func canHold(_ role: Role, asPrimary: Bool) -> Bool {
        switch role {
        case .socialWorker, .asye, .seniorPractitioner, .socialWorkOfficer, .familySupportWorker: return true
        case .student: return !asPrimary
        default: return false
        }
    }

    /// The manager's working limit for a role: the policy's cap, a ramp-sized one for an NQSW,
    /// a modest one where the policy sets none.
    private func workingLimit(_ worker: DemoWorker, role: Role) -> (cases: Int, points: Int?, onRamp: Bool) {
        let cap = policy.cap(for: role)
        var cases = cap?.cases ?? (role == .student ? 4 : 12)
        var onRamp = false
        if role == .asye, let area = team(worker.teamId)?.serviceArea {
            let week = NQSWRamp.week(startedOn: worker.rampStartDate(on: today) ?? worker.startDate, on: today)
            switch policy.rampTarget(week: week, area: area) {
            case .noCases: cases = 0
            case .limit(let step): cases = min(cases, step.maximumChildren ?? cases)
            case .decidedInTeam: cases = min(cases, 10)
            case .beyondRamp: break
            }
            onRamp = true
        }
        return (cases, cap?.points, onRamp)
    }

    /// Workers of the case's team who could take it, most headroom first.
    ///
    /// Most of the time the manager screens out what the policy plainly rules out (absent,
    /// leaving, unqualified for a statutory case, agency for a child in care, NQSW before week
    /// 3, ...) and, unless the case is `urgent`, anyone without the room its risk calls for
    /// (``headroomWanted(_:)``): such a case waits instead. Now and then the manager goes by caseload
    /// alone, and the Decider refuses.
    package func candidates(for record: DemoCase, asPrimary: Bool, urgent: Bool = true, excluding: Set<String> = []) -> [String] {
        let careful = random.chance(0.85)
        var scored: [(workerId: String, score: Double)] = []
        for workerId in roster where !excluding.contains(workerId) && !record.holderIds.contains(workerId) {
            guard let worker = state.workers[workerId], worker.teamId == record.teamId, isActive(workerId) else { continue }
            guard let role = worker.role(on: today), Self.canHold(role, asPrimary: asPrimary) else { continue }
            let plan = plans[workerId]
            let limit = workingLimit(worker, role: role)
            if careful {
                if isAbsentToday(workerId) || plan?.leavingOn != nil || plan?.isOnLongTermSickness == true { continue }
                if asPrimary, record.isStatutory, !worker.isQualifiedSocialWorker(on: today) { continue }
                if worker.isAgency, record.category == .childInCare || record.has(.courtProceedings) { continue }
                if record.has(.preBirthAssessment), role == .student || role == .asye { continue }
                if role == .socialWorkOfficer || role == .familySupportWorker, record.riskLevel == .high { continue }
                if role == .familySupportWorker, asPrimary, record.isStatutory { continue }
                if limit.onRamp, limit.cases == 0 { continue }
            }
            let load = self.load(of: workerId)
            let caseRoom = limit.cases > 0 ? Double(limit.cases - load.cases) / Double(limit.cases) : -1
            let pointRoom = limit.points.map { Double($0 - load.points) / Double($0) } ?? caseRoom
            var score = min(caseRoom, pointRoom) + random.fraction() * 0.15
            if careful, !urgent, score < Self.headroomWanted(record.riskLevel) { continue }
            if careful, score <= 0.02 { score -= 2 }
            scored.append((workerId, score))
        }
        scored.sort { ($0.score, $1.workerId) > ($1.score, $0.workerId) }
        return scored.map(\.workerId)
    }

    /// The share of a worker's limit that must be free before the manager gives them work that
    /// could wait: the lower the risk, the more room wanted, so low-risk work queues longest.
    package static func headroomWanted(_ risk: RiskLevel?) -> Double {
        switch risk {
        case .low: return 0.45
        case .moderate, .none: return 0.3
        case .high: return 0.15
        }
    }

    /// Cases held and their weighted points, as the caseload rules count them (no sorting: this
    /// runs for every team member at every allocation).
    package func load(of workerId: String) -> (cases: Int, points: Int) {
        let load = state.view.load(of: workerId, policy: policy)
        return (load.caseCount, load.weightedScore)
    }

    /// Tries `candidates` in order with `command(worker, justifications)`; returns who took the
    /// case and whether a justification was needed, or nil.
    ///
    /// A refusal made only of "justify" rules may be overridden: always for a re-referral whose
    /// previous worker cannot take it and for urgent work when even the least-loaded worker is
    /// at the cap, often otherwise when the case cannot wait (`urgent`), rarely when it can.
    /// Block refusals move on to the next worker.
    package func place(_ record: DemoCase, candidates: [String], maxAttempts: Int, urgent: Bool, actor: Actor,
               followUp: ((String) -> DemoFollowUp?)? = nil,
               command: (String, [RuleID: String]) -> DomainCommand) -> (workerId: String, overridden: Bool)? {
        var fallback: (workerId: String, rules: [RuleID])?
        var previousUnavailable = record.pendingReReferral.map { pending in
            pending.previousWorkerId.map { !isActive($0) || isAbsentToday($0) } ?? true
        } ?? false
        for workerId in candidates.prefix(maxAttempts) {
            guard let refusal = attempt(command(workerId, [:]), by: actor, followUp: followUp?(workerId)) else {
                return (workerId, false)
            }
            if workerId == record.pendingReReferral?.previousWorkerId { previousUnavailable = true }
            guard case .ruleBreached(let breaches) = refusal, breaches.allSatisfy({ $0.severity == .justify }) else { continue }
            let rules = breaches.map(\.rule)
            if rules.contains(.cap) { maybeRaiseWorkloadConcern(workerId) }
            let onlyReReferral = rules == [.reReferralPrevious] && previousUnavailable
            // Candidates come most headroom first: if this one is at the cap, so is everyone after.
            let everyoneFull = urgent && rules == [.cap]
            if onlyReReferral || everyoneFull || random.chance(urgent ? 0.45 : 0.04) {
                let justified = attempt(command(workerId, justifications(rules, workerId: workerId, record: record)),
                                        by: actor, followUp: followUp?(workerId))
                if justified == nil { return (workerId, true) }
            } else if fallback == nil {
                fallback = (workerId, rules)
            }
            // Nobody after this one has more room: the case waits (or was overridden above).
            if rules == [.cap] { break }
        }
        if urgent, let fallback,
           attempt(command(fallback.workerId, justifications(fallback.rules, workerId: fallback.workerId, record: record)),
                   by: actor, followUp: followUp?(fallback.workerId)) == nil {
            return (fallback.workerId, true)
        }
        return nil
    }

    /// Why the decision stands despite each rule: what a manager writes.
    package func justifications(_ rules: [RuleID], workerId: String, record: DemoCase) -> [RuleID: String] {
        var result: [RuleID: String] = [:]
        for rule in rules {
            switch rule {
            case .cap:
                result[rule] = "No worker in the team has capacity and the case cannot wait; \(workerId)'s caseload reviewed in supervision within two weeks"
            case .leaveSoon:
                result[rule] = "The leave is short; a named colleague covers visits while \(workerId) is away"
            case .nqswRamp:
                result[rule] = "Low-complexity work; the senior practitioner co-works and supervises weekly"
            case .socialWorkOfficerRisk:
                result[rule] = "Risk managed with weekly management oversight and a qualified duty worker"
            case .reReferralPrevious:
                let previous = record.pendingReReferral?.previousWorkerId ?? "the previous worker"
                result[rule] = "\(previous) cannot take the case (left, absent or at capacity); continuity through the case history"
            case .unallocatedClosure:
                result[rule] = "Family declined services; closure agreed with the service manager"
            default:
                result[rule] = "Agreed by the team manager after discussion with the service manager"
            }
        }
        return result
    }

    private func maybeRaiseWorkloadConcern(_ workerId: String) {
        guard var plan = plans[workerId], random.chance(0.1), let author = actor(workerId) else { return }
        if let last = plan.lastConcern, last.distance(to: today) < 60 { return }
        let command = DomainCommand.raiseWorkloadConcern(.init(
            scope: .individual, concern: "Caseload at the cap; new work cannot be taken on safely",
            reviewDue: today.adding(days: 14)))
        if attempt(command, by: author) == nil {
            plan.lastConcern = today
            plans[workerId] = plan
            summary.workloadConcerns += 1
        }
    }

    package static func tasks(for record: DemoCase, from date: LocalDate, calendar: WorkingCalendar) -> [AllocationTask] {
        let soon = calendar.addingWorkingDays(5, to: date)
        let later = calendar.addingWorkingDays(25, to: date)
        switch record.category {
        case .childProtection:
            return [AllocationTask(description: "Statutory visit: see the child alone", dueDate: calendar.addingWorkingDays(2, to: date)),
                    AllocationTask(description: "Core group meeting and child protection plan review", dueDate: calendar.addingWorkingDays(10, to: date))]
        case .childInCare, .careLeaver:
            return [AllocationTask(description: "Statutory visit to the child in placement", dueDate: soon),
                    AllocationTask(description: "Care plan and pathway plan review", dueDate: later)]
        case .adultAssessment, .adultReview, .adultSafeguarding:
            return [AllocationTask(description: "Care Act assessment visit", dueDate: soon),
                    AllocationTask(description: "Support plan agreed with the person", dueDate: later)]
        case .fosteringAndAdoption:
            return [AllocationTask(description: "Initial visit to the applicants", dueDate: soon),
                    AllocationTask(description: "Form F assessment: first stage", dueDate: later)]
        default:
            if record.has(.section47) {
                return [AllocationTask(description: "Section 47 enquiry: see the child today or tomorrow", dueDate: calendar.addingWorkingDays(1, to: date)),
                        AllocationTask(description: "Outcome of enquiry and conference decision", dueDate: calendar.addingWorkingDays(15, to: date))]
            }
            return [AllocationTask(description: "Visit the family and see the child alone", dueDate: soon),
                    AllocationTask(description: "Complete the single assessment", dueDate: calendar.addingWorkingDays(40, to: date))]
        }
    }

    package func rationale(_ workerId: String, record: DemoCase, reason: AllocationReason) -> String {
        let caseload = state.caseload(of: workerId, policy: policy)
        let load = "\(caseload.caseCount) cases, \(caseload.weightedScore) points"
        switch reason {
        case .reReferral: return "Re-referral: \(workerId) knows the family (\(load))"
        case .workerLeft: return "Previous worker leaving; \(workerId) has capacity (\(load)) and the right experience"
        case .absenceCover: return "Previous worker on long-term sickness; \(workerId) covers (\(load))"
        case .transfer: return "Transfer to \(record.teamId): \(workerId) has capacity (\(load))"
        default: return "\(workerId) has capacity (\(load)) and experience of \(record.category.displayName) work"
        }
    }

    private func factors(_ reason: AllocationReason) -> [AllocationFactor] {
        var result: [AllocationFactor] = [.caseload, .experience]
        if reason == .reReferral { result.append(.previousWorker) }
        if random.chance(0.4) { result.append(.skills) }
        if random.chance(0.3) { result.append(.conflictOfInterestChecked) }
        if random.chance(0.2) { result.append(.continuity) }
        return result
    }

    /// The first allocation of a decided case (or a retry while it waits).
    package func allocate(caseId: String) {
        guard let record = state.cases[caseId], record.isOpen, record.primaryWorkerId == nil,
              record.decisionOutcome?.requiresSocialWorkResponse == true, let caseWork = work[caseId] else { return }
        let manager = managerActor(ofTeam: record.teamId)
        let waiting = caseWork.spell.map { calendar.workingDays(from: $0.startDate, to: today) } ?? 0
        // Statutory work cannot wait; other work waits for capacity, low-risk work longest.
        let patience: Int
        switch record.riskLevel {
        case .high: patience = 5
        case .moderate, .none: patience = 25
        case .low: patience = 60
        }
        let urgent = record.isStatutory || waiting > patience
        var list = candidates(for: record, asPrimary: true, urgent: urgent)
        if let previous = record.pendingReReferral?.previousWorkerId, isActive(previous),
           state.workers[previous]?.teamId == record.teamId {
            list.removeAll { $0 == previous }
            list.insert(previous, at: 0)
        }
        let reason: AllocationReason = record.pendingReReferral != nil ? .reReferral : (caseWork.spellReason ?? .newReferral)
        let tasks = Self.tasks(for: record, from: today, calendar: calendar)
        if record.has(.preBirthAssessment), random.chance(0.3),
           let newlyQualified = roster.first(where: { workerId in
               isActive(workerId) && state.workers[workerId]?.teamId == record.teamId
                   && state.workers[workerId]?.role(on: today) == .asye
           }) {
            // An NQSW alone on a pre-birth assessment: PREBIRTH refuses.
            attempt(.allocate(.init(caseId: caseId, workerId: newlyQualified, reason: reason,
                                    rationale: rationale(newlyQualified, record: record, reason: reason),
                                    tasks: Self.tasks(for: record, from: today, calendar: calendar), discussedWithWorker: true)),
                    by: manager)
        }
        if random.chance(0.01), let first = list.first {
            // Recorded without tasks: ALLOCATION-RECORD refuses, and the manager adds them.
            attempt(.allocate(.init(caseId: caseId, workerId: first, reason: reason, rationale: rationale(first, record: record, reason: reason),
                                    tasks: [], discussedWithWorker: true)), by: manager)
        }
        let mistaken = caseWork.spell == nil && !record.isStatutory && record.pendingReReferral == nil && random.chance(0.004)
        let discussed = random.chance(0.8)
        let chosenFactors = factors(reason)
        let placed = place(record, candidates: list, maxAttempts: caseWork.spell == nil ? 6 : 3, urgent: urgent, actor: manager,
                           followUp: mistaken ? { DemoFollowUp.mistakenAllocation(caseId: caseId, workerId: $0) } : nil) { workerId, justifications in
            .allocate(.init(caseId: caseId, workerId: workerId, reason: reason,
                            rationale: self.rationale(workerId, record: record, reason: reason),
                            factorsConsidered: chosenFactors, tasks: tasks, discussedWithWorker: discussed,
                            justifications: justifications))
        }
        guard let placed else {
            startSpell(caseId, since: record.referredAt, reason: nil)
            return
        }
        if caseWork.spell == nil, reason != .reReferral, let decided = record.decidedAt,
           now <= Deadline.deadline(hours: policy.timescales.allocationHours, after: decided) {
            summary.allocationsWithin24HoursOfDecision += 1
        }
        if caseWork.spellReason == nil { summary.firstAllocations += 1 }
        if mistaken {
            work[caseId]?.awaitingRetraction = true
        }
        holderChanged(caseId, to: placed.workerId, overridden: placed.overridden, viaTransfer: false, reason: reason)
        let changes = work[caseId]?.holdingChanges
        work[caseId]?.mistakeHoldingChange = mistaken ? changes : nil
        if discussed, random.chance(0.3) {
            minute += 5
            attempt(.recordAllocationDiscussion(.init(
                caseId: caseId, workerId: placed.workerId, discussedAt: now,
                notes: "Allocation discussed one to one: capacity, risks and first visit agreed", agreedTasks: tasks)),
                by: manager)
        }
        if random.chance(0.3), !record.has(.preBirthAssessment) {
            schedule(.coAllocate(caseId: caseId), afterWorkingMinutes: random.between(10, 120))
        }
    }

    /// Bookkeeping after a worker became the primary holder.
    package func holderChanged(_ caseId: String, to workerId: String, overridden: Bool, viaTransfer: Bool, reason: AllocationReason) {
        summary.allocationsByReason[reason, default: 0] += 1
        guard var caseWork = work[caseId] else { return }
        caseWork.holdingChanges += 1
        caseWork.holdingOverridden = overridden
        caseWork.holdingViaTransfer = viaTransfer
        caseWork.everOverridden = caseWork.everOverridden || overridden
        caseWork.everTransferred = caseWork.everTransferred || viaTransfer
        work[caseId] = caseWork
        endSpell(caseId)
        if work[caseId]?.progressDue == nil { scheduleProgress(caseId) }
    }

    /// A student co-works a case with its qualified primary worker.
    package func coAllocateStudent(caseId: String) {
        guard let record = state.cases[caseId], record.isOpen, let primary = record.primaryWorkerId else { return }
        let students = candidates(for: record, asPrimary: false).filter { workerId in
            state.workers[workerId]?.role(on: today) == .student && load(of: workerId).cases < 4
        }
        let manager = managerActor(ofTeam: record.teamId)
        for student in students.prefix(2) {
            let command = DomainCommand.coAllocate(.init(
                caseId: caseId, workerId: student, reason: .newReferral,
                rationale: "Student placement: co-works the case with \(primary), supervised by the practice educator",
                factorsConsidered: [.skills, .caseload],
                tasks: [AllocationTask(description: "Joint visit with \(primary)", dueDate: workingDay(5))],
                discussedWithWorker: true))
            if attempt(command, by: manager) == nil { return }
        }
    }

    /// A case moves to another team (DAAT to Safeguarding when it becomes child protection,
    /// Safeguarding to Children in Care), to a named worker there; retried next day if nobody
    /// can take it, or left waiting with the receiving team when the case may wait.
    package func transfer(caseId: String, toTeamId: String, reason: AllocationReason) {
        guard let record = state.cases[caseId], record.isOpen, record.teamId != toTeamId, team(toTeamId) != nil else { return }
        let manager = managerActor(ofTeam: toTeamId)
        var probe = record
        probe.teamId = toTeamId
        probe.primaryWorkerId = nil
        probe.coWorkerIds = []
        let summaryText = TransferSummary(
            workDone: "Assessment completed; child seen alone; chronology and genogram on file",
            outstandingWork: record.category == .childProtection ? "Core group and review conference" : "Plan to be agreed with the family",
            responsibility: "Receiving worker in \(toTeamId) from the transfer date")
        if random.chance(0.01) {
            attempt(.transfer(.init(caseId: caseId, toTeamId: toTeamId, toWorkerId: nil, reason: reason,
                                    transferSummary: TransferSummary(workDone: summaryText.workDone, outstandingWork: "", responsibility: ""),
                                    rationale: "Transfer", tasks: [])), by: manager)
        }
        let tasks = Self.tasks(for: probe, from: today, calendar: calendar)
        if probe.category == .childInCare || probe.has(.courtProceedings), random.chance(0.25),
           let agency = roster.first(where: { isActive($0) && state.workers[$0]?.teamId == toTeamId && state.workers[$0]?.isAgency == true }) {
            // An agency worker for a child in care: AGENCY-COURT-CIC refuses.
            attempt(.transfer(.init(caseId: caseId, toTeamId: toTeamId, toWorkerId: agency, reason: reason,
                                    transferSummary: summaryText, rationale: rationale(agency, record: probe, reason: .transfer),
                                    tasks: tasks, discussedWithWorker: true)), by: manager)
        }
        let placed = place(probe, candidates: candidates(for: probe, asPrimary: true), maxAttempts: 4,
                           urgent: record.isStatutory, actor: manager) { workerId, justifications in
            .transfer(.init(caseId: caseId, toTeamId: toTeamId, toWorkerId: workerId, reason: reason,
                            transferSummary: summaryText, rationale: self.rationale(workerId, record: probe, reason: .transfer),
                            factorsConsidered: [.caseload, .experience, .continuity], tasks: tasks,
                            discussedWithWorker: true, justifications: justifications))
        }
        if let placed {
            work[caseId]?.progressDue = nil
            holderChanged(caseId, to: placed.workerId, overridden: placed.overridden, viaTransfer: true, reason: reason)
            recordOversightOnChange(caseId, manager: manager)
            return
        }
        if !record.mustStayAllocated, random.chance(0.3) {
            let command = DomainCommand.transfer(.init(
                caseId: caseId, toTeamId: toTeamId, toWorkerId: nil, reason: reason, transferSummary: summaryText,
                rationale: "Accepted by \(toTeamId); awaiting allocation there"))
            if attempt(command, by: manager) == nil {
                work[caseId]?.progressDue = nil
                startSpell(caseId, since: now, reason: .transfer)
                return
            }
        }
        schedule(.transfer(caseId: caseId, toTeamId: toTeamId, reason: reason), inWorkingDays: 1,
                 at: random.between(9 * 60 + 30, 12 * 60))
    }

    /// OVERSIGHT-ON-CHANGE: the manager records oversight with the change of worker, usually.
    package func recordOversightOnChange(_ caseId: String, manager: Actor) {
        guard random.chance(0.85) else { return }
        minute += 10
        attempt(.recordOversight(.init(
            caseId: caseId, summaryHistory: "Case history and chronology reviewed on the change of worker",
            workingWell: "Family engaging; school attendance improving", worriedAbout: "Risk of drift during the handover",
            needsToHappen: "Introductory visit by the new worker within five working days",
            voiceOfChild: "Child says they want a worker who stays",
            expectationsAndTimeframes: "Visit within 5 working days; plan reviewed within 20",
            nextOversightDue: workingDay(20))), by: manager)
    }

    /// Reallocation after notice or long-term sickness: a co-worker is taken off; a primary
    /// worker's case is transferred to a colleague (or, when it may wait, left with the team).
    package func reallocate(caseId: String, from workerId: String, reason: AllocationReason, notifiedOn: LocalDate) {
        guard let record = state.cases[caseId], record.isOpen, record.holderIds.contains(workerId) else { return }
        let manager = managerActor(ofTeam: record.teamId)
        if record.coWorkerIds.contains(workerId) {
            attempt(.deallocate(.init(caseId: caseId, workerId: workerId, reason: reason,
                                      rationale: "Co-worker \(workerId) leaving the case; the primary worker continues")), by: manager)
            return
        }
        let hasGone = state.workers[workerId]?.hasLeft(on: workingDay(2)) ?? true
        let list = candidates(for: record, asPrimary: true)
        if random.chance(0.03), let first = list.first {
            // Allocating over a primary worker: JOINT-PRIMARY refuses; a transfer is the way.
            attempt(.allocate(.init(caseId: caseId, workerId: first, reason: reason, rationale: rationale(first, record: record, reason: reason),
                                    tasks: Self.tasks(for: record, from: today, calendar: calendar), discussedWithWorker: true)), by: manager)
        }
        if record.mustStayAllocated, random.chance(0.1) {
            // Leaving a child protection case with the team: STATUTORY-ALLOCATED refuses.
            attempt(.deallocate(.init(caseId: caseId, workerId: workerId, reason: reason, rationale: "Worker leaving")), by: manager)
        }
        if !record.isStatutory, random.chance(0.12) {
            deallocateToTeam(caseId, from: workerId, reason: reason, manager: manager)
            return
        }
        let summaryText = TransferSummary(
            workDone: "Visits and plan up to date; case recording complete",
            outstandingWork: "Next statutory visit and plan review",
            responsibility: "Receiving worker from the transfer date")
        let tasks = Self.tasks(for: record, from: today, calendar: calendar)
        let placed = place(record, candidates: list, maxAttempts: 4, urgent: record.isStatutory || hasGone,
                           actor: manager) { receiving, justifications in
            .transfer(.init(caseId: caseId, toWorkerId: receiving, reason: reason, transferSummary: summaryText,
                            rationale: self.rationale(receiving, record: record, reason: reason),
                            factorsConsidered: [.caseload, .continuity], tasks: tasks, discussedWithWorker: true,
                            justifications: justifications))
        }
        if let placed {
            summary.reallocations += 1
            if calendar.workingDays(from: notifiedOn, to: today) <= policy.timescales.reallocationWorkingDays {
                summary.reallocationsWithinFiveWorkingDays += 1
            }
            holderChanged(caseId, to: placed.workerId, overridden: placed.overridden, viaTransfer: true, reason: reason)
            recordOversightOnChange(caseId, manager: manager)
            return
        }
        if !record.mustStayAllocated, hasGone {
            deallocateToTeam(caseId, from: workerId, reason: reason, manager: manager)
            return
        }
        schedule(.reallocate(caseId: caseId, fromWorkerId: workerId, reason: reason, notifiedOn: notifiedOn),
                 inWorkingDays: random.between(1, 2), at: random.between(9 * 60 + 30, 15 * 60))
    }

    private func deallocateToTeam(_ caseId: String, from workerId: String, reason: AllocationReason, manager: Actor) {
        let command = DomainCommand.deallocate(.init(
            caseId: caseId, workerId: workerId, reason: reason,
            rationale: "\(workerId) leaving the case; it waits with the team for the next worker with capacity"))
        if attempt(command, by: manager) == nil {
            work[caseId]?.holdingChanges += 1
            work[caseId]?.holdingOverridden = false
            work[caseId]?.holdingViaTransfer = false
            startSpell(caseId, since: now, reason: reason)
        }
    }
}
