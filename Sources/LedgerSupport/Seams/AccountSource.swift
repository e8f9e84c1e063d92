#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Which operating-system account is running the command.
///
/// An authority that binds workers to logins (policy `identity: "login"`) needs to know who is at
/// the keyboard, not only whom they name with `--actor`. Deciding stays pure: the account comes in
/// through this seam, as time comes through ``Clock``, so tests can name an account without
/// running as it. The command-line tool always uses ``SystemAccount``.
public protocol AccountSource: Sendable {
    /// The account's login name, or nil when it cannot be determined.
    func invokingAccount() -> String?
}

/// The effective user of this process, as the password database names it (`getpwuid(geteuid())`).
///
/// The effective rather than the real user: a set-user-id wrapper that runs the tool on a
/// person's behalf acts as the account it changed to, which is the one the files are written as.
public struct SystemAccount: AccountSource {
    public init() {}

    public func invokingAccount() -> String? {
        // getpwuid's record is static; getpwuid_r keeps concurrent callers apart. The name points
        // into `storage`, so it is read before the buffer goes.
        var entry = passwd()
        var result: UnsafeMutablePointer<passwd>?
        var storage = [CChar](repeating: 0, count: 16_384)
        let text: String? = storage.withUnsafeMutableBufferPointer { buffer in
            guard let base = buffer.baseAddress,
                  getpwuid_r(geteuid(), &entry, base, buffer.count, &result) == 0, result != nil,
                  let name = entry.pw_name
            else { return nil }
            return String(cString: name)
        }
        guard let text else { return nil }
        return text.isEmpty ? nil : text
    }
}

/// A fixed account name, or none: for tests and simulations, never used by the command line.
public struct FixedAccount: AccountSource {
    public let name: String?

    public init(_ name: String?) { self.name = name }

    public func invokingAccount() -> String? { name }
}
