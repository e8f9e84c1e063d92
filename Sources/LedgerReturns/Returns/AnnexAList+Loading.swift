import Foundation
import LedgerAudit
import LedgerDomain
import LedgerImport
import LedgerEvents
import LedgerStore
import LedgerSupport

extension AnnexAList {
    /// Reads the children of an Annex A list as the CMS produced it: the child id from the
    /// `Child Unique ID` column (or `CHILD`), and the event date from `eventDateColumn` if named.
    public static func loadChildren(path: String, eventDateColumn: String?) throws(ReturnInputError)
        -> [(childId: String, eventDate: LocalDate?)]
    {
        let probe = try CMSTables.Table(path: path, columns: [])
        let childColumn = probe.index["CHILD UNIQUE ID"] != nil ? "CHILD UNIQUE ID" : "CHILD"
        let dateColumn = eventDateColumn.map { $0.trimmingCharacters(in: .whitespaces).uppercased() }
        let table = try CMSTables.Table(path: path, columns: [childColumn] + (dateColumn.map { [$0] } ?? []))
        var children: [(childId: String, eventDate: LocalDate?)] = []
        for row in table.rows {
            let child = try table.child(row, column: childColumn)
            var date: LocalDate?
            if let dateColumn { date = try table.date(row, dateColumn, optional: true) }
            children.append((child, date))
        }
        return children
    }
}
