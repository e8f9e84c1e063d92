/// How a command's actor is established: the policy's `identity` key.
///
/// Without logins the ledger records the worker a person names with `--actor`, which trusts
/// whoever can run the tool and write the store. An authority that binds workers to
/// operating-system accounts (`register-worker --login`) turns that into a check.
public enum IdentityMode: String, Sendable, Hashable, Codable, CaseIterable {
    /// `--actor` is taken at its word: any registered worker may be named. The default.
    case declared
    /// `--actor` must be the worker whose registered login is the account running the command,
    /// and every event records that account.
    case login

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let mode = IdentityMode(rawValue: text) else {
            throw DecodingError.dataCorruptedError(
                in: container,
                debugDescription: "is \"\(text)\"; give \"login\" (actors bound to their operating-system accounts) or \"declared\" (the default: --actor taken at its word)")
        }
        self = mode
    }
}
