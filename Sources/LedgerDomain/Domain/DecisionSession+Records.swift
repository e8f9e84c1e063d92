import LedgerEvents
import LedgerStore
import LedgerSupport

/// Practice records that do not change who holds what.
extension DecisionSession {
    package mutating func recordAllocationDiscussion(_ command: DomainCommand.RecordAllocationDiscussion) throws(DomainError) {
        _ = try openCase(command.caseId, toDo: "record an allocation discussion")
        _ = try activeWorker(command.workerId)
        emit(.allocationDiscussionRecorded(AllocationDiscussionRecorded(
            caseId: command.caseId, workerId: command.workerId, managerId: actor.id, discussedAt: command.discussedAt,
            notes: command.notes, agreedTasks: command.agreedTasks)))
    }

    package mutating func recordOversight(_ command: DomainCommand.RecordOversight) throws(DomainError) {
        _ = try openCase(command.caseId, toDo: "record oversight")
        let headings = [command.summaryHistory, command.workingWell, command.worriedAbout, command.needsToHappen,
                        command.voiceOfChild, command.expectationsAndTimeframes]
        try requireText(headings.joined(), field: "oversight", why: "write at least one of the oversight headings")
        emit(.oversightRecorded(OversightRecorded(
            caseId: command.caseId, managerId: actor.id, summaryHistory: command.summaryHistory,
            workingWell: command.workingWell, worriedAbout: command.worriedAbout, needsToHappen: command.needsToHappen,
            voiceOfChild: command.voiceOfChild, expectationsAndTimeframes: command.expectationsAndTimeframes,
            riskAssessmentsNeeded: command.riskAssessmentsNeeded, nextOversightDue: command.nextOversightDue)))
    }

    package mutating func recordCaseNote(_ command: DomainCommand.RecordCaseNote) throws(DomainError) {
        // Notes may follow a closure (a late contact, a closing letter), so the case need not be open.
        _ = try existingCase(command.caseId)
        try requireText(command.text, field: "text", why: "a case note needs its text")
        emit(.caseNoteRecorded(CaseNoteRecorded(
            caseId: command.caseId, authorId: actor.id, noteKind: command.noteKind, text: command.text)))
    }

    package mutating func recordUnallocatedMonitoring(_ command: DomainCommand.RecordUnallocatedMonitoring) throws(DomainError) {
        _ = try unallocatedCase(command.caseId, toDo: "record unallocated monitoring")
        try requireText(command.managementPlan, field: "managementPlan", why: "say how the child is kept safe until allocation")
        if command.visitingFrequency == .other {
            try requireText(command.visitingFrequencyDetail ?? "", field: "visitingFrequencyDetail",
                            why: "describe the visiting arrangements when the frequency is \"other\"")
        }
        emit(.unallocatedMonitoringRecorded(UnallocatedMonitoringRecorded(
            caseId: command.caseId, managementPlan: command.managementPlan, visitingFrequency: command.visitingFrequency,
            visitingFrequencyDetail: command.visitingFrequencyDetail, childLastSeen: command.childLastSeen,
            partnerAgencyMonitoring: command.partnerAgencyMonitoring, recordedById: actor.id)))
    }

    package mutating func sendFamilyLetter(_ command: DomainCommand.SendFamilyLetter) throws(DomainError) {
        _ = try unallocatedCase(command.caseId, toDo: "record a letter about waiting for allocation")
        guard !command.recipients.isEmpty else {
            throw .invalidCommand(field: "recipients", problem: "is empty; name the family and the agencies written to")
        }
        emit(.familyLetterSent(FamilyLetterSent(
            caseId: command.caseId, recipients: command.recipients, sentOn: command.sentOn,
            includesTeamContactDetails: command.includesTeamContactDetails,
            includesVisitingArrangements: command.includesVisitingArrangements)))
    }

    package mutating func recordUnallocatedReview(_ command: DomainCommand.RecordUnallocatedReview) throws(DomainError) {
        _ = try unallocatedCase(command.caseId, toDo: "record an unallocated review")
        try requireText(command.outcome, field: "outcome", why: "say what the review decided")
        emit(.unallocatedReviewRecorded(UnallocatedReviewRecorded(
            caseId: command.caseId, reviewerId: actor.id, outcome: command.outcome, nextReviewDue: command.nextReviewDue)))
    }

    package mutating func escalate(_ command: DomainCommand.Escalate) throws(DomainError) {
        _ = try unallocatedCase(command.caseId, toDo: "escalate it as unallocated")
        let recipient = try activeWorker(command.escalatedToId)
        let role = recipient.role
        let acceptable: Set<Role> = command.level == .serviceManager ? [.serviceManager, .headOfService] : [.headOfService]
        guard let role, acceptable.contains(role) else {
            throw .invalidCommand(
                field: "escalatedToId",
                problem: "\(command.escalatedToId) is \(role?.displayName.withArticle ?? "in no role"); an escalation to \(command.level == .serviceManager ? "a service manager" : "a head of service") goes to one")
        }
        try requireText(command.reason, field: "reason", why: "say why the case cannot be allocated")
        emit(.escalationRecorded(EscalationRecorded(
            caseId: command.caseId, level: command.level, escalatedToId: command.escalatedToId, reason: command.reason)))
    }

    package mutating func raiseWorkloadConcern(_ command: DomainCommand.RaiseWorkloadConcern) throws(DomainError) {
        try requireText(command.concern, field: "concern", why: "describe the concern")
        switch command.scope {
        case .individual:
            let workerId = command.workerId ?? actor.id
            let worker = try worker(workerId)
            guard let teamId = command.teamId ?? worker.teamId else {
                throw .invalidCommand(field: "teamId", problem: "is missing; name the team the concern is about")
            }
            _ = try team(teamId)
            emit(.workloadConcernRaised(.individual(
                workerId: workerId, teamId: teamId, raisedById: actor.id, concern: command.concern,
                reviewDue: command.reviewDue)))
        case .team:
            guard command.workerId == nil else {
                throw .invalidCommand(field: "workerId",
                                      problem: "a team concern names no worker; raise an individual concern instead")
            }
            guard let teamId = command.teamId ?? view.worker(actor.id)?.teamId else {
                throw .invalidCommand(field: "teamId", problem: "is missing; name the team the concern is about")
            }
            _ = try team(teamId)
            emit(.workloadConcernRaised(.team(
                teamId: teamId, raisedById: actor.id, concern: command.concern, reviewDue: command.reviewDue)))
        }
    }
}
