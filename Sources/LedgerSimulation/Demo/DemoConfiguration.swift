import LedgerAudit
import LedgerDomain
import LedgerEvents
import LedgerImport
import LedgerStore
import LedgerSupport

/// The knobs of a demo authority: seed, length of history and size.
///
/// Everything the demo builds follows from these values, so two runs with the same
/// configuration write byte-identical logs; the start date is fixed for the same reason.
public struct DemoConfiguration: Sendable, Hashable {
    public static let yearsRange = 1...10
    public static let teamsRange = 2...20
    public static let workersRange = 10...500

    /// Seeds every random choice (and the event ids), so any run can be replayed exactly.
    public var seed: UInt64
    /// Years of history from `startDate`.
    public var years: Int
    /// Teams, children's and adults' services alternating by a fixed pattern.
    public var teams: Int
    /// Practitioners in post at the start; managers come on top (one per team, two service
    /// managers and a head of service).
    public var workers: Int
    /// The day the authority is set up: Monday 2 January 2023 (a bank holiday, so the first
    /// referrals arrive on the 3rd).
    public var startDate: LocalDate
    /// The policy the demo authority adopts on day one, and the rules its managers work to.
    public var policy: Policy

    public static let defaultStartDate = LocalDate(daysSinceEpoch: 19_359)

    public init(seed: UInt64 = 1, years: Int = 3, teams: Int = 6, workers: Int = 60,
                startDate: LocalDate = DemoConfiguration.defaultStartDate, policy: Policy = .children) {
        self.seed = seed
        self.years = years
        self.teams = teams
        self.workers = workers
        self.startDate = startDate
        self.policy = policy
    }

    /// Refuses values outside the documented ranges, naming the option.
    public func validate() throws(DemoError) {
        if !Self.yearsRange.contains(years) {
            throw .invalidConfiguration("--years must be \(Self.yearsRange.lowerBound) to \(Self.yearsRange.upperBound); got \(years)")
        }
        if !Self.teamsRange.contains(teams) {
            throw .invalidConfiguration("--teams must be \(Self.teamsRange.lowerBound) to \(Self.teamsRange.upperBound); got \(teams)")
        }
        if !Self.workersRange.contains(workers) {
            throw .invalidConfiguration("--workers must be \(Self.workersRange.lowerBound) to \(Self.workersRange.upperBound); got \(workers)")
        }
    }

    /// The last working day of the period: the history ends on it.
    public var lastDay: LocalDate {
        let periodEnd = LocalDate(year: startDate.year + years, month: startDate.month, day: startDate.day)
            ?? startDate.adding(days: 365 * years)
        var day = periodEnd.adding(days: -1)
        let calendar = policy.calendar
        while !calendar.isWorkingDay(day) { day = day.adding(days: -1) }
        return day
    }

    /// The date the three questions are asked about: 14 March of the last year of the history
    /// (or the last day, if the history ends before it).
    public var questionDate: LocalDate {
        let march = LocalDate(year: lastDay.year, month: 3, day: 14) ?? lastDay
        return march > lastDay ? lastDay : march
    }
}
