import LedgerAudit
import LedgerDomain
import LedgerEvents
import LedgerImport
import LedgerStore
import LedgerSupport

/// Teams, workers, managers, policy, absences, departures and joiners.
extension HistoryGenerator {
    package static let headOfServiceId = "HOS1"
    package static let serviceManagerId = "SM1"
    package static let dataOfficer = Actor(id: "DO1", role: .dataOfficer)

    package var headOfService: Actor { Actor(id: Self.headOfServiceId, role: .headOfService) }
    package var serviceManager: Actor { Actor(id: Self.serviceManagerId, role: .serviceManager) }

    package func manager(of teamIndex: Int) -> Actor { Actor(id: teams[teamIndex].managerId, role: .teamManager) }

    /// Day one: the policy, the teams with their managers, and enough workers for the referral rate.
    package func setUpService() {
        let at = LondonTime.instant(date: currentDate, hour: 8, minute: 0)
        let policy = Policy.children
        let json = String(decoding: policy.canonicalJSON(), as: UTF8.self)
        emit(.policyAdopted(PolicyAdopted(policyId: policy.policyId, profile: policy.profile,
                                          contentSHA256: policy.contentHash.hex, effectiveFrom: at, policyJSON: json)),
             at: at, by: headOfService)
        emit(.teamRegistered(TeamRegistered(teamId: "T00", name: "Service management", serviceArea: .safeguarding,
                                            managerId: Self.headOfServiceId)), at: at, by: headOfService)
        emit(.workerRegistered(WorkerRegistered(workerId: Self.headOfServiceId, teamId: "T00", role: .headOfService,
                                                startDate: currentDate, isAgency: false, isQualified: true,
                                                fullTimeEquivalentPercent: 100)), at: at, by: Self.dataOfficer)
        emit(.workerRegistered(WorkerRegistered(workerId: Self.serviceManagerId, teamId: "T00", role: .serviceManager,
                                                startDate: currentDate, isAgency: false, isQualified: true,
                                                fullTimeEquivalentPercent: 100)), at: at, by: Self.dataOfficer)
        let rate = configuration.referralsPerWorkingDay
        let workerCount = max(10, Int((rate * 4).rounded(.up)) + 6)
        let teamCount = max(3, (workerCount + 6) / 7)
        let areas: [ServiceArea] = [.dutyAndAssessment, .safeguarding, .childrenInCare, .dutyAndAssessment,
                                    .safeguarding, .fosteringAndAdoption]
        for index in 0..<teamCount {
            let area = areas[index % areas.count]
            let id = Self.identifier("T", index + 1, digits: 2)
            let managerId = Self.identifier("TM", index + 1, digits: 2)
            let team = TeamModel(id: id, name: "\(area.displayName) \(index / areas.count + 1)", area: area,
                                 managerId: managerId)
            teams.append(team)
            emit(.teamRegistered(TeamRegistered(teamId: id, name: team.name, serviceArea: area, managerId: managerId)),
                 at: at, by: headOfService)
            emit(.workerRegistered(WorkerRegistered(workerId: managerId, teamId: id, role: .teamManager,
                                                    startDate: currentDate, isAgency: false, isQualified: true,
                                                    fullTimeEquivalentPercent: 100)), at: at, by: Self.dataOfficer)
        }
        for index in 0..<workerCount {
            let roll = Double.random(in: 0..<1, using: &random)
            // Every team has a student or family support worker for co-working.
            let role: Role = index / teamCount == 1 ? (index % 2 == 0 ? .student : .familySupportWorker)
                : roll < 0.6 ? .socialWorker : roll < 0.78 ? .seniorPractitioner : roll < 0.92 ? .asye : .socialWorkOfficer
            let startDate = role == .asye ? currentDate.adding(days: -7 * Int.random(in: 0..<40, using: &random))
                : currentDate.adding(days: -Int.random(in: 300..<4000, using: &random))
            hire(teamIndex: index % teamCount, role: role, startDate: startDate, at: at)
        }
    }

    /// Registers a worker and returns their index.
    @discardableResult
    package func hire(teamIndex: Int, role: Role, startDate: LocalDate, at: Instant) -> Int {
        workerCounter += 1
        let worker = WorkerModel(
            id: Self.identifier("W", workerCounter, digits: 4), teamIndex: teamIndex, role: role, startDate: startDate,
            isAgency: role == .socialWorker && chance(0.12), isQualified: role.isQualifiedSocialWorkRole)
        workers.append(worker)
        emit(.workerRegistered(WorkerRegistered(workerId: worker.id, teamId: teams[teamIndex].id, role: role,
                                                startDate: startDate, isAgency: worker.isAgency,
                                                isQualified: worker.isQualified,
                                                fullTimeEquivalentPercent: chance(0.2) ? 80 : 100)),
             at: at, by: manager(of: teamIndex))
        if role == .asye {
            let weeksIn = startDate.distance(to: currentDate) / 7
            schedule(.roleChange(workerIndex: workers.count - 1), inWorkingDays: max(1, (52 - weeksIn) * 5))
        }
        return workers.count - 1
    }

    /// A day's workforce changes: leave booked, sickness, notice given, joiners.
    package func simulateWorkforce() {
        for index in workers.indices where !workers[index].hasLeft {
            let worker = workers[index]
            let at = time(on: currentDate)
            // Annual leave, booked a few weeks ahead: about twice a year.
            if chance(2.0 / 252) {
                let start = date(inWorkingDays: Int.random(in: 10..<40, using: &random))
                let end = calendar.addingWorkingDays(Int.random(in: 2..<10, using: &random), to: start)
                recordAbsence(index, kind: .annualLeave, start: start, end: end, notifiedAt: at)
            }
            // Short sickness, recorded on the day.
            if chance(1.5 / 252) {
                recordAbsence(index, kind: .sickness, start: currentDate,
                              end: date(inWorkingDays: Int.random(in: 0..<3, using: &random)), notifiedAt: at)
            }
            guard worker.isAvailable, worker.role != .teamManager else { continue }
            // Long-term sickness: cases are reallocated within 5 working days.
            if chance(0.02 / 252 * 12) {
                let weeks = Int.random(in: 4..<16, using: &random)
                recordAbsence(index, kind: .longTermSickness, start: currentDate,
                              end: chance(0.5) ? nil : date(inWorkingDays: weeks * 5), notifiedAt: at)
                workers[index].absentUntilOrdinal = dayOrdinal + weeks * 5
                schedule(.workerReturns(workerIndex: index), inWorkingDays: weeks * 5)
                reallocateAll(of: index, reason: .absenceCover)
            }
            // Notice to leave: about one worker in six a year.
            if chance(0.17 / 252) {
                let lastDay = date(inWorkingDays: 15)
                emit(.workerLeft(WorkerLeft(workerId: worker.id, lastWorkingDate: lastDay,
                                            reason: pick(Self.leavingReasons))), at: at, by: manager(of: worker.teamIndex))
                workers[index].isLeaving = true
                schedule(.workerLeaves(workerIndex: index), inWorkingDays: 15)
                reallocateAll(of: index, reason: .workerLeft)
                // A replacement, often newly qualified, joins from next month.
                let role: Role = chance(0.5) ? .asye : .socialWorker
                hire(teamIndex: worker.teamIndex, role: role, startDate: date(inWorkingDays: 20), at: at)
            }
            // A move between teams, rarely, and only with nothing held.
            if worker.primaryCases.isEmpty && worker.coCases.isEmpty && chance(0.05 / 252) && teams.count > 1 {
                let target = (worker.teamIndex + 1 + Int.random(in: 0..<(teams.count - 1), using: &random)) % teams.count
                emit(.workerMovedTeam(WorkerMovedTeam(workerId: worker.id, fromTeamId: teams[worker.teamIndex].id,
                                                      toTeamId: teams[target].id)), at: at, by: manager(of: target))
                workers[index].teamIndex = target
            }
        }
    }

    package func recordAbsence(_ index: Int, kind: AbsenceKind, start: LocalDate, end: LocalDate?, notifiedAt: Instant) {
        absenceCounter += 1
        let event = LedgerEvent.workerAbsenceRecorded(WorkerAbsenceRecorded(
            workerId: workers[index].id, absenceId: Self.identifier("A", absenceCounter, digits: 6), kind: kind,
            startDate: start, endDate: end, notifiedAt: notifiedAt))
        emitMaybeLate(event, at: notifiedAt, by: manager(of: workers[index].teamIndex))
    }

    /// Spreads a worker's cases over the next working days, mostly within five.
    package func reallocateAll(of workerIndex: Int, reason: AllocationReason) {
        for caseId in workers[workerIndex].primaryCases {
            let delay = chance(0.85) ? Int.random(in: 1...5, using: &random) : Int.random(in: 6...12, using: &random)
            schedule(.reallocate(caseId: caseId, fromWorker: workerIndex, reason: reason), inWorkingDays: delay)
        }
        for caseId in workers[workerIndex].coCases {
            schedule(.coDeallocate(caseId: caseId), inWorkingDays: Int.random(in: 1...5, using: &random))
        }
    }

    package func workerLeaves(_ index: Int) {
        workers[index].hasLeft = true
        // Anything not yet moved on goes back to the team unallocated on the last day.
        for caseId in workers[index].primaryCases {
            guard var model = openCases[caseId], model.primary == index else { continue }
            let at = time(on: currentDate, fromHour: 16, toHour: 18)
            emit(.caseDeallocated(CaseDeallocated(caseId: caseId, workerId: workers[index].id, isPrimary: true,
                                                  reason: .workerLeft, rationale: Self.deallocationRationale,
                                                  remainsWithTeamId: teams[model.teamIndex].id)),
                 at: at, by: manager(of: model.teamIndex))
            model.primary = nil
            model.stage = .awaitingAllocation
            model.unallocatedSinceOrdinal = dayOrdinal
            model.previousWorkerId = workers[index].id
            openCases[caseId] = model
        }
        for caseId in workers[index].coCases {
            guard var model = openCases[caseId], model.coWorker == index else { continue }
            emit(.caseDeallocated(CaseDeallocated(caseId: caseId, workerId: workers[index].id, isPrimary: false,
                                                  reason: .workerLeft, rationale: Self.deallocationRationale,
                                                  remainsWithTeamId: nil)),
                 at: time(on: currentDate, fromHour: 16, toHour: 18), by: manager(of: model.teamIndex))
            model.coWorker = nil
            openCases[caseId] = model
        }
        workers[index].primaryCases = []
        workers[index].coCases = []
    }

    package func roleChange(_ index: Int) {
        guard !workers[index].hasLeft, workers[index].role == .asye else { return }
        emit(.workerRoleChanged(WorkerRoleChanged(workerId: workers[index].id, fromRole: .asye, toRole: .socialWorker,
                                                  isQualified: true, effectiveDate: currentDate)),
             at: time(on: currentDate), by: manager(of: workers[index].teamIndex))
        workers[index].role = .socialWorker
    }

    /// Workers who could take `model` as primary today, least loaded first.
    package func candidates(for model: CaseModel) -> [Int] {
        var result: [(index: Int, load: Int)] = []
        for index in workers.indices
        where workers[index].teamIndex == model.teamIndex && workers[index].isAvailable && workers[index].startDate <= currentDate {
            let worker = workers[index]
            let load = worker.primaryCases.count + worker.coCases.count
            switch worker.role {
            case .socialWorker, .seniorPractitioner:
                if model.category == .childInCare || model.flags.contains(.courtProceedings), worker.isAgency { continue }
                if load < (worker.role == .socialWorker ? 24 : 14) { result.append((index, load)) }
            case .asye:
                let week = worker.startDate.distance(to: currentDate) / 7 + 1
                guard week >= 3, !model.flags.contains(.preBirthAssessment) else { continue }
                let limit = week < 4 ? 3 : week < 6 ? 6 : week < 12 ? 8 : week < 26 ? 12 : 20
                if load < limit { result.append((index, load)) }
            case .socialWorkOfficer:
                if !model.isStatutory, model.risk != .high, load < 18 { result.append((index, load)) }
            default:
                continue
            }
        }
        return result.sorted { ($0.load, $0.index) < ($1.load, $1.index) }.map(\.index)
    }

    /// A student or family support worker to work alongside, if one has room.
    package func coWorkerCandidate(for model: CaseModel) -> Int? {
        workers.indices.first { index in
            let worker = workers[index]
            return worker.teamIndex == model.teamIndex && worker.isAvailable
                && (worker.role == .student || worker.role == .familySupportWorker)
                && worker.coCases.count < 6 && model.primary != index
        }
    }
}
