import Foundation
import LedgerDomain
import LedgerEvents
import LedgerStore
import LedgerSupport

/// The facts an involvement row carries, whatever the export calls its columns.
public enum InvolvementField: String, Sendable, Hashable, CaseIterable, Codable {
    /// The involvement's own id: the row's stable key across exports.
    case involvementId
    /// The person's id, which becomes the case id.
    case personId
    /// `-1` (or empty) for a team-only involvement.
    case workerId
    case teamId
    case involvementType
    case startDate
    /// `1900-01-01` or empty while the involvement is open.
    case endDate
    /// The national change-reason code (MANAGE, FCONTA, …) or a value the mapping translates.
    case reason
    case referralId

    /// Fields without which a row means nothing.
    public var isRequired: Bool {
        switch self {
        case .involvementId, .personId, .workerId, .startDate: return true
        default: return false
        }
    }

    /// Words for reports: "start date", "worker id".
    public var displayName: String {
        switch self {
        case .involvementId: return "involvement id"
        case .personId: return "person id"
        case .workerId: return "worker id"
        case .teamId: return "team id"
        case .involvementType: return "involvement type"
        case .startDate: return "start date"
        case .endDate: return "end date"
        case .reason: return "change reason"
        case .referralId: return "referral id"
        }
    }
}

/// Columns of an optional workers file (SSD `ssd_professionals`, Liquidlogic `DIM_WORKER`).
public enum WorkerField: String, Sendable, Hashable, CaseIterable, Codable {
    case workerId, role, agency, teamId, fullTimeEquivalent, startDate
}

/// Columns of an optional teams file (SSD `ssd_department`).
public enum TeamField: String, Sendable, Hashable, CaseIterable, Codable {
    case teamId, name
}

/// How one legacy system's export reads: column names, date layouts, value maps and sentinels.
///
/// The three built-in presets (``ssd``, ``liquidlogic``, ``mosaic``) are values of this type;
/// any other system is described by a JSON mapping file (``load(path:)``) with the same facts,
/// so there is one import path whatever the source.
public struct ImportMapping: Sendable, Hashable {
    /// `ssd`, `liquidlogic`, `mosaic`, or the mapping file's `name`.
    public var name: String
    /// Stored as ``ImportBatchRecorded/preset``: rows of later imports are matched only against
    /// earlier imports with the same namespace, since ids of different systems are unrelated.
    public var namespace: String
    /// The preset name, or the mapping's namespace with a digest of its content: part of the batch id,
    /// so the same file read through a revised mapping is a new batch.
    public var identity: String
    /// Accepted column names per field, matched case-insensitively; the first present wins.
    public var involvementColumns: [InvolvementField: [String]]
    public var workerColumns: [WorkerField: [String]]
    public var teamColumns: [TeamField: [String]]
    public var dateFormats: [ImportDateFormat]
    /// Involvement type codes (upper case) that make the worker the case's allocated (primary) worker.
    public var caseHoldingTypes: Set<String>
    /// Type codes that make the worker a co-worker.
    public var coWorkerTypes: Set<String>
    /// Other codes the mapping knows (an IRO, a personal adviser): recorded, never caseload, not flagged.
    public var otherKnownTypes: Set<String>
    /// The type assumed when the export has no type column or the value is empty.
    public var defaultInvolvementType: String?
    /// Raw type values (upper case) translated to codes before the sets above are consulted.
    public var involvementTypeValues: [String: String]
    /// Raw change-reason values (upper case) translated to reasons; national codes need no entry.
    public var reasonValues: [String: AllocationReason]
    /// Job titles (lower case) translated to roles; others are inferred from words in the title.
    public var roleValues: [String: Role]
    /// Worker ids meaning "no worker": a team-only involvement.
    public var noWorkerValues: Set<String>
    /// Team ids meaning "no team".
    public var noTeamValues: Set<String>
    /// End dates meaning "still open" (besides an empty value).
    public var openEndDates: Set<LocalDate>
    /// Role given to a worker the export says nothing about (flagged "worker role unknown").
    public var defaultRole: Role
    /// Service area of teams registered by the import.
    public var defaultServiceArea: ServiceArea

    /// The team id used where an allocation needs a team and the export gives none.
    public static let unknownTeamId = "unknown"

    public init(
        name: String, namespace: String? = nil, identity: String? = nil,
        involvementColumns: [InvolvementField: [String]], workerColumns: [WorkerField: [String]] = [:],
        teamColumns: [TeamField: [String]] = [:], dateFormats: [ImportDateFormat] = ImportDateFormat.standard,
        caseHoldingTypes: Set<String>, coWorkerTypes: Set<String> = [], otherKnownTypes: Set<String> = [],
        defaultInvolvementType: String? = nil, involvementTypeValues: [String: String] = [:],
        reasonValues: [String: AllocationReason] = [:], roleValues: [String: Role] = [:],
        noWorkerValues: Set<String> = ["-1", ""], noTeamValues: Set<String> = ["-1", ""],
        openEndDates: Set<LocalDate> = [LocalDate(year: 1900, month: 1, day: 1)!],
        defaultRole: Role = .socialWorker, defaultServiceArea: ServiceArea = .safeguarding
    ) {
        self.name = name
        self.namespace = namespace ?? name
        self.identity = identity ?? name
        self.involvementColumns = involvementColumns
        self.workerColumns = workerColumns
        self.teamColumns = teamColumns
        self.dateFormats = dateFormats
        self.caseHoldingTypes = Set(caseHoldingTypes.map { $0.uppercased() })
        self.coWorkerTypes = Set(coWorkerTypes.map { $0.uppercased() })
        self.otherKnownTypes = Set(otherKnownTypes.map { $0.uppercased() })
        self.defaultInvolvementType = defaultInvolvementType?.uppercased()
        self.involvementTypeValues = Dictionary(involvementTypeValues.map { ($0.key.uppercased(), $0.value.uppercased()) },
                                                uniquingKeysWith: { first, _ in first })
        self.reasonValues = Dictionary(reasonValues.map { ($0.key.uppercased(), $0.value) }, uniquingKeysWith: { first, _ in first })
        self.roleValues = Dictionary(roleValues.map { ($0.key.lowercased(), $0.value) }, uniquingKeysWith: { first, _ in first })
        self.noWorkerValues = noWorkerValues
        self.noTeamValues = noTeamValues
        self.openEndDates = openEndDates
        self.defaultRole = defaultRole
        self.defaultServiceArea = defaultServiceArea
    }

    /// The built-in preset called `name`.
    public static func preset(named name: String) throws(ImportMappingError) -> ImportMapping {
        switch name.lowercased() {
        case "ssd": return .ssd
        case "liquidlogic": return .liquidlogic
        case "mosaic": return .mosaic
        default: throw .unknownPreset(name: name)
        }
    }

    // MARK: - Values

    /// What a type code means for caseload.
    public enum InvolvementKind: String, Sendable, Hashable {
        /// The allocated worker: becomes ``CaseAllocated`` / ``CaseDeallocated``.
        case primary
        /// A co-worker: ``CaseCoAllocated`` / ``CaseDeallocated``.
        case coWorker
        /// Anything else: ``InvolvementRecorded``, never caseload.
        case other
    }

    /// The code for a raw type value, after the value map.
    package func typeCode(for raw: String) -> String {
        let upper = raw.uppercased()
        return involvementTypeValues[upper] ?? upper
    }

    package func kind(ofTypeCode code: String) -> InvolvementKind {
        if caseHoldingTypes.contains(code) { return .primary }
        if coWorkerTypes.contains(code) { return .coWorker }
        return .other
    }

    package func isKnownType(_ code: String) -> Bool {
        caseHoldingTypes.contains(code) || coWorkerTypes.contains(code) || otherKnownTypes.contains(code)
    }

    /// The reason for a raw change-reason value: empty is a first allocation; unknown is nil.
    package func reason(for raw: String) -> AllocationReason? {
        if raw.isEmpty { return .newReferral }
        let upper = raw.uppercased()
        if let mapped = reasonValues[upper] { return mapped }
        return AllocationReason(nationalCode: upper)
    }

    /// The role a job title names, or nil when neither the value map nor its words tell.
    package func role(forJobTitle title: String) -> Role? {
        let lower = title.lowercased().trimmingCharacters(in: .whitespaces)
        guard !lower.isEmpty else { return nil }
        if let mapped = roleValues[lower] { return mapped }
        if let exact = Role.allCases.first(where: { $0.rawValue.lowercased() == lower }) { return exact }
        for (words, role) in Self.roleWords where words.contains(where: { lower.contains($0) }) {
            return role
        }
        return nil
    }

    /// Words in job titles, most specific first.
    package static let roleWords: [([String], Role)] = [
        (["head of service"], .headOfService),
        (["service manager"], .serviceManager),
        (["team manager", "practice manager", "team leader"], .teamManager),
        (["practice educator"], .practiceEducator),
        (["senior practitioner", "advanced practitioner", "senior social worker"], .seniorPractitioner),
        (["asye", "nqsw", "newly qualified"], .asye),
        (["student"], .student),
        (["family support"], .familySupportWorker),
        (["social work officer", "social work assistant", "unqualified"], .socialWorkOfficer),
        (["social worker"], .socialWorker),
    ]

    package static let trueValues: Set<String> = ["Y", "YES", "TRUE", "T", "1"]
}
