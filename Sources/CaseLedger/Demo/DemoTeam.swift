/// A team of the demo authority, with the figures that drive its simulated demand.
struct DemoTeam: Sendable, Hashable {
    var teamId: String
    var name: String
    var serviceArea: ServiceArea
    var managerId: String
    /// The service manager (children's or adults') escalations go to first.
    var serviceManagerId: String
    /// Mean referrals per working day.
    var referralsPerDay: Double
}
