import Foundation
import LedgerEvents
import LedgerStore
import LedgerSupport

/// An authority's allocation policy as data: every rule's severity and every number.
///
/// Policy is data, not code, so an authority can review and adopt its own numbers, and the
/// audit can show exactly which rules were in force on any date (adoption appends a
/// `PolicyAdopted` event carrying the policy's content hash and text).
public struct Policy: Sendable, Hashable, Codable {
    public var policyId: String
    /// `children` or `adults` for the built-in profiles; free text for an authority's own.
    public var profile: String
    public var formatVersion: Int
    /// Severity per rule; a rule missing here uses its DESIGN §5 default.
    public var severities: [String: RuleSeverity]
    public var weights: RiskWeights
    public var caps: [CaseloadCap]
    public var nqswRamp: [RampStep]
    /// LEAVE-SOON: a worker whose leave starts within this many working days is "about to go".
    public var leaveLookAheadWorkingDays: Int
    /// REREFERRAL-PREVIOUS: a referral within this many calendar days of closure is a re-referral.
    public var reReferralWindowDays: Int
    public var timescales: Timescales
    /// Added to the England and Wales bank holidays when counting working days.
    public var extraHolidays: [LocalDate]
    /// Whether `--actor` is bound to the invoking operating-system account (`"login"`) or taken at
    /// its word (`"declared"`). Absent means declared, and an absent key is left out of the
    /// canonical JSON, so every policy written before it keeps its content hash.
    public var identity: IdentityMode?

    public init(policyId: String, profile: String, formatVersion: Int = 1, severities: [String: RuleSeverity],
                weights: RiskWeights, caps: [CaseloadCap], nqswRamp: [RampStep], leaveLookAheadWorkingDays: Int,
                reReferralWindowDays: Int, timescales: Timescales, extraHolidays: [LocalDate],
                identity: IdentityMode? = nil) {
        self.policyId = policyId
        self.profile = profile
        self.formatVersion = formatVersion
        self.severities = severities
        self.weights = weights
        self.caps = caps
        self.nqswRamp = nqswRamp
        self.leaveLookAheadWorkingDays = leaveLookAheadWorkingDays
        self.reReferralWindowDays = reReferralWindowDays
        self.timescales = timescales
        self.extraHolidays = extraHolidays
        self.identity = identity
    }

    /// The identity mode in force under this policy (absent: declared).
    public var identityMode: IdentityMode { identity ?? .declared }

    /// The severity in force for `rule`.
    public func severity(_ rule: RuleID) -> RuleSeverity {
        severities[rule.rawValue] ?? Policy.defaultSeverity(rule)
    }

    /// DESIGN §5 defaults.
    public static func defaultSeverity(_ rule: RuleID) -> RuleSeverity {
        switch rule {
        case .cap, .socialWorkOfficerRisk, .nqswRamp, .leaveSoon, .reReferralPrevious, .unallocatedClosure:
            return .justify
        case .onLeave, .statutoryQualified, .agencyCourtOrChildInCare, .preBirth, .coAllocationPrimary, .jointPrimary,
             .allocationRecord, .statutoryAllocated, .closureSummary, .closureAuthorised:
            return .block
        }
    }

    /// The caseload cap for a role, or nil when the policy sets none.
    public func cap(for role: Role) -> CaseloadCap? { caps.first { $0.role == role } }

    public func weight(_ risk: RiskLevel) -> Int {
        switch risk {
        case .low: return weights.low
        case .moderate: return weights.moderate
        case .high: return weights.high
        }
    }

    /// The NQSW ramp step in force `week` weeks after a worker's start, in `area`.
    ///
    /// Returns `.noCases` before the first step (an NQSW holds no cases before week 3),
    /// `.limit` within the table, `.decidedInTeam` where the table leaves it to the team, and
    /// `.beyondRamp` where the area has no ramp (the role's cap applies).
    public func rampTarget(week: Int, area: ServiceArea) -> RampTarget {
        let steps = nqswRamp.filter { $0.serviceArea == area }.sorted { $0.fromWeek < $1.fromWeek }
        guard let first = steps.first else { return .beyondRamp }
        guard week >= first.fromWeek else { return .noCases(firstWeek: first.fromWeek) }
        guard let step = steps.last(where: { $0.fromWeek <= week }) else { return .beyondRamp }
        if step.decidedInTeam { return .decidedInTeam(fromWeek: step.fromWeek) }
        return .limit(step)
    }

    /// The working-day calendar this policy counts in.
    public var calendar: WorkingCalendar { WorkingCalendar(extraHolidays: extraHolidays) }
}

/// Points per risk level (WEIGHTS).
public struct RiskWeights: Sendable, Hashable, Codable {
    public var low: Int
    public var moderate: Int
    public var high: Int

    public init(low: Int, moderate: Int, high: Int) {
        self.low = low
        self.moderate = moderate
        self.high = high
    }
}

/// A role's caseload cap: cases and/or weighted points (CAP).
public struct CaseloadCap: Sendable, Hashable, Codable {
    public var role: Role
    public var cases: Int?
    public var points: Int?

    public init(role: Role, cases: Int?, points: Int?) {
        self.role = role
        self.cases = cases
        self.points = points
    }
}

/// One row-cell of the NQSW ramp: from `fromWeek` (until the next step) in `serviceArea`.
public struct RampStep: Sendable, Hashable, Codable {
    public var fromWeek: Int
    public var serviceArea: ServiceArea
    /// Recommended range of children; the maximum is enforced, the minimum reported as "under target".
    public var minimumChildren: Int?
    public var maximumChildren: Int?
    /// "in N families": caps the number of families too.
    public var maximumFamilies: Int?
    public var minimumFamilies: Int?
    /// The source table says "decided in teams": no number to enforce.
    public var decidedInTeam: Bool

    public init(fromWeek: Int, serviceArea: ServiceArea, minimumChildren: Int?, maximumChildren: Int?,
                minimumFamilies: Int? = nil, maximumFamilies: Int? = nil, decidedInTeam: Bool = false) {
        self.fromWeek = fromWeek
        self.serviceArea = serviceArea
        self.minimumChildren = minimumChildren
        self.maximumChildren = maximumChildren
        self.minimumFamilies = minimumFamilies
        self.maximumFamilies = maximumFamilies
        self.decidedInTeam = decidedInTeam
    }
}

/// What the NQSW ramp says for a worker on a date.
public enum RampTarget: Sendable, Hashable {
    case noCases(firstWeek: Int)
    case limit(RampStep)
    case decidedInTeam(fromWeek: Int)
    case beyondRamp
}

/// The numbers of DESIGN §5's timescales.
public struct Timescales: Sendable, Hashable, Codable {
    /// DECISION-24H: decision on a contact or referral, hours after receipt.
    public var decisionHours: Int
    /// ALLOCATION-24H: allocation after a decision for a social work response, hours after the decision.
    public var allocationHours: Int
    /// REALLOCATION-5WD: working days after an absence or departure is notified.
    public var reallocationWorkingDays: Int
    /// UNALLOCATED-MONITORING: a monitoring record once a case has been unallocated this many working days.
    public var monitoringWorkingDays: Int
    /// UNALLOCATED-LETTER: letter to family and agencies within this many working days of arrival.
    public var letterWorkingDays: Int
    /// UNALLOCATED-REVIEW: first review at this many weeks, then every `reviewIntervalWeeks`.
    public var firstReviewWeeks: Int
    public var reviewIntervalWeeks: Int
    /// UNALLOCATED-ESCALATION: to a service manager at this many weeks, to a head of service at the next.
    public var serviceManagerEscalationWeeks: Int
    public var headOfServiceEscalationWeeks: Int

    public init(decisionHours: Int, allocationHours: Int, reallocationWorkingDays: Int, monitoringWorkingDays: Int,
                letterWorkingDays: Int, firstReviewWeeks: Int, reviewIntervalWeeks: Int,
                serviceManagerEscalationWeeks: Int, headOfServiceEscalationWeeks: Int) {
        self.decisionHours = decisionHours
        self.allocationHours = allocationHours
        self.reallocationWorkingDays = reallocationWorkingDays
        self.monitoringWorkingDays = monitoringWorkingDays
        self.letterWorkingDays = letterWorkingDays
        self.firstReviewWeeks = firstReviewWeeks
        self.reviewIntervalWeeks = reviewIntervalWeeks
        self.serviceManagerEscalationWeeks = serviceManagerEscalationWeeks
        self.headOfServiceEscalationWeeks = headOfServiceEscalationWeeks
    }
}
