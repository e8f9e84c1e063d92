import LedgerStore
import LedgerSupport

/// Who did something, and in what role at the time: the "who decided it" of an audit.
public struct Actor: Sendable, Hashable, Codable {
    public var id: String
    public var role: Role

    public init(id: String, role: Role) {
        self.id = id
        self.role = role
    }
}

