import LedgerEvents
import LedgerStore
import LedgerSupport

/// The stable id of a policy rule (DESIGN §5). Refusals and findings name it; policy files key
/// severities by it. Raw values never change.
public enum RuleID: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
    case cap = "CAP"
    case socialWorkOfficerRisk = "SWO-RISK"
    case nqswRamp = "NQSW-RAMP"
    case onLeave = "ON-LEAVE"
    case leaveSoon = "LEAVE-SOON"
    case statutoryQualified = "STATUTORY-QUALIFIED"
    case agencyCourtOrChildInCare = "AGENCY-COURT-CIC"
    case preBirth = "PREBIRTH"
    case coAllocationPrimary = "CO-ALLOCATION-PRIMARY"
    case jointPrimary = "JOINT-PRIMARY"
    case allocationRecord = "ALLOCATION-RECORD"
    case reReferralPrevious = "REREFERRAL-PREVIOUS"
    case statutoryAllocated = "STATUTORY-ALLOCATED"
    case closureSummary = "CLOSURE-SUMMARY"
    case closureAuthorised = "CLOSURE-AUTHORISED"
    case unallocatedClosure = "UNALLOCATED-CLOSURE"

    public static func < (lhs: RuleID, rhs: RuleID) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// The stable id of a timescale (DESIGN §5): reported as met, missed, or open and overdue.
public enum TimescaleID: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
    case decision24Hours = "DECISION-24H"
    case allocation24Hours = "ALLOCATION-24H"
    case reallocation5WorkingDays = "REALLOCATION-5WD"
    case unallocatedMonitoring = "UNALLOCATED-MONITORING"
    case unallocatedLetter = "UNALLOCATED-LETTER"
    case unallocatedReview = "UNALLOCATED-REVIEW"
    case unallocatedEscalation = "UNALLOCATED-ESCALATION"
    case oversightOnChange = "OVERSIGHT-ON-CHANGE"

    public static func < (lhs: TimescaleID, rhs: TimescaleID) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// What happens when a rule is broken.
public enum RuleSeverity: String, Sendable, Hashable, Codable, CaseIterable {
    /// The command is refused and nothing is appended.
    case block
    /// Allowed only with a recorded justification.
    case justify
    /// Allowed, recorded and reported.
    case finding
    /// Not checked (an authority may switch a rule off in its policy file).
    case off
}
