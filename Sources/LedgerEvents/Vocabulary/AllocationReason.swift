import LedgerStore
import LedgerSupport

/// Why a case came to a worker (or left one): data, not prose, so it can be counted.
///
/// Compatible with the national social-worker change reasons of the SSDA903 `SW_REASON` (MANAGE,
/// FCONTA, LEFTRL, ORGRST, TSPROC, ABSENC, CHCHAN, PCCHAN, SWDIED, OTHERS), read as the DfE reads
/// them: FCONTA is the first contact (a first allocation), PCCHAN a change the parent, carer or
/// child asked for, CHCHAN a change in the child's circumstances (a placement change among them).
/// The returns write these codes, so the audit's label and the return's code are the same.
public enum AllocationReason: String, Sendable, Hashable, Codable, CaseIterable {
    /// FCONTA: the first contact with the child (a first allocation).
    case newReferral
    /// FCONTA: a first allocation again, after a re-referral.
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
    /// PCCHAN: the parent, carer or child asked for a change of worker.
    case familyRequest
    /// CHCHAN: change in the child's circumstances.
    case childCircumstancesChanged
    /// CHCHAN: a change of placement, one of the child's circumstances.
    case placementChanged
    /// SWDIED: the social worker died.
    case workerDied
    /// OTHERS.
    case other

    /// The national change-reason code. Optional so an audit answer can carry none (an imported
    /// involvement); every reason has one.
    public var nationalCode: String? {
        switch self {
        case .newReferral, .reReferral: return "FCONTA"
        case .transfer: return "TSPROC"
        case .absenceCover: return "ABSENC"
        case .workerLeft: return "LEFTRL"
        case .caseloadManagement: return "MANAGE"
        case .restructure: return "ORGRST"
        case .familyRequest: return "PCCHAN"
        case .childCircumstancesChanged: return "CHCHAN"
        case .placementChanged: return "CHCHAN"
        case .workerDied: return "SWDIED"
        case .other: return "OTHERS"
        }
    }

    /// Maps a national code (case-insensitive) to a reason: FCONTA is a new referral, CHCHAN a
    /// change in the child's circumstances (the first reason with that code).
    public init?(nationalCode: some StringProtocol) {
        let upper = nationalCode.uppercased()
        guard let match = AllocationReason.allCases.first(where: { $0.nationalCode == upper }) else { return nil }
        self = match
    }
}
