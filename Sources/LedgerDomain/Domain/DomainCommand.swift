import LedgerEvents
import LedgerStore
import LedgerSupport

/// Everything a person can ask the ledger to record about practice: one case per command, each
/// decided against current state and policy by ``Decider`` and turned into events.
///
/// ## JSON shape
///
/// A command is one JSON object whose `command` key names the case and whose other keys are
/// exactly the fields of that case's payload struct, so a JSON line maps 1:1 to a value:
///
/// ```json
/// {"command":"allocate","caseId":"C12","workerId":"W7","reason":"newReferral",
///  "rationale":"W7 knows the school","factorsConsidered":["caseload","skills"],
///  "tasks":[{"description":"Visit the child at home","dueDate":"2024-03-15"}],
///  "discussedWithWorker":true,"justifications":{"CAP":"Sibling of a child W7 holds"}}
/// ```
///
/// Dates are `yyyy-MM-dd`, instants ISO 8601 with an offset, enums their stored raw values
/// (`newReferral`, `childProtection`, `annualLeave`, ...). Empty lists and maps may be left out
/// (`factorsConsidered`, `tasks`, `flags`, `justifications`, ...); a key that is not a field of
/// the command is refused rather than silently ignored, so a misspelt field cannot drop a
/// justification. `justifications` maps a rule id (``RuleID``) to the reason the decision
/// stands despite that rule's finding: it is the only way to override a "justify" rule.
///
/// The command names are the ``name`` of each case: `registerTeam`, `registerWorker`,
/// `changeRole`, `moveTeam`, `recordAbsence`, `recordLeaving`, `adoptPolicy`, `refer`,
/// `recordReferralDecision`, `changeCategory`, `assessRisk`, `reopen`, `allocate`,
/// `coAllocate`, `deallocate`, `transfer`, `requestClosure`, `close`,
/// `recordAllocationDiscussion`, `recordOversight`, `recordCaseNote`,
/// `recordUnallocatedMonitoring`, `sendFamilyLetter`, `recordUnallocatedReview`, `escalate`,
/// `raiseWorkloadConcern`, `retract`.
public enum DomainCommand: Sendable, Hashable {
    case registerTeam(RegisterTeam)
    case registerWorker(RegisterWorker)
    case changeRole(ChangeRole)
    case moveTeam(MoveTeam)
    case recordAbsence(RecordAbsence)
    case recordLeaving(RecordLeaving)
    case adoptPolicy(AdoptPolicy)
    case refer(Refer)
    case recordReferralDecision(RecordReferralDecision)
    case changeCategory(ChangeCategory)
    case assessRisk(AssessRisk)
    case reopen(Reopen)
    case allocate(Allocate)
    case coAllocate(CoAllocate)
    case deallocate(Deallocate)
    case transfer(Transfer)
    case requestClosure(RequestClosure)
    case close(Close)
    case recordAllocationDiscussion(RecordAllocationDiscussion)
    case recordOversight(RecordOversight)
    case recordCaseNote(RecordCaseNote)
    case recordUnallocatedMonitoring(RecordUnallocatedMonitoring)
    case sendFamilyLetter(SendFamilyLetter)
    case recordUnallocatedReview(RecordUnallocatedReview)
    case escalate(Escalate)
    case raiseWorkloadConcern(RaiseWorkloadConcern)
    /// Indirect because a retraction may carry its corrected command.
    indirect case retract(Retract)

    /// The `command` discriminator of the JSON shape.
    public var name: String {
        switch self {
        case .registerTeam: return "registerTeam"
        case .registerWorker: return "registerWorker"
        case .changeRole: return "changeRole"
        case .moveTeam: return "moveTeam"
        case .recordAbsence: return "recordAbsence"
        case .recordLeaving: return "recordLeaving"
        case .adoptPolicy: return "adoptPolicy"
        case .refer: return "refer"
        case .recordReferralDecision: return "recordReferralDecision"
        case .changeCategory: return "changeCategory"
        case .assessRisk: return "assessRisk"
        case .reopen: return "reopen"
        case .allocate: return "allocate"
        case .coAllocate: return "coAllocate"
        case .deallocate: return "deallocate"
        case .transfer: return "transfer"
        case .requestClosure: return "requestClosure"
        case .close: return "close"
        case .recordAllocationDiscussion: return "recordAllocationDiscussion"
        case .recordOversight: return "recordOversight"
        case .recordCaseNote: return "recordCaseNote"
        case .recordUnallocatedMonitoring: return "recordUnallocatedMonitoring"
        case .sendFamilyLetter: return "sendFamilyLetter"
        case .recordUnallocatedReview: return "recordUnallocatedReview"
        case .escalate: return "escalate"
        case .raiseWorkloadConcern: return "raiseWorkloadConcern"
        case .retract: return "retract"
        }
    }

    /// The permission category the command falls in (see ``PermissionPolicy``).
    public var category: CommandCategory {
        switch self {
        case .registerTeam, .registerWorker, .changeRole, .moveTeam, .recordAbsence, .recordLeaving:
            return .workforce
        case .adoptPolicy: return .policyAdoption
        case .refer: return .referral
        case .recordReferralDecision, .changeCategory, .assessRisk: return .caseDecision
        case .reopen: return .reopening
        case .allocate, .coAllocate, .deallocate, .transfer: return .allocation
        case .requestClosure: return .closureRequest
        case .close: return .closure
        case .recordAllocationDiscussion, .recordOversight: return .oversight
        case .recordUnallocatedMonitoring, .sendFamilyLetter, .recordUnallocatedReview, .escalate:
            return .unallocatedManagement
        case .recordCaseNote, .raiseWorkloadConcern: return .practiceRecording
        case .retract: return .correction
        }
    }

    /// What the command does, as a refusal says it: "may not allocate cases".
    public var actionPhrase: String {
        switch self {
        case .registerTeam: return "register teams"
        case .registerWorker: return "register workers"
        case .changeRole: return "change a worker's role"
        case .moveTeam: return "move workers between teams"
        case .recordAbsence: return "record absences"
        case .recordLeaving: return "record a worker leaving"
        case .adoptPolicy: return "adopt a policy"
        case .refer: return "record referrals"
        case .recordReferralDecision: return "record referral decisions"
        case .changeCategory: return "change a case's category"
        case .assessRisk: return "assess a case's risk"
        case .reopen: return "reopen cases"
        case .allocate: return "allocate cases"
        case .coAllocate: return "co-allocate cases"
        case .deallocate: return "deallocate cases"
        case .transfer: return "transfer cases"
        case .requestClosure: return "request closure of cases"
        case .close: return "close cases"
        case .recordAllocationDiscussion: return "record allocation discussions"
        case .recordOversight: return "record manager oversight"
        case .recordCaseNote: return "record case notes"
        case .recordUnallocatedMonitoring: return "record unallocated monitoring"
        case .sendFamilyLetter: return "record letters to families and agencies"
        case .recordUnallocatedReview: return "record unallocated reviews"
        case .escalate: return "escalate cases"
        case .raiseWorkloadConcern: return "raise workload concerns"
        case .retract: return "retract entries"
        }
    }

    /// Commands that set up a new ledger: until a manager is registered, an actor claiming a
    /// manager role may issue these without being registered (see ``Decider``).
    public var isBootstrap: Bool {
        switch self {
        case .registerTeam, .registerWorker, .adoptPolicy: return true
        default: return false
        }
    }
}
