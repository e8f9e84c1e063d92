import LedgerAudit
import LedgerDomain
import LedgerEvents
import LedgerImport
import LedgerStore
import LedgerSupport

/// The simulated authority: a diary of actions worked through one working day at a time, each
/// turned into domain commands decided by the ``Decider`` and appended, a day per batch, through
/// ``CaseLedgerService/executeAll(_:)``.
///
/// Every command is first decided against `state`, the decision state including what the day
/// has staged so far. A refusal comes back to the simulation, which handles it as a manager
/// would (another worker, a justification, a wait) and counts it by rule; an accepted command is
/// staged and its events folded into `state`. At the end of the day the staged commands are
/// appended as one batch, which the service decides again against the same state: a refusal
/// there would be a generator bug and stops the run.
package final class DemoSimulation {
    package let configuration: DemoConfiguration
    package let service: CaseLedgerService
    package let clock: ManualClock
    package let policy: Policy
    package let calendar: WorkingCalendar
    package var random: DemoRandom
    package var agenda = DemoAgenda()
    package var summary: DemoSummary

    /// The model including the commands staged today: a copy of the service's model folded with
    /// them, whose staged facts become the appended ones when the day's batch lands (``commit()``).
    package var model: LedgerModel
    /// Staged events by provisional sequence, so a retraction later in the day can name one.
    private var stagedEnvelopes: [UInt64: EventEnvelope] = [:]
    /// The model at the instant of the action in hand.
    package var state: DemoState { DemoState(model: model, at: now) }
    private var staged: [BatchItem] = []
    private var stagedEventCounts: [Int] = []
    private var followUps: [(itemIndex: Int, followUp: DemoFollowUp)] = []

    /// The working day being simulated and the minute (London time) of the action in hand.
    package var today: LocalDate
    package var minute = 8 * 60

    // The organisation.
    package var teams: [DemoTeam] = []
    package var teamIndex: [String: Int] = [:]
    package let headOfServiceId = "HOS1"
    package let childrenServiceManagerId = "SM1"
    package let adultsServiceManagerId = "SM2"
    /// Practitioners registered and not yet gone, in registration order (iteration order must
    /// never come from a dictionary: it changes from process to process).
    package var roster: [String] = []
    package var plans: [String: DemoWorkerPlan] = [:]

    // The cases.
    package var work: [String: DemoCaseWork] = [:]
    /// Cases open in the simulation's view, in referral order.
    package var openCaseIds: [String] = []
    package var recentClosures: [DemoClosure] = []

    private var nextNumbers: [String: Int] = [:]
    private var questionsCaptured = false

    package init(configuration: DemoConfiguration, directory: String) throws(DemoError) {
        self.configuration = configuration
        policy = configuration.policy
        calendar = configuration.policy.calendar
        clock = ManualClock(LondonTime.startOfDay(configuration.startDate))
        random = DemoRandom(seed: configuration.seed)
        do {
            service = try CaseLedgerService(
                directory: directory, defaultPolicy: configuration.policy, clock: clock,
                identifiers: SeededIdentifierGenerator(seed: configuration.seed ^ 0x00C0_FFEE_CA5E_1ED6),
                calendar: configuration.policy.calendar)
        } catch {
            switch error {
            case .ledger(let ledgerError): throw .ledger(ledgerError)
            case .refused(let refusal): throw .unreadable(detail: refusal.description)
            case .unreadable(let detail): throw .unreadable(detail: detail)
            case .snapshotDamaged(let problem): throw .unreadable(detail: problem.description)
            }
        }
        model = service.model.copy()
        today = configuration.startDate
        let first = calendar.isWorkingDay(configuration.startDate)
            ? configuration.startDate : calendar.addingWorkingDays(1, to: configuration.startDate)
        summary = DemoSummary(configuration: configuration, firstWorkingDay: first, lastDay: configuration.lastDay,
                              workingDays: calendar.workingDays(from: first.adding(days: -1), to: configuration.lastDay))
    }

    /// Builds the whole history; the ledger is closed when it returns.
    package func run(progress: ((DemoProgress) -> Void)?) throws(DemoError) -> DemoSummary {
        defer { service.close() }
        guard service.ledger.digest.sequence == 0 else {
            throw .storeNotEmpty(directory: service.ledger.directory, eventCount: service.ledger.digest.sequence)
        }
        try setUp()
        var day = summary.firstWorkingDay
        let lastDay = configuration.lastDay
        while day <= lastDay {
            today = day
            minute = 8 * 60
            agenda.carry(before: day, into: day)
            agenda.open(day)
            startDay()
            while let entry = agenda.next() {
                minute = max(minute, entry.minute)
                handle(entry.action)
            }
            endDay()
            try commit()
            let next = calendar.addingWorkingDays(1, to: day)
            if !questionsCaptured, next > configuration.questionDate {
                captureQuestions()
                questionsCaptured = true
            }
            progress?(DemoProgress(date: day, lastDay: lastDay, eventCount: service.ledger.digest.sequence))
            day = next
        }
        if !questionsCaptured { captureQuestions() }
        finish()
        return summary
    }

    private func handle(_ action: DemoAction) {
        switch action {
        case .referral(let teamId): receiveReferral(teamId: teamId)
        case .decide(let caseId): decide(caseId: caseId)
        case .allocate(let caseId): allocate(caseId: caseId)
        case .coAllocate(let caseId): coAllocateStudent(caseId: caseId)
        case .progress(let caseId): progress(caseId: caseId)
        case .close(let caseId): authoriseClosure(caseId: caseId)
        case .transfer(let caseId, let toTeamId, let reason): transfer(caseId: caseId, toTeamId: toTeamId, reason: reason)
        case .reReferral(let caseId): reRefer(caseId: caseId)
        case .unallocatedCheck(let caseId): checkUnallocated(caseId: caseId)
        case .reallocate(let caseId, let fromWorkerId, let reason, let notifiedOn):
            reallocate(caseId: caseId, from: fromWorkerId, reason: reason, notifiedOn: notifiedOn)
        case .sicknessEnds(let workerId, let absenceId, let kind, let startDate, let notifiedAt):
            endSickness(workerId: workerId, absenceId: absenceId, kind: kind, startDate: startDate, notifiedAt: notifiedAt)
        case .departure(let workerId, let noticeWorkingDays, let reason):
            giveNotice(workerId: workerId, noticeWorkingDays: noticeWorkingDays, reason: reason)
        case .workerLeaves(let workerId): workerLeaves(workerId: workerId)
        case .hire(let teamId, let role, let isAgency): hire(teamId: teamId, role: role, isAgency: isAgency)
        case .completeFirstYear(let workerId): completeFirstYear(workerId: workerId)
        case .retractNote(let sequence, let caseId, let correctCaseId, let text):
            retractNote(sequence: sequence, caseId: caseId, correctCaseId: correctCaseId, text: text)
        case .retractAllocation(let sequence, let caseId, let workerId):
            retractAllocation(sequence: sequence, caseId: caseId, workerId: workerId)
        }
    }

    // MARK: - Deciding and staging

    /// Decides `command` against the state so far and, if accepted, stages it for today's batch.
    /// Returns the Decider's refusal (counted by rule) or nil.
    @discardableResult
    package func attempt(_ command: DomainCommand, by actor: Actor, at instant: Instant? = nil,
                 followUp: DemoFollowUp? = nil) -> DomainError? {
        let occurredAt = instant ?? now
        switch decide(command, by: actor, at: occurredAt) {
        case .failure(let error):
            countRefusal(error)
            return error
        case .success(let decision):
            fold(decision)
            if let followUp { followUps.append((staged.count, followUp)) }
            staged.append(BatchItem(command: command, actor: actor, occurredAt: occurredAt))
            stagedEventCounts.append(decision.events.count)
            if LondonTime.localDate(of: occurredAt) < today { summary.backfilledCommands += 1 }
            return nil
        }
    }

    /// Decides against the staged model; a retraction of a staged event finds it among `stagedEnvelopes`.
    private func decide(_ command: DomainCommand, by actor: Actor, at occurredAt: Instant) -> Result<Decision, DomainError> {
        Decider.decide(command, context: service.makeContext(model: model, actor: actor, occurredAt: occurredAt,
                                                             planned: stagedEnvelopes))
    }

    private func fold(_ decision: Decision) {
        let count = decision.events.count
        for (offset, event) in decision.events.enumerated() {
            let sequence = model.state.position.sequence + 1
            let envelope = EventEnvelope(
                sequence: sequence, eventId: "staged-\(sequence)", stream: event.stream, occurredAt: event.occurredAt,
                recordedAt: event.occurredAt, actor: event.actor, source: event.source, correlationId: "staged",
                batch: BatchPosition(index: offset + 1, size: count), event: event.event)
            stagedEnvelopes[sequence] = envelope
            model.apply(envelope, chain: .zero)
        }
    }

    private func countRefusal(_ error: DomainError) {
        let rules = error.ruleIds
        if rules.isEmpty {
            summary.refusalsByRule[Self.kind(of: error), default: 0] += 1
        } else {
            for rule in rules { summary.refusalsByRule[rule.rawValue, default: 0] += 1 }
        }
    }

    package static func kind(of error: DomainError) -> String {
        switch error {
        case .ruleBreached: return "RULE"
        case .permissionDenied, .unknownActor, .actorRoleMismatch, .actorHasLeft: return "PERMISSION"
        case .identity: return "IDENTITY"
        case .unknownCase, .unknownWorker, .unknownTeam, .unknownSequence: return "UNKNOWN"
        case .alreadyExists: return "ALREADY-EXISTS"
        case .invalidState: return "INVALID-STATE"
        case .invalidCommand: return "INVALID-COMMAND"
        }
    }

    /// Appends the day's staged commands as one batch, recorded at the end of the day.
    package func commit() throws(DemoError) {
        guard !staged.isEmpty else { return }
        clock.set(LondonTime.endOfDay(today))
        let outcome: BatchOutcome
        do {
            outcome = try service.executeAll(staged)
        } catch {
            switch error {
            case .refused(let index, let refusal):
                throw .batchRefused(date: today, detail: "command \(index + 1) (\(staged[index].command.name)): \(refusal)")
            case .ledger(let ledgerError):
                throw .ledger(ledgerError)
            case .snapshotDamaged(let problem):
                throw .unreadable(detail: problem.description)
            }
        }
        summary.batchCount += 1
        for event in outcome.events { summary.eventsByType[event.type, default: 0] += 1 }
        for override in outcome.overrides { summary.overridesByRule[override.ruleId, default: 0] += 1 }
        if let receipt = outcome.receipt, !followUps.isEmpty {
            var firstSequence: [UInt64] = []
            var sequence = receipt.firstSequence
            for count in stagedEventCounts {
                firstSequence.append(sequence)
                sequence += UInt64(count)
            }
            for (index, followUp) in followUps { resolve(followUp, sequence: firstSequence[index]) }
        }
        staged.removeAll(keepingCapacity: true)
        stagedEventCounts.removeAll(keepingCapacity: true)
        followUps.removeAll()
        stagedEnvelopes.removeAll()
        // The service appended exactly the staged events (it decided them again, to the same
        // effect): this model's staged facts become the appended ones, and its memos stay warm.
        if let receipt = outcome.receipt { model.commit(receipt) }
    }

    private func finish() {
        summary.digest = service.ledger.digest
        summary.eventCount = service.ledger.digest.sequence
        for workerId in roster where isActive(workerId) {
            guard let worker = state.workers[workerId] else { continue }
            if let role = worker.role(on: today) { summary.inPostByRole[role, default: 0] += 1 }
        }
        for index in teams.indices {
            summary.teams[index].practitionersAtEnd = roster.filter { isActive($0) && state.workers[$0]?.teamId == teams[index].teamId }.count
        }
        summary.unallocatedAtEnd = openCaseIds.filter { state.cases[$0].map { $0.isOpen && !$0.isAllocated } ?? false }.count
    }

    // MARK: - Time, identifiers, people

    /// The action in hand's valid time.
    package var now: Instant { instant(minute) }

    package func instant(_ minute: Int, on date: LocalDate? = nil) -> Instant {
        LondonTime.instant(date: date ?? today, hour: minute / 60, minute: minute % 60)
    }

    /// The `count`-th working day after today (today itself for 0).
    package func workingDay(_ count: Int) -> LocalDate {
        count <= 0 ? today : calendar.addingWorkingDays(count, to: today)
    }

    package func schedule(_ action: DemoAction, inWorkingDays count: Int, at minute: Int) {
        agenda.schedule(action, on: workingDay(count), at: minute)
    }

    /// `prefix` followed by the next number of its series, zero-padded: C00042, W0007.
    package func nextIdentifier(_ prefix: String, digits: Int) -> String {
        let number = (nextNumbers[prefix] ?? 0) + 1
        nextNumbers[prefix] = number
        let text = String(number)
        return prefix + String(repeating: "0", count: max(0, digits - text.count)) + text
    }

    package func team(_ teamId: String) -> DemoTeam? { teamIndex[teamId].map { teams[$0] } }

    package func managerActor(ofTeam teamId: String) -> Actor {
        Actor(id: team(teamId)?.managerId ?? headOfServiceId, role: team(teamId) == nil ? .headOfService : .teamManager)
    }

    /// A registered worker still in service today, in the role the ledger has for them today.
    package func actor(_ workerId: String) -> Actor? {
        guard let worker = state.workers[workerId], !worker.hasLeft(on: today), let role = worker.role(on: today) else { return nil }
        return Actor(id: workerId, role: role)
    }

    /// Started, and not yet past the last working day.
    package func isActive(_ workerId: String) -> Bool {
        guard let worker = state.workers[workerId] else { return false }
        return worker.startDate <= today && !worker.hasLeft(on: today)
    }

    package func isAbsentToday(_ workerId: String) -> Bool {
        state.workers[workerId]?.absence(covering: today) != nil
    }
}
