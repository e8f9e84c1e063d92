import Foundation
import LedgerEvents
import LedgerStore
import LedgerSupport

/// One decision in progress: the context, the events so far, and the streams read.
package struct DecisionSession {
    package let context: DecisionContext
    package let actor: Actor
    package private(set) var events: [LedgerEvent] = []
    package private(set) var readStreams: Set<StreamName> = []
    package private(set) var findings: [PolicyFinding] = []
    package private(set) var overrides: [PolicyOverride] = []
    package private(set) var notes: [String] = []
    /// Whether the events record the invoking account: while identity is bound, and on the
    /// adoption that binds it (its adopter was checked against the account).
    package var recordsAccount: Bool

    package init(context: DecisionContext, actor: Actor) {
        self.context = context
        self.actor = actor
        self.recordsAccount = context.identity == .login
    }

    /// The model at the command's valid time, before this decision's events.
    package var view: ModelView { context.view }
    package var policy: Policy { context.policy }
    package var date: LocalDate { context.date }

    /// A new rule evaluation under the policy in force.
    package func evaluation(justifications: [RuleID: String] = [:]) -> RuleEvaluation {
        RuleEvaluation(policy: policy, justifications: justifications)
    }

    /// The events so far as they would be appended.
    package var proposed: [ProposedEvent] {
        events.map {
            ProposedEvent(event: $0, occurredAt: context.occurredAt, actor: actor, account: recordsAccount ? context.account : nil,
                          source: .command)
        }
    }

    /// Adds an event; the evaluation that allowed it contributes its findings and overrides.
    package mutating func emit(_ event: LedgerEvent, after evaluation: RuleEvaluation? = nil) {
        events.append(event)
        readStreams.insert(event.stream)
        if let evaluation {
            findings += evaluation.findings
            overrides += evaluation.overrides
            notes += evaluation.notes
        }
    }

    package mutating func read(_ stream: StreamName) { readStreams.insert(stream) }

    /// The decision made: events stamped with the actor and valid time, and an exact expected
    /// version for every stream read.
    package func decision() -> Decision {
        var expectations: [StreamName: ExpectedVersion] = [:]
        for stream in readStreams { expectations[stream] = .exactly(view.version(of: stream) ?? 0) }
        return Decision(events: proposed, expectations: expectations, findings: findings, overrides: overrides,
                        notes: notes, actor: actor)
    }

    // MARK: - Looking things up (each marks its stream as read)

    package mutating func team(_ teamId: String) throws(DomainError) -> TeamInfo {
        guard let team = view.team(teamId) else {
            if view.teamExists(teamId) {
                throw .invalidState(subject: "team \(teamId)", problem: "was not yet registered on \(date)",
                                    remedy: "date the command on or after the team's registration")
            }
            throw .unknownTeam(teamId: teamId)
        }
        read(.team(teamId))
        return team
    }

    package mutating func worker(_ workerId: String) throws(DomainError) -> WorkerView {
        guard let worker = view.worker(workerId) else {
            if view.workerExists(workerId) {
                throw .invalidState(subject: workerId, problem: "was not yet registered on \(date)",
                                    remedy: "date the command on or after the worker's registration")
            }
            throw .unknownWorker(workerId: workerId)
        }
        read(.worker(workerId))
        return worker
    }

    /// A worker who is still in the service on the command's date.
    package mutating func activeWorker(_ workerId: String) throws(DomainError) -> WorkerView {
        let worker = try worker(workerId)
        if worker.hasLeft(on: date), let lastWorkingDate = worker.lastWorkingDate {
            throw .invalidState(subject: workerId, problem: "left the service after \(lastWorkingDate)",
                                remedy: "choose a worker who is still in the service")
        }
        return worker
    }

    /// A case opened by a referral, as it stood at the command's valid time. A case known only
    /// from an imported history is unknown to decisions until a referral opens it here; one whose
    /// referral is later than the command is refused with both dates, so no holder, decision or
    /// closure can be recorded before the case existed.
    package mutating func existingCase(_ caseId: String) throws(DomainError) -> CaseView {
        guard let timeline = view.caseTimeline(caseId),
              let firstReferral = timeline.facts.first(where: \.isReferralOrReopening)
        else { throw .unknownCase(caseId: caseId) }
        read(.case(caseId))
        guard firstReferral.occurredAt <= context.occurredAt, let record = timeline.state(at: context.occurredAt),
              record.referralId != nil
        else {
            throw .invalidState(
                subject: caseId,
                problem: "was referred on \(LondonTime.wallClockText(firstReferral.occurredAt)), after this command's date \(LondonTime.wallClockText(context.occurredAt))",
                remedy: "date the command on or after the referral (--at)")
        }
        return record
    }

    package mutating func openCase(_ caseId: String, toDo action: String) throws(DomainError) -> CaseView {
        let record = try existingCase(caseId)
        guard record.isOpen else {
            let closed = record.closedAt.map { " on \(LondonTime.localDate(of: $0))" } ?? ""
            throw .invalidState(subject: caseId, problem: "was closed\(closed), so you cannot \(action)",
                                remedy: "reopen it (reopen) or record a new referral (refer) first")
        }
        return record
    }

    /// A case open and waiting for allocation, for the unallocated-case records.
    package mutating func unallocatedCase(_ caseId: String, toDo action: String) throws(DomainError) -> CaseView {
        let record = try openCase(caseId, toDo: action)
        if let primary = record.primaryWorkerId {
            throw .invalidState(subject: caseId, problem: "is allocated to \(primary), so you cannot \(action)",
                                remedy: "these records are for cases awaiting allocation")
        }
        return record
    }

    /// Refuses blank text where the record is meaningless without it.
    package func requireText(_ text: String, field: String, why: String) throws(DomainError) {
        if text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            throw .invalidCommand(field: field, problem: "is empty; \(why)")
        }
    }

    /// A registered manager in the service on the command's date.
    package func isRegisteredManager(_ workerId: String) -> Bool {
        guard let worker = view.worker(workerId), !worker.hasLeft(on: date) else { return false }
        return worker.role?.isManager == true
    }
}

extension Fact {
    /// A referral or reopening: the start of a period of work a decision can act on.
    package var isReferralOrReopening: Bool {
        switch detail {
        case .referralReceived, .reopened: return true
        default: return false
        }
    }
}
