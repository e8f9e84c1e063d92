import LedgerEvents
import LedgerStore
import LedgerSupport

/// Allocate, co-allocate, deallocate, transfer.
extension DecisionSession {
    package mutating func allocate(_ command: DomainCommand.Allocate) throws(DomainError) {
        let record = try openCase(command.caseId, toDo: "allocate it")
        let worker = try activeWorker(command.workerId)
        if record.primaryWorkerId == command.workerId {
            throw .invalidState(subject: command.caseId, problem: "is already allocated to \(command.workerId)",
                                remedy: "nothing to change")
        }
        guard let teamId = record.teamId, worker.teamId == teamId else {
            throw .invalidState(
                subject: command.caseId,
                problem: "sits with team \(record.teamId ?? "none") and \(command.workerId) is in team \(worker.teamId ?? "none")",
                remedy: "transfer the case (transfer with toWorkerId) to allocate across teams")
        }
        func make(_ evaluation: RuleEvaluation, figures: CaseloadFigures?) -> LedgerEvent {
            .caseAllocated(CaseAllocated(
                caseId: command.caseId, workerId: command.workerId, teamId: teamId,
                previousWorkerId: record.primaryWorkerId, reason: command.reason, rationale: command.rationale,
                factorsConsidered: command.factorsConsidered, tasks: command.tasks,
                discussedWithWorker: command.discussedWithWorker, overrides: evaluation.overrides,
                caseloadAtAllocation: figures, findings: evaluation.findingsOrNil))
        }
        var notes: [String] = []
        let (acts, figures) = try holdingViolations(
            record, caseId: command.caseId, by: worker, workerId: command.workerId, isPrimary: true, replacesPrimary: false,
            rationale: command.rationale, tasks: command.tasks, provisional: make(evaluation(), figures: nil), notes: &notes)
        try emitJudged(acts: acts, justifications: command.justifications, notes: notes) { make($0, figures: figures) }
    }

    package mutating func coAllocate(_ command: DomainCommand.CoAllocate) throws(DomainError) {
        let record = try openCase(command.caseId, toDo: "co-allocate it")
        let worker = try activeWorker(command.workerId)
        if record.primaryWorkerId == command.workerId {
            throw .invalidState(subject: command.workerId, problem: "is already \(command.caseId)'s primary worker",
                                remedy: "co-allocate someone else")
        }
        if record.coWorkerIds.contains(command.workerId) {
            throw .invalidState(subject: command.workerId, problem: "already co-works \(command.caseId)",
                                remedy: "nothing to change")
        }
        func make(_ evaluation: RuleEvaluation, figures: CaseloadFigures?) -> LedgerEvent {
            .caseCoAllocated(CaseCoAllocated(
                caseId: command.caseId, workerId: command.workerId,
                teamId: worker.teamId == record.teamId ? nil : worker.teamId, primaryWorkerId: record.primaryWorkerId,
                reason: command.reason, rationale: command.rationale, factorsConsidered: command.factorsConsidered,
                tasks: command.tasks, discussedWithWorker: command.discussedWithWorker, overrides: evaluation.overrides,
                caseloadAtAllocation: figures, findings: evaluation.findingsOrNil))
        }
        var notes: [String] = []
        let (acts, figures) = try holdingViolations(
            record, caseId: command.caseId, by: worker, workerId: command.workerId, isPrimary: false, replacesPrimary: false,
            rationale: command.rationale, tasks: command.tasks, provisional: make(evaluation(), figures: nil), notes: &notes)
        try emitJudged(acts: acts, justifications: command.justifications, notes: notes) { make($0, figures: figures) }
    }

    package mutating func deallocate(_ command: DomainCommand.Deallocate) throws(DomainError) {
        let record = try openCase(command.caseId, toDo: "deallocate it")
        let isPrimary = record.primaryWorkerId == command.workerId
        guard isPrimary || record.coWorkerIds.contains(command.workerId) else {
            throw .invalidState(subject: command.workerId, problem: "does not hold \(command.caseId)",
                                remedy: "its holders are \(record.holderIds.isEmpty ? "none (it is unallocated)" : record.holderIds.joined(separator: ", "))")
        }
        read(.worker(command.workerId))
        // Deallocating leaves the case with its team; breaking an invariant (a statutory case left
        // unallocated, an ASYE left alone on a pre-birth assessment) is judged on the state after.
        try emitJudged(acts: [], justifications: command.justifications) { evaluation in
            .caseDeallocated(CaseDeallocated(
                caseId: command.caseId, workerId: command.workerId, isPrimary: isPrimary, reason: command.reason,
                rationale: command.rationale, remainsWithTeamId: record.teamId, overrides: evaluation.overridesOrNil,
                findings: evaluation.findingsOrNil))
        }
    }

    package mutating func transfer(_ command: DomainCommand.Transfer) throws(DomainError) {
        let record = try openCase(command.caseId, toDo: "transfer it")
        let receiving: WorkerView?
        if let toWorkerId = command.toWorkerId {
            receiving = try activeWorker(toWorkerId)
        } else {
            receiving = nil
        }
        guard let fromTeamId = record.teamId else { throw .unknownCase(caseId: command.caseId) }
        let toTeamId = command.toTeamId ?? receiving?.teamId ?? fromTeamId
        _ = try team(toTeamId)
        if let receiving, let toWorkerId = command.toWorkerId, receiving.teamId != toTeamId {
            throw .invalidCommand(field: "toWorkerId",
                                  problem: "\(toWorkerId) is in team \(receiving.teamId ?? "none"), not \(toTeamId)")
        }
        if receiving == nil, toTeamId == fromTeamId {
            throw .invalidCommand(
                field: "toWorkerId",
                problem: "a transfer needs a receiving worker or another team; to leave the case with its team, deallocate")
        }
        if let toWorkerId = command.toWorkerId, toWorkerId == record.primaryWorkerId, toTeamId == fromTeamId {
            throw .invalidState(subject: command.caseId, problem: "is already allocated to \(toWorkerId)",
                                remedy: "nothing to change")
        }
        var acts: [RuleViolation] = []
        acts += [PolicyRules.summaryViolation(
            caseId: command.caseId, kind: .transfer,
            missing: command.transferSummary.map { Self.summaryGaps(workDone: $0.workDone, outstandingWork: $0.outstandingWork,
                                                                   responsibility: $0.responsibility) })].compactMap { $0 }
        func make(_ evaluation: RuleEvaluation, figures: CaseloadFigures?) -> LedgerEvent {
            .caseTransferred(CaseTransferred(
                caseId: command.caseId, fromWorkerId: record.primaryWorkerId, toWorkerId: command.toWorkerId,
                fromTeamId: fromTeamId, toTeamId: toTeamId, reason: command.reason,
                transferSummary: command.transferSummary ?? TransferSummary(workDone: "", outstandingWork: "", responsibility: ""),
                rationale: command.rationale, factorsConsidered: command.factorsConsidered, tasks: command.tasks,
                discussedWithWorker: receiving == nil ? nil : (command.discussedWithWorker ?? false),
                overrides: evaluation.overrides, caseloadAtAllocation: figures, findings: evaluation.findingsOrNil))
        }
        var figures: CaseloadFigures?
        var notes: [String] = []
        if let receiving, let toWorkerId = command.toWorkerId {
            let judged = try holdingViolations(
                record, caseId: command.caseId, by: receiving, workerId: toWorkerId, isPrimary: true, replacesPrimary: true,
                rationale: command.rationale, tasks: command.tasks, provisional: make(evaluation(), figures: nil),
                notes: &notes)
            acts += judged.violations
            figures = judged.figures
        } else if record.mustStayAllocated, record.hasHadPrimaryInPeriod {
            // The invariant breaks the moment the case loses its worker (a new referral still
            // waits within its allocation timescale); named here for the receiving team.
            acts.append(RuleViolation(
                rule: .statutoryAllocated, caseId: command.caseId, workerId: nil,
                finding: "\(command.caseId) is a \(record.mustStayAllocatedGrounds) case and would arrive unallocated at team \(toTeamId)",
                remedy: "name the receiving worker (toWorkerId)"))
        }
        let resolved = figures
        try emitJudged(acts: acts, justifications: command.justifications, notes: notes) { make($0, figures: resolved) }
    }

    /// The parts of a closure or transfer summary left blank.
    package static func summaryGaps(workDone: String, outstandingWork: String, responsibility: String) -> [String] {
        let blank = { (text: String) in text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty }
        var missing: [String] = []
        if blank(workDone) { missing.append("work done") }
        if blank(outstandingWork) { missing.append("outstanding work (write \"none\" if there is none)") }
        if blank(responsibility) { missing.append("whose responsibility it is") }
        return missing
    }
}
