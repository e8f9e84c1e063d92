import LedgerEvents
import LedgerStore
import LedgerSupport

/// Decides commands: checks who is asking, checks the command against current state and the
/// policy in force, and turns it into events — or refuses it with a ``DomainError``.
///
/// Deciding is pure (DESIGN §2): it reads only its ``DecisionContext`` and returns a value, so a
/// decision can be replayed, tested in microseconds, and explained.
///
/// ## Who may act
///
/// Actors are registered workers; their role comes from the ledger (`WorkerRegistered`,
/// `WorkerRoleChanged`), and a claimed role that differs is refused. Two roles are recognised
/// without registration: an inspector, who may append nothing, and a data officer, who appends
/// imports only (imports do not go through commands). A worker who has left may record nothing.
///
/// Bootstrap: until a manager is registered, an actor claiming a manager role may register
/// teams and workers and adopt a policy, so a new ledger can be set up; the first manager
/// registered ends that.
///
/// ## Who is at the keyboard
///
/// Under a policy with `identity: "login"` the named actor must also be the worker whose
/// registered login is the operating-system account running the command
/// (``DecisionContext/account``), and the events record that account. Without it the named
/// actor is taken at its word.
public enum Decider {
    /// Decides `command` in `context`: the events to append, or why not.
    public static func decide(_ command: DomainCommand, context: DecisionContext) -> Result<Decision, DomainError> {
        do {
            return .success(try decideOrThrow(command, context: context))
        } catch {
            return .failure(error)
        }
    }

    package static func decideOrThrow(_ command: DomainCommand, context: DecisionContext) throws(DomainError) -> Decision {
        let actor = try authorise(command, context: context)
        var session = DecisionSession(context: context, actor: actor)
        switch command {
        case .registerTeam(let payload): try session.registerTeam(payload)
        case .registerWorker(let payload): try session.registerWorker(payload)
        case .changeRole(let payload): try session.changeRole(payload)
        case .moveTeam(let payload): try session.moveTeam(payload)
        case .recordAbsence(let payload): try session.recordAbsence(payload)
        case .recordLeaving(let payload): try session.recordLeaving(payload)
        case .adoptPolicy(let payload): try session.adoptPolicy(payload)
        case .refer(let payload): try session.refer(payload)
        case .recordReferralDecision(let payload): try session.recordReferralDecision(payload)
        case .changeCategory(let payload): try session.changeCategory(payload)
        case .assessRisk(let payload): try session.assessRisk(payload)
        case .reopen(let payload): try session.reopen(payload)
        case .allocate(let payload): try session.allocate(payload)
        case .coAllocate(let payload): try session.coAllocate(payload)
        case .deallocate(let payload): try session.deallocate(payload)
        case .transfer(let payload): try session.transfer(payload)
        case .requestClosure(let payload): try session.requestClosure(payload)
        case .close(let payload): try session.close(payload)
        case .recordAllocationDiscussion(let payload): try session.recordAllocationDiscussion(payload)
        case .recordOversight(let payload): try session.recordOversight(payload)
        case .recordCaseNote(let payload): try session.recordCaseNote(payload)
        case .recordUnallocatedMonitoring(let payload): try session.recordUnallocatedMonitoring(payload)
        case .sendFamilyLetter(let payload): try session.sendFamilyLetter(payload)
        case .recordUnallocatedReview(let payload): try session.recordUnallocatedReview(payload)
        case .escalate(let payload): try session.escalate(payload)
        case .raiseWorkloadConcern(let payload): try session.raiseWorkloadConcern(payload)
        case .retract(let payload): return try session.retract(payload)
        }
        return session.decision()
    }

    /// The actor as the ledger will record them, or why they may not issue `command`.
    package static func authorise(_ command: DomainCommand, context: DecisionContext) throws(DomainError) -> Actor {
        let claimed = context.actor
        let date = context.date
        let denied = DomainError.permissionDenied(
            actorId: claimed.id, role: claimed.role, action: command.actionPhrase,
            whoMay: context.permissions.whoMay(command.category, deniedRole: claimed.role))
        // Inspectors and data officers are recognised by role alone and never act through commands.
        guard claimed.role != .inspector, claimed.role != .dataOfficer else { throw denied }

        let actor: Actor
        if context.view.workerExists(claimed.id) {
            guard let worker = context.view.worker(claimed.id), let registered = worker.role else {
                throw .invalidState(subject: claimed.id, problem: "was not yet registered on \(date)",
                                    remedy: "date the command on or after \(claimed.id)'s registration")
            }
            if worker.hasLeft(on: date), let lastWorkingDate = worker.lastWorkingDate {
                throw .actorHasLeft(actorId: claimed.id, lastWorkingDate: lastWorkingDate)
            }
            guard registered == claimed.role else {
                throw .actorRoleMismatch(actorId: claimed.id, claimedRole: claimed.role, registeredRole: registered)
            }
            actor = Actor(id: claimed.id, role: registered)
        } else if command.isBootstrap, claimed.role.isManager, !context.view.hasRegisteredManager {
            actor = claimed
        } else {
            throw .unknownActor(actorId: claimed.id, claimedRole: claimed.role)
        }
        if context.identity == .login { try checkIdentity(of: actor, context: context) }
        guard context.permissions.permits(actor.role, command.category) else {
            throw .permissionDenied(
                actorId: actor.id, role: actor.role, action: command.actionPhrase,
                whoMay: context.permissions.whoMay(command.category, deniedRole: actor.role))
        }
        return actor
    }

    /// Under identity "login": the account running the command must be the one registered for
    /// the actor. Checked before the permission table, so someone at the wrong account learns
    /// nothing about what the named worker may do.
    package static func checkIdentity(of actor: Actor, context: DecisionContext) throws(DomainError) {
        guard let account = context.account else { throw .identity(refusal: .accountUnknown(actorId: actor.id)) }
        guard let login = context.registeredLogin(of: actor.id) else {
            throw .identity(refusal: .noLogin(actorId: actor.id, account: account))
        }
        guard login == account else {
            throw .identity(refusal: .loginMismatch(actorId: actor.id, login: login, account: account))
        }
    }
}
