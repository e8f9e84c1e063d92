import LedgerEvents
import LedgerStore
import LedgerSupport

/// Teams, workers and policy adoption.
extension DecisionSession {
    package mutating func registerTeam(_ command: DomainCommand.RegisterTeam) throws(DomainError) {
        try requireText(command.teamId, field: "teamId", why: "a team needs an id")
        try requireText(command.name, field: "name", why: "give the team's working name")
        guard !view.teamExists(command.teamId) else { throw .alreadyExists(kind: "team", identifier: command.teamId) }
        emit(.teamRegistered(TeamRegistered(
            teamId: command.teamId, name: command.name, serviceArea: command.serviceArea, managerId: command.managerId)))
    }

    package mutating func registerWorker(_ command: DomainCommand.RegisterWorker) throws(DomainError) {
        try requireText(command.workerId, field: "workerId", why: "a worker needs an id")
        guard !view.workerExists(command.workerId) else {
            throw .alreadyExists(kind: "worker", identifier: command.workerId)
        }
        _ = try team(command.teamId)
        guard (1...100).contains(command.fullTimeEquivalentPercent) else {
            throw .invalidCommand(field: "fullTimeEquivalentPercent",
                                  problem: "is \(command.fullTimeEquivalentPercent); give hours as 1 to 100 percent of full time")
        }
        if let number = command.socialWorkEnglandNumber {
            // The DfE's returns reject an id that does not begin SW (SSDA903 rule SW02).
            guard number.count >= 3, number.count <= 12, number.hasPrefix("SW"),
                  number.utf8.dropFirst(2).allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) else {
                throw .invalidCommand(field: "socialWorkEnglandNumber",
                                      problem: "is '\(number)'; give the registration number as SW followed by its digits, e.g. SW123456")
            }
        }
        if let login = command.login, let problem = Self.loginProblem(login) {
            throw .invalidCommand(field: "login", problem: "is '\(login)'; \(problem)")
        }
        emit(.workerRegistered(WorkerRegistered(
            workerId: command.workerId, teamId: command.teamId, role: command.role, startDate: command.startDate,
            isAgency: command.isAgency, isQualified: command.isQualified,
            fullTimeEquivalentPercent: command.fullTimeEquivalentPercent,
            socialWorkEnglandNumber: command.socialWorkEnglandNumber, login: command.login)))
    }

    /// Why `login` cannot be an operating-system account name, or nil. Portable user names
    /// (POSIX: letters, digits, `.`, `_`, `-`, not starting with `-`) plus `@` for directory
    /// accounts such as `jo@council.example`; at most 64 bytes.
    package static func loginProblem(_ login: String) -> String? {
        let bytes = Array(login.utf8)
        guard !bytes.isEmpty, bytes.count <= 64 else { return "give the operating-system account name (--login), 1 to 64 characters" }
        guard bytes[0] != UInt8(ascii: "-") else { return "an operating-system account name (--login) does not start with '-'" }
        let allowed = bytes.allSatisfy { byte in
            (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "@")
        }
        return allowed ? nil : "give the operating-system account name (--login): letters, digits, '.', '_', '-' and '@' only"
    }

    package mutating func changeRole(_ command: DomainCommand.ChangeRole) throws(DomainError) {
        _ = try activeWorker(command.workerId)
        let effective = command.effectiveDate ?? date
        // The role in force on the effective day, which may be later than the command.
        let current = view.workerTimeline(command.workerId)?.state(at: LondonTime.startOfDay(effective))
            ?? view.worker(command.workerId)
        let currentRole = current?.role ?? command.toRole
        let currentQualified = current?.isQualified ?? false
        // A role that requires a qualification implies one; otherwise the status carries over.
        let isQualified = command.isQualified ?? (command.toRole.isQualifiedSocialWorkRole ? true : currentQualified)
        guard currentRole != command.toRole || currentQualified != isQualified else {
            throw .invalidState(subject: command.workerId, problem: "is already \(command.toRole.displayName) on \(effective)",
                                remedy: "nothing to change")
        }
        // The cases the worker holds must suit the new role (a statutory primary stays a
        // qualified social worker; a social work officer holds no high-risk case; ...).
        let takesEffectAt = command.effectiveDate.map { LondonTime.startOfDay($0) }
        try emitJudged(acts: [], justifications: command.justifications, takesEffectAt: takesEffectAt) { evaluation in
            .workerRoleChanged(WorkerRoleChanged(
                workerId: command.workerId, fromRole: currentRole, toRole: command.toRole, isQualified: isQualified,
                effectiveDate: command.effectiveDate, overrides: evaluation.overridesOrNil,
                findings: evaluation.findingsOrNil))
        }
    }

    package mutating func moveTeam(_ command: DomainCommand.MoveTeam) throws(DomainError) {
        let worker = try activeWorker(command.workerId)
        _ = try team(command.toTeamId)
        guard let fromTeamId = worker.teamId, fromTeamId != command.toTeamId else {
            throw .invalidState(subject: command.workerId, problem: "is already in team \(command.toTeamId)",
                                remedy: "nothing to change")
        }
        emit(.workerMovedTeam(WorkerMovedTeam(workerId: command.workerId, fromTeamId: fromTeamId,
                                              toTeamId: command.toTeamId)))
    }

    package mutating func recordAbsence(_ command: DomainCommand.RecordAbsence) throws(DomainError) {
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

    package mutating func recordLeaving(_ command: DomainCommand.RecordLeaving) throws(DomainError) {
        let worker = try worker(command.workerId)
        if let startDate = worker.startDate, command.lastWorkingDate < startDate {
            throw .invalidCommand(field: "lastWorkingDate",
                                  problem: "\(command.lastWorkingDate) is before \(command.workerId) started on \(startDate)")
        }
        emit(.workerLeft(WorkerLeft(workerId: command.workerId, lastWorkingDate: command.lastWorkingDate,
                                    reason: command.reason)))
    }

    package mutating func adoptPolicy(_ command: DomainCommand.AdoptPolicy) throws(DomainError) {
        do {
            try command.policy.validate(path: "policy \(command.policy.policyId)")
        } catch {
            throw .invalidCommand(field: "policy", problem: error.description)
        }
        try requireText(command.policy.policyId, field: "policy.policyId", why: "a policy needs an id")
        if command.policy.identityMode == .login {
            // Whoever switches identity on must be someone it lets act, or nobody could act after it.
            let login = context.registeredLogin(of: actor.id)
            guard let account = context.account, login == account else {
                throw .identity(refusal: .adoptionWouldLockOut(actorId: actor.id, login: login, account: context.account))
            }
            recordsAccount = true
        }
        let json = command.policy.canonicalJSON()
        emit(.policyAdopted(PolicyAdopted(
            policyId: command.policy.policyId, profile: command.policy.profile,
            contentSHA256: command.policy.contentHash.hex, effectiveFrom: command.effectiveFrom,
            policyJSON: String(decoding: json, as: UTF8.self))))
    }
}
