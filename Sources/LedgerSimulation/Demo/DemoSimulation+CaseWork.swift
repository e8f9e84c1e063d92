import LedgerAudit
import LedgerDomain
import LedgerEvents
import LedgerImport
import LedgerStore
import LedgerSupport

/// The life of an allocated case: phases of work that end in closure, a step up to child
/// protection (and a transfer), a step down, or care; closure requested by the worker and
/// authorised by the manager; case notes along the way.
extension DemoSimulation {
    /// Working days a phase of work lasts, by where the case is.
    private func phaseLength(area: ServiceArea, category: CaseCategory, continuing: Bool) -> Int {
        let range: (Int, Int)
        switch (area, category) {
        case (.dutyAndAssessment, _): range = (15, 45)
        case (_, .childProtection): range = (45, 130)
        case (.safeguarding, _): range = (30, 100)
        case (.childrenInCare, .careLeaver): range = (40, 150)
        case (.childrenInCare, _): range = (80, 200)
        case (.fosteringAndAdoption, _): range = (40, 150)
        case (.adultServices, _): range = (20, 110)
        }
        let length = random.between(range.0, range.1)
        return continuing ? max(5, length / 2) : length
    }

    package func scheduleProgress(_ caseId: String, continuing: Bool = false) {
        guard let record = state.cases[caseId], let area = team(record.teamId)?.serviceArea else { return }
        let due = workingDay(phaseLength(area: area, category: record.category, continuing: continuing))
        work[caseId]?.progressDue = due
        agenda.schedule(.progress(caseId: caseId), on: due, at: random.between(9 * 60 + 30, 15 * 60 + 30))
    }

    package func progress(caseId: String) {
        guard let due = work[caseId]?.progressDue, due <= today, let record = state.cases[caseId], record.isOpen,
              let area = team(record.teamId)?.serviceArea else { return }
        work[caseId]?.progressDue = nil
        guard record.primaryWorkerId != nil else {
            // Waiting for a worker: the work waits too.
            scheduleProgress(caseId, continuing: true)
            return
        }
        let manager = managerActor(ofTeam: record.teamId)
        // By category first: where the authority has no Safeguarding or Children in Care team,
        // the team that holds the case carries on with it.
        switch (area, record.category) {
        case (.dutyAndAssessment, .referral), (.dutyAndAssessment, .contact), (.dutyAndAssessment, .assessment):
            let next = random.weighted([("close", 50), ("childInNeed", 30), ("childProtection", 20)])
            if next == "close" {
                requestClosure(caseId)
            } else if next == "childInNeed" {
                changeCategory(record, to: .childInNeed, flags: record.flags.filter { $0 != .section47 },
                               reason: "Assessment concluded: child in need plan", manager: manager)
                moveOn(caseId, toArea: .safeguarding)
            } else {
                changeCategory(record, to: .childProtection, flags: record.flags,
                               reason: "Initial child protection conference: child protection plan", manager: manager)
                reassessRisk(caseId, to: .high, manager: manager)
                moveOn(caseId, toArea: .safeguarding)
            }
        case (_, .childProtection):
            let next = random.weighted([("stepDown", 60), ("care", 15), ("continue", 25)])
            if next == "stepDown" {
                changeCategory(record, to: .childInNeed, flags: record.flags.filter { $0 != .section47 },
                               reason: "Review conference: plan ended, stepped down to child in need", manager: manager)
                reassessRisk(caseId, to: .moderate, manager: manager)
                scheduleProgress(caseId, continuing: true)
            } else if next == "care" {
                var flags = record.flags
                if random.chance(0.6), !flags.contains(.courtProceedings) { flags = (flags + [.courtProceedings]).sorted() }
                changeCategory(record, to: .childInCare, flags: flags, reason: "Child accommodated; care proceedings", manager: manager)
                moveOn(caseId, toArea: .childrenInCare)
            } else {
                scheduleProgress(caseId, continuing: true)
            }
        case (.safeguarding, .childInNeed), (.dutyAndAssessment, .childInNeed):
            let next = random.weighted([("close", 65), ("childProtection", 15), ("continue", 20)])
            if next == "close" {
                requestClosure(caseId)
            } else if next == "childProtection" {
                changeCategory(record, to: .childProtection, flags: record.flags,
                               reason: "Concerns escalated: child protection plan", manager: manager)
                reassessRisk(caseId, to: .high, manager: manager)
                if let primary = record.primaryWorkerId, state.workers[primary]?.isQualifiedSocialWorker(on: today) != true {
                    reassignWithinTeam(caseId, reason: .childCircumstancesChanged)
                }
                scheduleProgress(caseId)
            } else {
                scheduleProgress(caseId, continuing: true)
            }
        case (_, .childInCare):
            let next = random.weighted([("careLeaver", 35), ("close", 45), ("continue", 20)])
            if next == "careLeaver" {
                changeCategory(record, to: .careLeaver, flags: record.flags.filter { $0 != .courtProceedings },
                               reason: "Turned eighteen: leaving care support", manager: manager)
                scheduleProgress(caseId)
            } else if next == "close" {
                requestClosure(caseId)
            } else {
                scheduleProgress(caseId, continuing: true)
            }
        default:
            if random.chance(0.75) { requestClosure(caseId) } else { scheduleProgress(caseId, continuing: true) }
        }
    }

    private func changeCategory(_ record: DemoCase, to category: CaseCategory, flags: [CaseFlag], reason: String, manager: Actor) {
        attempt(.changeCategory(.init(caseId: record.caseId, toCategory: category, flags: flags, reason: reason)), by: manager)
        minute += 1
    }

    private func reassessRisk(_ caseId: String, to level: RiskLevel, manager: Actor) {
        guard state.cases[caseId]?.riskLevel != level else { return }
        attempt(.assessRisk(.init(caseId: caseId, riskLevel: level, rationale: "Risk reviewed with the change of plan")), by: manager)
    }

    /// To the first team of `area` (the same team's worker keeps it where there is none).
    private func moveOn(_ caseId: String, toArea area: ServiceArea) {
        guard let destination = teams.first(where: { $0.serviceArea == area }) else {
            scheduleProgress(caseId)
            return
        }
        transfer(caseId: caseId, toTeamId: destination.teamId, reason: .transfer)
    }

    /// A case that now needs a qualified worker moves to one in the same team.
    private func reassignWithinTeam(_ caseId: String, reason: AllocationReason) {
        guard let record = state.cases[caseId] else { return }
        let manager = managerActor(ofTeam: record.teamId)
        let placed = place(record, candidates: candidates(for: record, asPrimary: true), maxAttempts: 4, urgent: true,
                           actor: manager) { workerId, justifications in
            .transfer(.init(caseId: caseId, toWorkerId: workerId, reason: reason,
                            transferSummary: TransferSummary(workDone: "Child in need plan delivered", outstandingWork: "Child protection plan",
                                                             responsibility: "Qualified social worker from the transfer date"),
                            rationale: "Child protection plan needs a qualified social worker; \(workerId) has capacity",
                            factorsConsidered: [.experience, .caseload], tasks: Self.tasks(for: record, from: self.today, calendar: self.calendar),
                            discussedWithWorker: true, justifications: justifications))
        }
        if let placed {
            holderChanged(caseId, to: placed.workerId, overridden: placed.overridden, viaTransfer: true, reason: reason)
            recordOversightOnChange(caseId, manager: manager)
        }
    }

    /// The worker writes the closure summary and asks; the manager authorises (next day, mostly).
    package func requestClosure(_ caseId: String) {
        guard let record = state.cases[caseId], record.isOpen else { return }
        let summaryText = ClosureSummary(
            workDone: "\(record.category.displayName.capitalizedFirst) work completed; outcomes reviewed with the family",
            outstandingWork: "None",
            responsibility: "Universal services; the family knows how to re-refer")
        guard let primary = record.primaryWorkerId, let author = actor(primary) else {
            agenda.schedule(.close(caseId: caseId), on: today, at: minute + 5)
            return
        }
        if random.chance(0.03) {
            // A practitioner closing without a manager: CLOSURE-AUTHORISED refuses.
            attempt(.close(.init(caseId: caseId, closureSummary: summaryText)), by: author)
        }
        if random.chance(0.01) {
            // A summary without the outstanding work: CLOSURE-SUMMARY refuses.
            attempt(.requestClosure(.init(caseId: caseId, closureSummary: ClosureSummary(
                workDone: summaryText.workDone, outstandingWork: " ", responsibility: summaryText.responsibility))), by: author)
        }
        guard attempt(.requestClosure(.init(caseId: caseId, closureSummary: summaryText)), by: author) == nil else {
            scheduleProgress(caseId, continuing: true)
            return
        }
        if random.chance(0.8) {
            schedule(.close(caseId: caseId), afterWorkingMinutes: random.between(30, 500))
        } else {
            schedule(.close(caseId: caseId), inWorkingDays: random.between(2, 4), at: random.between(9 * 60, 16 * 60))
        }
    }

    /// The manager closes the case on the request's summary (or writes one).
    package func authoriseClosure(caseId: String) {
        guard let record = state.cases[caseId], record.isOpen else { return }
        let manager = managerActor(ofTeam: record.teamId)
        let summaryText = record.closureRequest == nil
            ? ClosureSummary(workDone: "Work completed by the previous worker; file reviewed by the team manager",
                             outstandingWork: "None", responsibility: "Universal services")
            : nil
        let command = DomainCommand.close(.init(
            caseId: caseId, closureSummary: summaryText,
            evidenceNeedsAddressed: record.isAllocated ? nil : "Needs met: file reviewed by the team manager",
            continuingSupport: random.chance(0.3) ? "Early Help family support" : nil))
        if attempt(command, by: manager) == nil { closed(caseId) }
    }

    /// Bookkeeping after a closure; now and then the case comes back.
    package func closed(_ caseId: String) {
        endSpell(caseId)
        if let index = openCaseIds.firstIndex(of: caseId) { openCaseIds.remove(at: index) }
        work[caseId]?.progressDue = nil
        if let record = state.cases[caseId] {
            recentClosures.append(DemoClosure(caseId: caseId, familyId: record.familyId, teamId: record.teamId, closedOn: today))
            if recentClosures.count > 400 { recentClosures.removeFirst(recentClosures.count - 300) }
        }
        if random.chance(0.05) {
            agenda.schedule(.reReferral(caseId: caseId), on: today.adding(days: random.between(7, 38)),
                            at: random.between(9 * 60 + 30, 16 * 60))
        } else if random.chance(0.01) {
            agenda.schedule(.reReferral(caseId: caseId), on: today.adding(days: random.between(50, 150)),
                            at: random.between(9 * 60 + 30, 16 * 60))
        }
    }

    /// The end of the working day: case notes by the workers holding cases, a few recorded
    /// days after the visit they describe, and now and then one on the wrong file.
    package func endDay() {
        minute = max(minute, 16 * 60 + 30)
        for caseId in openCaseIds {
            guard random.chance(0.01), let record = state.cases[caseId], record.isOpen,
                  let primary = record.primaryWorkerId, !isAbsentToday(primary), var author = actor(primary) else { continue }
            var occurredAt = now
            if random.chance(0.06) {
                let visitDay = calendar.addingWorkingDays(-random.between(1, 4), to: today)
                let earliest = max(LondonTime.localDate(of: record.referredAt).adding(days: 1),
                                   state.workers[primary]?.startDate ?? today)
                if visitDay >= earliest, let role = state.workers[primary]?.role(on: visitDay) {
                    // Recorded late, in the role the worker had on the day of the visit.
                    occurredAt = instant(random.between(10 * 60, 16 * 60), on: visitDay)
                    author = Actor(id: primary, role: role)
                }
            }
            let text = random.element(of: Self.noteTexts) ?? "Visit completed"
            var followUp: DemoFollowUp?
            if random.chance(0.012), occurredAt == now {
                let elsewhere = state.casesHeld(by: primary).map(\.caseId).filter { $0 != caseId }
                followUp = .mistakenNote(caseId: caseId, correctCaseId: random.chance(0.6) ? random.element(of: elsewhere) : nil,
                                         text: text)
            }
            attempt(.recordCaseNote(.init(caseId: caseId, noteKind: .general, text: text)), by: author, at: occurredAt,
                    followUp: followUp)
            if minute < 17 * 60 + 55, random.chance(0.2) { minute += 1 }
        }
    }

    package static let noteTexts = [
        "Home visit: child seen alone in their bedroom; room clean, child relaxed",
        "School visit: spoke with the designated safeguarding lead; attendance 92%",
        "Telephone call with the parent; appointment for the health assessment confirmed",
        "Joint visit with the health visitor; baby weighed and thriving",
        "Direct work session: three houses exercise; child's words recorded",
        "Strategy discussion minutes received and filed",
        "Core group meeting: plan reviewed, actions updated",
        "Family network meeting: grandparents offer weekend support",
    ]
}

private extension String {
    /// The string with its first letter upper-cased: "child in need" → "Child in need".
    var capitalizedFirst: String { prefix(1).uppercased() + dropFirst() }
}
