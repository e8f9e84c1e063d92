/// A case at one valid time: open or closed, its team, category, risk and holders, and the
/// events that put each of those in place (as indices into its ``CaseTimeline``'s facts).
public struct CaseView: Sendable, Hashable {
    public var isOpen = false
    public var teamId: String?
    public var serviceArea: ServiceArea?
    public var familyId: String?
    public var category: CaseCategory?
    public var flags: [CaseFlag] = []
    public var riskLevel: RiskLevel?
    public var primary: CaseHolding?
    public var coWorkers: [CaseHolding] = []
    /// When the current open period began (referral or reopening), if open.
    public var openedAt: Instant?
    /// When the case last became open with no primary worker, while it still is.
    public var unallocatedSince: Instant?
    public var unallocatedSinceFactIndex: Int?
    public var openingFactIndex: Int?
    public var teamFactIndex: Int?
    public var categoryFactIndex: Int?
    public var riskFactIndex: Int?
    public var lastOversightFactIndex: Int?
    public var closingFactIndex: Int?

    public init() {}

    /// Open with no primary worker: held by its team only ("awaiting allocation").
    public var isUnallocated: Bool { isOpen && primary == nil }

    /// Child protection (including section 47), child in care, subject to proceedings, or a
    /// supervision order (DESIGN §4).
    public var isStatutory: Bool {
        if category == .childProtection || category == .childInCare { return true }
        return flags.contains(.section47) || flags.contains(.courtProceedings) || flags.contains(.supervisionOrder)
    }

    /// The worker's holding of this case, primary or co-worker, if they hold it.
    public func holding(of workerId: String) -> CaseHolding? {
        if let primary, primary.workerId == workerId { return primary }
        return coWorkers.first { $0.workerId == workerId }
    }

    /// Every holder: the primary worker first, then co-workers in the order they joined.
    public var holders: [CaseHolding] {
        (primary.map { [$0] } ?? []) + coWorkers
    }

    /// Applies one fact (the `index`-th of the timeline) in valid-time order. Never fails: an event
    /// that does not fit (an allocation to a closed case, a deallocation of someone not holding
    /// it) is applied in the most literal way and left for the rule checks to report.
    mutating func apply(_ fact: Fact, at index: Int) {
        let time = fact.occurredAt
        switch fact.detail {
        case .referralReceived(_, let familyId, let teamId, let serviceArea, let category, let flags, let riskLevel, _, _):
            // A referral on a closed case opens a new period of work; on an open case it keeps the
            // holders and brings the case to the referral's team and category (as the domain does).
            if !isOpen { open(at: time, index: index) }
            self.familyId = familyId
            self.serviceArea = serviceArea
            if self.teamId != teamId || teamFactIndex == nil {
                self.teamId = teamId
                teamFactIndex = index
            }
            self.category = category
            self.flags = flags
            categoryFactIndex = index
            if let riskLevel {
                self.riskLevel = riskLevel
                riskFactIndex = index
            }
        case .reopened:
            if !isOpen { open(at: time, index: index) }
        case .categoryChanged(let category, let flags):
            self.category = category
            self.flags = flags
            categoryFactIndex = index
        case .riskAssessed(let riskLevel):
            self.riskLevel = riskLevel
            riskFactIndex = index
        case .allocated(let workerId, let teamId, _, _, _):
            if !isOpen { open(at: time, index: index) }
            coWorkers.removeAll { $0.workerId == workerId }
            primary = CaseHolding(workerId: workerId, isPrimary: true, since: time, factIndex: index)
            if self.teamId != teamId {
                self.teamId = teamId
                teamFactIndex = index
            }
        case .coAllocated(let workerId, _, _, _):
            if !isOpen { open(at: time, index: index) }
            if primary?.workerId != workerId, !coWorkers.contains(where: { $0.workerId == workerId }) {
                coWorkers.append(CaseHolding(workerId: workerId, isPrimary: false, since: time, factIndex: index))
            }
        case .deallocated(let workerId, _, _, let remainsWithTeamId):
            if primary?.workerId == workerId {
                primary = nil
                if let remainsWithTeamId, remainsWithTeamId != teamId {
                    teamId = remainsWithTeamId
                    teamFactIndex = index
                }
            } else {
                coWorkers.removeAll { $0.workerId == workerId }
            }
        case .transferred(_, let toWorkerId, _, let toTeamId, _, _):
            if !isOpen { open(at: time, index: index) }
            // Co-workers belong to the sending team's arrangements: a move to another team ends them.
            if teamId != toTeamId { coWorkers = [] }
            if let toWorkerId { coWorkers.removeAll { $0.workerId == toWorkerId } }
            teamId = toTeamId
            teamFactIndex = index
            primary = toWorkerId.map { CaseHolding(workerId: $0, isPrimary: true, since: time, factIndex: index) }
        case .closed:
            isOpen = false
            primary = nil
            coWorkers = []
            openedAt = nil
            closingFactIndex = index
        case .oversight:
            lastOversightFactIndex = index
        default:
            break
        }
        if isUnallocated {
            if unallocatedSince == nil {
                unallocatedSince = time
                unallocatedSinceFactIndex = index
            }
        } else {
            unallocatedSince = nil
            unallocatedSinceFactIndex = nil
        }
    }

    private mutating func open(at time: Instant, index: Int) {
        isOpen = true
        openedAt = time
        openingFactIndex = index
        closingFactIndex = nil
        primary = nil
        coWorkers = []
    }
}
