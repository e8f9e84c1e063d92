import LedgerAudit
import LedgerDomain
import LedgerEvents
import LedgerImport
import LedgerStore
import LedgerSupport

/// The front door: referrals every working day, decisions on them (mostly within 24 hours),
/// work closed at the door, and re-referrals after closure.
extension DemoSimulation {
    /// The start and end of the simulated working day, in minutes after midnight.
    package static let dayStart = 8 * 60 + 30
    package static let dayEnd = 17 * 60 + 45

    /// Schedules `action` `delay` working minutes after the action in hand, carrying past the
    /// end of the day into the next working day.
    package func schedule(_ action: DemoAction, afterWorkingMinutes delay: Int) {
        var target = minute + delay
        var days = 0
        while target > Self.dayEnd {
            target = Self.dayStart + (target - Self.dayEnd)
            days += 1
        }
        schedule(action, inWorkingDays: days, at: target)
    }

    package func receiveReferral(teamId: String) {
        guard let team = team(teamId) else { return }
        let caseId = nextIdentifier("C", digits: 5)
        let sibling = random.chance(0.05)
            ? random.element(of: recentClosures.filter { $0.teamId == teamId && $0.closedOn.distance(to: today) < 40 })
            : nil
        let familyId = sibling?.familyId ?? nextIdentifier("F", digits: 5)
        let (category, flags) = referralCategory(team.serviceArea)
        let source: ReferralSource = flags.contains(.preBirthAssessment)
            ? .health
            : random.weighted([(.police, 25), (.school, 22), (.health, 20), (.selfOrFamily, 10), (.localAuthority, 12),
                               (.anonymous, 4), (.other, 7)])
        let duty = roster.filter { workerId in
            isActive(workerId) && !isAbsentToday(workerId) && state.workers[workerId]?.teamId == teamId
                && state.workers[workerId]?.isQualifiedSocialWorker(on: today) == true
        }
        let recorder = random.chance(0.5) ? random.element(of: duty).flatMap { actor($0) } : nil
        let command = DomainCommand.refer(.init(
            caseId: caseId, referralId: nextIdentifier("R", digits: 6), familyId: familyId, teamId: teamId,
            category: category, flags: flags, source: source))
        guard attempt(command, by: recorder ?? managerActor(ofTeam: teamId)) == nil else { return }
        work[caseId] = DemoCaseWork(caseId: caseId, familyId: familyId, referredAt: now)
        openCaseIds.append(caseId)
        summary.referrals += 1
        if state.cases[caseId]?.pendingReReferral != nil { summary.reReferralsWithinWindow += 1 }
        scheduleDecision(caseId)
    }

    /// Mostly within the day or by the next morning; some days late.
    private func scheduleDecision(_ caseId: String) {
        if random.chance(0.86) {
            schedule(.decide(caseId: caseId), afterWorkingMinutes: random.between(20, 330))
        } else {
            schedule(.decide(caseId: caseId), inWorkingDays: random.between(2, 4), at: random.between(9 * 60, 16 * 60))
        }
    }

    private func referralCategory(_ area: ServiceArea) -> (CaseCategory, [CaseFlag]) {
        switch area {
        case .dutyAndAssessment:
            let flags: [CaseFlag] = random.chance(0.03) ? [.preBirthAssessment] : []
            return (random.chance(0.9) ? .referral : .contact, flags)
        case .safeguarding:
            return (random.chance(0.75) ? .childInNeed : .childProtection, [])
        case .childrenInCare:
            if random.chance(0.65) { return (.childInCare, random.chance(0.2) ? [.courtProceedings] : []) }
            return (.careLeaver, [])
        case .fosteringAndAdoption:
            return (.fosteringAndAdoption, [])
        case .adultServices:
            return (random.weighted([(.adultAssessment, 60), (.adultReview, 25), (.adultSafeguarding, 15)]), [])
        }
    }

    private func decisionOutcome(_ area: ServiceArea) -> ReferralOutcome {
        switch area {
        case .dutyAndAssessment:
            return random.weighted([(.socialWorkAssessment, 44), (.section47Enquiry, 12), (.noFurtherAction, 18),
                                    (.earlyHelp, 16), (.signpost, 10)])
        case .safeguarding:
            return random.weighted([(.socialWorkAssessment, 80), (.section47Enquiry, 8), (.noFurtherAction, 7), (.stepDown, 5)])
        case .childrenInCare:
            return random.weighted([(.socialWorkAssessment, 92), (.other, 8)])
        case .fosteringAndAdoption:
            return random.weighted([(.socialWorkAssessment, 75), (.noFurtherAction, 15), (.signpost, 10)])
        case .adultServices:
            return random.weighted([(.socialWorkAssessment, 65), (.noFurtherAction, 15), (.signpost, 20)])
        }
    }

    package func decide(caseId: String) {
        guard let record = state.cases[caseId], record.isOpen, record.decisionOutcome == nil,
              let team = team(record.teamId) else { return }
        let manager = managerActor(ofTeam: record.teamId)
        let outcome = decisionOutcome(team.serviceArea)
        let command = DomainCommand.recordReferralDecision(.init(caseId: caseId, outcome: outcome,
                                                                 rationale: Self.decisionRationale(outcome)))
        guard attempt(command, by: manager) == nil else { return }
        summary.decisions += 1
        if now <= Deadline.deadline(hours: policy.timescales.decisionHours, after: record.referredAt) {
            summary.decisionsWithin24Hours += 1
        }
        work[caseId]?.decidedAt = now
        guard outcome.requiresSocialWorkResponse else {
            minute += 3
            let summaryText = ClosureSummary(
                workDone: "Referral screened by the team manager: \(Self.outcomePhrase(outcome))",
                outstandingWork: "None for this service",
                responsibility: outcome == .earlyHelp ? "Early Help hub, with the family's consent" : "Universal services; the referrer was told")
            if attempt(.close(.init(caseId: caseId, closureSummary: summaryText,
                                    continuingSupport: outcome == .earlyHelp ? "Early Help family support" : nil)),
                       by: manager) == nil {
                closed(caseId)
            }
            return
        }
        minute += 2
        var flags = record.flags
        if outcome == .section47Enquiry, !flags.contains(.section47) { flags = (flags + [.section47]).sorted() }
        let toCategory: CaseCategory = team.serviceArea == .dutyAndAssessment ? .assessment : record.category
        if toCategory != record.category || flags != record.flags {
            attempt(.changeCategory(.init(caseId: caseId, toCategory: toCategory, flags: flags,
                                          reason: outcome == .section47Enquiry
                                              ? "Strategy discussion: section 47 enquiry agreed"
                                              : "Single assessment agreed")), by: manager)
        }
        minute += 1
        attempt(.assessRisk(.init(caseId: caseId, riskLevel: initialRisk(outcome: outcome, category: toCategory),
                                  rationale: "Initial risk from the referral and agency checks")), by: manager)
        if random.chance(0.9) {
            schedule(.allocate(caseId: caseId), afterWorkingMinutes: random.between(5, 240))
        } else {
            schedule(.allocate(caseId: caseId), inWorkingDays: random.between(1, 3), at: random.between(9 * 60, 16 * 60))
        }
    }

    private func initialRisk(outcome: ReferralOutcome, category: CaseCategory) -> RiskLevel {
        if outcome == .section47Enquiry || category == .childProtection || category == .adultSafeguarding {
            return random.weighted([(.high, 45), (.moderate, 45), (.low, 10)])
        }
        if category == .childInCare { return random.weighted([(.high, 30), (.moderate, 50), (.low, 20)]) }
        return random.weighted([(.high, 15), (.moderate, 45), (.low, 40)])
    }

    /// A closed case is referred again: reopened by a manager, decided again, and allocated to
    /// the previous worker where possible.
    package func reRefer(caseId: String) {
        guard let record = state.cases[caseId], !record.isOpen else { return }
        let source = random.weighted([("the school", 40), ("the police", 30), ("the health visitor", 30)])
        let command = DomainCommand.reopen(.init(caseId: caseId, referralId: nextIdentifier("R", digits: 6),
                                                 reason: "Re-referred by \(source): new concerns"))
        guard attempt(command, by: managerActor(ofTeam: record.teamId)) == nil else { return }
        summary.referrals += 1
        summary.reopenings += 1
        if state.cases[caseId]?.pendingReReferral != nil { summary.reReferralsWithinWindow += 1 }
        work[caseId] = DemoCaseWork(caseId: caseId, familyId: record.familyId, referredAt: now)
        openCaseIds.append(caseId)
        scheduleDecision(caseId)
    }

    package static func decisionRationale(_ outcome: ReferralOutcome) -> String {
        switch outcome {
        case .socialWorkAssessment: return "Threshold for a social work assessment met: needs unclear and escalating"
        case .section47Enquiry: return "Reasonable cause to suspect significant harm: section 47 enquiry"
        case .noFurtherAction: return "No role for social care: concerns addressed by the referrer"
        case .earlyHelp: return "Needs best met by early help with the family's consent"
        case .stepDown: return "Stepped down to targeted support"
        case .signpost: return "Signposted to community services"
        case .other: return "Assessment by the receiving team agreed"
        }
    }

    package static func outcomePhrase(_ outcome: ReferralOutcome) -> String {
        switch outcome {
        case .socialWorkAssessment: return "social work assessment"
        case .section47Enquiry: return "section 47 enquiry"
        case .noFurtherAction: return "no further action"
        case .earlyHelp: return "referred to early help"
        case .stepDown: return "stepped down"
        case .signpost: return "signposted"
        case .other: return "other"
        }
    }
}
