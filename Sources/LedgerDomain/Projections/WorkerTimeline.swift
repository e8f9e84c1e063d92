import LedgerEvents
import LedgerStore
import LedgerSupport

/// A worker's history as known at one transaction time, resolved along valid time: role, team,
/// status and absences at any moment.
///
/// A role change with an effective date takes effect at the start of that London day, whenever
/// it was recorded; everything else takes effect when it occurred.
public struct WorkerTimeline: Sendable {
    public let workerId: String
    /// Visible facts in valid-time order, paired with the instant each takes effect.
    public let entries: [(validFrom: Instant, fact: Fact)]
    public let states: [WorkerView]

    public init(workerId: String, streamFacts: [Fact], asKnown: Instant) {
        self.workerId = workerId
        let visible = ProjectionState.visibleFacts(streamFacts, asKnown: asKnown)
        let entries = visible.map { (validFrom: Self.validFrom(of: $0), fact: $0) }
            .sorted { ($0.validFrom, $0.fact.sequence) < ($1.validFrom, $1.fact.sequence) }
        self.entries = entries
        var state = WorkerView()
        var states: [WorkerView] = []
        states.reserveCapacity(entries.count)
        for entry in entries {
            state.apply(entry.fact, validFrom: entry.validFrom)
            states.append(state)
        }
        self.states = states
    }

    /// When a fact starts to describe the worker. A role change with an effective date applies
    /// from that day. A departure recorded after the last working day applies from the day after
    /// it (the worker had left then, whenever it was written down). An absence applies from when it
    /// was recorded: leave rules judge an allocation on the leave known when it was made.
    package static func validFrom(of fact: Fact) -> Instant {
        switch fact.detail {
        case .workerRoleChanged(_, _, let effectiveDate?):
            return LondonTime.startOfDay(effectiveDate)
        case .workerLeft(let lastWorkingDate):
            return min(fact.occurredAt, LondonTime.startOfDay(lastWorkingDate.adding(days: 1)))
        default:
            return fact.occurredAt
        }
    }

    /// The worker as at valid time `asOf`, or nil if not yet registered then.
    public func state(at asOf: Instant) -> WorkerView? {
        var low = 0
        var high = entries.count
        while low < high {
            let middle = (low + high) / 2
            if entries[middle].validFrom <= asOf { low = middle + 1 } else { high = middle }
        }
        guard low > 0, states[low - 1].isRegistered else { return nil }
        return states[low - 1]
    }

    /// Notices that oblige the worker's cases to be reallocated (REALLOCATION-5WD): leaving the
    /// service, or a long-term sickness absence, each from when it was notified.
    public var reallocationNotices: [ReallocationNotice] {
        var notices: [ReallocationNotice] = []
        var absenceNotices: [String: Int] = [:]
        for entry in entries {
            switch entry.fact.detail {
            case .workerLeft(let lastWorkingDate):
                notices.append(ReallocationNotice(workerId: workerId, kind: .departure, notifiedAt: entry.fact.occurredAt,
                                                  returnsOn: nil, lastWorkingDate: lastWorkingDate,
                                                  citation: entry.fact.citation))
            case .workerAbsence(let absenceId, let kind, _, let endDate, let notifiedAt):
                let returnsOn = endDate?.adding(days: 1)
                if let existing = absenceNotices[absenceId] {
                    // A re-recording updates the end of the same absence; the clock still runs from the first notice.
                    notices[existing].returnsOn = returnsOn
                    if kind != .longTermSickness { notices[existing].kind = .withdrawn }
                } else if kind == .longTermSickness {
                    absenceNotices[absenceId] = notices.count
                    notices.append(ReallocationNotice(workerId: workerId, kind: .longTermAbsence,
                                                      notifiedAt: notifiedAt ?? entry.fact.occurredAt,
                                                      returnsOn: returnsOn, lastWorkingDate: nil,
                                                      citation: entry.fact.citation))
                }
            default:
                break
            }
        }
        return notices.filter { $0.kind != .withdrawn }
    }
}

/// A notice that a worker's cases must be reallocated: a departure or a long-term absence.
public struct ReallocationNotice: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        case departure
        case longTermAbsence
        /// A long-term absence later re-recorded as another kind: no longer obliges reallocation.
        case withdrawn
    }

    public var workerId: String
    public var kind: Kind
    /// When the service was told: the REALLOCATION-5WD clock starts here.
    public var notifiedAt: Instant
    /// The first day back, for an absence with a known end.
    public var returnsOn: LocalDate?
    public var lastWorkingDate: LocalDate?
    public var citation: Citation
}

/// A worker at one valid time.
public struct WorkerView: Sendable, Hashable {
    public var isRegistered = false
    public var teamId: String?
    public var role: Role?
    public var isQualified = false
    public var isAgency = false
    public var startDate: LocalDate?
    public var fullTimeEquivalentPercent: Int?
    /// Set once the worker's departure is recorded.
    public var lastWorkingDate: LocalDate?
    /// Every absence known, latest record per absence id.
    public var absences: [WorkerAbsence] = []
    /// The events that set the current role and team.
    public var roleCitation: Citation?
    public var teamCitation: Citation?
    /// The first day of the current run as an ASYE, from which the NQSW ramp counts weeks; nil
    /// when the worker is not an ASYE.
    public var asyeSince: LocalDate?

    public init() {}

    package mutating func apply(_ fact: Fact, validFrom: Instant) {
        let wasASYE = role == .asye
        defer {
            if role != .asye {
                asyeSince = nil
            } else if !wasASYE || asyeSince == nil {
                // Registered as an ASYE: the ramp counts from the start date; a role change: from its day.
                if case .workerRegistered(_, _, let startDate, _, _, _) = fact.detail {
                    asyeSince = startDate
                } else {
                    asyeSince = LondonTime.localDate(of: validFrom)
                }
            }
        }
        switch fact.detail {
        case .workerRegistered(let teamId, let role, let startDate, let isAgency, let isQualified, let percent):
            isRegistered = true
            self.teamId = teamId
            self.role = role
            self.startDate = startDate
            self.isAgency = isAgency
            self.isQualified = isQualified
            fullTimeEquivalentPercent = percent
            roleCitation = fact.citation
            teamCitation = fact.citation
        case .workerRoleChanged(let role, let isQualified, _):
            self.role = role
            self.isQualified = isQualified
            roleCitation = fact.citation
        case .workerMovedTeam(_, let toTeamId):
            teamId = toTeamId
            teamCitation = fact.citation
        case .workerAbsence(let absenceId, let kind, let startDate, let endDate, let notifiedAt):
            let absence = WorkerAbsence(absenceId: absenceId, kind: kind, startDate: startDate, endDate: endDate,
                                        notifiedAt: notifiedAt, citation: fact.citation)
            if let index = absences.firstIndex(where: { $0.absenceId == absenceId }) {
                absences[index] = absence
            } else {
                absences.append(absence)
            }
        case .workerLeft(let lastWorkingDate):
            self.lastWorkingDate = lastWorkingDate
        default:
            break
        }
    }

    /// Holds a social work qualification and is in a qualified social work role: the test of
    /// STATUTORY-QUALIFIED.
    public var isQualifiedSocialWorker: Bool {
        isQualified && (role?.isQualifiedSocialWorkRole ?? false)
    }

    /// Whether `date` is after the worker's last working day.
    public func hasLeft(on date: LocalDate) -> Bool {
        lastWorkingDate.map { date > $0 } ?? false
    }

    /// Whether the worker is in the service on London date `date`: started and not yet left.
    public func isInService(on date: LocalDate) -> Bool {
        guard isRegistered else { return false }
        if let lastWorkingDate, date > lastWorkingDate { return false }
        return true
    }

    /// The absence covering London date `date`, if any.
    public func absence(on date: LocalDate) -> WorkerAbsence? {
        absences.first { $0.startDate <= date && ($0.endDate.map { date <= $0 } ?? true) }
    }
}

/// A period away from work as last recorded.
public struct WorkerAbsence: Sendable, Hashable {
    public var absenceId: String
    public var kind: AbsenceKind
    public var startDate: LocalDate
    public var endDate: LocalDate?
    public var notifiedAt: Instant?
    public var citation: Citation
}
