import Foundation

/// The part of an event that shapes decision state, without its prose (rationales, tasks,
/// summaries of work done): what ``DecisionState`` keeps per stream so it can re-fold an entity
/// after a retraction without holding every payload in memory.
enum StateFact: Sendable, Hashable {
    case teamRegistered(TeamRegistered)
    case workerRegistered(WorkerRegistered)
    case workerRoleChanged(toRole: Role, isQualified: Bool, effectiveDate: LocalDate?)
    case workerMovedTeam(toTeamId: String)
    case workerAbsenceRecorded(Absence, workerId: String)
    case workerLeft(lastWorkingDate: LocalDate)
    case referralReceived(ReferralReceived)
    case referralDecided(outcome: ReferralOutcome)
    case categoryChanged(category: CaseCategory, flags: [CaseFlag])
    case riskAssessed(RiskLevel)
    case allocated(workerId: String, teamId: String)
    case coAllocated(workerId: String)
    case deallocated(workerId: String, isPrimary: Bool, remainsWithTeamId: String?)
    case transferred(toWorkerId: String?, toTeamId: String)
    case closureRequested(ClosureSummary)
    case closed
    case reopened(referralId: String, isReReferral: Bool, previousWorkerId: String?)
    case policyAdopted(Policy, effectiveFrom: Instant)

    /// The fact an event contributes, or nil when it does not change decision state (notes,
    /// oversight, letters, imports' bookkeeping) or cannot be read (a policy whose text does
    /// not parse is ignored rather than failing the fold).
    init?(_ event: LedgerEvent) {
        switch event {
        case .teamRegistered(let payload): self = .teamRegistered(payload)
        case .workerRegistered(let payload): self = .workerRegistered(payload)
        case .workerRoleChanged(let payload):
            self = .workerRoleChanged(toRole: payload.toRole, isQualified: payload.isQualified,
                                      effectiveDate: payload.effectiveDate)
        case .workerMovedTeam(let payload): self = .workerMovedTeam(toTeamId: payload.toTeamId)
        case .workerAbsenceRecorded(let payload):
            self = .workerAbsenceRecorded(
                Absence(absenceId: payload.absenceId, kind: payload.kind, startDate: payload.startDate,
                        endDate: payload.endDate, notifiedAt: payload.notifiedAt),
                workerId: payload.workerId)
        case .workerLeft(let payload): self = .workerLeft(lastWorkingDate: payload.lastWorkingDate)
        case .referralReceived(let payload): self = .referralReceived(payload)
        case .referralDecisionRecorded(let payload): self = .referralDecided(outcome: payload.outcome)
        case .caseCategoryChanged(let payload): self = .categoryChanged(category: payload.toCategory, flags: payload.flags)
        case .riskLevelAssessed(let payload): self = .riskAssessed(payload.riskLevel)
        case .caseAllocated(let payload): self = .allocated(workerId: payload.workerId, teamId: payload.teamId)
        case .caseCoAllocated(let payload): self = .coAllocated(workerId: payload.workerId)
        case .caseDeallocated(let payload):
            self = .deallocated(workerId: payload.workerId, isPrimary: payload.isPrimary,
                                remainsWithTeamId: payload.remainsWithTeamId)
        case .caseTransferred(let payload): self = .transferred(toWorkerId: payload.toWorkerId, toTeamId: payload.toTeamId)
        case .caseClosureRequested(let payload): self = .closureRequested(payload.closureSummary)
        case .caseClosed: self = .closed
        case .caseReopened(let payload):
            self = .reopened(referralId: payload.referralId, isReReferral: payload.isReReferral,
                             previousWorkerId: payload.previousWorkerId)
        case .policyAdopted(let payload):
            guard let policy = try? Policy.parse(Data(payload.policyJSON.utf8), path: "PolicyAdopted \(payload.policyId)")
            else { return nil }
            self = .policyAdopted(policy, effectiveFrom: payload.effectiveFrom)
        case .allocationDiscussionRecorded, .oversightRecorded, .caseNoteRecorded, .unallocatedMonitoringRecorded,
             .familyLetterSent, .unallocatedReviewRecorded, .escalationRecorded, .workloadConcernRaised,
             .entryRetracted, .importBatchRecorded, .involvementRecorded:
            return nil
        }
    }
}
