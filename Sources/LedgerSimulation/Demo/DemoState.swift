import LedgerAudit
import LedgerDomain
import LedgerEvents
import LedgerImport
import LedgerStore
import LedgerSupport

/// The demo's reading of the one model at the instant of the action in hand: the same
/// ``ModelView`` decisions are made against, with the lookups the simulation's choices need.
package struct DemoState {
    package let model: LedgerModel
    package let view: ModelView

    package init(model: LedgerModel, at instant: Instant) {
        self.model = model
        view = model.view(asOf: instant)
    }

    /// A lookup by id.
    package struct Lookup<Value> {
        package let resolve: (String) -> Value?
        package subscript(id: String) -> Value? { resolve(id) }
    }

    package var cases: Lookup<DemoCase> { Lookup { [view] in view.caseView($0).map(DemoCase.init) } }
    /// The open cases each worker holds at the instant.
    package var holdings: Lookup<Set<String>> {
        Lookup { [view] in
            let held = view.load(of: $0, policy: view.policy.policy).caseIds
            return held.isEmpty ? nil : Set(held)
        }
    }
    package var workers: Lookup<DemoWorker> {
        Lookup { [view] id in view.worker(id).map { DemoWorker(view: $0, timeline: view.workerTimeline(id)) } }
    }
    package var teams: Lookup<TeamInfo> { Lookup { [view] in view.team($0) } }
    package var lastSequence: UInt64 { model.state.position.sequence }

    /// The open cases `workerId` holds at the instant, sorted by case id.
    package func casesHeld(by workerId: String) -> [DemoCase] {
        view.load(of: workerId, policy: view.policy.policy).caseIds.compactMap { view.caseView($0).map(DemoCase.init) }
    }

    package func caseload(of workerId: String, policy: Policy) -> WorkerLoad { view.load(of: workerId, policy: policy) }
}

/// A worker as the demo reads them: the model's view at the instant, and the timeline for other days.
package struct DemoWorker {
    package let view: WorkerView
    package let timeline: WorkerTimeline?

    package var teamId: String { view.teamId ?? "" }
    package var isAgency: Bool { view.isAgency }
    package var startDate: LocalDate { view.startDate ?? LocalDate(daysSinceEpoch: 0) }
    package var absences: [WorkerAbsence] { view.absences }
    package var lastWorkingDate: LocalDate? { view.lastWorkingDate }

    package func state(on date: LocalDate) -> WorkerView {
        timeline?.state(at: LondonTime.endOfDay(date)) ?? view
    }

    package func role(on date: LocalDate) -> Role? { state(on: date).role }
    package func rampStartDate(on date: LocalDate) -> LocalDate? { state(on: date).asyeSince }
    package func isQualifiedSocialWorker(on date: LocalDate) -> Bool { state(on: date).isQualifiedSocialWorker }
    package func hasLeft(on date: LocalDate) -> Bool { view.hasLeft(on: date) }
    package func absence(covering date: LocalDate) -> WorkerAbsence? { view.absence(on: date) }
}

/// A case as the demo reads it: the model's view with the fields the simulation's choices use,
/// copyable so a choice can try "this case, if it were unallocated in that team".
package struct DemoCase {
    package var caseId: String
    package var familyId: String
    package var teamId: String
    package var serviceArea: ServiceArea
    package var category: CaseCategory
    package var flags: [CaseFlag]
    package var riskLevel: RiskLevel?
    package var referralId: String
    package var referredAt: Instant
    package var decisionOutcome: ReferralOutcome?
    package var decidedAt: Instant?
    package var isOpen: Bool
    package var primaryWorkerId: String?
    package var coWorkerIds: [String]
    package var pendingReReferral: ReReferral?
    /// The pending closure request's place in the case's history, if there is one.
    package var closureRequest: Int?

    package init(_ view: CaseView) {
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

    package var holderIds: [String] { (primaryWorkerId.map { [$0] } ?? []) + coWorkerIds }
    package var isAllocated: Bool { primaryWorkerId != nil }
    package var isStatutory: Bool {
        category == .childProtection || category == .childInCare
            || flags.contains(.section47) || flags.contains(.courtProceedings) || flags.contains(.supervisionOrder)
    }
    package var mustStayAllocated: Bool { category == .childProtection || category == .childInCare || flags.contains(.section47) }
    package func has(_ flag: CaseFlag) -> Bool { flags.contains(flag) }
}
