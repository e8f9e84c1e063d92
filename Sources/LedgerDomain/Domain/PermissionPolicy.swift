import LedgerEvents
import LedgerStore
import LedgerSupport

/// Which roles may issue which commands: the "who" half of every decision.
///
/// The standard table follows the policies: only managers (team manager and above) allocate,
/// transfer, close, retract and record oversight; practitioners record notes and workload
/// concerns, record referrals and request closure; an inspector appends nothing, and a data
/// officer appends imports only. Imports do not go through commands, but who may run one is in
/// the same table (``CommandCategory/legacyImport``: a data officer, or a team manager or above),
/// checked by the importer once the ledger has workers registered in CaseLedger. It is a value so
/// an authority could tighten it, and so tests can state it as a table.
public struct PermissionPolicy: Sendable, Hashable {
    /// The roles allowed per category; a category missing here is allowed to nobody.
    public var allowedRoles: [CommandCategory: Set<Role>]

    public init(allowedRoles: [CommandCategory: Set<Role>]) {
        self.allowedRoles = allowedRoles
    }

    /// Team manager, service manager, head of service.
    public static let managers: Set<Role> = Set(Role.allCases.filter(\.isManager))
    /// Roles that hold cases but do not manage: social workers, ASYEs, senior practitioners,
    /// social work officers, students, family support workers, practice educators.
    public static let practitioners: Set<Role> = Set(Role.allCases.filter { $0.isCaseHolding && !$0.isManager })
    public static let seniorManagers: Set<Role> = [.serviceManager, .headOfService]

    public static let standard = PermissionPolicy(allowedRoles: [
        .workforce: managers,
        .policyAdoption: seniorManagers,
        .referral: managers.union(practitioners),
        .caseDecision: managers,
        .reopening: managers,
        .allocation: managers,
        .closureRequest: managers.union(practitioners),
        // Practitioners may issue `close`, and CLOSURE-AUTHORISED (block by default) decides:
        // an authority that relaxes that rule relaxes it in one place.
        .closure: managers.union(practitioners),
        .oversight: managers,
        .unallocatedManagement: managers,
        .practiceRecording: managers.union(practitioners),
        .correction: managers,
        // Loading legacy history: the data officer's job, and a manager's (who may allocate anyway).
        .legacyImport: importers,
    ])

    /// Team manager and above, and data officers: who may import under the standard table.
    public static let importers: Set<Role> = managers.union([.dataOfficer])

    public func permits(_ role: Role, _ category: CommandCategory) -> Bool {
        allowedRoles[category]?.contains(role) ?? false
    }

    /// Who may, in words: "a team manager or above must".
    public func whoMay(_ category: CommandCategory, deniedRole: Role) -> String {
        switch deniedRole {
        case .inspector: return "an inspector reads the ledger and appends nothing"
        case .dataOfficer where category != .legacyImport: return "a data officer appends imports only"
        default: break
        }
        let roles = allowedRoles[category] ?? []
        if roles.isEmpty { return "nobody may under this permission policy" }
        if roles == Self.managers { return "a team manager or above must" }
        if roles == Self.importers { return "a data officer, or a team manager or above, must" }
        if roles == Self.seniorManagers { return "a service manager or head of service must" }
        if roles == Self.managers.union(Self.practitioners) { return "a practitioner or manager must" }
        let names = Role.allCases.filter(roles.contains).map(\.displayName)
        return "one of: \(names.joined(separator: ", ")) must"
    }
}
