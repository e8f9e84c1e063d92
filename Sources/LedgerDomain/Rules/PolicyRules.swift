import Foundation
import LedgerEvents
import LedgerStore
import LedgerSupport

/// One rule broken: which rule, about which case and worker, the finding in figures, what to do
/// instead, and the events the finding rests on besides the one being judged.
public struct RuleViolation: Sendable, Hashable {
    public var rule: RuleID
    public var caseId: String?
    public var workerId: String?
    public var finding: String
    /// What to do instead when the rule blocks.
    public var remedy: String
    /// The way forward when it needs a justification; ends by saying a justification overrides it.
    public var justifyRemedy: String
    public var evidence: [Citation]

    public init(rule: RuleID, caseId: String?, workerId: String?, finding: String, remedy: String,
                justifyRemedy: String = RuleBreach.justificationRemedy, evidence: [Citation] = []) {
        self.rule = rule
        self.caseId = caseId
        self.workerId = workerId
        self.finding = finding
        self.remedy = remedy
        self.justifyRemedy = justifyRemedy
        self.evidence = evidence
    }

    /// What the violation is about, without its wording: a state invariant that stays broken
    /// across a change is the same violation before and after it.
    public var subject: String { "\(rule.rawValue) \(caseId ?? "-") \(workerId ?? "-")" }
}

/// The policy rules of DESIGN §5 as pure functions of the state at an instant and, for the rules
/// about an act, of the act. The Decider judges a command with them on the state after it, at its
/// valid time; the audit runs the same functions over history to report findings. Nothing here
/// reads a clock, a file or the log.
///
/// Two kinds:
/// - **invariants** of an open case (``caseInvariants(caseId:of:worker:date:)``): who may hold a
///   statutory, court, child-in-care, pre-birth or high-risk case, and that a child protection or
///   child-in-care case is not left unallocated. Any command can break them (an allocation, a
///   category or risk change, a deallocation, a role change), so they are checked after every
///   command on every case it touches, and after every change in the audit's history.
/// - **acts**: allocating (``holdingAct(_:)``) and closing (``closureAct(_:)``), whose rules are about
///   the moment of the act (caps, the NQSW ramp, leave, the allocation record, re-referrals,
///   closure summary and authorisation).
public enum PolicyRules {
    // MARK: - Invariants

    /// Every invariant `record` breaks at instant `at` (an open case only). `worker` resolves a
    /// holder at the same instant.
    public static func caseInvariants(caseId: String, of record: CaseView, worker: (String) -> WorkerView?,
                                      at instant: Instant, policy: Policy) -> [RuleViolation] {
        let date = LondonTime.localDate(of: instant)
        guard record.isOpen else { return [] }
        var results: [RuleViolation] = []
        if record.isStatutory, let primary = record.primary, let holder = worker(primary.workerId), let role = holder.role {
            let what = "\(caseId) is a statutory case (\(record.statutoryGrounds))"
            let evidence = [holder.roleCitation].compactMap { $0 }
            if !holder.isQualifiedSocialWorker {
                results.append(RuleViolation(
                    rule: .statutoryQualified, caseId: caseId, workerId: primary.workerId,
                    finding: "\(what) and \(primary.workerId) (\(role.displayName)) is not a qualified social worker",
                    remedy: "allocate a qualified social worker as primary; \(primary.workerId) may be co-allocated",
                    evidence: evidence))
            }
            if Role.mayNeverBeStatutoryPrimary.contains(role) {
                results.append(RuleViolation(
                    rule: .coAllocationPrimary, caseId: caseId, workerId: primary.workerId,
                    finding: "\(what) and \(primary.workerId) is \(role.displayName.withArticle): students and unqualified workers may be co-allocated a statutory case, never primary",
                    remedy: "allocate a qualified social worker as primary and co-allocate \(primary.workerId)",
                    evidence: evidence))
            }
        }
        for holding in record.holders {
            guard let holder = worker(holding.workerId), let role = holder.role else { continue }
            let evidence = [holder.roleCitation].compactMap { $0 }
            if holder.isAgency {
                var grounds: [String] = []
                if record.has(.courtProceedings) { grounds.append("subject to court proceedings") }
                if record.category == .childInCare { grounds.append("a child-in-care case") }
                if !grounds.isEmpty {
                    results.append(RuleViolation(
                        rule: .agencyCourtOrChildInCare, caseId: caseId, workerId: holding.workerId,
                        finding: "\(holding.workerId) is an agency worker and \(caseId) is \(grounds.joined(separator: " and "))",
                        remedy: "allocate a permanent member of staff", evidence: evidence))
                }
            }
            if record.has(.preBirthAssessment) {
                if role == .student {
                    results.append(RuleViolation(
                        rule: .preBirth, caseId: caseId, workerId: holding.workerId,
                        finding: "\(holding.workerId) is a student and \(caseId) is a pre-birth assessment",
                        remedy: "pre-birth assessments are not allocated to students; allocate a qualified social worker",
                        evidence: evidence))
                } else if role == .asye {
                    let partners = record.holderIds.filter { other in
                        other != holding.workerId && worker(other).map { isExperienced($0, on: date) } == true
                    }
                    if partners.isEmpty {
                        results.append(RuleViolation(
                            rule: .preBirth, caseId: caseId, workerId: holding.workerId,
                            finding: "\(holding.workerId) is an ASYE and \(caseId) is a pre-birth assessment with no experienced social worker or senior practitioner allocated",
                            remedy: "allocate or co-allocate an experienced social worker or senior practitioner first",
                            evidence: evidence))
                    }
                }
            }
            if role == .socialWorkOfficer, record.riskLevel == .high {
                results.append(RuleViolation(
                    rule: .socialWorkOfficerRisk, caseId: caseId, workerId: holding.workerId,
                    finding: "\(holding.workerId) is a social work officer and \(caseId) is high risk; social work officers hold low or moderate risk cases only",
                    remedy: "allocate a qualified social worker", evidence: evidence))
            }
        }
        if let from = statutoryUnallocatedFrom(record, timescales: policy.timescales),
           from < instant || (from == instant && record.hasHadPrimaryInPeriod) {
            results.append(RuleViolation(
                rule: .statutoryAllocated, caseId: caseId, workerId: nil,
                finding: "\(caseId) is a \(record.mustStayAllocatedGrounds) case and cannot be left unallocated",
                remedy: "transfer it to another worker (transfer with toWorkerId) instead"))
        }
        return results
    }

    /// The instant after which an unallocated child protection or child-in-care case breaks
    /// STATUTORY-ALLOCATED (unallocated-cases-guidance 1), or nil if it is not such a case. A case
    /// allocated at that very instant met its timescale, as the timescales count it.
    ///
    /// A case that had a primary worker in its current period breaks it the moment it is left
    /// without one. A new referral is not "left unallocated" while it waits within its allocation
    /// timescale (DECISION-24H, then ALLOCATION-24H from the decision): it breaks the rule when
    /// that runs out, so a child-protection referral allocated within the day is no breach.
    public static func statutoryUnallocatedFrom(_ record: CaseView, timescales: Timescales) -> Instant? {
        guard record.isOpen, record.mustStayAllocated, record.isUnallocated, let since = record.unallocatedSince
        else { return nil }
        if record.hasHadPrimaryInPeriod { return since }
        let hour: Int64 = 3_600_000
        let opened = record.openedAt ?? since
        // A decision recorded late does not push the allocation deadline back.
        let decisionDue = Instant(millisecondsSinceEpoch: opened.millisecondsSinceEpoch + Int64(timescales.decisionHours) * hour)
        let decided = min(record.decidedAt ?? decisionDue, decisionDue)
        let due = Instant(millisecondsSinceEpoch: decided.millisecondsSinceEpoch + Int64(timescales.allocationHours) * hour)
        return max(since, due)
    }

    /// A qualified social worker past the ASYE year and in the service on `date`: someone an
    /// ASYE can co-work a pre-birth assessment with.
    public static func isExperienced(_ worker: WorkerView, on date: LocalDate) -> Bool {
        worker.isQualifiedSocialWorker && worker.role != .asye && worker.isInService(on: date)
    }

    // MARK: - Allocating

    /// What an allocation recorded, for ALLOCATION-RECORD.
    public struct AllocationRecordCheck: Sendable, Hashable {
        public var hasRationale: Bool
        public var hasTasks: Bool
        public var hasTaskWithoutDescription = false
        /// The earliest task due before the allocation's date, if any.
        public var earliestOverdueTask: LocalDate?

        public init(hasRationale: Bool, hasTasks: Bool, hasTaskWithoutDescription: Bool = false,
                    earliestOverdueTask: LocalDate? = nil) {
            self.hasRationale = hasRationale
            self.hasTasks = hasTasks
            self.hasTaskWithoutDescription = hasTaskWithoutDescription
            self.earliestOverdueTask = earliestOverdueTask
        }

        /// The check of a command's rationale and tasks on `date`.
        public init(rationale: String, tasks: [AllocationTask], date: LocalDate) {
            let blank = { (text: String) in text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty }
            self.init(hasRationale: !blank(rationale), hasTasks: !tasks.isEmpty,
                      hasTaskWithoutDescription: tasks.contains { blank($0.description) },
                      earliestOverdueTask: tasks.map(\.dueDate).filter { $0 < date }.min())
        }
    }

    /// A worker taking a case, as primary or co-worker, at one instant.
    public struct HoldingAct {
        public var caseId: String
        /// The case just before the act.
        public var before: CaseView
        public var workerId: String
        /// The worker at the act's instant.
        public var worker: WorkerView
        public var isPrimary: Bool
        /// The act replaces the primary worker (a transfer) rather than adding one (an allocation).
        public var replacesPrimary: Bool
        /// The worker's caseload just after the act.
        public var loadAfter: WorkerLoad
        /// The service area of the worker's team (the NQSW ramp column), if known.
        public var teamArea: ServiceArea?
        public var record: AllocationRecordCheck
        public var policy: Policy
        public var calendar: WorkingCalendar
        public var date: LocalDate
        /// Resolves another worker (the previous worker of a re-referral) at the same instant.
        public var otherWorker: (String) -> WorkerView?

        package init(caseId: String, before: CaseView, workerId: String, worker: WorkerView, isPrimary: Bool, replacesPrimary: Bool, loadAfter: WorkerLoad, teamArea: ServiceArea? = nil, record: AllocationRecordCheck, policy: Policy, calendar: WorkingCalendar, date: LocalDate, otherWorker: @escaping (String) -> WorkerView?) {
            self.caseId = caseId
            self.before = before
            self.workerId = workerId
            self.worker = worker
            self.isPrimary = isPrimary
            self.replacesPrimary = replacesPrimary
            self.loadAfter = loadAfter
            self.teamArea = teamArea
            self.record = record
            self.policy = policy
            self.calendar = calendar
            self.date = date
            self.otherWorker = otherWorker
        }
    }

    /// The caps `load` is over, each nil when within it: CAP's one comparison, used at the act's
    /// instant and at the later instants a backdated act changes.
    package static func capExcess(_ load: WorkerLoad, _ cap: CaseloadCap) -> (cases: Int?, points: Int?) {
        (cases: cap.cases.flatMap { load.caseCount > $0 ? $0 : nil },
         points: cap.points.flatMap { load.weightedScore > $0 ? $0 : nil })
    }

    /// Every rule the act breaks; `notes` receives what is worth saying but is not a breach.
    public static func holdingAct(_ act: HoldingAct, notes: inout [String]) -> [RuleViolation] {
        var results: [RuleViolation] = []
        let workerId = act.workerId
        func add(_ rule: RuleID, _ finding: String, remedy: String, justifyRemedy: String = RuleBreach.justificationRemedy,
                 evidence: [Citation] = []) {
            results.append(RuleViolation(rule: rule, caseId: act.caseId, workerId: workerId, finding: finding,
                                         remedy: remedy, justifyRemedy: justifyRemedy, evidence: evidence))
        }
        let roleEvidence = [act.worker.roleCitation].compactMap { $0 }
        if act.isPrimary, !act.replacesPrimary, let current = act.before.primary, current.workerId != workerId {
            add(.jointPrimary, "\(act.caseId) already has \(current.workerId) as its primary worker",
                remedy: "transfer the case (transfer) or deallocate \(current.workerId) first; joint working names one primary worker, others are co-allocated")
        }
        checkLeave(act, add: add)
        let role = act.worker.role
        // A worker who already holds the case (a co-worker made primary) takes on nothing new.
        if act.before.holding(of: workerId) == nil, let role {
            if let cap = act.policy.cap(for: role) {
                // Judged on the caseload after the act; worded as the manager saw it before.
                let weight = act.policy.weight(act.before.riskLevel ?? .moderate)
                let heldCases = act.loadAfter.caseCount - 1
                let heldPoints = act.loadAfter.weightedScore - weight
                var held: [String] = []
                var addition = ""
                let excess = Self.capExcess(act.loadAfter, cap)
                if let cases = excess.cases {
                    held.append("\(heldCases) of \(cases) cases")
                }
                if let points = excess.points {
                    held.append("\(heldPoints) of \(points) points")
                    let level = act.before.riskLevel.map { "\($0.rawValue)-risk case" } ?? "case, not yet risk-assessed, counts as moderate and"
                    addition = ", and this \(level) adds \(weight)"
                }
                if !held.isEmpty {
                    add(.cap, "\(workerId) holds \(held.joined(separator: " and ")) allowed for \(role.displayName.withArticle)\(addition)",
                        remedy: "allocate to a worker with capacity", evidence: roleEvidence)
                }
            }
            if role == .asye, let start = act.worker.asyeSince ?? act.worker.startDate, let area = act.teamArea {
                checkRamp(act, start: start, area: area, add: add, notes: &notes, evidence: roleEvidence)
            }
        }
        if act.isPrimary, let pending = act.before.pendingReReferral, let previous = pending.previousWorkerId,
           previous != workerId {
            checkReReferral(act, previous: previous, pending: pending, add: add)
        }
        var missing: [String] = []
        if !act.record.hasRationale { missing.append("the rationale is empty") }
        if !act.record.hasTasks { missing.append("there are no tasks") }
        if act.record.hasTaskWithoutDescription { missing.append("a task has no description") }
        if let early = act.record.earliestOverdueTask { missing.append("a task is due on \(early), before \(act.date)") }
        if !missing.isEmpty {
            add(.allocationRecord,
                "an allocation records tasks with due dates and the rationale, but \(missing.joined(separator: " and "))",
                remedy: "add tasks with due dates from today on and the rationale for this worker")
        }
        return results
    }

    /// ON-LEAVE (covering the day) and LEAVE-SOON (starting, or leaving the service, within the
    /// policy's look-ahead in working days).
    private static func checkLeave(
        _ act: HoldingAct,
        add: (RuleID, String, String, String, [Citation]) -> Void
    ) {
        let workerId = act.workerId
        let date = act.date
        if let absence = act.worker.absence(on: date) {
            add(.onLeave, "\(workerId) is on \(absence.phrase)",
                "allocate to a worker who is at work, or record \(workerId)'s return (recordAbsence with an end date) first",
                RuleBreach.justificationRemedy, [absence.citation])
        }
        let lookAhead = act.policy.leaveLookAheadWorkingDays
        // Leave that starts on or before the look-ahead'th working day after today is "about to go".
        let horizon = act.calendar.addingWorkingDays(lookAhead, to: date)
        let upcoming = act.worker.absences.filter { $0.startDate > date && $0.startDate <= horizon }
            .min { $0.startDate < $1.startDate }
        if let upcoming {
            add(.leaveSoon, "\(workerId)'s \(upcoming.phrase) starts within \(lookAhead) working days of \(date)",
                "allocate to a worker who is not about to go on leave", RuleBreach.justificationRemedy, [upcoming.citation])
        } else if let last = act.worker.lastWorkingDate, last >= date, last.adding(days: 1) <= horizon {
            add(.leaveSoon, "\(workerId) leaves the service after \(last), within \(lookAhead) working days of \(date)",
                "allocate to a worker who is staying", RuleBreach.justificationRemedy, [])
        }
    }

    private static func checkRamp(
        _ act: HoldingAct, start: LocalDate, area: ServiceArea,
        add: (RuleID, String, String, String, [Citation]) -> Void, notes: inout [String], evidence: [Citation]
    ) {
        let workerId = act.workerId
        let week = NQSWRamp.week(startedOn: start, on: act.date)
        let children = act.loadAfter.caseCount
        let families = act.loadAfter.familyIds.count
        let subject = "\(workerId) is an NQSW in week \(week) since starting on \(start)"
        switch act.policy.rampTarget(week: week, area: area) {
        case .noCases(let firstWeek):
            add(.nqswRamp, "\(subject); in \(area.displayName) an NQSW holds no cases before week \(firstWeek)",
                "allocate to another worker until week \(firstWeek)", RuleBreach.justificationRemedy, evidence)
        case .limit(let step):
            var over: [String] = []
            if let maximum = step.maximumChildren, children > maximum {
                over.append("\(children) children (the ramp allows \(maximum))")
            }
            if let maximum = step.maximumFamilies, families > maximum {
                over.append("children in \(families) families (the ramp allows \(maximum))")
            }
            guard !over.isEmpty else { return }
            add(.nqswRamp,
                "\(subject) and would hold \(over.joined(separator: " and ")) in \(area.displayName) from week \(step.fromWeek)",
                "allocate to a worker past the ramp", RuleBreach.justificationRemedy, evidence)
        case .decidedInTeam(let fromWeek):
            notes.append(
                "NQSW-RAMP: \(subject); from week \(fromWeek) the ramp in \(area.displayName) is decided in team; \(workerId) would hold \(children) children")
        case .beyondRamp:
            return
        }
    }

    /// REREFERRAL-PREVIOUS: the first allocation after a re-referral within the window goes to
    /// the previous worker "wherever possible" (childrens-case-allocation-process 1.3).
    private static func checkReReferral(
        _ act: HoldingAct, previous: String, pending: ReReferral,
        add: (RuleID, String, String, String, [Citation]) -> Void
    ) {
        // The referral was flagged a re-referral with the window in force when it was received;
        // the closure it followed is named when known (the Decider reads it from the referral).
        var closure = ""
        if let closedAt = pending.previousClosureAt, let openedAt = act.before.openedAt {
            let days = LondonTime.localDate(of: closedAt).distance(to: LondonTime.localDate(of: openedAt))
            closure = " closed on \(LondonTime.localDate(of: closedAt)), \(days) days before this referral"
        }
        // "Wherever possible": a previous worker who has left or is away cannot take it, and the
        // justification records who keeps the continuity instead (the team leader who had oversight).
        let previousWorker = act.otherWorker(previous)
        var availability = ""
        if previousWorker?.hasLeft(on: act.date) == true {
            availability = " (who has left the service)"
        } else if previousWorker?.absence(on: act.date) != nil {
            availability = " (who is absent)"
        }
        add(.reReferralPrevious,
            "\(act.caseId) is a re-referral of a case\(closure); its previous worker was \(previous)\(availability), not \(act.workerId)",
            "allocate to \(previous)", "allocate to \(previous), or \(RuleBreach.justificationRemedy)", [])
    }

    // MARK: - Closing

    /// A case being closed, at one instant.
    public struct ClosureAct {
        public var caseId: String
        /// The case just before the closure.
        public var before: CaseView
        /// What the closure summary lacks (work done, outstanding work, whose responsibility);
        /// nil when there is no summary at all, empty when it is complete.
        public var summaryMissing: [String]?
        /// Who authorised the closure, and that worker at the instant (nil if not registered).
        public var authoriserId: String
        public var authoriser: WorkerView?
        /// Who recorded the closure, if known (the audit reads only the authoriser).
        public var actorId: String?
        public var hasEvidenceNeedsAddressed: Bool
        public var date: LocalDate

        package init(caseId: String, before: CaseView, summaryMissing: [String]? = nil, authoriserId: String, authoriser: WorkerView? = nil, actorId: String? = nil, hasEvidenceNeedsAddressed: Bool, date: LocalDate) {
            self.caseId = caseId
            self.before = before
            self.summaryMissing = summaryMissing
            self.authoriserId = authoriserId
            self.authoriser = authoriser
            self.actorId = actorId
            self.hasEvidenceNeedsAddressed = hasEvidenceNeedsAddressed
            self.date = date
        }
    }

    public static func closureAct(_ act: ClosureAct) -> [RuleViolation] {
        var results: [RuleViolation] = []
        func add(_ rule: RuleID, _ finding: String, remedy: String, justifyRemedy: String = RuleBreach.justificationRemedy,
                 evidence: [Citation] = []) {
            results.append(RuleViolation(rule: rule, caseId: act.caseId, workerId: nil, finding: finding, remedy: remedy,
                                         justifyRemedy: justifyRemedy, evidence: evidence))
        }
        if let violation = summaryViolation(caseId: act.caseId, kind: .closure, missing: act.summaryMissing) {
            results.append(violation)
        }
        // adult-case-allocation-policy: practitioners close only when authorised by a manager;
        // the authoriser is recorded and must be a manager in the service at the time.
        let authoriserRole = act.authoriser?.role
        let isManager = authoriserRole?.isManager == true && act.authoriser?.isInService(on: act.date) == true
        if !isManager {
            let evidence = [act.authoriser?.roleCitation].compactMap { $0 }
            if act.actorId == act.authoriserId, let role = authoriserRole {
                add(.closureAuthorised,
                    "\(act.authoriserId) is \(role.displayName.withArticle); practitioners close cases only with a manager's authorisation",
                    remedy: "request closure (requestClosure) and a team manager or above closes the case", evidence: evidence)
            } else if act.actorId != nil {
                add(.closureAuthorised, "the authorising manager \(act.authoriserId) is not a registered manager in the service",
                    remedy: "name a team manager or above as authorisingManagerId", evidence: evidence)
            } else {
                let who = authoriserRole.map { ", \($0.displayName.withArticle)," } ?? ", not a registered worker,"
                add(.closureAuthorised, "closure authorised by \(act.authoriserId)\(who) not a manager in the service",
                    remedy: "", evidence: evidence)
            }
        }
        // Work closed at the front door (no further action, early help, ...) was never waiting
        // for a worker; the rule is about cases that could not be allocated.
        let closedAtFrontDoor = act.before.decisionOutcome.map { !$0.requiresSocialWorkResponse } ?? false
        if act.before.isUnallocated, !closedAtFrontDoor, !act.hasEvidenceNeedsAddressed {
            add(.unallocatedClosure, "\(act.caseId) is unallocated and no evidence that its needs were addressed was recorded",
                remedy: "allocate it, or record how its needs were addressed (evidenceNeedsAddressed)",
                justifyRemedy: "record how its needs were addressed (evidenceNeedsAddressed), or \(RuleBreach.justificationRemedy)")
        }
        return results
    }
}

extension PolicyRules {
    /// Which summary CLOSURE-SUMMARY asks for: a closure's or a transfer's.
    public enum SummaryKind: String, Sendable {
        case closure, transfer
    }

    /// CLOSURE-SUMMARY: a case is closed or transferred only with a summary of work done,
    /// outstanding work and whose responsibility it is. `missing` is what the summary leaves blank,
    /// nil when there is no summary at all.
    public static func summaryViolation(caseId: String, kind: SummaryKind, missing: [String]?) -> RuleViolation? {
        guard missing.map({ !$0.isEmpty }) ?? true else { return nil }
        let name = kind.rawValue
        let problem = missing.map { "the \(name) summary is missing \($0.joined(separator: ", "))" } ?? "there is no \(name) summary"
        return RuleViolation(
            rule: .closureSummary, caseId: caseId, workerId: nil,
            finding: "a case is \(kind == .closure ? "closed" : "transferred") only with a \(name) summary, and \(problem)",
            remedy: "write the \(name) summary (\(name)Summary): work done, outstanding work and whose responsibility it is")
    }
}

extension Role {
    /// Students and unqualified workers: may co-work a statutory case, never hold it as primary
    /// (childrens-case-allocation-process 2.5).
    package static let mayNeverBeStatutoryPrimary: Set<Role> = [.student, .socialWorkOfficer, .familySupportWorker]
}

extension CaseView {
    /// Why the case is statutory, in words: "child protection, section 47".
    package var statutoryGrounds: String {
        var grounds: [String] = []
        if let category, category == .childProtection || category == .childInCare { grounds.append(category.displayName) }
        if has(.section47) { grounds.append("section 47") }
        if has(.courtProceedings) { grounds.append("court proceedings") }
        if has(.supervisionOrder) { grounds.append("supervision order") }
        return grounds.joined(separator: ", ")
    }

    /// Why the case cannot be unallocated, in words.
    package var mustStayAllocatedGrounds: String {
        var grounds: [String] = []
        if let category, category == .childProtection || category == .childInCare { grounds.append(category.displayName) }
        if has(.section47) { grounds.append("section 47") }
        return grounds.joined(separator: ", ")
    }
}

extension WorkerAbsence {
    /// "annual leave from 2024-05-01 to 2024-05-10", "sickness absence from 2024-05-01 (no return date recorded)".
    package var phrase: String {
        let kindText: String
        switch kind {
        case .annualLeave: kindText = "annual leave"
        case .sickness: kindText = "sickness absence"
        case .longTermSickness: kindText = "long-term sickness absence"
        case .other: kindText = "absence"
        }
        if let endDate { return "\(kindText) from \(startDate) to \(endDate)" }
        return "\(kindText) from \(startDate) (no return date recorded)"
    }
}
