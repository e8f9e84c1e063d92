import LedgerDomain
import LedgerEvents
import LedgerStore
import LedgerSupport

/// One line in words for any event, for trails and text reports. Identifiers only, as stored.
public enum EventSummary {
    public static func describe(_ event: LedgerEvent) -> String {
        switch event {
        case .teamRegistered(let p): return "team \(p.teamId) registered (\(p.serviceArea.displayName))"
        case .workerRegistered(let p):
            return "worker \(p.workerId) registered in \(p.teamId) as \(p.role.displayName) from \(p.startDate)"
                + (p.isAgency ? ", agency" : "")
        case .workerRoleChanged(let p):
            return "worker \(p.workerId): \(p.fromRole.displayName) → \(p.toRole.displayName)"
                + (p.effectiveDate.map { " from \($0)" } ?? "")
        case .workerMovedTeam(let p): return "worker \(p.workerId) moved \(p.fromTeamId) → \(p.toTeamId)"
        case .workerAbsenceRecorded(let p):
            return "worker \(p.workerId) absence \(p.absenceId): \(p.kind.rawValue) \(p.startDate)…\(p.endDate?.description ?? "open-ended")"
        case .workerLeft(let p): return "worker \(p.workerId) leaves; last working day \(p.lastWorkingDate)"
        case .referralReceived(let p):
            return "referral \(p.referralId) received by \(p.teamId): \(p.category.displayName)"
                + (p.flags.isEmpty ? "" : " [\(p.flags.map(\.rawValue).joined(separator: ", "))]")
                + (p.riskLevel.map { ", risk \($0.rawValue)" } ?? "") + (p.isReReferral ? ", re-referral" : "")
        case .referralDecisionRecorded(let p):
            return "decision on \(p.referralId) by \(p.deciderId): \(p.outcome.rawValue) — \(p.rationale)"
        case .caseCategoryChanged(let p):
            return "category \(p.fromCategory?.displayName ?? "?") → \(p.toCategory.displayName): \(p.reason)"
        case .riskLevelAssessed(let p): return "risk assessed \(p.riskLevel.rawValue): \(p.rationale)"
        case .caseAllocated(let p):
            return "allocated to \(p.workerId) (primary, \(p.teamId)) for \(p.reason.rawValue)"
                + (p.previousWorkerId.map { ", replacing \($0)" } ?? "") + ": \(p.rationale)"
                + (p.overrides.isEmpty ? "" : " [overrides \(p.overrides.map(\.ruleId).joined(separator: ", "))]")
        case .caseCoAllocated(let p):
            return "co-allocated to \(p.workerId) for \(p.reason.rawValue): \(p.rationale)"
                + (p.overrides.isEmpty ? "" : " [overrides \(p.overrides.map(\.ruleId).joined(separator: ", "))]")
        case .caseDeallocated(let p):
            return "\(p.workerId) stops holding (\(p.isPrimary ? "primary" : "co-worker")) for \(p.reason.rawValue): \(p.rationale)"
        case .caseTransferred(let p):
            return "transferred \(p.fromTeamId) → \(p.toTeamId)"
                + (p.toWorkerId.map { " to \($0)" } ?? " unallocated") + " for \(p.reason.rawValue): \(p.rationale)"
        case .caseClosureRequested(let p): return "closure requested by \(p.requestedById)"
        case .caseClosed(let p):
            return "closed, authorised by \(p.authorisingManagerId)"
                + (p.evidenceNeedsAddressed.map { "; needs addressed: \($0)" } ?? "")
        case .caseReopened(let p): return "reopened on \(p.referralId): \(p.reason)"
        case .allocationDiscussionRecorded(let p): return "allocation discussion with \(p.workerId) by \(p.managerId)"
        case .oversightRecorded(let p): return "oversight by \(p.managerId): \(p.needsToHappen)"
        case .caseNoteRecorded(let p):
            let text = p.text.count > 120 ? String(p.text.prefix(119)) + "…" : p.text
            return "note (\(p.noteKind?.rawValue ?? "general")) by \(p.authorId): \(text)"
        case .unallocatedMonitoringRecorded(let p):
            return "unallocated monitoring: visits \(p.visitingFrequency.rawValue); \(p.managementPlan)"
        case .familyLetterSent(let p):
            return "letter sent \(p.sentOn) to \(p.recipients.map(\.rawValue).joined(separator: ", "))"
        case .unallocatedReviewRecorded(let p): return "unallocated review by \(p.reviewerId): \(p.outcome)"
        case .escalationRecorded(let p): return "escalated to \(p.level.rawValue) \(p.escalatedToId): \(p.reason)"
        case .workloadConcernRaised(let p): return "workload concern (\(p.scope.rawValue)): \(p.concern)"
        case .entryRetracted(let p):
            return "retracts entry \(p.retractedSequenceNumber): \(p.reason) (authorised by \(p.authorisingManagerId))"
                + (p.replacementFollows ? "; corrected entry follows" : "")
        case .importBatchRecorded(let p): return "import \(p.batchId) of \(p.fileName): \(p.rowCountImported) rows"
        case .policyAdopted(let p): return "policy \(p.policyId) adopted from \(p.effectiveFrom)"
        case .involvementRecorded(let p):
            return "involvement \(p.involvementType) of \(p.workerId ?? "team \(p.teamId ?? "?")")"
        }
    }
}
