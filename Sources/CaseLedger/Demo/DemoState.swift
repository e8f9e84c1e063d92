/// The demo's reading of the one model at the instant of the action in hand: the same
/// ``ModelView`` decisions are made against, with the lookups the simulation's choices need.
struct DemoState {
    let model: LedgerModel
    let view: ModelView

    init(model: LedgerModel, at instant: Instant) {
        self.model = model
        view = model.view(asOf: instant)
    }

    /// A lookup by id.
    struct Lookup<Value> {
        let resolve: (String) -> Value?
        subscript(id: String) -> Value? { resolve(id) }
    }

    var cases: Lookup<DemoCase> { Lookup { [view] in view.caseView($0).map(DemoCase.init) } }
    /// The open cases each worker holds at the instant.
    var holdings: Lookup<Set<String>> {
        Lookup { [view] in
            let held = view.load(of: $0, policy: view.policy.policy).caseIds
            return held.isEmpty ? nil : Set(held)
        }
    }
    var workers: Lookup<DemoWorker> {
        Lookup { [view] id in view.worker(id).map { DemoWorker(view: $0, timeline: view.workerTimeline(id)) } }
    }
    var teams: Lookup<TeamInfo> { Lookup { [view] in view.team($0) } }
    var lastSequence: UInt64 { model.state.position.sequence }

    /// The open cases `workerId` holds at the instant, sorted by case id.
    func casesHeld(by workerId: String) -> [DemoCase] {
        view.load(of: workerId, policy: view.policy.policy).caseIds.compactMap { view.caseView($0).map(DemoCase.init) }
    }

    func caseload(of workerId: String, policy: Policy) -> WorkerLoad { view.load(of: workerId, policy: policy) }
}

/// A worker as the demo reads them: the model's view at the instant, and the timeline for other days.
struct DemoWorker {
    let view: WorkerView
    let timeline: WorkerTimeline?

    var teamId: String { view.teamId ?? "" }
    var isAgency: Bool { view.isAgency }
    var startDate: LocalDate { view.startDate ?? LocalDate(daysSinceEpoch: 0) }
    var absences: [WorkerAbsence] { view.absences }
    var lastWorkingDate: LocalDate? { view.lastWorkingDate }

    func state(on date: LocalDate) -> WorkerView {
        timeline?.state(at: LondonTime.endOfDay(date)) ?? view
    }

    func role(on date: LocalDate) -> Role? { state(on: date).role }
    func rampStartDate(on date: LocalDate) -> LocalDate? { state(on: date).asyeSince }
    func isQualifiedSocialWorker(on date: LocalDate) -> Bool { state(on: date).isQualifiedSocialWorker }
    func hasLeft(on date: LocalDate) -> Bool { view.hasLeft(on: date) }
    func absence(covering date: LocalDate) -> WorkerAbsence? { view.absence(on: date) }
}

/// A case as the demo reads it: the model's view with the fields the simulation's choices use,
/// copyable so a choice can try "this case, if it were unallocated in that team".
struct DemoCase {
    var caseId: String
    var familyId: String
    var teamId: String
    var serviceArea: ServiceArea
    var category: CaseCategory
    var flags: [CaseFlag]
    var riskLevel: RiskLevel?
    var referralId: String
    var referredAt: Instant
    var decisionOutcome: ReferralOutcome?
    var decidedAt: Instant?
    var isOpen: Bool
    var primaryWorkerId: String?
    var coWorkerIds: [String]
    var pendingReReferral: ReReferral?
    /// The pending closure request's place in the case's history, if there is one.
    var closureRequest: Int?

    init(_ view: CaseView) {
        caseId = view.caseId
        familyId = view.familyId ?? ""
        teamId = view.teamId ?? ""
        serviceArea = view.serviceArea ?? .safeguarding
        category = view.category ?? .contact
        flags = view.flags
        riskLevel = view.riskLevel
        referralId = view.referralId ?? ""
        referredAt = view.openedAt ?? Instant(millisecondsSinceEpoch: 0)
        decisionOutcome = view.decisionOutcome
        decidedAt = view.decidedAt
        isOpen = view.isOpen
        primaryWorkerId = view.primaryWorkerId
        coWorkerIds = view.coWorkerIds
        pendingReReferral = view.pendingReReferral
        closureRequest = view.closureRequestFactIndex
    }

    var holderIds: [String] { (primaryWorkerId.map { [$0] } ?? []) + coWorkerIds }
    var isAllocated: Bool { primaryWorkerId != nil }
    var isStatutory: Bool {
        category == .childProtection || category == .childInCare
            || flags.contains(.section47) || flags.contains(.courtProceedings) || flags.contains(.supervisionOrder)
    }
    var mustStayAllocated: Bool { category == .childProtection || category == .childInCare || flags.contains(.section47) }
    func has(_ flag: CaseFlag) -> Bool { flags.contains(flag) }
}
