import LedgerAudit
import LedgerDomain
import LedgerImport
import LedgerEvents
import LedgerStore
import LedgerSupport
/// The `Allocated Team` and `Allocated Worker` columns of an Ofsted Annex A list, per child, at the
/// list's event date and at the inspection date, with the events each rests on.
public struct AnnexAReturn: Sendable, Hashable {
    /// Who held a case at one date.
    public struct Allocation: Sendable, Hashable {
        /// The holding team's name, or `Unallocated` when the case was not open.
        public var team: String
        /// The primary worker's id, or `Unallocated` when no worker held the case.
        public var worker: String
        public var citations: [Citation]
    }

    public struct Row: Sendable, Hashable {
        public var childId: String
        /// The list's event date; nil when the list gave none and the ledger never had the case on the list.
        public var eventDate: LocalDate?
        /// Nil without an event date.
        public var atEventDate: Allocation?
        public var atInspectionDate: Allocation
        /// The ledger has never heard of the child.
        public var isUnknown: Bool
    }

    /// What is written where nobody held the case (and in both columns for a child the ledger does not know).
    public static let unallocated = "Unallocated"

    public var list: AnnexAList
    public var inspectionDate: LocalDate
    public var head: Citation
    public var rows: [Row]

    /// The columns as written: the child, the event date, then team and worker at each date.
    public static let columns = ["Child Unique ID", "Event Date", "Allocated Team (event date)", "Allocated Worker (event date)",
                                 "Allocated Team (inspection date)", "Allocated Worker (inspection date)"]

    public var table: CSVTable {
        CSVTable(header: Self.columns, rows: rows.map { row in
            [row.childId, row.eventDate?.ukText ?? "", row.atEventDate?.team ?? "", row.atEventDate?.worker ?? "",
             row.atInspectionDate.team, row.atInspectionDate.worker]
        })
    }

    /// The sidecar: the events behind each row's two allocations.
    public var citationsTable: CSVTable {
        CSVTable(header: ["Child Unique ID", "EVENT_DATE_SEQUENCES", "INSPECTION_DATE_SEQUENCES"], rows: rows.map { row in
            [row.childId, (row.atEventDate?.citations ?? []).map { String($0.sequence) }.joined(separator: " "),
             row.atInspectionDate.citations.map { String($0.sequence) }.joined(separator: " ")]
        })
    }
}
