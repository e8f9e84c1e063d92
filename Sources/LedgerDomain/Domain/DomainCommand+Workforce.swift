import LedgerEvents
import LedgerStore
import LedgerSupport

/// Commands about teams, workers and the policy in force.
extension DomainCommand {
    /// Registers a team in a service area (appends `TeamRegistered`).
    public struct RegisterTeam: Sendable, Hashable, Codable {
        public var teamId: String
        /// A working name such as "Safeguarding East", never a person's name.
        public var name: String
        public var serviceArea: ServiceArea
        public var managerId: String?

        public init(teamId: String, name: String, serviceArea: ServiceArea, managerId: String? = nil) {
            self.teamId = teamId
            self.name = name
            self.serviceArea = serviceArea
            self.managerId = managerId
        }
    }

    /// Registers a worker in a team with the facts the allocation rules read (appends `WorkerRegistered`).
    public struct RegisterWorker: Sendable, Hashable, Codable {
        public var workerId: String
        public var teamId: String
        public var role: Role
        public var startDate: LocalDate
        public var isAgency: Bool
        public var isQualified: Bool
        /// 100 for full time, 80 for four days a week.
        public var fullTimeEquivalentPercent: Int
        /// Social Work England registration number, `SW` and digits; optional.
        public var socialWorkEnglandNumber: String?
        /// The operating-system account the worker acts from (policy `identity: "login"`); optional.
        public var login: String?

        public init(workerId: String, teamId: String, role: Role, startDate: LocalDate, isAgency: Bool,
                    isQualified: Bool, fullTimeEquivalentPercent: Int = 100, socialWorkEnglandNumber: String? = nil,
                    login: String? = nil) {
            self.workerId = workerId
            self.teamId = teamId
            self.role = role
            self.startDate = startDate
            self.isAgency = isAgency
            self.isQualified = isQualified
            self.fullTimeEquivalentPercent = fullTimeEquivalentPercent
            self.socialWorkEnglandNumber = socialWorkEnglandNumber
            self.login = login
        }
    }

    /// Changes a worker's role, for instance an ASYE completing the year (appends `WorkerRoleChanged`).
    public struct ChangeRole: Sendable, Hashable, Codable {
        public var workerId: String
        public var toRole: Role
        /// Qualified status after the change; nil keeps the current status, or sets it for a
        /// role that requires a qualification.
        public var isQualified: Bool?
        /// When the new role takes effect, if not the day the change occurred.
        public var effectiveDate: LocalDate?
        /// Justifications for "justify" rules the new role would break on the cases held.
        public var justifications: [RuleID: String]

        public init(workerId: String, toRole: Role, isQualified: Bool? = nil, effectiveDate: LocalDate? = nil,
                    justifications: [RuleID: String] = [:]) {
            self.workerId = workerId
            self.toRole = toRole
            self.isQualified = isQualified
            self.effectiveDate = effectiveDate
            self.justifications = justifications
        }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            workerId = try container.decode(String.self, forKey: .workerId)
            toRole = try container.decode(Role.self, forKey: .toRole)
            isQualified = try container.decodeIfPresent(Bool.self, forKey: .isQualified)
            effectiveDate = try container.decodeIfPresent(LocalDate.self, forKey: .effectiveDate)
            justifications = try container.decode(.justifications, default: [:])
        }
    }

    /// Moves a worker to another team; the cases they hold stay where they are (appends `WorkerMovedTeam`).
    public struct MoveTeam: Sendable, Hashable, Codable {
        public var workerId: String
        public var toTeamId: String

        public init(workerId: String, toTeamId: String) {
            self.workerId = workerId
            self.toTeamId = toTeamId
        }
    }

    /// Records (or re-records, by the same `absenceId`) a period of leave or sickness (appends
    /// `WorkerAbsenceRecorded`).
    public struct RecordAbsence: Sendable, Hashable, Codable {
        public var workerId: String
        public var absenceId: String
        public var kind: AbsenceKind
        public var startDate: LocalDate
        /// Last day away, inclusive; nil while open-ended.
        public var endDate: LocalDate?
        /// When the service was told; starts the REALLOCATION-5WD clock.
        public var notifiedAt: Instant?

        public init(workerId: String, absenceId: String, kind: AbsenceKind, startDate: LocalDate,
                    endDate: LocalDate? = nil, notifiedAt: Instant? = nil) {
            self.workerId = workerId
            self.absenceId = absenceId
            self.kind = kind
            self.startDate = startDate
            self.endDate = endDate
            self.notifiedAt = notifiedAt
        }
    }

    /// Records that a worker leaves the service (appends `WorkerLeft`).
    public struct RecordLeaving: Sendable, Hashable, Codable {
        public var workerId: String
        public var lastWorkingDate: LocalDate
        /// A short practice reason, never personal detail.
        public var reason: String?

        public init(workerId: String, lastWorkingDate: LocalDate, reason: String? = nil) {
            self.workerId = workerId
            self.lastWorkingDate = lastWorkingDate
            self.reason = reason
        }
    }

    /// Adopts a policy from a moment on (appends `PolicyAdopted` with the policy's canonical text
    /// and content hash), so the audit can say which rules were in force on any date.
    public struct AdoptPolicy: Sendable, Hashable, Codable {
        public var policy: Policy
        public var effectiveFrom: Instant

        public init(policy: Policy, effectiveFrom: Instant) {
            self.policy = policy
            self.effectiveFrom = effectiveFrom
        }
    }
}
