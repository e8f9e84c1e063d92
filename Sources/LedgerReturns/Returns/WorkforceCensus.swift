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

    /// The census XML shape: the CSWW `Message` (`Header/CollectionDetails`, `LALevelVacancies`,
    /// one `CSWWWorker` per row) with the items the ledger knows, in the schema's element order.
    ///
    /// Element names, order and codes follow the CSWW schema as the Social Care Data project's
    /// `liiatools` publishes it (`spec/social_work_workforce/social_work_workforce_2022.xsd`; see
    /// docs/returns.md). Items the ledger does not hold (date of birth, gender, ethnicity,
    /// qualifications, contract weeks, days lost, vacancies) are left out for the HR system to add,
    /// never invented; the worker's ledger id is a comment, since the census has no item for it.
    public var xml: String {
        func escaped(_ text: String) -> String {
            text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
                .replacingOccurrences(of: ">", with: "&gt;")
        }
        let agency = rows.filter(\.isAgency)
        var lines = ["<?xml version=\"1.0\" encoding=\"UTF-8\"?>", "<Message>",
                     "  <Header>",
                     "    <CollectionDetails>",
                     "      <Collection>CSWW</Collection>",
                     "      <Year>\(censusDate.year)</Year>",
                     "      <ReferenceDate>\(censusDate.iso8601)</ReferenceDate>",
                     "    </CollectionDetails>",
                     "  </Header>",
                     "  <LALevelVacancies>",
                     "    <!-- NumberOfVacancies: from the HR system; the ledger holds no vacancies -->",
                     "    <NoAgencyFTE>\(Self.decimal(percent: agency.reduce(0) { $0 + $1.fullTimeEquivalentPercent }))</NoAgencyFTE>",
                     "    <NoAgencyHeadcount>\(agency.count)</NoAgencyHeadcount>",
                     "  </LALevelVacancies>"]
        for row in rows {
            lines.append("  <CSWWWorker>")
            lines.append("    <!-- ledger worker \(escaped(row.workerId)) -->")
            lines.append("    <AgencyWorker>\(row.isAgency ? 1 : 0)</AgencyWorker>")
            if row.socialWorkEnglandNumber.isEmpty {
                lines.append("    <!-- SWENo: not registered in the ledger; required by the census -->")
            } else {
                lines.append("    <SWENo>\(escaped(row.socialWorkEnglandNumber))</SWENo>")
            }
            if let code = Self.organisationalRole(row.role) { lines.append("    <OrgRole>\(code)</OrgRole>") }
            lines.append("    <FTE30>\(Self.decimal(percent: row.fullTimeEquivalentPercent))</FTE30>")
            lines.append("    <Cases30>\(row.cases)</Cases30>")
            lines.append("    <Absat30Sept>\(row.absence == nil ? 0 : 1)</Absat30Sept>")
            if let absence = row.absence { lines.append("    <ReasonAbsence>\(Self.absenceReason(absence))</ReasonAbsence>") }
            lines.append("  </CSWWWorker>")
        }
        lines.append("</Message>")
        return lines.joined(separator: "\n") + "\n"
    }

    /// `OrgRole`: 1 senior manager, 2 middle manager, 3 first line manager, 4 senior
    /// practitioner, 5 case holder, 6 qualified without cases. Nil for a role the census does not
    /// cover (they are not in the rows).
    package static func organisationalRole(_ role: Role) -> String? {
        switch role {
        case .headOfService: return "1"
        case .serviceManager: return "2"
        case .teamManager: return "3"
        case .seniorPractitioner: return "4"
        case .socialWorker, .asye: return "5"
        case .practiceEducator: return "6"
        case .socialWorkOfficer, .student, .familySupportWorker, .inspector, .dataOfficer: return nil
        }
    }

    /// `ReasonAbsence`: SIC sick leave, OTH other paid authorised absence (the census's own
    /// example is annual leave that needs cases reallocated).
    package static func absenceReason(_ kind: AbsenceKind) -> String {
        switch kind {
        case .sickness, .longTermSickness: return "SIC"
        case .annualLeave, .other: return "OTH"
        }
    }
}
