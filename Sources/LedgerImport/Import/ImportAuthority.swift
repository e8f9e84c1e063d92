import LedgerDomain
import LedgerEvents
import LedgerStore
import LedgerSupport

/// Who may run an import into a ledger that has gone live, and the role the import's events record.
///
/// A ledger on which a command has registered a worker (``ImportHistory/hasWorkerRegisteredByCommand``)
/// is live: the importing actor must then be a registered worker, in post on the day of the
/// import, whose role the permission table lets import (``CommandCategory/legacyImport``: a data
/// officer, or a team manager or above), and the events record that role. The manager named in
/// corrections of earlier imports must be a registered manager in post. Before any worker is
/// registered (a fresh ledger being backfilled before go-live) there is nobody to check the
/// actor against: the id is taken at its word and recorded as a data officer, as it always was.
///
/// The workers are looked up in the same model commands decide against (snapshot plus log tail),
/// read while the importer holds the writer's lock, so nobody can register, move or retire a
/// worker between the check and the append.
package enum ImportAuthority {
    /// The manager who authorised an import's corrections: checked only when it has any.
    package struct Authoriser {
        package var workerId: String
        /// Whether `--authorised-by` named them (rather than defaulting to the actor).
        package var isNamed: Bool
    }

    /// The actor as the import will record them, or why they may not import.
    package static func authorise(_ request: ImportRequest, view: ModelView,
                          permissions: PermissionPolicy = .standard) throws(ImportError) -> Actor {
        let id = request.actor.id
        let role = try inPostRole(id, option: "--actor", view: view)
        guard permissions.permits(role, .legacyImport) else {
            throw .notPermitted(
                workerId: id, option: "--actor",
                problem: "is registered as \(role.displayName) and may not import legacy history; \(permissions.whoMay(.legacyImport, deniedRole: role))",
                remedy: registrationRemedy)
        }
        return Actor(id: id, role: role)
    }

    /// Under identity "login" (the policy in force now, or the newest adopted), the account
    /// running the import must be the one registered for the actor; returns the account to
    /// record on the import's events then, nil when identity is declared.
    package static func checkIdentity(of actor: Actor, view: ModelView, storeDirectory: String,
                                      account: String?) throws(ImportError) -> String? {
        let reader = LogLineReader(directory: storeDirectory)
        let log = LogLookup(
            bySequence: { try? reader.storedEvent(sequence: $0).envelope },
            byFact: { try? reader.storedEvent(sequence: $0.sequence, chain: $0.chain, lineOffset: $0.lineOffset).envelope })
        let context = DecisionContext(model: view.model, actor: actor, occurredAt: view.asOf, log: log, account: account)
        guard context.identity == .login else { return nil }
        do throws(DomainError) {
            try Decider.checkIdentity(of: actor, context: context)
        } catch {
            if case .identity(let refusal) = error { throw .identity(refusal: refusal) }
            throw .notPermitted(workerId: actor.id, option: "--actor", problem: error.description, remedy: registrationRemedy)
        }
        return context.account
    }

    /// Refuses corrections authorised by someone who is not a registered manager in post.
    package static func checkAuthoriser(_ authoriser: Authoriser, view: ModelView) throws(ImportError) {
        let option = authoriser.isNamed ? "--authorised-by" : "--actor"
        let role = try inPostRole(authoriser.workerId, option: option, view: view)
        guard role.isManager else {
            let said = authoriser.isNamed ? "is registered as" : "(the default --authorised-by) is registered as"
            throw .notPermitted(
                workerId: authoriser.workerId, option: option,
                problem: "\(said) \(role.displayName), not a manager, and this import corrects rows of earlier imports, which a team manager or above must authorise",
                remedy: "name the manager who authorised the corrections with --authorised-by MANAGER")
        }
    }

    /// The registered role of worker `workerId`, in post on the view's day, or why not.
    private static func inPostRole(_ workerId: String, option: String, view: ModelView) throws(ImportError) -> Role {
        guard view.workerExists(workerId) else {
            throw .notPermitted(
                workerId: workerId, option: option,
                problem: "is not a registered worker; this ledger has workers registered in CaseLedger, so only a registered data officer, or a team manager or above, may import",
                remedy: registrationRemedy)
        }
        let date = view.date
        guard let worker = view.worker(workerId), worker.isRegistered, let role = worker.role else {
            throw .notPermitted(workerId: workerId, option: option, problem: "is not yet registered on \(date)",
                                remedy: "import on or after their registration, or as another data officer or manager")
        }
        if worker.hasLeft(on: date), let lastWorkingDate = worker.lastWorkingDate {
            throw .notPermitted(workerId: workerId, option: option, problem: "left the service after \(lastWorkingDate)",
                                remedy: "a data officer, or a team manager or above, in post must run the import")
        }
        return role
    }

    package static let registrationRemedy = "a data officer needs registering once, by a manager: "
        + "caseledger register-worker --worker ID --team TEAM --role dataOfficer --start-date YYYY-MM-DD --actor MANAGER; "
        + "then import with --actor ID"
}
