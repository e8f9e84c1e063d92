import LedgerEvents
import LedgerStore
import LedgerSupport

/// Referrals, decisions on them, and the shape of a case.
extension DecisionSession {
    package mutating func refer(_ command: DomainCommand.Refer) throws(DomainError) {
        try requireText(command.caseId, field: "caseId", why: "a case needs an id")
        try requireText(command.referralId, field: "referralId", why: "a referral needs an id")
        try requireText(command.familyId, field: "familyId", why: "the NQSW ramp and re-referrals match on the family")
        let team = try team(command.teamId)
        if view.caseTimeline(command.caseId) != nil {
            read(.case(command.caseId))
            if let existing = view.caseView(command.caseId), existing.isOpen, existing.referralId != nil {
                throw .invalidState(subject: command.caseId, problem: "is open (referral \(existing.referralId ?? ""))",
                                    remedy: "record the new information as a case note or a category change")
            }
        }
        let reReferral = reReferral(caseId: command.caseId, familyId: command.familyId)
        // A referral taking on an imported case its holders still hold is judged against them
        // (its category may make it statutory); a referral records no justification, so a rule it
        // breaks refuses it until the holders are put right.
        try emitJudged(acts: [], justifications: [:]) { _ in
            .referralReceived(ReferralReceived(
                caseId: command.caseId, referralId: command.referralId, familyId: command.familyId, teamId: team.teamId,
                serviceArea: command.serviceArea ?? team.serviceArea, category: command.category, flags: command.flags,
                source: command.source, riskLevel: command.riskLevel, isReReferral: reReferral != nil,
                previousWorkerId: reReferral?.previousWorkerId, previousClosureAt: reReferral?.previousClosureAt))
        }
    }

    /// A closure of this person or family less than the policy's window before now, in calendar
    /// days between London dates ("closed less than six weeks ago": 41 days is a re-referral,
    /// 42 is not). Legacy closures (the end of an imported involvement) are not closures here.
    package mutating func reReferral(caseId: String, familyId: String?) -> ReReferral? {
        var candidates = [caseId]
        if let familyId { candidates += view.caseIds(ofFamily: familyId) }
        var latest: (at: Instant, caseId: String, worker: String?)?
        for candidate in Set(candidates) {
            guard let record = view.caseView(candidate), !record.isOpen, let closedAt = record.closedAt,
                  closedAt <= context.occurredAt
            else { continue }
            if latest.map({ ($0.at, $0.caseId) < (closedAt, candidate) }) ?? true {
                latest = (closedAt, candidate, record.lastPrimaryWorkerId)
            }
        }
        guard let latest else { return nil }
        read(.case(latest.caseId))
        let days = LondonTime.localDate(of: latest.at).distance(to: date)
        guard days < policy.reReferralWindowDays else { return nil }
        return ReReferral(previousWorkerId: latest.worker, previousClosureAt: latest.at)
    }

    package mutating func recordReferralDecision(_ command: DomainCommand.RecordReferralDecision) throws(DomainError) {
        let record = try openCase(command.caseId, toDo: "record a referral decision")
        let current = record.referralId ?? ""
        let referralId = command.referralId ?? current
        guard referralId == current else {
            throw .invalidCommand(field: "referralId",
                                  problem: "\(referralId) is not \(command.caseId)'s current referral \(current)")
        }
        try requireText(command.rationale, field: "rationale", why: "a decision on a referral records why")
        emit(.referralDecisionRecorded(ReferralDecisionRecorded(
            caseId: command.caseId, referralId: referralId, outcome: command.outcome, rationale: command.rationale,
            deciderId: actor.id)))
    }

    package mutating func changeCategory(_ command: DomainCommand.ChangeCategory) throws(DomainError) {
        let record = try openCase(command.caseId, toDo: "change its category")
        let flags = canonicalSet(command.flags ?? record.flags)
        guard command.toCategory != record.category || flags != record.flags else {
            throw .invalidState(subject: command.caseId,
                                problem: "is already \(record.category?.displayName ?? "uncategorised") with these flags",
                                remedy: "nothing to change")
        }
        try requireText(command.reason, field: "reason", why: "say why the category changes")
        // A case that becomes statutory, court, child-in-care or pre-birth must suit its holders.
        try emitJudged(acts: [], justifications: command.justifications) { evaluation in
            .caseCategoryChanged(CaseCategoryChanged(
                caseId: command.caseId, fromCategory: record.category, toCategory: command.toCategory, flags: flags,
                reason: command.reason, overrides: evaluation.overridesOrNil, findings: evaluation.findingsOrNil))
        }
    }

    package mutating func assessRisk(_ command: DomainCommand.AssessRisk) throws(DomainError) {
        let record = try openCase(command.caseId, toDo: "assess its risk")
        // A case becoming high risk must suit its holders (SWO-RISK).
        try emitJudged(acts: [], justifications: command.justifications) { evaluation in
            .riskLevelAssessed(RiskLevelAssessed(
                caseId: command.caseId, riskLevel: command.riskLevel, previousRiskLevel: record.riskLevel,
                rationale: command.rationale, overrides: evaluation.overridesOrNil, findings: evaluation.findingsOrNil))
        }
    }

    package mutating func reopen(_ command: DomainCommand.Reopen) throws(DomainError) {
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
