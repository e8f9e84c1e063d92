/// A case as decisions see it now: where it sits, what it is, who holds it, and what the
/// re-referral and closure rules need to know about its past.
public struct CaseState: Sendable, Hashable {
    public var caseId: String
    /// The family or household; the NQSW ramp counts families and re-referrals match on it.
    public var familyId: String
    /// The team holding the case (it holds it alone while the case is unallocated).
    public var teamId: String
    public var serviceArea: ServiceArea
    public var category: CaseCategory
    /// Sorted, without duplicates.
    public var flags: [CaseFlag]
    /// Nil until assessed; weighs as moderate in a caseload until then (see ``DecisionState/caseload(of:policy:)``).
    public var riskLevel: RiskLevel?
    /// The referral the current period of work started with.
    public var referralId: String
    public var referredAt: Instant
    /// The latest decision on the current referral, if recorded.
    public var decisionOutcome: ReferralOutcome?
    public var decidedAt: Instant?
    public var isOpen: Bool
    /// When the case was last closed (kept after a reopening, for the record).
    public var closedAt: Instant?
    public var primaryWorkerId: String?
    /// Co-workers in the order they joined.
    public var coWorkerIds: [String]
    /// The most recent primary worker, kept after deallocation and closure: the "previous
    /// worker" of a re-referral.
    public var lastPrimaryWorkerId: String?
    /// Set by a re-referral within the window until the first allocation after it
    /// (REREFERRAL-PREVIOUS).
    public var pendingReReferral: ReReferral?
    /// A practitioner's closure request awaiting a manager, with its summary.
    public var closureRequest: ClosureSummary?

    public init(caseId: String, familyId: String, teamId: String, serviceArea: ServiceArea, category: CaseCategory,
                flags: [CaseFlag], riskLevel: RiskLevel?, referralId: String, referredAt: Instant) {
        self.caseId = caseId
        self.familyId = familyId
        self.teamId = teamId
        self.serviceArea = serviceArea
        self.category = category
        self.flags = flags
        self.riskLevel = riskLevel
        self.referralId = referralId
        self.referredAt = referredAt
        self.decisionOutcome = nil
        self.decidedAt = nil
        self.isOpen = true
        self.closedAt = nil
        self.primaryWorkerId = nil
        self.coWorkerIds = []
        self.lastPrimaryWorkerId = nil
        self.pendingReReferral = nil
        self.closureRequest = nil
    }

    /// Everyone holding the case: the primary worker first, then co-workers.
    public var holderIds: [String] { (primaryWorkerId.map { [$0] } ?? []) + coWorkerIds }

    public var isAllocated: Bool { primaryWorkerId != nil }

    /// childrens-case-allocation-process 2.1: child protection (including section 47), child in
    /// care, subject to proceedings, supervision orders.
    public var isStatutory: Bool {
        category == .childProtection || category == .childInCare
            || flags.contains(.section47) || flags.contains(.courtProceedings) || flags.contains(.supervisionOrder)
    }

    /// unallocated-cases-guidance 1: child protection (including section 47) and child-in-care
    /// cases cannot be unallocated (STATUTORY-ALLOCATED).
    public var mustStayAllocated: Bool {
        category == .childProtection || category == .childInCare || flags.contains(.section47)
    }

    public func has(_ flag: CaseFlag) -> Bool { flags.contains(flag) }
}
