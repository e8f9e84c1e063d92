import LedgerStore
import LedgerSupport

/// A team came into being, in a service area: the unit that holds unallocated cases.
public struct TeamRegistered: EventPayload {
    public static let typeName = "TeamRegistered"
    public static let schemaVersion = 1

    public let teamId: String
    /// The team's working name, such as "Safeguarding East" (not a person's name).
    public let name: String
    /// Decides which column of the NQSW ramp applies to the team's workers.
    public let serviceArea: ServiceArea
    public let managerId: String?

    public init(teamId: String, name: String, serviceArea: ServiceArea, managerId: String?) {
        self.teamId = teamId
        self.name = name
        self.serviceArea = serviceArea
        self.managerId = managerId
    }

    public var stream: StreamName { .team(teamId) }
}
