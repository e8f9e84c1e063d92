/// Allocate, co-allocate, deallocate, transfer.
extension DecisionSession {
    mutating func allocate(_ command: DomainCommand.Allocate) throws(DomainError) {
        let record = try openCase(command.caseId, toDo: "allocate it")
        let worker = try activeWorker(command.workerId)
        if record.primaryWorkerId == command.workerId {
            throw .invalidState(subject: command.caseId, problem: "is already allocated to \(command.workerId)",
                                remedy: "nothing to change")
        }
        guard worker.teamId == record.teamId else {
            throw .invalidState(
                subject: command.caseId,
                problem: "sits with team \(record.teamId) and \(command.workerId) is in team \(worker.teamId)",
                remedy: "transfer the case (transfer with toWorkerId) to allocate across teams")
        }
        var evaluation = evaluation(justifications: command.justifications)
        if let current = record.primaryWorkerId {
            evaluation.breach(
                .jointPrimary, "\(command.caseId) already has \(current) as its primary worker",
                blockRemedy: "transfer the case (transfer) or deallocate \(current) first; joint working names one primary worker, others are co-allocated")
        }
        let figures = try checkHolding(
            record, by: worker, as: .primary,
            recording: AllocationRecordInput(rationale: command.rationale, tasks: command.tasks), evaluation: &evaluation)
        try evaluation.check()
        emit(.caseAllocated(CaseAllocated(
            caseId: command.caseId, workerId: command.workerId, teamId: record.teamId,
            previousWorkerId: record.primaryWorkerId, reason: command.reason, rationale: command.rationale,
            factorsConsidered: command.factorsConsidered, tasks: command.tasks,
            discussedWithWorker: command.discussedWithWorker, overrides: evaluation.overrides,
            caseloadAtAllocation: figures, findings: evaluation.findingsOrNil)), after: evaluation)
    }

    mutating func coAllocate(_ command: DomainCommand.CoAllocate) throws(DomainError) {
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
        var evaluation = evaluation(justifications: command.justifications)
        let figures = try checkHolding(
            record, by: worker, as: .coWorker,
            recording: AllocationRecordInput(rationale: command.rationale, tasks: command.tasks), evaluation: &evaluation)
        try evaluation.check()
        emit(.caseCoAllocated(CaseCoAllocated(
            caseId: command.caseId, workerId: command.workerId,
            teamId: worker.teamId == record.teamId ? nil : worker.teamId, primaryWorkerId: record.primaryWorkerId,
            reason: command.reason, rationale: command.rationale, factorsConsidered: command.factorsConsidered,
            tasks: command.tasks, discussedWithWorker: command.discussedWithWorker, overrides: evaluation.overrides,
            caseloadAtAllocation: figures, findings: evaluation.findingsOrNil)), after: evaluation)
    }

    mutating func deallocate(_ command: DomainCommand.Deallocate) throws(DomainError) {
        let record = try openCase(command.caseId, toDo: "deallocate it")
        let isPrimary = record.primaryWorkerId == command.workerId
        guard isPrimary || record.coWorkerIds.contains(command.workerId) else {
            throw .invalidState(subject: command.workerId, problem: "does not hold \(command.caseId)",
                                remedy: "its holders are \(record.holderIds.isEmpty ? "none (it is unallocated)" : record.holderIds.joined(separator: ", "))")
        }
        read(.worker(command.workerId))
        var evaluation = evaluation(justifications: command.justifications)
        if isPrimary, record.mustStayAllocated {
            evaluation.breach(
                .statutoryAllocated,
                "\(command.caseId) is a \(record.mustStayAllocatedGrounds) case and cannot be left unallocated",
                blockRemedy: "transfer it to another worker (transfer with toWorkerId) instead")
        }
        try evaluation.check()
        emit(.caseDeallocated(CaseDeallocated(
            caseId: command.caseId, workerId: command.workerId, isPrimary: isPrimary, reason: command.reason,
            rationale: command.rationale, remainsWithTeamId: record.teamId, overrides: evaluation.overridesOrNil,
            findings: evaluation.findingsOrNil)), after: evaluation)
    }

    mutating func transfer(_ command: DomainCommand.Transfer) throws(DomainError) {
        let record = try openCase(command.caseId, toDo: "transfer it")
        let receiving: WorkerState?
        if let toWorkerId = command.toWorkerId {
            receiving = try activeWorker(toWorkerId)
        } else {
            receiving = nil
        }
        let toTeamId = command.toTeamId ?? receiving?.teamId ?? record.teamId
        _ = try team(toTeamId)
        if let receiving, receiving.teamId != toTeamId {
            throw .invalidCommand(field: "toWorkerId",
                                  problem: "\(receiving.workerId) is in team \(receiving.teamId), not \(toTeamId)")
        }
        if receiving == nil, toTeamId == record.teamId {
            throw .invalidCommand(
                field: "toWorkerId",
                problem: "a transfer needs a receiving worker or another team; to leave the case with its team, deallocate")
        }
        if let receiving, receiving.workerId == record.primaryWorkerId, toTeamId == record.teamId {
            throw .invalidState(subject: command.caseId, problem: "is already allocated to \(receiving.workerId)",
                                remedy: "nothing to change")
        }
        var evaluation = evaluation(justifications: command.justifications)
        checkSummary(command.transferSummary.map { ($0.workDone, $0.outstandingWork, $0.responsibility) },
                     kind: "transfer", field: "transferSummary", evaluation: &evaluation)
        var figures: CaseloadFigures?
        if let receiving {
            figures = try checkHolding(
                record, by: receiving, as: .primary,
                recording: AllocationRecordInput(rationale: command.rationale, tasks: command.tasks),
                evaluation: &evaluation)
        } else if record.mustStayAllocated {
            evaluation.breach(
                .statutoryAllocated,
                "\(command.caseId) is a \(record.mustStayAllocatedGrounds) case and would arrive unallocated at team \(toTeamId)",
                blockRemedy: "name the receiving worker (toWorkerId)")
        }
        try evaluation.check()
        emit(.caseTransferred(CaseTransferred(
            caseId: command.caseId, fromWorkerId: record.primaryWorkerId, toWorkerId: receiving?.workerId,
            fromTeamId: record.teamId, toTeamId: toTeamId, reason: command.reason,
            transferSummary: command.transferSummary ?? TransferSummary(workDone: "", outstandingWork: "", responsibility: ""),
            rationale: command.rationale, factorsConsidered: command.factorsConsidered, tasks: command.tasks,
            discussedWithWorker: receiving == nil ? nil : (command.discussedWithWorker ?? false),
            overrides: evaluation.overrides, caseloadAtAllocation: figures, findings: evaluation.findingsOrNil)),
            after: evaluation)
    }
}
