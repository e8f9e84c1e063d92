import Foundation
import Testing
@testable import LedgerSupport
@testable import LedgerStore
@testable import LedgerEvents
@testable import LedgerDomain
@testable import LedgerAudit
@testable import LedgerImport
@testable import LedgerReturns
@testable import LedgerSimulation

/// An in-memory ledger for decision tests: commands go through `Decider.decide`, and the events
/// of each decision are folded back with synthetic envelopes, as the service does after an append.
struct Scenario {
    /// The fold of everything applied so far (a value, so a copied scenario is independent).
    var projection = ProjectionState()
    var policy: Policy = .children
    var permissions: PermissionPolicy = .standard
    /// Envelopes appended so far, in order (for retraction tests).
    var envelopes: [EventEnvelope] = []

    static let manager = Actor(id: "TM1", role: .teamManager)
    /// Wednesday 1 May 2024, the default day of most tests; Monday 6 May is a bank holiday.
    static let today = day("2024-05-01")

    static func day(_ text: String) -> LocalDate {
        guard let date = LocalDate(iso8601: text) else { fatalError("bad test date \(text)") }
        return date
    }

    /// 10:00 London time on `date`.
    static func at(_ date: LocalDate, hour: Int = 10) -> Instant {
        LondonTime.instant(date: date, hour: hour, minute: 0)
    }

    /// A team manager TM1 of team T1 (safeguarding), set up through the bootstrap path.
    static func standard(area: ServiceArea = .safeguarding, policy: Policy = .children) -> Scenario {
        var scenario = Scenario()
        scenario.policy = policy
        let setupDay = day("2020-01-06")
        scenario.mustRun(.registerTeam(.init(teamId: "T1", name: "Team One", serviceArea: area, managerId: "TM1")),
                         on: setupDay)
        scenario.mustRun(.registerWorker(.init(workerId: "TM1", teamId: "T1", role: .teamManager, startDate: setupDay,
                                               isAgency: false, isQualified: true)), on: setupDay)
        return scenario
    }

    /// The model the next decision is made against.
    var model: LedgerModel { LedgerModel(state: projection, defaultPolicy: policy) }

    /// What the model says once everything applied so far has happened.
    var state: ModelProbe { ModelProbe(model: model) }

    func context(_ actor: Actor, at instant: Instant) -> DecisionContext {
        let bySequence = Dictionary(uniqueKeysWithValues: envelopes.map { ($0.sequence, $0) })
        return DecisionContext(model: model, actor: actor, occurredAt: instant, policy: policy,
                               permissions: permissions, log: .inMemory(bySequence))
    }

    func decide(_ command: DomainCommand, as actor: Actor = manager, on date: LocalDate = today)
        -> Result<Decision, DomainError>
    {
        Decider.decide(command, context: context(actor, at: Scenario.at(date)))
    }

    /// Decides and applies; returns the decision or the refusal.
    @discardableResult
    mutating func run(_ command: DomainCommand, as actor: Actor = manager, on date: LocalDate = today)
        -> Result<Decision, DomainError>
    {
        let result = decide(command, as: actor, on: date)
        if case .success(let decision) = result { apply(decision) }
        return result
    }

    /// Runs a command that must succeed (setup steps); records an issue otherwise.
    @discardableResult
    mutating func mustRun(_ command: DomainCommand, as actor: Actor = manager, on date: LocalDate = today,
                          sourceLocation: SourceLocation = #_sourceLocation) -> Decision? {
        switch run(command, as: actor, on: date) {
        case .success(let decision): return decision
        case .failure(let error):
            Issue.record("setup command \(command.name) refused: \(error)", sourceLocation: sourceLocation)
            return nil
        }
    }

    mutating func apply(_ decision: Decision) {
        let first = projection.position.sequence + 1
        for (index, proposed) in decision.events.enumerated() {
            let envelope = EventEnvelope(
                sequence: first + UInt64(index), eventId: "e\(first + UInt64(index))", stream: proposed.stream,
                occurredAt: proposed.occurredAt, recordedAt: proposed.occurredAt, actor: proposed.actor,
                source: proposed.source, correlationId: "c\(first)",
                batch: BatchPosition(index: index + 1, size: decision.events.count), event: proposed.event)
            envelopes.append(envelope)
            projection.apply(envelope, chain: .zero)
        }
    }

    // MARK: - Building blocks

    mutating func addTeam(_ teamId: String, area: ServiceArea) {
        mustRun(.registerTeam(.init(teamId: teamId, name: "Team \(teamId)", serviceArea: area)), on: Scenario.day("2020-01-06"))
    }

    mutating func addWorker(_ workerId: String, role: Role = .socialWorker, team: String = "T1",
                            start: LocalDate = Scenario.day("2020-01-06"), agency: Bool = false,
                            qualified: Bool? = nil) {
        mustRun(.registerWorker(.init(
            workerId: workerId, teamId: team, role: role, startDate: start, isAgency: agency,
            isQualified: qualified ?? role.isQualifiedSocialWorkRole)), on: min(start, Scenario.day("2020-01-06")))
    }

    mutating func refer(_ caseId: String, family: String? = nil, team: String = "T1",
                        category: CaseCategory = .childInNeed, flags: [CaseFlag] = [], risk: RiskLevel? = .low,
                        on date: LocalDate = Scenario.day("2024-01-02")) {
        mustRun(.refer(.init(caseId: caseId, referralId: "R-\(caseId)", familyId: family ?? "F-\(caseId)", teamId: team,
                             category: category, flags: flags, source: .school, riskLevel: risk)), on: date)
    }

    /// Gives `count` open cases (distinct families unless `family` is set) to `workerId`, recording
    /// the events directly: setup that must not itself be judged by the rules under test.
    mutating func give(_ workerId: String, cases count: Int, risk: RiskLevel = .low, family: String? = nil,
                       prefix: String? = nil, on date: LocalDate = Scenario.day("2024-01-02")) {
        let tag = prefix ?? "\(workerId)-\(risk.rawValue)"
        let teamId = state.workers[workerId]?.teamId ?? "T1"
        for index in 0..<count {
            let caseId = "\(tag)-\(index)"
            record(.referralReceived(ReferralReceived(
                caseId: caseId, referralId: "R-\(caseId)", familyId: family ?? "F-\(caseId)", teamId: teamId,
                serviceArea: state.teams[teamId]?.serviceArea ?? .safeguarding, category: .childInNeed, flags: [],
                source: .school, riskLevel: risk, isReReferral: false, previousWorkerId: nil, previousClosureAt: nil)),
                   on: date)
            record(.caseAllocated(CaseAllocated(
                caseId: caseId, workerId: workerId, teamId: teamId, previousWorkerId: nil, reason: .newReferral,
                rationale: "setup", factorsConsidered: [], tasks: [], discussedWithWorker: false, overrides: [],
                caseloadAtAllocation: nil)), on: date)
        }
    }

    /// Folds `event` as if appended on `date` by the manager, without deciding it.
    mutating func record(_ event: LedgerEvent, on date: LocalDate = today) {
        apply(Decision(
            events: [ProposedEvent(event: event, occurredAt: Scenario.at(date), actor: Scenario.manager)],
            expectations: [:], findings: [], overrides: [], notes: [], actor: Scenario.manager))
    }

    static func task(due date: LocalDate = day("2024-05-15")) -> AllocationTask {
        AllocationTask(description: "Visit the child at home", dueDate: date)
    }

    static func allocation(_ caseId: String, to workerId: String, on date: LocalDate = today,
                           justifications: [RuleID: String] = [:]) -> DomainCommand.Allocate {
        DomainCommand.Allocate(
            caseId: caseId, workerId: workerId, reason: .newReferral, rationale: "Capacity and skills fit",
            factorsConsidered: [.caseload, .skills], tasks: [task(due: date.adding(days: 10))], discussedWithWorker: true,
            justifications: justifications)
    }

    static func coAllocation(_ caseId: String, to workerId: String, on date: LocalDate = today,
                             justifications: [RuleID: String] = [:]) -> DomainCommand.CoAllocate {
        DomainCommand.CoAllocate(
            caseId: caseId, workerId: workerId, reason: .caseloadManagement, rationale: "Co-working for support",
            tasks: [task(due: date.adding(days: 10))], discussedWithWorker: true, justifications: justifications)
    }

    static let summary = ClosureSummary(workDone: "Assessment completed", outstandingWork: "None",
                                        responsibility: "Universal services")
    static let transferSummary = TransferSummary(workDone: "Plan in place", outstandingWork: "Review due",
                                                 responsibility: "Receiving worker")

    /// A policy whose `rule` has `severity`.
    static func policy(_ rule: RuleID, _ severity: RuleSeverity, base: Policy = .children) -> Policy {
        var policy = base
        policy.severities[rule.rawValue] = severity
        return policy
    }
}

extension Result where Failure == DomainError {
    /// The refusal's rule ids, or [] when it succeeded or failed otherwise.
    var refusedRules: [RuleID] {
        if case .failure(let error) = self { return error.ruleIds }
        return []
    }

    var error: DomainError? {
        if case .failure(let error) = self { return error }
        return nil
    }

    var decision: Success? {
        if case .success(let value) = self { return value }
        return nil
    }

    var isSuccess: Bool { decision != nil }
}

/// The model read as tests ask it: the state once everything recorded has happened.
struct ModelProbe {
    let model: LedgerModel
    var view: ModelView { model.view(asOf: .endOfTime) }

    struct Lookup<Value> {
        let resolve: (String) -> Value?
        subscript(id: String) -> Value? { resolve(id) }
    }

    var cases: Lookup<CaseView> { Lookup { [view] in view.caseView($0) } }
    var workers: Lookup<WorkerView> { Lookup { [view] in view.worker($0) } }
    var teams: Lookup<TeamInfo> { Lookup { [view] in view.team($0) } }
    var lastSequence: UInt64 { model.state.position.sequence }

    func casesHeld(by workerId: String) -> [String] { caseload(of: workerId, policy: model.defaultPolicy).caseIds }
    func caseload(of workerId: String, policy: Policy) -> WorkerLoad { view.load(of: workerId, policy: policy) }
    func version(of stream: StreamName) -> Int { model.version(of: stream) ?? 0 }

    /// Whether the event at `sequence` is withdrawn by a retraction.
    func isRetracted(sequence: UInt64) -> Bool {
        let state = model.state
        for kind in ProjectionState.StreamKind.allCases {
            let streams: [String]
            switch kind {
            case .case: streams = state.cases.ids
            case .worker: streams = Array(state.workers.keys)
            case .team: streams = Array(state.teams.keys)
            case .policy: streams = Array(state.policies.keys)
            }
            for identifier in streams {
                let facts = state.facts(kind, identifier)
                if let index = ProjectionState.index(of: sequence, in: facts) { return !facts[index].retractedBy.isEmpty }
            }
        }
        return false
    }

    /// The adopted policy in force at `instant`, or nil where none was adopted.
    func policy(inForceAt instant: Instant) -> Policy? {
        let inForce = model.policy(at: QueryTime(asOf: instant, asKnown: .endOfTime))
        return inForce.citation == nil ? nil : inForce.policy
    }
}
