/// A team as decisions see it now: the unit that holds unallocated cases, in a service area
/// that picks the NQSW ramp column for its workers.
public struct TeamState: Sendable, Hashable {
    public var teamId: String
    public var name: String
    public var serviceArea: ServiceArea
    public var managerId: String?

    public init(teamId: String, name: String, serviceArea: ServiceArea, managerId: String?) {
        self.teamId = teamId
        self.name = name
        self.serviceArea = serviceArea
        self.managerId = managerId
    }
}
