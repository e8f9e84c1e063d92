import LedgerEvents
import LedgerStore
import LedgerSupport

/// Why a command was refused, in words a person can act on: the rule or permission at stake,
/// the figures, and the way forward. A refused command appends nothing.
public enum DomainError: Error, Sendable, Hashable, CustomStringConvertible {
    /// One or more policy rules refused the command (block, or justify without a justification).
    case ruleBreached(breaches: [RuleBreach])
    /// The actor's role may not issue this command.
    case permissionDenied(actorId: String, role: Role, action: String, whoMay: String)
    /// The actor is not a registered worker (and the ledger is past its setup).
    case unknownActor(actorId: String, claimedRole: Role)
    /// The role the actor claims is not the role the ledger has registered for them.
    case actorRoleMismatch(actorId: String, claimedRole: Role, registeredRole: Role)
    /// The actor has left the service.
    case actorHasLeft(actorId: String, lastWorkingDate: LocalDate)
    /// The account running the command may not act as the named worker (identity "login").
    case identity(refusal: IdentityError)
    case unknownCase(caseId: String)
    case unknownWorker(workerId: String)
    case unknownTeam(teamId: String)
    /// A retraction named a sequence number the ledger does not hold.
    case unknownSequence(sequenceNumber: UInt64, lastSequence: UInt64)
    /// Something with this identifier already exists.
    case alreadyExists(kind: String, identifier: String)
    /// The command does not fit the current state: allocating a closed case, deallocating
    /// someone who does not hold the case.
    case invalidState(subject: String, problem: String, remedy: String)
    /// A field of the command is missing or makes no sense.
    case invalidCommand(field: String, problem: String)

    public var description: String {
        switch self {
        case .ruleBreached(let breaches):
            return breaches.map(\.description).joined(separator: "\n")
        case .permissionDenied(let actorId, let role, let action, let whoMay):
            return "PERMISSION: \(actorId) (\(role.displayName)) may not \(action); \(whoMay)"
        case .unknownActor(let actorId, let claimedRole):
            return "PERMISSION: \(actorId) (claiming \(claimedRole.displayName)) is not a registered worker; "
                + "a manager must register them (registerWorker) before they record anything"
        case .actorRoleMismatch(let actorId, let claimedRole, let registeredRole):
            return "PERMISSION: \(actorId) is registered as \(registeredRole.displayName), not \(claimedRole.displayName); "
                + "act in the registered role, or have a manager record the role change (changeRole)"
        case .actorHasLeft(let actorId, let lastWorkingDate):
            return "PERMISSION: \(actorId) left the service after \(lastWorkingDate) and may record nothing since"
        case .identity(let refusal):
            return refusal.description
        case .unknownCase(let caseId):
            return "unknown case \(caseId); record a referral (refer) to open it, or check the case id"
        case .unknownWorker(let workerId):
            return "unknown worker \(workerId); register them (registerWorker) first, or check the worker id"
        case .unknownTeam(let teamId):
            return "unknown team \(teamId); register it (registerTeam) first, or check the team id"
        case .unknownSequence(let sequenceNumber, let lastSequence):
            return "there is no entry \(sequenceNumber) to retract; the ledger holds entries 1 to \(lastSequence)"
        case .alreadyExists(let kind, let identifier):
            return "\(kind) \(identifier) already exists; use a new id"
        case .invalidState(let subject, let problem, let remedy):
            return "\(subject) \(problem); \(remedy)"
        case .invalidCommand(let field, let problem):
            return "\(field): \(problem)"
        }
    }

    /// The rule ids a refusal names (empty for other errors).
    public var ruleIds: [RuleID] {
        if case .ruleBreached(let breaches) = self { return breaches.map(\.rule) }
        return []
    }
}
