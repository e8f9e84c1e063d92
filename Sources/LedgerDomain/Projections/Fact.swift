import LedgerEvents
import LedgerStore
import LedgerSupport

/// One event as the projections keep it: both of its times, the hash that cites it, where its
/// line is in the log, which later entries retracted it, and the few facts the queries read.
///
/// Projections hold facts, not whole events, so that a multi-year ledger folds into a state small
/// enough to snapshot and reload in well under a second. Prose (rationale, summaries, notes) stays
/// in the log; answers that quote it read the cited line back by its ``lineOffset``.
public struct Fact: Sendable, Hashable {
    /// Position in the log.
    public var sequence: UInt64
    /// Valid time: when it happened in practice.
    public var occurredAt: Instant
    /// Transaction time: when the ledger appended it.
    public var recordedAt: Instant
    /// The chain value after this event: the hash an answer cites.
    public var chain: SHA256Digest
    /// Byte offset of the event's line within its segment, or -1 when not known. A cache of
    /// where to read the details, not projection state: it is left out of the canonical digest.
    public var lineOffset: Int64
    /// Sequence numbers of the `EntryRetracted` events that withdraw this one, in log order.
    /// Whether one of them counts depends on the as-known time of the query.
    public var retractedBy: [UInt64]
    public var detail: FactDetail

    public init(sequence: UInt64, occurredAt: Instant, recordedAt: Instant, chain: SHA256Digest, lineOffset: Int64,
                retractedBy: [UInt64] = [], detail: FactDetail) {
        self.sequence = sequence
        self.occurredAt = occurredAt
        self.recordedAt = recordedAt
        self.chain = chain
        self.lineOffset = lineOffset
        self.retractedBy = retractedBy
        self.detail = detail
    }

    /// The event's citation: sequence number and hash.
    public var citation: Citation { Citation(sequence: sequence, hash: chain) }
}

/// The facts of an allocation record that rules and reports read without the prose.
public struct AllocationRecordFacts: Sendable, Hashable {
    /// Rule ids of the policy findings the decider overrode, in recorded order.
    public var overriddenRuleIds: [String]
    /// Tasks with timescales were recorded (ALLOCATION-RECORD).
    public var hasTasks: Bool
    /// A rationale was recorded (ALLOCATION-RECORD).
    public var hasRationale: Bool

    public init(overriddenRuleIds: [String], hasTasks: Bool, hasRationale: Bool) {
        self.overriddenRuleIds = overriddenRuleIds
        self.hasTasks = hasTasks
        self.hasRationale = hasRationale
    }
}

/// What a fact says, per kind of event: identifiers, codes and flags only.
public enum FactDetail: Sendable, Hashable {
    // Case streams.
    case referralReceived(referralId: String, familyId: String, teamId: String, serviceArea: ServiceArea,
                          category: CaseCategory, flags: [CaseFlag], riskLevel: RiskLevel?, isReReferral: Bool,
                          previousWorkerId: String?)
    case referralDecision(referralId: String, outcome: ReferralOutcome)
    case categoryChanged(category: CaseCategory, flags: [CaseFlag])
    case riskAssessed(riskLevel: RiskLevel)
    case allocated(workerId: String, teamId: String, previousWorkerId: String?, reason: AllocationReason,
                   record: AllocationRecordFacts)
    case coAllocated(workerId: String, teamId: String?, reason: AllocationReason, record: AllocationRecordFacts)
    case deallocated(workerId: String, isPrimary: Bool, reason: AllocationReason, remainsWithTeamId: String?)
    case transferred(fromWorkerId: String?, toWorkerId: String?, fromTeamId: String, toTeamId: String,
                     reason: AllocationReason, record: AllocationRecordFacts)
    case closureRequested(requestedById: String)
    case closed(authorisingManagerId: String, summaryComplete: Bool, hasEvidenceNeedsAddressed: Bool,
                overriddenRuleIds: [String])
    case reopened(referralId: String, isReReferral: Bool, previousWorkerId: String?)
    case allocationDiscussion(workerId: String)
    case oversight(managerId: String)
    case caseNote
    case unallocatedMonitoring
    case familyLetter
    case unallocatedReview
    case escalation(level: EscalationLevel)
    /// An `InvolvementRecorded`. A holding one (``InvolvementRecorded/holdsCase``) keeps the case
    /// open and unallocated in `teamId` from the event's `occurredAt` until `endedAt`.
    case involvement(workerId: String?, teamId: String?, endedAt: Instant?, holdsCase: Bool)
    /// The end of a holding involvement: only ever in a ``CaseTimeline``, which adds it at the
    /// involvement's `endedAt` citing the same event, so that one event can both open and end a
    /// period. Never captured from an event (and so never in a snapshot or digest).
    case involvementEnd(teamId: String?)
    /// An `EntryRetracted` in this stream: it withdraws `targetSequence`.
    case retraction(targetSequence: UInt64, replacementFollows: Bool)
    // Worker streams.
    case workerRegistered(teamId: String, role: Role, startDate: LocalDate, isAgency: Bool, isQualified: Bool,
                          fullTimeEquivalentPercent: Int)
    case workerRoleChanged(role: Role, isQualified: Bool, effectiveDate: LocalDate?)
    case workerMovedTeam(fromTeamId: String, toTeamId: String)
    case workerAbsence(absenceId: String, kind: AbsenceKind, startDate: LocalDate, endDate: LocalDate?,
                       notifiedAt: Instant?)
    case workerLeft(lastWorkingDate: LocalDate)
    case workloadConcern
    // Team streams.
    case teamRegistered(name: String, serviceArea: ServiceArea, managerId: String?)
    // Policy streams.
    case policyAdopted(policyId: String, profile: String, contentSHA256: String, effectiveFrom: Instant,
                       policyJSON: String)
    /// An event of a kind this projection does not interpret in this stream; it still appears in trails.
    case other

    /// The worker a case fact names as taking or holding the case, if any.
    public var allocatedWorkerId: String? {
        switch self {
        case .allocated(let workerId, _, _, _, _), .coAllocated(let workerId, _, _, _): return workerId
        case .transferred(_, let toWorkerId, _, _, _, _): return toWorkerId
        default: return nil
        }
    }

    /// The teams a fact names, for the team index (at most two; no allocation).
    package var teamIds: (String?, String?) {
        switch self {
        case .referralReceived(_, _, let teamId, _, _, _, _, _, _): return (teamId, nil)
        case .allocated(_, let teamId, _, _, _): return (teamId, nil)
        case .coAllocated(_, let teamId, _, _): return (teamId, nil)
        case .deallocated(_, _, _, let teamId): return (teamId, nil)
        case .involvement(_, let teamId, _, true): return (teamId, nil)
        case .transferred(_, _, let fromTeamId, let toTeamId, _, _): return (fromTeamId, toTeamId)
        case .workerRegistered(let teamId, _, _, _, _, _): return (teamId, nil)
        case .workerMovedTeam(let fromTeamId, let toTeamId): return (fromTeamId, toTeamId)
        default: return (nil, nil)
        }
    }

    /// The policy findings overridden in the event, by rule id.
    public var overriddenRuleIds: [String] {
        switch self {
        case .allocated(_, _, _, _, let record), .coAllocated(_, _, _, let record),
             .transferred(_, _, _, _, _, let record):
            return record.overriddenRuleIds
        case .closed(_, _, _, let ruleIds): return ruleIds
        default: return []
        }
    }
}
