import LedgerAudit
import LedgerDomain
import LedgerImport
import LedgerEvents
import LedgerStore
import LedgerSupport
/// A statutory collection year: 1 April to 31 March, named by the year it ends in.
///
/// Named by its end because the DfE names it so: the SSDA903 return "for 2025" covers
/// 1 April 2024 – 31 March 2025, and the validator's metadata `collectionYear` 2025 means the same.
public struct CollectionYear: Sendable, Hashable, CustomStringConvertible {
    /// The calendar year the collection ends in (31 March of this year).
    public let endingYear: Int

    /// Nil for a year outside 1901...9998, where the dates would not be valid dd/mm/yyyy.
    public init?(endingYear: Int) {
        guard (1901...9998).contains(endingYear) else { return nil }
        self.endingYear = endingYear
    }

    /// 1 April of the year before ``endingYear``.
    public var firstDate: LocalDate { LocalDate(year: endingYear - 1, month: 4, day: 1)! }
    /// 31 March of ``endingYear``.
    public var lastDate: LocalDate { LocalDate(year: endingYear, month: 3, day: 31)! }
    /// The first instant of 1 April in London.
    public var start: Instant { LondonTime.startOfDay(firstDate) }
    /// The last instant of 31 March in London (DESIGN §3: a date means the end of that day).
    public var end: Instant { LondonTime.endOfDay(lastDate) }

    /// Whether `date` falls within 1 April – 31 March.
    public func contains(_ date: LocalDate) -> Bool { firstDate <= date && date <= lastDate }

    /// The validator's rule set for this year (`lac2024_25` for the year ending 31 March 2025).
    public var validatorRuleSet: String {
        let suffix = endingYear % 100
        return "lac\(endingYear - 1)_\(suffix < 10 ? "0" : "")\(suffix)"
    }

    public var description: String { "\(firstDate) – \(lastDate)" }
}
