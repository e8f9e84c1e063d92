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

/// The differential test of issue 11: at random instants of a real history, what the Decider's
/// view says equals what the audit answers for the same instant.
///
/// The Decider's side opens the model as a write command does (``ModelLoader``) and asks it
/// directly; the audit's side goes through ``AuditLedger``'s public answers (`holders`,
/// `caseload`, `breaches`). For "which rules would an allocation break", the allocation is
/// decided under a policy where every rule is a finding (so it goes through and names every
/// breach), appended to a copy of the log, and `breaches` over that instant must name the same
/// rules. Seeded; the seed is printed with every failure.
@Suite("Deciding and auditing agree")
struct DecideAuditAgreementTests {
    /// A policy where every rule is a finding: nothing is refused and every breach is named.
    static func allFindings(_ base: Policy) -> Policy {
        var policy = base
        for rule in RuleID.allCases { policy.severities[rule.rawValue] = .finding }
        return policy
    }

    struct Trial {
        var instant: Instant
        var caseId: String
        var workerId: String
        var manager: Actor
    }

    /// Random instants, each with an open case and a worker of its team who could be allocated it.
    static func trials(model: LedgerModel, seed: UInt64, count: Int) -> [Trial] {
        var random = SeededRandomNumberGenerator(seed: seed)
        let caseIds = model.state.cases.ids.sorted()
        let workerIds = model.state.workers.keys.sorted()
        let facts = caseIds.compactMap { model.state.cases[$0]?.first?.occurredAt }
        guard let first = facts.min(), let last = facts.max(), first < last else { return [] }
        var trials: [Trial] = []
        var attempts = 0
        while trials.count < count && attempts < count * 200 {
            attempts += 1
            let offset = Int64(random.next() % UInt64(last.millisecondsSinceEpoch - first.millisecondsSinceEpoch))
            let instant = Instant(millisecondsSinceEpoch: first.millisecondsSinceEpoch + offset)
            let view = model.view(asOf: instant)
            let caseId = caseIds[Int(random.next() % UInt64(caseIds.count))]
            guard let record = view.caseView(caseId), record.isOpen, record.referralId != nil, let teamId = record.teamId
            else { continue }
            let team = workerIds.filter { workerId in
                guard let worker = view.worker(workerId), let role = worker.role else { return false }
                return worker.teamId == teamId && role.isCaseHolding && !role.isManager && worker.isInService(on: view.date)
                    && record.primaryWorkerId != workerId
            }
            let managers = workerIds.filter { workerId in
                guard let worker = view.worker(workerId) else { return false }
                return worker.role == .teamManager && worker.isInService(on: view.date)
            }
            guard !team.isEmpty, let manager = managers.first else { continue }
            trials.append(Trial(instant: instant, caseId: caseId, workerId: team[Int(random.next() % UInt64(team.count))],
                                manager: Actor(id: manager, role: .teamManager)))
        }
        return trials
    }

    /// Checks every trial on the ledger at `store`; `label` and `seed` name the history in failures.
    static func checkAgreement(store: String, label: String, seed: UInt64, trialCount: Int) throws {
        let clock = ManualClock(AuditScenario.instant("2031-01-01T00:00:00Z"))
        let audit = try AuditLedger(storeDirectory: store, options: AuditLedger.Options(writesSnapshots: false, clock: clock))
        let decider = LedgerModel(state: try ModelLoader.load(storeDirectory: store, snapshotDirectory: nil).state)
        let known = clock.now()
        let trials = Self.trials(model: decider, seed: seed, count: trialCount)
        #expect(trials.count == trialCount, "\(label) seed \(seed): only \(trials.count) usable instants")
        var ruleTrials = 0
        for (number, trial) in trials.enumerated() {
            let where_ = "\(label) seed \(seed) trial \(number): \(trial.caseId), \(trial.workerId) at \(trial.instant)"
            let view = decider.view(asOf: trial.instant)
            let time = QueryTime(asOf: trial.instant, asKnown: known)

            // Holders.
            let holders = try audit.holders(caseId: trial.caseId, at: time)
            let record = view.caseView(trial.caseId)
            #expect(holders.primary?.workerId == record?.primaryWorkerId, "\(where_): primary")
            #expect(holders.coWorkers.map(\.workerId) == record?.coWorkerIds, "\(where_): co-workers")

            // Caseloads, as the caps see them.
            let policy = view.policy.policy
            let load = view.load(of: trial.workerId, policy: policy)
            let answer = try audit.caseload(workerId: trial.workerId, at: time).workers.first
            #expect(answer?.cases.map(\.caseId).sorted() == load.caseIds, "\(where_): caseload cases")
            #expect(answer?.weightedScore == load.weightedScore, "\(where_): caseload points")

            // The rules an allocation would break.
            let context = DecisionContext(model: decider, actor: trial.manager, occurredAt: trial.instant,
                                          policy: Self.allFindings(policy))
            guard case .success(let decision) = Decider.decide(.allocate(Scenario.allocation(
                trial.caseId, to: trial.workerId, on: view.date)), context: context)
            else { continue }
            ruleTrials += 1
            let decided = Set(decision.findings.map(\.ruleId))
            let copy = TemporaryDirectory("agreement")
            try FileManager.default.copyItem(atPath: store, toPath: copy.store)
            let ledger = try Ledger(directory: copy.store, clock: ManualClock(known))
            let receipt = try ledger.append(decision.events, expecting: decision.expectations)
            ledger.close()
            let after = try AuditLedger(storeDirectory: copy.store, options: AuditLedger.Options(writesSnapshots: false, clock: clock))
            let breaches = try after.breaches(from: trial.instant, to: trial.instant, asOf: trial.instant, asKnown: known)
            let audited = Set(breaches.breaches.filter { breach in
                breach.kind != .timescale && breach.evidence.first?.sequence == receipt.firstSequence
            }.map(\.ruleId))
            #expect(decided == audited, "\(where_): the Decider found \(decided.sorted()), the audit \(audited.sorted())")
        }
        #expect(ruleTrials >= trialCount / 2, "\(label) seed \(seed): only \(ruleTrials) allocations could be decided")
    }

    @Test("generated histories: holders, caseloads and an allocation's rule findings agree at random instants",
          arguments: [UInt64(3), 29])
    func generated(seed: UInt64) throws {
        let directory = TemporaryDirectory("agreement-generated")
        try DiskHistory.append(DiskHistory.generator(seed: seed), eventCount: 4_000, to: directory.store)
        try Self.checkAgreement(store: directory.store, label: "generated", seed: seed, trialCount: 12)
    }

    @Test("the demo history: holders, caseloads and an allocation's rule findings agree at random instants")
    func demo() throws {
        let directory = TemporaryDirectory("agreement-demo")
        _ = try DemoAuthority.build(DemoConfiguration(seed: 9, years: 1, teams: 3, workers: 20), in: directory.store)
        try Self.checkAgreement(store: directory.store, label: "demo", seed: 9, trialCount: 12)
    }
}
