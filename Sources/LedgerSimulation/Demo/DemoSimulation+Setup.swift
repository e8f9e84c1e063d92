import LedgerAudit
import LedgerDomain
import LedgerEvents
import LedgerImport
import LedgerStore
import LedgerSupport

/// Day one: teams, managers, the policy and the practitioners in post, registered through the
/// bootstrap path (an unregistered head of service may register teams and the first manager).
extension DemoSimulation {
    /// Team kinds in the order teams are created: children's and adults' services alternate, so
    /// even two teams have both, and three include Safeguarding for DAAT's transfers.
    package static let teamPattern: [(name: String, area: ServiceArea)] = [
        ("Duty and Assessment", .dutyAndAssessment),
        ("Adult Community Care", .adultServices),
        ("Safeguarding", .safeguarding),
        ("Children in Care & DCT", .childrenInCare),
        ("Adult Hospital & Reablement", .adultServices),
        ("Fostering & Adoption", .fosteringAndAdoption),
    ]
    package static let regions = ["North", "South", "East", "West"]

    /// Practitioners per team, relative: Safeguarding and Children in Care hold long cases.
    package static func staffingWeight(_ area: ServiceArea) -> Double {
        switch area {
        case .dutyAndAssessment: return 0.55
        case .safeguarding: return 1.4
        case .childrenInCare: return 1.2
        case .fosteringAndAdoption: return 0.5
        case .adultServices: return 1.0
        }
    }

    /// Referrals a day for a team of ten practitioners.
    package static func referralRate(_ area: ServiceArea) -> Double {
        switch area {
        case .dutyAndAssessment: return 3.6
        case .safeguarding: return 1.0
        case .childrenInCare: return 0.25
        case .fosteringAndAdoption: return 1.0
        case .adultServices: return 2.0
        }
    }

    /// Roles of a team's practitioners, slot by slot: mostly social workers, with senior
    /// practitioners, NQSWs, social work officers, students and family support workers.
    package static func rolePattern(_ area: ServiceArea) -> [Role] {
        if area == .adultServices {
            return [.socialWorker, .seniorPractitioner, .socialWorker, .socialWorkOfficer, .socialWorker, .asye,
                    .socialWorker, .student, .socialWorkOfficer, .familySupportWorker, .seniorPractitioner,
                    .socialWorker, .asye, .socialWorker]
        }
        return [.socialWorker, .seniorPractitioner, .socialWorker, .asye, .socialWorker, .socialWorkOfficer,
                .socialWorker, .student, .socialWorker, .familySupportWorker, .seniorPractitioner, .asye,
                .socialWorker, .socialWorkOfficer, .socialWorker, .student]
    }

    package func setUp() throws(DemoError) {
        today = configuration.startDate
        minute = 8 * 60
        let setupActor = Actor(id: headOfServiceId, role: .headOfService)
        let managersStart = LocalDate(daysSinceEpoch: configuration.startDate.daysSinceEpoch - 2_200)

        for index in 0..<configuration.teams {
            let kind = Self.teamPattern[index % Self.teamPattern.count]
            let round = index / Self.teamPattern.count
            let region = Self.regions[round % Self.regions.count] + (round >= Self.regions.count ? " \(round / Self.regions.count + 1)" : "")
            let number = String(index + 1)
            let teamId = "T" + (number.count < 2 ? "0" : "") + number
            let managerId = "TM" + (number.count < 2 ? "0" : "") + number
            let team = DemoTeam(teamId: teamId, name: kind.name + " " + region, serviceArea: kind.area,
                                managerId: managerId,
                                serviceManagerId: kind.area.isChildrens ? childrenServiceManagerId : adultsServiceManagerId,
                                referralsPerDay: 0)
            teamIndex[teamId] = teams.count
            teams.append(team)
            try require(attempt(.registerTeam(.init(teamId: teamId, name: team.name, serviceArea: kind.area,
                                                    managerId: managerId)), by: setupActor), "registering \(teamId)")
        }
        let childrenTeam = teams.first { $0.serviceArea.isChildrens }?.teamId ?? teams[0].teamId
        let adultsTeam = teams.first { !$0.serviceArea.isChildrens }?.teamId ?? teams[0].teamId
        // The first manager registered ends the bootstrap: from here on the head of service acts as a registered worker.
        try registerManager(headOfServiceId, team: childrenTeam, role: .headOfService, start: managersStart, by: setupActor)
        try require(attempt(.adoptPolicy(.init(policy: policy, effectiveFrom: LondonTime.startOfDay(configuration.startDate))),
                            by: setupActor), "adopting the policy")
        try registerManager(childrenServiceManagerId, team: childrenTeam, role: .serviceManager, start: managersStart, by: setupActor)
        try registerManager(adultsServiceManagerId, team: adultsTeam, role: .serviceManager, start: managersStart, by: setupActor)
        for team in teams {
            try registerManager(team.managerId, team: team.teamId, role: .teamManager, start: managersStart, by: setupActor)
        }
        summary.managers = teams.count + 3

        let counts = practitionerCounts()
        for (index, team) in teams.enumerated() {
            let pattern = Self.rolePattern(team.serviceArea)
            for slot in 0..<counts[index] {
                let role = pattern[slot % pattern.count]
                let start = initialStartDate(for: role)
                // Every team has an agency social worker or two, as most authorities do.
                let isAgency = role == .socialWorker && (slot == 4 || random.chance(0.12))
                let identifier = registerPractitioner(team: team.teamId, role: role, start: start, isAgency: isAgency,
                                                      by: setupActor)
                if identifier == nil { throw .batchRefused(date: today, detail: "registering a practitioner of \(team.teamId)") }
            }
            let rate = Self.referralRate(team.serviceArea) * min(max(Double(counts[index]) / 10, 0.25), 2.0)
            teams[index].referralsPerDay = rate
            summary.teams.append(DemoSummary.Team(
                teamId: team.teamId, name: team.name, serviceArea: team.serviceArea, managerId: team.managerId,
                practitionersAtStart: counts[index], practitionersAtEnd: 0))
        }
        summary.practitionersAtStart = roster.count
        try commit()
    }

    private func require(_ refusal: DomainError?, _ what: String) throws(DemoError) {
        if let refusal { throw .batchRefused(date: today, detail: "\(what): \(refusal)") }
    }

    private func registerManager(_ workerId: String, team: String, role: Role, start: LocalDate,
                                 by actor: Actor) throws(DemoError) {
        try require(attempt(.registerWorker(.init(workerId: workerId, teamId: team, role: role, startDate: start,
                                                  isAgency: false, isQualified: true)), by: actor),
                    "registering \(workerId)")
        summary.registeredByRole[role, default: 0] += 1
    }

    /// `configuration.workers` shared out by staffing weight (largest remainder, ties to the first team).
    private func practitionerCounts() -> [Int] {
        let weights = teams.map { Self.staffingWeight($0.serviceArea) }
        let total = weights.reduce(0, +)
        let exact = weights.map { Double(configuration.workers) * $0 / total }
        var counts = exact.map { Int($0) }
        var remaining = configuration.workers - counts.reduce(0, +)
        let order = exact.indices.sorted { (exact[$0] - Double(counts[$0]), -$0) > (exact[$1] - Double(counts[$1]), -$1) }
        for index in order where remaining > 0 {
            counts[index] += 1
            remaining -= 1
        }
        return counts
    }

    /// Experienced staff started years ago; NQSWs within the last forty weeks (some still on the
    /// ramp); students this academic year.
    private func initialStartDate(for role: Role) -> LocalDate {
        let start = configuration.startDate
        switch role {
        case .asye: return start.adding(days: -random.between(10, 280))
        case .student: return start.adding(days: -random.between(60, 110))
        default: return start.adding(days: -random.between(300, 4_000))
        }
    }

    /// Registers a practitioner and plans their year: leave, the end of an ASYE year or a
    /// placement. Returns the new id, or nil if the registration was refused.
    @discardableResult
    package func registerPractitioner(team teamId: String, role: Role, start: LocalDate, isAgency: Bool, by actor: Actor) -> String? {
        let workerId = nextIdentifier("W", digits: 4)
        let fullTime = random.chance(0.15) ? 80 : 100
        let isQualified = role.isQualifiedSocialWorkRole
        let command = DomainCommand.registerWorker(.init(
            workerId: workerId, teamId: teamId, role: role, startDate: start, isAgency: isAgency, isQualified: isQualified,
            fullTimeEquivalentPercent: fullTime))
        guard attempt(command, by: actor) == nil else { return nil }
        roster.append(workerId)
        plans[workerId] = DemoWorkerPlan(workerId: workerId, nextLeaveBooking: max(start, today).adding(days: random.between(10, 80)))
        summary.registeredByRole[role, default: 0] += 1
        switch role {
        case .asye:
            agenda.schedule(.completeFirstYear(workerId: workerId), on: start.adding(days: 364), at: 8 * 60 + 20)
        case .student:
            // Placements of about a hundred working days; notice ten working days before the end.
            let end = calendar.addingWorkingDays(random.between(85, 105), to: start)
            let notice = max(calendar.addingWorkingDays(-10, to: end), today.adding(days: 1))
            agenda.schedule(.departure(workerId: workerId, noticeWorkingDays: 10, reason: "Placement ended"),
                            on: notice, at: 8 * 60 + 25)
        default:
            break
        }
        return workerId
    }
}
