import CaseLedger
import LedgerSimulation
/// The documented exit codes of `caseledger` (sysexits.h values where one fits).
public enum ExitCode: Int32, Sendable, CaseIterable {
    case success = 0
    /// Verification failed, or findings exist and the caller asked to fail on them.
    case failure = 1
    /// The command line was wrong (EX_USAGE).
    case usage = 64
    /// The input data was wrong: a refused command, a malformed file (EX_DATAERR).
    case dataError = 65
    /// An unexpected internal error (EX_SOFTWARE).
    case software = 70
    /// A file or directory could not be created or written (EX_CANTCREAT).
    case cannotCreate = 73
    /// The account running the command may not act as the named worker: the policy binds
    /// workers to logins (identity "login") and this is not theirs (EX_NOPERM).
    case permissionDenied = 77
    /// The store is locked by another writer; try again later (EX_TEMPFAIL).
    case locked = 75
}
