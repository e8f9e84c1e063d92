import LedgerEvents
import LedgerStore
import LedgerSupport

/// A case at one valid time: open or closed, its team, category, risk and holders, and the
/// events that put each of those in place (as indices into its ``CaseTimeline``'s facts).
public struct CaseView: Sendable, Hashable {
    /// The case's id (set by its ``CaseTimeline``).
    public var caseId = ""
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
    /// The event that closed the case: a `CaseClosed`, or for a legacy-open case the end of its
    /// last involvement.
    public var closingFactIndex: Int?
    /// The open period began with an imported involvement (an allocation, co-allocation or
    /// holding team-only involvement reaching a case that was not open) rather than a referral or
    /// reopening: legacy exports carry no closures, so the case is open exactly while someone
    /// holds it (see ``settleLegacyClosure()``). A referral or reopening switches it to the normal
    /// rules, where only `CaseClosed` closes a case.
    public var isLegacyOpen = false
    /// Closed because the last legacy involvement ended with nothing starting at that instant,
    /// not by a `CaseClosed`: "closed in the legacy system".
    public var isClosedInLegacySystem = false
    /// Holding team-only involvements in force, in the order they started: the team holds the
    /// case unallocated.
    public var teamHoldings: [TeamHolding] = []
    /// For a legacy-open case nobody holds any more: the fact that ended the last holding.
    package var legacyClosureFactIndex: Int?
    /// The referral the current (or last) period of work started with.
    public var referralId: String?
    /// The latest decision on the current referral, and when it was made.
    public var decisionOutcome: ReferralOutcome?
    public var decidedAt: Instant?
    /// When the case was last closed (kept after a reopening, for the re-referral rule).
    public var closedAt: Instant?
    /// The most recent primary worker, kept after deallocation and closure: the "previous worker"
    /// of a re-referral.
    public var lastPrimaryWorkerId: String?
    /// Set by a referral or reopening recorded as a re-referral, until the first allocation after it
    /// (REREFERRAL-PREVIOUS).
    public var pendingReReferral: ReReferral?
    /// The practitioner's closure request awaiting a manager, if any (index into the timeline's facts).
    public var closureRequestFactIndex: Int?
    /// Whether the current open period has had a primary worker: a new referral waiting for its
    /// first allocation is timed by ALLOCATION-24H, while a case that had a worker and lost it is
    /// what STATUTORY-ALLOCATED forbids.
    public var hasHadPrimaryInPeriod = false
    /// The latest primary worker of the current open period, kept after deallocation: an
    /// allocation to someone else is a change of worker (OVERSIGHT-ON-CHANGE).
    public var periodPrimaryWorkerId: String?
    /// The case moved team without a receiving worker since its last allocation: the next
    /// allocation follows a team transfer (OVERSIGHT-ON-CHANGE).
    public var awaitsAllocationAfterTeamTransfer = false

    public init() {}

    /// Open with no primary worker: held by its team only ("awaiting allocation"). A legacy-open
    /// case with no holder at all is not waiting for allocation: the legacy system did not hold it.
    public var isUnallocated: Bool { isOpen && primary == nil && !isAwaitingLegacyClosure }

    /// A legacy-open case that no worker, co-worker or team involvement holds: it closes at the end
    /// of this instant unless another involvement starts at the same instant.
    package var isAwaitingLegacyClosure: Bool {
        isOpen && isLegacyOpen && primary == nil && coWorkers.isEmpty && teamHoldings.isEmpty
    }

    /// Child protection (including section 47), child in care, subject to proceedings, or a
    /// supervision order (DESIGN §4).
    public var isStatutory: Bool {
        if category == .childProtection || category == .childInCare { return true }
        return flags.contains(.section47) || flags.contains(.courtProceedings) || flags.contains(.supervisionOrder)
    }

    /// The primary worker's id, if the case has one.
    public var primaryWorkerId: String? { primary?.workerId }

    /// Co-workers' ids in the order they joined.
    public var coWorkerIds: [String] { coWorkers.map(\.workerId) }

    /// Everyone holding the case: the primary worker first, then co-workers.
    public var holderIds: [String] { holders.map(\.workerId) }

    /// unallocated-cases-guidance 1: child protection (including section 47) and child-in-care
    /// cases cannot be unallocated (STATUTORY-ALLOCATED).
    public var mustStayAllocated: Bool {
        category == .childProtection || category == .childInCare || flags.contains(.section47)
    }

    public func has(_ flag: CaseFlag) -> Bool { flags.contains(flag) }

    /// Whether an allocation to `workerId` now would change the worker or follow a team transfer:
    /// good practice asks for manager oversight with it (OVERSIGHT-ON-CHANGE).
    public func allocationIsChange(to workerId: String) -> Bool {
        if awaitsAllocationAfterTeamTransfer { return true }
        return (primary?.workerId ?? periodPrimaryWorkerId).map { $0 != workerId } ?? false
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
    package mutating func apply(_ fact: Fact, at index: Int) {
        let time = fact.occurredAt
        switch fact.detail {
        case .referralReceived(_, let familyId, let teamId, let serviceArea, let category, let flags, let riskLevel, _, _):
            // A referral on a closed case opens a new period of work; on an open case it keeps the
            // holders and brings the case to the referral's team and category (as the domain does).
            // A live referral on a legacy-open case switches it to the normal rules.
            if !isOpen { open(at: time, index: index) } else { isLegacyOpen = false }
            if case .referralReceived(let referralId, _, _, _, _, _, _, let isReReferral, let previousWorkerId) = fact.detail {
                self.referralId = referralId
                decisionOutcome = nil
                decidedAt = nil
                pendingReReferral = isReReferral ? ReReferral(previousWorkerId: previousWorkerId, previousClosureAt: nil) : nil
            }
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
        case .reopened(let referralId, let isReReferral, let previousWorkerId):
            if !isOpen { open(at: time, index: index) } else { isLegacyOpen = false }
            self.referralId = referralId
            decisionOutcome = nil
            decidedAt = nil
            pendingReReferral = isReReferral ? ReReferral(previousWorkerId: previousWorkerId, previousClosureAt: nil) : nil
        case .referralDecision(_, let outcome):
            decisionOutcome = outcome
            decidedAt = time
        case .closureRequested:
            closureRequestFactIndex = index
        case .categoryChanged(let category, let flags):
            self.category = category
            self.flags = flags
            categoryFactIndex = index
        case .riskAssessed(let riskLevel):
            self.riskLevel = riskLevel
            riskFactIndex = index
        case .allocated(let workerId, let teamId, _, _, _):
            // The domain allocates only open cases: one reaching a case that is not open is imported history.
            if !isOpen { open(at: time, index: index, isLegacy: true) }
            coWorkers.removeAll { $0.workerId == workerId }
            primary = CaseHolding(workerId: workerId, isPrimary: true, since: time, factIndex: index)
            notePrimary(workerId)
            if self.teamId != teamId {
                self.teamId = teamId
                teamFactIndex = index
            }
        case .coAllocated(let workerId, _, _, _):
            if !isOpen { open(at: time, index: index, isLegacy: true) }
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
            let fromTeamChanged = teamId != toTeamId
            // Co-workers belong to the sending team's arrangements: a move to another team ends them.
            if fromTeamChanged { coWorkers = [] }
            if let toWorkerId { coWorkers.removeAll { $0.workerId == toWorkerId } }
            teamId = toTeamId
            teamFactIndex = index
            if toWorkerId == nil, fromTeamChanged { awaitsAllocationAfterTeamTransfer = true }
            primary = toWorkerId.map { CaseHolding(workerId: $0, isPrimary: true, since: time, factIndex: index) }
            if let toWorkerId { notePrimary(toWorkerId) }
        case .closed:
            isOpen = false
            closedAt = time
            closureRequestFactIndex = nil
            pendingReReferral = nil
            primary = nil
            coWorkers = []
            teamHoldings = []
            openedAt = nil
            closingFactIndex = index
            isLegacyOpen = false
            isClosedInLegacySystem = false
        case .involvement(_, let teamId, _, true):
            if !isOpen { open(at: time, index: index, isLegacy: true) }
            teamHoldings.append(TeamHolding(teamId: teamId, since: time, factIndex: index, sequence: fact.sequence))
            if let teamId, teamId != self.teamId {
                self.teamId = teamId
                teamFactIndex = index
            }
        case .involvementEnd:
            teamHoldings.removeAll { $0.sequence == fact.sequence }
        case .oversight:
            lastOversightFactIndex = index
        default:
            break
        }
        // While a legacy-open case has no worker, it sits with the team of its latest team-only
        // involvement (a worker's end names the worker's own team, which may not be that team).
        if isLegacyOpen, primary == nil, let latest = teamHoldings.last, let team = latest.teamId, team != teamId {
            teamId = team
            teamFactIndex = latest.factIndex
        }
        if isAwaitingLegacyClosure {
            if legacyClosureFactIndex == nil { legacyClosureFactIndex = index }
        } else {
            legacyClosureFactIndex = nil
        }
        noteUnallocated(at: time, index: index)
    }

    /// Closes a legacy-open case that nobody holds: called by ``CaseTimeline`` once every fact of
    /// an instant is applied, so a handover at one instant (one involvement ending as the next
    /// starts) keeps the case open. The closure cites the event that ended the last holding.
    package mutating func settleLegacyClosure() {
        guard isAwaitingLegacyClosure, let index = legacyClosureFactIndex else { return }
        isOpen = false
        openedAt = nil
        closingFactIndex = index
        isClosedInLegacySystem = true
        isLegacyOpen = false
        legacyClosureFactIndex = nil
        unallocatedSince = nil
        unallocatedSinceFactIndex = nil
    }

    /// A worker became primary: the re-referral wait is over and the worker is the one a later
    /// re-referral goes back to.
    private mutating func notePrimary(_ workerId: String) {
        lastPrimaryWorkerId = workerId
        periodPrimaryWorkerId = workerId
        pendingReReferral = nil
        hasHadPrimaryInPeriod = true
        awaitsAllocationAfterTeamTransfer = false
    }

    private mutating func noteUnallocated(at time: Instant, index: Int) {
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

    private mutating func open(at time: Instant, index: Int, isLegacy: Bool = false) {
        isOpen = true
        openedAt = time
        openingFactIndex = index
        closingFactIndex = nil
        hasHadPrimaryInPeriod = false
        periodPrimaryWorkerId = nil
        awaitsAllocationAfterTeamTransfer = false
        closureRequestFactIndex = nil
        primary = nil
        coWorkers = []
        teamHoldings = []
        isLegacyOpen = isLegacy
        isClosedInLegacySystem = false
        legacyClosureFactIndex = nil
    }
}
