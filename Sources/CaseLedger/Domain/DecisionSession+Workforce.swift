/// Teams, workers and policy adoption.
extension DecisionSession {
    mutating func registerTeam(_ command: DomainCommand.RegisterTeam) throws(DomainError) {
        try requireText(command.teamId, field: "teamId", why: "a team needs an id")
        try requireText(command.name, field: "name", why: "give the team's working name")
        guard state.teams[command.teamId] == nil else { throw .alreadyExists(kind: "team", identifier: command.teamId) }
        emit(.teamRegistered(TeamRegistered(
            teamId: command.teamId, name: command.name, serviceArea: command.serviceArea, managerId: command.managerId)))
    }

    mutating func registerWorker(_ command: DomainCommand.RegisterWorker) throws(DomainError) {
        try requireText(command.workerId, field: "workerId", why: "a worker needs an id")
        guard state.workers[command.workerId] == nil else {
            throw .alreadyExists(kind: "worker", identifier: command.workerId)
        }
        _ = try team(command.teamId)
        guard (1...100).contains(command.fullTimeEquivalentPercent) else {
            throw .invalidCommand(field: "fullTimeEquivalentPercent",
                                  problem: "is \(command.fullTimeEquivalentPercent); give hours as 1 to 100 percent of full time")
        }
        emit(.workerRegistered(WorkerRegistered(
            workerId: command.workerId, teamId: command.teamId, role: command.role, startDate: command.startDate,
            isAgency: command.isAgency, isQualified: command.isQualified,
            fullTimeEquivalentPercent: command.fullTimeEquivalentPercent)))
    }

    mutating func changeRole(_ command: DomainCommand.ChangeRole) throws(DomainError) {
        let worker = try activeWorker(command.workerId)
        let effective = command.effectiveDate ?? date
        let current = worker.rolePeriod(on: effective)
        // A role that requires a qualification implies one; otherwise the status carries over.
        let isQualified = command.isQualified ?? (command.toRole.isQualifiedSocialWorkRole ? true : current.isQualified)
        guard current.role != command.toRole || current.isQualified != isQualified else {
            throw .invalidState(subject: command.workerId, problem: "is already \(command.toRole.displayName) on \(effective)",
                                remedy: "nothing to change")
        }
        emit(.workerRoleChanged(WorkerRoleChanged(
            workerId: command.workerId, fromRole: current.role, toRole: command.toRole, isQualified: isQualified,
            effectiveDate: command.effectiveDate)))
    }

    mutating func moveTeam(_ command: DomainCommand.MoveTeam) throws(DomainError) {
        let worker = try activeWorker(command.workerId)
        _ = try team(command.toTeamId)
        guard worker.teamId != command.toTeamId else {
            throw .invalidState(subject: command.workerId, problem: "is already in team \(command.toTeamId)",
                                remedy: "nothing to change")
        }
        emit(.workerMovedTeam(WorkerMovedTeam(workerId: command.workerId, fromTeamId: worker.teamId,
                                              toTeamId: command.toTeamId)))
    }

    mutating func recordAbsence(_ command: DomainCommand.RecordAbsence) throws(DomainError) {
        _ = try worker(command.workerId)
        try requireText(command.absenceId, field: "absenceId", why: "an absence needs an id so it can be re-recorded")
        if let endDate = command.endDate, endDate < command.startDate {
            throw .invalidCommand(field: "endDate",
                                  problem: "\(endDate) is before the start date \(command.startDate); give the last day away")
        }
        emit(.workerAbsenceRecorded(WorkerAbsenceRecorded(
            workerId: command.workerId, absenceId: command.absenceId, kind: command.kind, startDate: command.startDate,
            endDate: command.endDate, notifiedAt: command.notifiedAt)))
    }

    mutating func recordLeaving(_ command: DomainCommand.RecordLeaving) throws(DomainError) {
        let worker = try worker(command.workerId)
        guard command.lastWorkingDate >= worker.startDate else {
            throw .invalidCommand(field: "lastWorkingDate",
                                  problem: "\(command.lastWorkingDate) is before \(command.workerId) started on \(worker.startDate)")
        }
        emit(.workerLeft(WorkerLeft(workerId: command.workerId, lastWorkingDate: command.lastWorkingDate,
                                    reason: command.reason)))
    }

    mutating func adoptPolicy(_ command: DomainCommand.AdoptPolicy) throws(DomainError) {
        do {
            try command.policy.validate(path: "policy \(command.policy.policyId)")
        } catch {
            throw .invalidCommand(field: "policy", problem: error.description)
        }
        try requireText(command.policy.policyId, field: "policy.policyId", why: "a policy needs an id")
        let json = command.policy.canonicalJSON()
        emit(.policyAdopted(PolicyAdopted(
            policyId: command.policy.policyId, profile: command.policy.profile,
            contentSHA256: command.policy.contentHash.hex, effectiveFrom: command.effectiveFrom,
            policyJSON: String(decoding: json, as: UTF8.self))))
    }
}
