import LedgerAudit
import LedgerDomain
import LedgerImport
import LedgerEvents
import LedgerStore
import LedgerSupport
/// The SSDA903 `SW_REASON` codes: why a child's social worker episode began.
///
/// The DfE's list (the validator's rule SW13): MANAGE caseload management, FCONTA first contact,
/// LEFTRL the worker left the role, ORGRST organisational restructure, TSPROC transfer between
/// teams or processes, ABSENC the worker's absence, CHCHAN the child's circumstances changed,
/// PCCHAN the parent, carer or child asked for a change, SWDIED the worker died, OTHERS.
public enum SocialWorkerChangeReason: String, Sendable, Hashable, CaseIterable {
    case caseloadManagement = "MANAGE"
    case firstContact = "FCONTA"
    case workerLeftRole = "LEFTRL"
    case organisationalRestructure = "ORGRST"
    case transferBetweenTeams = "TSPROC"
    case workerAbsence = "ABSENC"
    case childCircumstancesChanged = "CHCHAN"
    case parentOrCarerRequest = "PCCHAN"
    case workerDied = "SWDIED"
    case other = "OTHERS"

    /// The code written for an episode begun by an allocation recorded with `reason`.
    ///
    /// A first allocation (new referral, re-referral) is the child's first contact with this
    /// social worker, FCONTA: the validator reads FCONTA as "first contact" (SW10b) and lets it
    /// follow a gap. A family's request is PCCHAN and a placement change is a change in the
    /// child's circumstances, CHCHAN. The same codes as `AllocationReason.nationalCode`, so the
    /// audit's label and the return agree (a test holds them equal).
    public init(allocationReason reason: AllocationReason) {
        switch reason {
        case .newReferral, .reReferral: self = .firstContact
        case .transfer: self = .transferBetweenTeams
        case .absenceCover: self = .workerAbsence
        case .workerLeft: self = .workerLeftRole
        case .caseloadManagement: self = .caseloadManagement
        case .restructure: self = .organisationalRestructure
        case .familyRequest: self = .parentOrCarerRequest
        case .childCircumstancesChanged, .placementChanged: self = .childCircumstancesChanged
        case .workerDied: self = .workerDied
        case .other: self = .other
        }
    }
}
