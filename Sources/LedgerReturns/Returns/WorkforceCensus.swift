import Foundation
import LedgerAudit
import LedgerDomain
import LedgerImport
import LedgerEvents
import LedgerStore
import LedgerSupport

/// The children's social work workforce census, per qualified worker in a children's team on the
/// census date: the cases held (`Cases30`) and the fields the ledger also knows.
///
/// One child allocated to a social worker is one case (the DfE's definition). A case counts for
/// its **primary** worker only: a co-worker's case is reported beside it (`CoWorkedCases30`, not a
/// census field) so a council can see what co-allocation adds, but never counted twice.
public struct WorkforceCensus: Sendable, Hashable {
    public struct Row: Sendable, Hashable {
        public var workerId: String
        /// The Social Work England number, empty when not registered.
        public var socialWorkEnglandNumber: String
        public var teamId: String
        public var role: Role
        public var isAgency: Bool
        public var fullTimeEquivalentPercent: Int
        /// `Cases30`: children the worker held as primary worker at the end of the census date.
        public var cases: Int
        public var coWorkedCases: Int
        /// The absence in force on the census date, if any.
        public var absence: AbsenceKind?
        public var citations: [Citation]
    }

    public var censusDate: LocalDate
    public var head: Citation
    public var rows: [Row]

    /// FTE as the census writes it: a decimal with up to two places, `1`, `0.8`, `0.75`.
    package static func decimal(percent: Int) -> String {
        let whole = percent / 100
        let fraction = percent % 100
        guard fraction != 0 else { return "\(whole)" }
        let digits = fraction % 10 == 0 ? "\(fraction / 10)" : (fraction < 10 ? "0\(fraction)" : "\(fraction)")
        return "\(whole).\(digits)"
    }

    public var table: CSVTable {
        CSVTable(header: ["WorkerId", "SWENo", "Team", "Role", "AgencyWorker", "FTE30", "Cases30", "CoWorkedCases30", "AbsentOn30", "SEQUENCES"],
                 rows: rows.map { row in
            [row.workerId, row.socialWorkEnglandNumber, row.teamId, row.role.rawValue, row.isAgency ? "1" : "0",
             Self.decimal(percent: row.fullTimeEquivalentPercent), String(row.cases), String(row.coWorkedCases),
             row.absence?.rawValue ?? "", row.citations.map { String($0.sequence) }.joined(separator: " ")]
        })
    }

    /// The census XML shape: one `CSWWWorker` per row with the items the ledger knows. Items the
    /// ledger does not hold (date of birth, ethnicity, qualifications) are left out for the HR
    /// system to add, never invented.
    public var xml: String {
        func escaped(_ text: String) -> String {
            text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
                .replacingOccurrences(of: ">", with: "&gt;")
        }
        var lines = ["<?xml version=\"1.0\" encoding=\"UTF-8\"?>", "<Message>",
                     "  <Header><CensusDate>\(censusDate.iso8601)</CensusDate></Header>"]
        for row in rows {
            lines.append("  <CSWWWorker>")
            lines.append("    <AgencyWorker>\(row.isAgency ? 1 : 0)</AgencyWorker>")
            if !row.socialWorkEnglandNumber.isEmpty { lines.append("    <SWENo>\(escaped(row.socialWorkEnglandNumber))</SWENo>") }
            lines.append("    <LocalWorkerId>\(escaped(row.workerId))</LocalWorkerId>")
            lines.append("    <Role>\(row.role.rawValue)</Role>")
            lines.append("    <FTE30>\(Self.decimal(percent: row.fullTimeEquivalentPercent))</FTE30>")
            lines.append("    <Cases30>\(row.cases)</Cases30>")
            lines.append("  </CSWWWorker>")
        }
        lines.append("</Message>")
        return lines.joined(separator: "\n") + "\n"
    }
}
