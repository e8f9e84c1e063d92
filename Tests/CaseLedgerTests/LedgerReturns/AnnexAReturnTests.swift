import Foundation
import Testing
@testable import LedgerSupport
@testable import LedgerStore
@testable import LedgerEvents
@testable import LedgerDomain
@testable import LedgerAudit
@testable import LedgerImport
@testable import LedgerReturns
@testable import LedgerSimulation

/// Annex A `Allocated Team` / `Allocated Worker` at the list's event date and at the inspection
/// date, from hand-made ledgers: reallocation between the two dates, unallocated spells, closure,
/// children the ledger does not know, and the list read from the CMS's file.
@Suite("Annex A allocated team and worker")
struct AnnexAReturnTests {
    static func at(_ text: String) -> Instant { AuditScenario.instant(text) }
    static func day(_ text: String) -> LocalDate { AuditScenario.date(text) }

    static func categoryChanged(_ caseId: String, to category: CaseCategory) -> LedgerEvent {
        .caseCategoryChanged(CaseCategoryChanged(caseId: caseId, fromCategory: nil, toCategory: category, flags: [],
                                                 reason: "plan agreed"))
    }

    /// C1: child in need from 1 March, W1; child protection from 10 April; W2 from 1 June.
    /// C2: child protection from 15 April, waiting for allocation. C3: child protection, closed 20 May.
    static func scenario() throws -> AuditScenario {
        let scenario = try AuditScenario()
        scenario.record(AuditScenario.referral("C1"), at: at("2024-03-01T09:00:00Z"))
        scenario.record(AuditScenario.allocate("C1", to: "W1"), at: at("2024-03-01T12:00:00Z"))
        scenario.record(categoryChanged("C1", to: .childProtection), at: at("2024-04-10T09:00:00Z"))
        scenario.record(AuditScenario.deallocate("C1", from: "W1"), at: at("2024-06-01T09:00:00Z"))
        scenario.record(AuditScenario.allocate("C1", to: "W2", reason: .caseloadManagement), at: at("2024-06-01T10:00:00Z"))
        scenario.record(AuditScenario.referral("C2", category: .childProtection), at: at("2024-04-15T09:00:00Z"))
        scenario.record(AuditScenario.referral("C3", category: .childProtection), at: at("2024-04-16T09:00:00Z"))
        scenario.record(AuditScenario.allocate("C3", to: "W1"), at: at("2024-04-16T12:00:00Z"))
        scenario.record(AuditScenario.close("C3"), at: at("2024-05-20T09:00:00Z"))
        return scenario
    }

    @Test("every child protection case, dated when it came onto the list, with team and worker at both dates")
    func fromTheLedger() throws {
        let scenario = try Self.scenario()
        defer { withExtendedLifetime(scenario) {} }
        let answer = try scenario.audit().annexA(list: .childProtection, inspectionDate: Self.day("2024-07-01"))
        #expect(answer.table.header == AnnexAReturn.columns)
        #expect(answer.table.rows == [
            ["C1", "10/04/2024", "Safeguarding East", "W1", "Safeguarding East", "W2"],
            ["C2", "15/04/2024", "Safeguarding East", "Unallocated", "Safeguarding East", "Unallocated"],
            ["C3", "16/04/2024", "Safeguarding East", "W1", "Unallocated", "Unallocated"],
        ])
    }

    @Test("--from keeps only the cases that came onto the list on or after it")
    func from() throws {
        let scenario = try Self.scenario()
        defer { withExtendedLifetime(scenario) {} }
        let answer = try scenario.audit().annexA(list: .childProtection, inspectionDate: Self.day("2024-07-01"),
                                                        from: Self.day("2024-04-15"))
        #expect(answer.rows.map(\.childId) == ["C2", "C3"])
    }

    @Test("a list from the CMS keeps its order and event dates; a child the ledger does not know is Unallocated throughout")
    func fromTheCMSList() throws {
        let scenario = try Self.scenario()
        defer { withExtendedLifetime(scenario) {} }
        let audit = try scenario.audit()
        let answer = try audit.annexA(list: .childProtection, inspectionDate: Self.day("2024-05-31"),
                                      children: [("C3", Self.day("2024-05-01")), ("C9", Self.day("2024-05-02")), ("C1", nil)])
        #expect(answer.table.rows == [
            ["C3", "01/05/2024", "Safeguarding East", "W1", "Unallocated", "Unallocated"],
            ["C9", "02/05/2024", "Unallocated", "Unallocated", "Unallocated", "Unallocated"],
            // No event date given: the ledger's own date for the list.
            ["C1", "10/04/2024", "Safeguarding East", "W1", "Safeguarding East", "W1"],
        ])
        #expect(answer.rows.map(\.isUnknown) == [false, true, false])
        // The inspection-date column cites the allocation that put W1 on C1.
        let allocation = try #require(audit.caseTimeline("C1", asKnown: AuditScenario.instant("2030-01-01T00:00:00Z"))?
            .facts.first { if case .allocated = $0.detail { return true } else { return false } })
        #expect(answer.rows[2].atInspectionDate.citations.contains(allocation.citation))
    }

    @Test("the event date is the end of that London day: an allocation later that day counts")
    func endOfTheEventDay() throws {
        let scenario = try Self.scenario()
        defer { withExtendedLifetime(scenario) {} }
        let answer = try scenario.audit().annexA(list: .childProtection, inspectionDate: Self.day("2024-07-01"),
                                                        children: [("C1", Self.day("2024-06-01"))])
        #expect(answer.rows.first?.atEventDate?.worker == "W2")
    }

    @Test("the CMS's list file is read by its column names, with the event date column it names")
    func loadingTheList() throws {
        let directory = TemporaryDirectory("annex-a")
        let path = directory.path + "/list7.csv"
        try "Child Unique ID,Gender,CP Plan Start Date\nC1,m,10/04/2024\nC2,f,\n".write(toFile: path, atomically: true, encoding: .utf8)
        let children = try AnnexAList.loadChildren(path: path, eventDateColumn: "CP Plan Start Date")
        #expect(children.map(\.childId) == ["C1", "C2"])
        #expect(children.map(\.eventDate) == [Self.day("2024-04-10"), nil])
        #expect(throws: ReturnInputError.missingColumn(path: path, column: "START")) {
            try AnnexAList.loadChildren(path: path, eventDateColumn: "Start")
        }
    }

    @Test("which cases each list takes", arguments: [
        (AnnexAList.contactsAndReferrals, CaseCategory.referral, true), (.contactsAndReferrals, .assessment, false),
        (.assessments, .assessment, true), (.childrenInNeed, .childInNeed, true), (.childProtection, .childInNeed, false),
        (.childrenInCare, .childInCare, true), (.careLeavers, .careLeaver, true), (.careLeavers, .childInCare, false),
    ])
    func listMembership(list: AnnexAList, category: CaseCategory, expected: Bool) {
        var view = CaseView()
        view.isOpen = true
        view.category = category
        #expect(list.includes(view) == expected)
        view.isOpen = false
        #expect(!list.includes(view), "a closed case is on no list")
    }
}
