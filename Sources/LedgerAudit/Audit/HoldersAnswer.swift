import LedgerDomain
import LedgerEvents
import LedgerStore
import LedgerSupport

/// Who held a case at a moment, since when, and the recorded decision that made each hold it.
public struct HoldersAnswer: Sendable, Hashable, Codable {
    public var caseId: String
    public var asOf: Instant
    public var asKnown: Instant
    /// The log position the answer was computed from.
    public var head: Citation
    /// Whether anything about the case had happened by `asOf`, as known at `asKnown`.
    public var caseKnown: Bool
    public var isOpen: Bool
    public var teamId: String?
    public var category: CaseCategory?
    public var riskLevel: RiskLevel?
    /// Flags in force (section 47, proceedings, supervision order, …): what makes a case statutory.
    public var flags: [CaseFlag] = []
    public var isStatutory: Bool
    /// When the case last became unallocated, if it is open with no primary worker.
    public var unallocatedSince: Instant?
    public var primary: HolderRecord?
    public var coWorkers: [HolderRecord]
    /// The latest manager oversight before `asOf`.
    public var latestOversight: OversightSummary?
    /// Every event the answer rests on, by sequence.
    public var citations: [Citation]
    /// Why a closed case is closed when no `CaseClosed` says so: "closed in the legacy system: no
    /// involvement after <date>" (legacy exports carry no closures).
    public var closedNote: String? = nil
}

/// One holder of a case.
public struct HolderRecord: Sendable, Hashable, Codable {
    /// Primary worker or co-worker.
    public enum Holding: String, Sendable, Hashable, Codable {
        case primary
        case coWorker
    }

    public var workerId: String
    public var holding: Holding
    public var since: Instant
    /// The worker's role in force at `asOf`, if the worker is registered.
    public var roleAtAsOf: Role?
    /// The worker's last working day, when they had left the service by `asOf`: the case is
    /// still recorded against them (nobody reallocated it), which an inspector must see.
    public var leftServiceAfter: LocalDate? = nil
    public var allocation: AllocationDecision
}

/// The recorded "why" of an allocation, read back from the cited event.
public struct AllocationDecision: Sendable, Hashable, Codable {
    public var citation: Citation
    /// `CaseAllocated`, `CaseCoAllocated` or `CaseTransferred`.
    public var eventType: String
    public var occurredAt: Instant
    public var recordedAt: Instant
    /// Who recorded the decision, in which role.
    public var actor: Actor
    /// `command`, or `import:<batch>:<row>`.
    public var source: String
    public var reason: AllocationReason
    /// The national change-reason code, if the reason has one.
    public var nationalCode: String?
    public var rationale: String
    public var factorsConsidered: [AllocationFactor]
    public var tasks: [AllocationTask]
    public var discussedWithWorker: Bool?
    /// Policy findings overridden, each with its justification.
    public var overrides: [PolicyOverride]
    public var caseloadAtAllocation: CaseloadFigures?
    public var previousWorkerId: String?
    public var teamId: String?
    /// The retracted entry this event corrects, when it was recorded as a replacement.
    public var corrects: Citation?
}

/// A manager's oversight entry, summarised.
public struct OversightSummary: Sendable, Hashable, Codable {
    public var citation: Citation
    public var occurredAt: Instant
    public var recordedAt: Instant
    public var actor: Actor
    public var managerId: String
    public var worriedAbout: String
    public var needsToHappen: String
    public var expectationsAndTimeframes: String
    public var nextOversightDue: LocalDate?
}
