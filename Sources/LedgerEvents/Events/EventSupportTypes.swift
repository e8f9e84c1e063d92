import LedgerStore
import LedgerSupport

// Small value types and enums shared by several event payloads. Raw values are the stored
// spelling in the log: they never change once written. Add cases; never rename or remove them.

/// The kind of a period away from work; decides whether cases must be reallocated.
public enum AbsenceKind: String, Sendable, Hashable, Codable, CaseIterable {
    case annualLeave
    case sickness
    /// Long-term sickness: cases are reallocated within 5 working days of notification.
    case longTermSickness
    case other
}

/// Who made a referral, as the front door records it.
public enum ReferralSource: String, Sendable, Hashable, Codable, CaseIterable {
    case police
    case health
    case school
    case selfOrFamily
    case localAuthority
    case anonymous
    case other
}

/// The decision on a contact or referral (due within 24 hours of receipt).
public enum ReferralOutcome: String, Sendable, Hashable, Codable, CaseIterable {
    case noFurtherAction
    /// Proceeds to a social work (section 17) assessment: allocation is due within 24 hours.
    case socialWorkAssessment
    /// Proceeds to a section 47 enquiry: allocation is due within 24 hours.
    case section47Enquiry
    case earlyHelp
    case stepDown
    case signpost
    case other

    /// Whether the outcome calls for a social work response, starting the ALLOCATION-24H clock.
    public var requiresSocialWorkResponse: Bool {
        self == .socialWorkAssessment || self == .section47Enquiry
    }
}

/// A factor the manager considered when choosing the worker (childrens-case-allocation-process 1.4).
public enum AllocationFactor: String, Sendable, Hashable, Codable, CaseIterable {
    /// Which locality, team or worker previously held the case.
    case previousWorker
    /// The worker's current caseload: numbers and complexity.
    case caseload
    /// Professional experience, for instance newly qualified.
    case experience
    /// Specialist skills, training and preference of the worker.
    case skills
    /// Personal links or knowledge of the family that would preclude the worker.
    case conflictOfInterestChecked
    /// The worker's own views about the case.
    case workersView
    /// Potential risk to the worker, including harassment or hate crime.
    case riskToWorker
    /// Continuity of knowledge and relationships for the child.
    case continuity
    /// Other duties and responsibilities the worker carries.
    case otherDuties
    /// The worker recently returned from long-term sickness absence.
    case recentReturnFromLeave
    case other
}

/// The level a long-unallocated case is escalated to (unallocated-cases-guidance 4).
public enum EscalationLevel: String, Sendable, Hashable, Codable, CaseIterable {
    /// Due when a case has been unallocated for 4 weeks.
    case serviceManager
    /// Due when a case has been unallocated for 6 weeks.
    case headOfService
}

/// Whether a workload concern is about one practitioner's capacity or a whole team's.
public enum WorkloadConcernScope: String, Sendable, Hashable, Codable, CaseIterable {
    case individual
    case team
}

/// Who a letter about an unallocated case went to (unallocated-cases-guidance 3.2).
public enum LetterRecipient: String, Sendable, Hashable, Codable, CaseIterable {
    case family
    case school
    case health
    case police
    case earlyHelp
    case otherAgency
}

/// How often duty workers visit a child while the case waits for allocation.
public enum VisitingFrequency: String, Sendable, Hashable, Codable, CaseIterable {
    case weekly
    case fortnightly
    case fourWeekly
    case monthly
    /// Described in the accompanying detail text.
    case other
}

/// The title of a case note, as the case recording systems name them.
public enum CaseNoteKind: String, Sendable, Hashable, Codable, CaseIterable {
    /// "Social Work Allocation": tasks and timescales for the allocated practitioner.
    case socialWorkAllocation
    /// Management case note, for instance cover arrangements during a worker's absence.
    case management
    case supervision
    case caseClosure
    case caseTransfer
    case general
}

/// A task set at allocation, with the date it is due: the "tasks with timescales" the policies require.
public struct AllocationTask: Sendable, Hashable, Codable {
    /// What the worker is to do, in the manager's words.
    public let description: String
    public let dueDate: LocalDate

    public init(description: String, dueDate: LocalDate) {
        self.description = description
        self.dueDate = dueDate
    }
}

/// A policy finding the decider chose to override, with the justification the rule demands.
public struct PolicyOverride: Sendable, Hashable, Codable {
    /// The stable rule id, such as `CAP` or `LEAVE-SOON`.
    public let ruleId: String
    /// The finding as the policy check stated it.
    public let finding: String
    /// Why the decision stands despite the finding.
    public let justification: String

    public init(ruleId: String, finding: String, justification: String) {
        self.ruleId = ruleId
        self.finding = finding
        self.justification = justification
    }
}

/// A policy finding recorded with a decision: a rule whose severity is "finding" was breached,
/// and the decision went ahead. Kept with the event so the audit reports the breach with the
/// decision that made it, under the policy in force then.
public struct PolicyFinding: Sendable, Hashable, Codable {
    /// The stable rule id, such as `CAP` or `LEAVE-SOON`.
    public let ruleId: String
    /// The finding as the policy check stated it.
    public let finding: String

    public init(ruleId: String, finding: String) {
        self.ruleId = ruleId
        self.finding = finding
    }
}

/// A worker's caseload as it stood when a case was given to them, so the audit shows what the
/// manager could see then, not what a later recomputation says.
public struct CaseloadFigures: Sendable, Hashable, Codable {
    /// Cases held before this allocation.
    public let caseCount: Int
    /// Points before this allocation (low 1, moderate 2, high 3 by default).
    public let weightedScore: Int
    /// The case cap for the worker's role, if the policy sets one.
    public let caseCap: Int?
    /// The points cap for the worker's role, if the policy sets one.
    public let pointsCap: Int?

    public init(caseCount: Int, weightedScore: Int, caseCap: Int?, pointsCap: Int?) {
        self.caseCount = caseCount
        self.weightedScore = weightedScore
        self.caseCap = caseCap
        self.pointsCap = pointsCap
    }
}

/// The "Case Transfer" summary: work done, what is outstanding, and whose responsibility it is.
public struct TransferSummary: Sendable, Hashable, Codable {
    public let workDone: String
    public let outstandingWork: String
    /// Whose responsibility the outstanding work is after the transfer.
    public let responsibility: String

    public init(workDone: String, outstandingWork: String, responsibility: String) {
        self.workDone = workDone
        self.outstandingWork = outstandingWork
        self.responsibility = responsibility
    }
}

/// The "Case Closure" summary: no case closes without one (rule CLOSURE-SUMMARY).
public struct ClosureSummary: Sendable, Hashable, Codable {
    public let workDone: String
    public let outstandingWork: String
    /// Whose responsibility any outstanding work is once the case is closed.
    public let responsibility: String

    public init(workDone: String, outstandingWork: String, responsibility: String) {
        self.workDone = workDone
        self.outstandingWork = outstandingWork
        self.responsibility = responsibility
    }
}
