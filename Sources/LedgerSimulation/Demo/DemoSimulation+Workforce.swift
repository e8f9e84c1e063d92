import LedgerAudit
import LedgerDomain
import LedgerEvents
import LedgerImport
import LedgerStore
import LedgerSupport

/// The workforce over time: leave booked ahead, sickness, notice and departures with their cases
/// reallocated, replacements and NQSW cohorts, students' placements, ASYE years completed.
extension DemoSimulation {
    /// The start of each working day: the day's referrals and whatever happens to the staff.
    package func startDay() {
        let season = Self.seasonalDemand[today.month - 1]
        for team in teams {
            for _ in 0..<random.arrivals(mean: team.referralsPerDay * season) {
                agenda.schedule(.referral(teamId: team.teamId), on: today, at: random.between(9 * 60, 16 * 60 + 30))
            }
        }
        if isFirstWorkingDay(ofMonth: 9) || isFirstWorkingDay(ofMonth: 3) { hireNewlyQualifiedCohort() }
        if isFirstWorkingDay(ofMonth: 9) || isFirstWorkingDay(ofMonth: 1) { hireStudents() }
        minute = 8 * 60 + 5
        for workerId in roster { dailyWorkforceEvents(workerId) }
    }

    /// Referrals rise in term time (autumn most) and fall in August and at Christmas.
    package static let seasonalDemand = [1.1, 1.1, 1.15, 0.9, 1.05, 1.05, 1.0, 0.75, 1.15, 1.2, 1.2, 0.85]

    package func isFirstWorkingDay(ofMonth month: Int) -> Bool {
        today.month == month && calendar.addingWorkingDays(-1, to: today).month != month
    }

    private func dailyWorkforceEvents(_ workerId: String) {
        guard isActive(workerId), var plan = plans[workerId], let worker = state.workers[workerId] else { return }
        let role = worker.role(on: today)
        let manager = managerActor(ofTeam: worker.teamId)
        if !plan.isOffSick, !plan.isOnLongTermSickness, !isAbsentToday(workerId) {
            if random.chance(0.0035) {
                let absenceId = nextIdentifier("A", digits: 5)
                let notifiedAt = instant(8 * 60 + 2)
                if attempt(.recordAbsence(.init(workerId: workerId, absenceId: absenceId, kind: .sickness, startDate: today,
                                                notifiedAt: notifiedAt)), by: manager) == nil {
                    plan.isOffSick = true
                    summary.absencesByKind[.sickness, default: 0] += 1
                    schedule(.sicknessEnds(workerId: workerId, absenceId: absenceId, kind: .sickness, startDate: today,
                                           notifiedAt: notifiedAt), inWorkingDays: random.between(1, 6), at: 8 * 60 + 15)
                }
            } else if role != .student, plan.leavingOn == nil, random.chance(0.00015) {
                let absenceId = nextIdentifier("A", digits: 5)
                let notifiedAt = instant(8 * 60 + 3)
                if attempt(.recordAbsence(.init(workerId: workerId, absenceId: absenceId, kind: .longTermSickness,
                                                startDate: today, notifiedAt: notifiedAt)), by: manager) == nil {
                    plan.isOnLongTermSickness = true
                    summary.absencesByKind[.longTermSickness, default: 0] += 1
                    scheduleReallocations(of: workerId, reason: .absenceCover)
                    schedule(.sicknessEnds(workerId: workerId, absenceId: absenceId, kind: .longTermSickness, startDate: today,
                                           notifiedAt: notifiedAt), inWorkingDays: random.between(25, 70), at: 8 * 60 + 15)
                }
            }
        }
        if today >= plan.nextLeaveBooking, plan.leavingOn == nil, role != .student {
            bookAnnualLeave(workerId, plan: &plan, manager: manager)
        }
        plans[workerId] = plan
        if role != .student, plan.leavingOn == nil, !plan.isOnLongTermSickness, random.chance(0.0006) {
            giveNotice(workerId: workerId, noticeWorkingDays: worker.isAgency ? 5 : 20,
                       reason: worker.isAgency ? "Agency assignment ended" : "Resigned")
        }
    }

    /// Annual leave is booked weeks ahead, now and then at a few days' notice (which LEAVE-SOON notices).
    private func bookAnnualLeave(_ workerId: String, plan: inout DemoWorkerPlan, manager: Actor) {
        let start = workingDay(random.chance(0.15) ? random.between(2, 5) : random.between(12, 40))
        let end = calendar.addingWorkingDays(random.between(3, 10) - 1, to: start)
        let existing = state.workers[workerId]?.absences ?? []
        let overlaps = existing.contains { absence in
            absence.startDate <= end && (absence.endDate ?? end) >= start
        }
        guard !overlaps else {
            plan.nextLeaveBooking = today.adding(days: 7)
            return
        }
        let absenceId = nextIdentifier("A", digits: 5)
        if attempt(.recordAbsence(.init(workerId: workerId, absenceId: absenceId, kind: .annualLeave, startDate: start,
                                        endDate: end, notifiedAt: now)), by: manager) == nil {
            summary.absencesByKind[.annualLeave, default: 0] += 1
        }
        plan.nextLeaveBooking = end.adding(days: random.between(30, 100))
    }

    /// The worker is back: the sickness is recorded again, now with its last day.
    package func endSickness(workerId: String, absenceId: String, kind: AbsenceKind, startDate: LocalDate, notifiedAt: Instant) {
        guard let worker = state.workers[workerId], var plan = plans[workerId] else { return }
        plan.isOffSick = false
        plan.isOnLongTermSickness = false
        plans[workerId] = plan
        guard !worker.hasLeft(on: today) else { return }
        let lastDayAway = max(startDate, today.adding(days: -1))
        attempt(.recordAbsence(.init(workerId: workerId, absenceId: absenceId, kind: kind, startDate: startDate,
                                     endDate: lastDayAway, notifiedAt: notifiedAt)),
                by: managerActor(ofTeam: worker.teamId))
    }

    /// Notice is recorded with the last working day; the worker's cases are diarised for
    /// reallocation (mostly within five working days), and a replacement is sought.
    package func giveNotice(workerId: String, noticeWorkingDays: Int, reason: String) {
        guard isActive(workerId), var plan = plans[workerId], plan.leavingOn == nil,
              let worker = state.workers[workerId] else { return }
        let role = worker.role(on: today)
        let lastDay = workingDay(noticeWorkingDays)
        guard attempt(.recordLeaving(.init(workerId: workerId, lastWorkingDate: lastDay, reason: reason)),
                      by: managerActor(ofTeam: worker.teamId)) == nil else { return }
        plan.leavingOn = lastDay
        plans[workerId] = plan
        summary.departures += 1
        scheduleReallocations(of: workerId, reason: .workerLeft)
        agenda.schedule(.workerLeaves(workerId: workerId), on: calendar.addingWorkingDays(1, to: lastDay), at: 8 * 60 + 1)
        if role != .student, random.chance(0.85) {
            let replacement: Role = random.weighted([(.socialWorker, 45), (.asye, 30), (.seniorPractitioner, 10),
                                                     (.socialWorkOfficer, 10), (.familySupportWorker, 5)])
            schedule(.hire(teamId: worker.teamId, role: replacement,
                           isAgency: replacement == .socialWorker && random.chance(0.2)),
                     inWorkingDays: random.between(30, 90), at: 8 * 60 + 10)
        }
    }

    /// Every case the worker holds, diarised for reallocation: within five working days of the
    /// notification mostly, later sometimes.
    package func scheduleReallocations(of workerId: String, reason: AllocationReason) {
        for record in state.casesHeld(by: workerId) {
            let delay = random.chance(0.88) ? random.between(1, 5) : random.between(6, 12)
            schedule(.reallocate(caseId: record.caseId, fromWorkerId: workerId, reason: reason, notifiedOn: today),
                     inWorkingDays: delay, at: random.between(9 * 60 + 30, 15 * 60))
        }
    }

    /// The day after the last working day: off the roster; anything still held is reallocated now, late.
    package func workerLeaves(workerId: String) {
        roster.removeAll { $0 == workerId }
        for record in state.casesHeld(by: workerId) {
            agenda.schedule(.reallocate(caseId: record.caseId, fromWorkerId: workerId, reason: .workerLeft,
                                        notifiedOn: plans[workerId]?.leavingOn ?? today),
                            on: today, at: random.between(9 * 60 + 30, 12 * 60))
        }
    }

    package func hire(teamId: String, role: Role, isAgency: Bool) {
        let start = today.adding(days: random.between(0, 10))
        if registerPractitioner(team: teamId, role: role, start: start, isAgency: isAgency,
                                by: managerActor(ofTeam: teamId)) != nil {
            summary.hires += 1
        }
    }

    /// September and March: newly qualified social workers join the children's teams.
    private func hireNewlyQualifiedCohort() {
        let childrens = teams.filter { $0.serviceArea.isChildrens }
        guard !childrens.isEmpty else { return }
        let practitioners = roster.filter { workerId in
            isActive(workerId) && childrens.contains { $0.teamId == state.workers[workerId]?.teamId }
        }.count
        let count = max(1, practitioners / 25)
        let first = random.below(childrens.count)
        for index in 0..<count {
            hire(teamId: childrens[(first + index) % childrens.count].teamId, role: .asye, isAgency: false)
        }
    }

    /// September and January: social work students start placements.
    private func hireStudents() {
        for team in teams where random.chance(team.serviceArea.isChildrens ? 0.7 : 0.4) {
            hire(teamId: team.teamId, role: .student, isAgency: false)
        }
    }

    /// A year after starting, an ASYE becomes a social worker (and leaves the ramp).
    package func completeFirstYear(workerId: String) {
        guard isActive(workerId), let worker = state.workers[workerId], worker.role(on: today) == .asye else { return }
        if attempt(.changeRole(.init(workerId: workerId, toRole: .socialWorker, isQualified: true)),
                   by: managerActor(ofTeam: worker.teamId)) == nil {
            summary.firstYearsCompleted += 1
        }
    }
}
