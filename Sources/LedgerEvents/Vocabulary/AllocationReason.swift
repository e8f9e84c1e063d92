import LedgerStore
import LedgerSupport

/// Why a case came to a worker (or left one): data, not prose, so it can be counted.
///
/// Compatible with the national social-worker change reasons of the children in need census
/// (MANAGE, FCONTA, LEFTRL, ORGRST, TSPROC, ABSENC, CHCHAN, PCCHAN, SWDIED, OTHERS); a first
/// allocation (new referral, re-referral) is not a change of worker and has no national code.
public enum AllocationReason: String, Sendable, Hashable, Codable, CaseIterable {
    case newReferral
    case reReferral
    /// TSPROC: transfer between teams or processes.
    case transfer
    /// ABSENC: cover for a worker's absence.
    case absenceCover
    /// LEFTRL: the worker left the role.
    case workerLeft
    /// MANAGE: caseload management decision.
    case caseloadManagement
    /// ORGRST: organisational restructure.
    case restructure
    /// FCONTA: at the family's request or because of family contact.
    case familyRequest
    /// CHCHAN: change in the child's circumstances.
    case childCircumstancesChanged
    /// PCCHAN: change of placement.
    case placementChanged
    /// SWDIED: the social worker died.
    case workerDied
    /// OTHERS.
    case other

    /// The national change-reason code, or nil for a first allocation.
    public var nationalCode: String? {
        switch self {
        case .newReferral, .reReferral: return nil
        case .transfer: return "TSPROC"
        case .absenceCover: return "ABSENC"
        case .workerLeft: return "LEFTRL"
        case .caseloadManagement: return "MANAGE"
        case .restructure: return "ORGRST"
        case .familyRequest: return "FCONTA"
        case .childCircumstancesChanged: return "CHCHAN"
        case .placementChanged: return "PCCHAN"
        case .workerDied: return "SWDIED"
        case .other: return "OTHERS"
        }
    }

    /// Maps a national code (case-insensitive) to a reason.
    public init?(nationalCode: some StringProtocol) {
        let upper = nationalCode.uppercased()
        guard let match = AllocationReason.allCases.first(where: { $0.nationalCode == upper }) else { return nil }
        self = match
    }
}
