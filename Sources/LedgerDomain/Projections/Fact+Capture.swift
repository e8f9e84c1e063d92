import LedgerEvents
import LedgerStore
import LedgerSupport

extension FactDetail {
    /// The facts of `event` the projections read; never fails (an unexpected payload becomes `.other`).
    public init(capturing event: LedgerEvent) {
        switch event {
        case .referralReceived(let payload):
            self = .referralReceived(
                referralId: payload.referralId, familyId: payload.familyId, teamId: payload.teamId,
                serviceArea: payload.serviceArea, category: payload.category, flags: payload.flags,
                riskLevel: payload.riskLevel, isReReferral: payload.isReReferral,
                previousWorkerId: payload.previousWorkerId)
        case .referralDecisionRecorded(let payload):
            self = .referralDecision(referralId: payload.referralId, outcome: payload.outcome)
        case .caseCategoryChanged(let payload):
            self = .categoryChanged(category: payload.toCategory, flags: payload.flags)
        case .riskLevelAssessed(let payload):
            self = .riskAssessed(riskLevel: payload.riskLevel)
        case .caseAllocated(let payload):
            self = .allocated(
                workerId: payload.workerId, teamId: payload.teamId, previousWorkerId: payload.previousWorkerId,
                reason: payload.reason,
                record: Self.record(payload.record))
        case .caseCoAllocated(let payload):
            self = .coAllocated(
                workerId: payload.workerId, teamId: payload.teamId, reason: payload.reason,
                record: Self.record(payload.record))
        case .caseDeallocated(let payload):
            self = .deallocated(
                workerId: payload.workerId, isPrimary: payload.isPrimary, reason: payload.reason,
                remainsWithTeamId: payload.remainsWithTeamId)
        case .caseTransferred(let payload):
            self = .transferred(
                fromWorkerId: payload.fromWorkerId, toWorkerId: payload.toWorkerId, fromTeamId: payload.fromTeamId,
                toTeamId: payload.toTeamId, reason: payload.reason,
                record: Self.record(payload.record))
        case .caseClosureRequested(let payload):
            self = .closureRequested(requestedById: payload.requestedById)
        case .caseClosed(let payload):
            let summary = payload.closureSummary
            self = .closed(
                authorisingManagerId: payload.authorisingManagerId,
                summaryComplete: !Self.isBlank(summary.workDone) && !Self.isBlank(summary.outstandingWork)
                    && !Self.isBlank(summary.responsibility),
                hasEvidenceNeedsAddressed: !Self.isBlank(payload.evidenceNeedsAddressed ?? ""),
                overriddenRuleIds: payload.overrides.map(\.ruleId))
        case .caseReopened(let payload):
            self = .reopened(
                referralId: payload.referralId, isReReferral: payload.isReReferral,
                previousWorkerId: payload.previousWorkerId)
        case .allocationDiscussionRecorded(let payload):
            self = .allocationDiscussion(workerId: payload.workerId)
        case .oversightRecorded(let payload):
            self = .oversight(managerId: payload.managerId)
        case .caseNoteRecorded:
            self = .caseNote
        case .unallocatedMonitoringRecorded:
            self = .unallocatedMonitoring
        case .familyLetterSent:
            self = .familyLetter
        case .unallocatedReviewRecorded:
            self = .unallocatedReview
        case .escalationRecorded(let payload):
            self = .escalation(level: payload.level)
        case .involvementRecorded(let payload):
            self = .involvement(
                workerId: payload.workerId, teamId: payload.teamId, endedAt: payload.endedAt,
                holdsCase: payload.holdsCase)
        case .entryRetracted(let payload):
            self = .retraction(
                targetSequence: payload.retractedSequenceNumber, replacementFollows: payload.replacementFollows)
        case .workerRegistered(let payload):
            self = .workerRegistered(
                teamId: payload.teamId, role: payload.role, startDate: payload.startDate, isAgency: payload.isAgency,
                isQualified: payload.isQualified, fullTimeEquivalentPercent: payload.fullTimeEquivalentPercent)
        case .workerRoleChanged(let payload):
            self = .workerRoleChanged(
                role: payload.toRole, isQualified: payload.isQualified, effectiveDate: payload.effectiveDate)
        case .workerMovedTeam(let payload):
            self = .workerMovedTeam(fromTeamId: payload.fromTeamId, toTeamId: payload.toTeamId)
        case .workerAbsenceRecorded(let payload):
            self = .workerAbsence(
                absenceId: payload.absenceId, kind: payload.kind, startDate: payload.startDate,
                endDate: payload.endDate, notifiedAt: payload.notifiedAt)
        case .workerLeft(let payload):
            self = .workerLeft(lastWorkingDate: payload.lastWorkingDate)
        case .workloadConcernRaised:
            self = .workloadConcern
        case .teamRegistered(let payload):
            self = .teamRegistered(name: payload.name, serviceArea: payload.serviceArea, managerId: payload.managerId)
        case .policyAdopted(let payload):
            self = .policyAdopted(
                policyId: payload.policyId, profile: payload.profile, contentSHA256: payload.contentSHA256,
                effectiveFrom: payload.effectiveFrom, policyJSON: payload.policyJSON)
        case .importBatchRecorded:
            self = .other
        }
    }

    package static func record(_ record: AllocationRecord) -> AllocationRecordFacts {
        AllocationRecordFacts(
            overriddenRuleIds: record.overrides.map(\.ruleId), hasTasks: !record.tasks.isEmpty,
            hasRationale: !isBlank(record.rationale))
    }

    package static func isBlank(_ text: String) -> Bool {
        text.allSatisfy(\.isWhitespace)
    }
}
