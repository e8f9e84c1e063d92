/// A role held from a date until the next period starts.
public struct RolePeriod: Sendable, Hashable {
    public var from: LocalDate
    public var role: Role
    public var isQualified: Bool

    public init(from: LocalDate, role: Role, isQualified: Bool) {
        self.from = from
        self.role = role
        self.isQualified = isQualified
    }
}
