import LedgerDomain
import LedgerEvents
import LedgerStore
import LedgerSupport

/// The weekly case allocation report: per team, open, allocated and unallocated cases at the end
/// of the week, by category, and the week's flow (referrals in, allocations made, closures).
public struct WeeklyReport: Sendable, Hashable, Codable {
    /// Monday of the week.
    public var weekStart: LocalDate
    /// Sunday of the week.
    public var weekEnd: LocalDate
    /// The figures are as at the end of Sunday (London), or at the as-of time if that is earlier.
    public var asOf: Instant
    public var asKnown: Instant
    public var head: Citation
    public var teams: [TeamWeek]
    /// All teams together (`teamId` "ALL").
    public var total: TeamWeek
    public var citations: [Citation]
}

/// One team's week.
public struct TeamWeek: Sendable, Hashable, Codable {
    public var teamId: String
    public var name: String?
    public var serviceArea: ServiceArea?
    public var open: Int
    public var allocated: Int
    public var unallocated: Int
    /// Unallocated cases waiting more than 20 working days.
    public var unallocatedOver20WorkingDays: Int
    public var byCategory: [CategoryCount]
    public var referralsReceived: Int
    public var allocationsMade: Int
    public var closures: Int
    public var citations: [Citation]
}

/// A team's (or the total's) cases of one category.
public struct CategoryCount: Sendable, Hashable, Codable {
    /// The category's stored name, or "unknown".
    public var category: String
    public var open: Int
    public var allocated: Int
    public var unallocated: Int
}
