import LedgerAudit
import LedgerDomain
import LedgerEvents
import LedgerImport
import LedgerStore
import LedgerSupport

/// Cases waiting for allocation (unallocated-cases-guidance): a letter to the family and
/// agencies, a monitoring record, reviews at four weeks then fortnightly, escalation to the
/// service manager and then the head of service, a fresh try at allocation every few days, and
/// for some, closure with evidence that their needs were met. Each team manager keeps to the
/// timescales most of the time; some actions come late and a few never.
extension DemoSimulation {
    package func startSpell(_ caseId: String, since: Instant, reason: AllocationReason?) {
        guard var caseWork = work[caseId], caseWork.spell == nil, let record = state.cases[caseId] else { return }
        let isChildrens = team(record.teamId)?.serviceArea.isChildrens ?? true
        caseWork.spellReason = reason
        caseWork.spell = DemoSpell(
            since: since, startDate: LondonTime.localDate(of: since),
            letterDay: random.weighted([(Optional(random.between(1, 5)), 85), (random.between(6, 10), 10), (nil, 5)]),
            monitoringDay: isChildrens ? random.weighted([(Optional(random.between(3, 5)), 80), (random.between(6, 12), 12), (nil, 8)]) : nil,
            nextReviewDay: random.weighted([(Optional(random.between(24, 28)), 80), (random.between(29, 35), 12), (nil, 8)]),
            serviceManagerEscalationDay: random.weighted([(Optional(random.between(24, 28)), 80), (random.between(29, 38), 12), (nil, 8)]),
            headOfServiceEscalationDay: random.weighted([(Optional(random.between(38, 42)), 80), (random.between(43, 50), 12), (nil, 8)]),
            lastAllocationTry: today)
        work[caseId] = caseWork
        summary.unallocatedSpells += 1
        schedule(.unallocatedCheck(caseId: caseId), inWorkingDays: 1, at: random.between(9 * 60 + 45, 11 * 60))
    }

    package func endSpell(_ caseId: String) {
        guard let spell = work[caseId]?.spell else { return }
        summary.longestSpellWorkingDays = max(summary.longestSpellWorkingDays, calendar.workingDays(from: spell.startDate, to: today))
        work[caseId]?.spell = nil
        work[caseId]?.spellReason = nil
    }

    package func checkUnallocated(caseId: String) {
        guard var spell = work[caseId]?.spell else { return }
        guard let record = state.cases[caseId], record.isOpen, record.primaryWorkerId == nil,
              let team = team(record.teamId) else {
            endSpell(caseId)
            return
        }
        let manager = managerActor(ofTeam: record.teamId)
        let workingDaysWaiting = calendar.workingDays(from: spell.startDate, to: today)
        let daysWaiting = spell.startDate.distance(to: today)

        if !spell.letterSent, let day = spell.letterDay, workingDaysWaiting >= day {
            var sentOn = today
            if random.chance(0.15) {
                // Sent a day or two ago, recorded today.
                let earlier = calendar.addingWorkingDays(-random.between(1, 2), to: today)
                if earlier > spell.startDate { sentOn = earlier }
            }
            let recipients: [LetterRecipient] = [.family, random.chance(0.6) ? .school : .health]
            let command = DomainCommand.sendFamilyLetter(.init(
                caseId: caseId, recipients: recipients, sentOn: sentOn, includesTeamContactDetails: true,
                includesVisitingArrangements: random.chance(0.9)))
            let at = sentOn == today ? now : instant(random.between(10 * 60, 15 * 60), on: sentOn)
            if attempt(command, by: manager, at: at) == nil { spell.letterSent = true }
        }
        if !spell.monitored, let day = spell.monitoringDay, workingDaysWaiting >= day {
            minute += 1
            let command = DomainCommand.recordUnallocatedMonitoring(.init(
                caseId: caseId, managementPlan: "Duty worker visits; school and health visitor report any change the same day",
                visitingFrequency: record.isStatutory || record.riskLevel == .high ? .weekly : .fortnightly,
                childLastSeen: max(spell.startDate, today.adding(days: -random.between(1, 9))),
                partnerAgencyMonitoring: "School designated safeguarding lead checks attendance daily"))
            if attempt(command, by: manager) == nil { spell.monitored = true }
        }
        if let day = spell.nextReviewDay, daysWaiting >= day {
            minute += 1
            let command = DomainCommand.recordUnallocatedReview(.init(
                caseId: caseId, outcome: "Keep monitoring; allocate to the first worker with capacity",
                nextReviewDue: today.adding(days: 14)))
            if attempt(command, by: manager) == nil {
                spell.nextReviewDay = random.weighted([(Optional(daysWaiting + 14), 85), (daysWaiting + random.between(15, 21), 10), (nil, 5)])
            }
        }
        if !spell.escalatedToServiceManager, let day = spell.serviceManagerEscalationDay, daysWaiting >= day {
            minute += 1
            if attempt(.escalate(.init(caseId: caseId, level: .serviceManager, escalatedToId: team.serviceManagerId,
                                       reason: "Unallocated for four weeks; no worker with capacity")), by: manager) == nil {
                spell.escalatedToServiceManager = true
            }
        }
        if !spell.escalatedToHeadOfService, let day = spell.headOfServiceEscalationDay, daysWaiting >= day {
            minute += 1
            if attempt(.escalate(.init(caseId: caseId, level: .headOfService, escalatedToId: headOfServiceId,
                                       reason: "Unallocated for six weeks despite escalation to the service manager")), by: manager) == nil {
                spell.escalatedToHeadOfService = true
            }
        }
        let urgent = record.isStatutory || record.riskLevel == .high
        let tryNow = calendar.workingDays(from: spell.lastAllocationTry, to: today) >= (urgent ? 1 : 2)
        if tryNow { spell.lastAllocationTry = today }
        work[caseId]?.spell = spell
        if tryNow {
            minute += 1
            allocate(caseId: caseId)
            if state.cases[caseId]?.primaryWorkerId != nil { return }
        }
        if !record.isStatutory, daysWaiting >= 30, random.chance(0.08) {
            closeUnallocated(caseId, manager: manager)
            if state.cases[caseId]?.isOpen == false { return }
        }
        schedule(.unallocatedCheck(caseId: caseId), inWorkingDays: 1, at: random.between(9 * 60 + 45, 11 * 60))
    }

    /// A waiting case closed because its needs were met elsewhere: with that evidence, or with a
    /// justification when the manager first forgot it (UNALLOCATED-CLOSURE refuses without either).
    private func closeUnallocated(_ caseId: String, manager: Actor) {
        let summaryText = ClosureSummary(
            workDone: "Monitored while awaiting allocation; needs reviewed at each unallocated review",
            outstandingWork: "None for this service", responsibility: "Early help and universal services")
        var refused = false
        if random.chance(0.25) {
            refused = attempt(.close(.init(caseId: caseId, closureSummary: summaryText)), by: manager) != nil
            if !refused {
                closed(caseId)
                return
            }
        }
        let command: DomainCommand
        if refused, random.chance(0.5) {
            command = .close(.init(caseId: caseId, closureSummary: summaryText,
                                   justifications: [.unallocatedClosure: "Family declined services; closure agreed with the service manager"]))
        } else {
            command = .close(.init(caseId: caseId, closureSummary: summaryText,
                                   evidenceNeedsAddressed: "Early help plan in place and school reports no concerns; family agreed"))
        }
        if attempt(command, by: manager) == nil { closed(caseId) }
    }
}
