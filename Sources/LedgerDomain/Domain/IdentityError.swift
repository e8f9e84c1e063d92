/// Why the person running a command may not act as the worker they named, under a policy that
/// binds workers to operating-system accounts (`identity: "login"`).
///
/// Its own type, beside ``DomainError``, because the command line gives it its own exit code
/// (77, permission denied): the command was not wrong, the account running it was.
public enum IdentityError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The account running the command could not be determined (no password database entry).
    case accountUnknown(actorId: String)
    /// The named worker has no login registered (or is not registered at all).
    case noLogin(actorId: String, account: String)
    /// The named worker's registered login is not the account running the command.
    case loginMismatch(actorId: String, login: String, account: String)
    /// Adopting a policy with `identity: "login"` by someone it would not let act, which would
    /// leave nobody able to record anything.
    case adoptionWouldLockOut(actorId: String, login: String?, account: String?)

    public var description: String {
        switch self {
        case .accountUnknown(let actorId):
            return "IDENTITY: --actor \(actorId) cannot be checked against the operating-system account running this "
                + "command, which could not be determined, and this ledger's policy binds every actor to that account "
                + "(identity \"login\"); run it from a user account the system's password database names"
        case .noLogin(let actorId, let account):
            return "IDENTITY: --actor \(actorId) has no login registered, and this ledger's policy binds every actor to the "
                + "operating-system account running the command (identity \"login\"); this command runs as '\(account)': "
                + "name the worker registered with --login \(account) as --actor"
        case .loginMismatch(let actorId, let login, let account):
            return "IDENTITY: --actor \(actorId) is bound to login '\(login)', but this command runs as account '\(account)'; "
                + "run it as \(login), or name the worker whose login is \(account) as --actor"
        case .adoptionWouldLockOut(let actorId, let login, let account):
            let running = account.map { "this command runs as '\($0)'" } ?? "the account running this command could not be determined"
            let bound = login.map { "\(actorId)'s login is '\($0)'" } ?? "\(actorId) has no login registered"
            let remedy = account.map { "register a service manager or head of service with --login \($0) and adopt the policy as them" }
                ?? "run it from a user account the system's password database names"
            return "IDENTITY: a policy with identity \"login\" lets only the worker whose login is the account running a "
                + "command act, so whoever adopts it must already be that worker, or nobody could record anything after it; "
                + "\(bound) and \(running): \(remedy)"
        }
    }
}
