/// Referrals, decisions on them, and the shape of a case.
extension DecisionSession {
    mutating func refer(_ command: DomainCommand.Refer) throws(DomainError) {
        try requireText(command.caseId, field: "caseId", why: "a case needs an id")
        try requireText(command.referralId, field: "referralId", why: "a referral needs an id")
        try requireText(command.familyId, field: "familyId", why: "the NQSW ramp and re-referrals match on the family")
        let team = try team(command.teamId)
        if let existing = state.cases[command.caseId] {
            read(.case(command.caseId))
            if existing.isOpen {
                throw .invalidState(subject: command.caseId, problem: "is open (referral \(existing.referralId))",
                                    remedy: "record the new information as a case note or a category change")
            }
        }
        let reReferral = reReferral(caseId: command.caseId, familyId: command.familyId)
        emit(.referralReceived(ReferralReceived(
            caseId: command.caseId, referralId: command.referralId, familyId: command.familyId, teamId: team.teamId,
            serviceArea: command.serviceArea ?? team.serviceArea, category: command.category, flags: command.flags,
            source: command.source, riskLevel: command.riskLevel, isReReferral: reReferral != nil,
            previousWorkerId: reReferral?.previousWorkerId, previousClosureAt: reReferral?.previousClosureAt)))
    }

    /// A closure of this person or family less than the policy's window before now, in calendar
    /// days between London dates ("closed less than six weeks ago": 41 days is a re-referral,
    /// 42 is not).
    mutating func reReferral(caseId: String, familyId: String?) -> ReReferral? {
        guard let closed = state.latestClosure(caseId: caseId, familyId: familyId, before: context.occurredAt),
              let closedAt = closed.closedAt
        else { return nil }
        read(.case(closed.caseId))
        let days = LondonTime.localDate(of: closedAt).distance(to: date)
        guard days < policy.reReferralWindowDays else { return nil }
        return ReReferral(previousWorkerId: closed.lastPrimaryWorkerId, previousClosureAt: closedAt)
    }

    mutating func recordReferralDecision(_ command: DomainCommand.RecordReferralDecision) throws(DomainError) {
        let record = try openCase(command.caseId, toDo: "record a referral decision")
        let referralId = command.referralId ?? record.referralId
        guard referralId == record.referralId else {
            throw .invalidCommand(field: "referralId",
                                  problem: "\(referralId) is not \(command.caseId)'s current referral \(record.referralId)")
        }
        try requireText(command.rationale, field: "rationale", why: "a decision on a referral records why")
        emit(.referralDecisionRecorded(ReferralDecisionRecorded(
            caseId: command.caseId, referralId: referralId, outcome: command.outcome, rationale: command.rationale,
            deciderId: actor.id)))
    }

    mutating func changeCategory(_ command: DomainCommand.ChangeCategory) throws(DomainError) {
        let record = try openCase(command.caseId, toDo: "change its category")
        let flags = command.flags ?? record.flags
        let event = CaseCategoryChanged(caseId: command.caseId, fromCategory: record.category,
                                        toCategory: command.toCategory, flags: flags, reason: command.reason)
        guard event.toCategory != record.category || event.flags != record.flags else {
            throw .invalidState(subject: command.caseId,
                                problem: "is already \(record.category.displayName) with these flags",
                                remedy: "nothing to change")
        }
        try requireText(command.reason, field: "reason", why: "say why the category changes")
        emit(.caseCategoryChanged(event))
    }

    mutating func assessRisk(_ command: DomainCommand.AssessRisk) throws(DomainError) {
        let record = try openCase(command.caseId, toDo: "assess its risk")
        emit(.riskLevelAssessed(RiskLevelAssessed(
            caseId: command.caseId, riskLevel: command.riskLevel, previousRiskLevel: record.riskLevel,
            rationale: command.rationale)))
    }

    mutating func reopen(_ command: DomainCommand.Reopen) throws(DomainError) {
        let record = try existingCase(command.caseId)
        guard !record.isOpen else {
            throw .invalidState(subject: command.caseId, problem: "is open", remedy: "only a closed case can be reopened")
        }
        try requireText(command.referralId, field: "referralId", why: "a reopening comes with a referral")
        try requireText(command.reason, field: "reason", why: "say why the case reopens")
        let reReferral = reReferral(caseId: command.caseId, familyId: nil)
        emit(.caseReopened(CaseReopened(
            caseId: command.caseId, referralId: command.referralId, reason: command.reason,
            isReReferral: reReferral != nil, previousWorkerId: reReferral?.previousWorkerId)))
    }
}
