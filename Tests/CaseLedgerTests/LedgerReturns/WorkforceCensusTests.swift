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

/// `Cases30` at the boundary instant of the census date, co-allocation counted once, and the
/// fields the ledger knows.
@Suite("Workforce census Cases30")
struct WorkforceCensusTests {
    static func at(_ text: String) -> Instant { AuditScenario.instant(text) }

    @Test("a case allocated at 23:59 on 30 September counts; one deallocated then does not; one allocated on 1 October does not")
    func boundaryInstant() throws {
        let scenario = try AuditScenario()
        defer { withExtendedLifetime(scenario) {} }
        for caseId in ["C1", "C2", "C3", "C4"] {
            scenario.record(AuditScenario.referral(caseId), at: Self.at("2025-09-01T09:00:00Z"))
        }
        scenario.record(AuditScenario.allocate("C1", to: "W1"), at: Self.at("2025-09-30T23:59:00+01:00"))
        scenario.record(AuditScenario.allocate("C2", to: "W1"), at: Self.at("2025-09-02T09:00:00Z"))
        scenario.record(AuditScenario.deallocate("C2", from: "W1"), at: Self.at("2025-09-30T23:30:00+01:00"))
        scenario.record(AuditScenario.allocate("C3", to: "W1"), at: Self.at("2025-10-01T00:00:00+01:00"))
        // Co-allocation: W2 is primary on C4, W1 co-works it; the child is one case, W2's.
        scenario.record(AuditScenario.allocate("C4", to: "W2"), at: Self.at("2025-09-02T09:00:00Z"))
        scenario.record(AuditScenario.coAllocate("C4", to: "W1"), at: Self.at("2025-09-03T09:00:00Z"))
        let census = try scenario.audit().workforceCensus(censusDate: AuditScenario.date("2025-09-30"))
        let byWorker = Dictionary(uniqueKeysWithValues: census.rows.map { ($0.workerId, $0) })
        #expect(byWorker["W1"]?.cases == 1)
        #expect(byWorker["W1"]?.coWorkedCases == 1)
        #expect(byWorker["W2"]?.cases == 1)
        #expect(byWorker["S1"] == nil, "a student is not a qualified worker")
        #expect(census.table.rows.first { $0[0] == "W1" }?[4...7] == ["0", "1", "1", "1"])
        #expect(census.xml.contains("<Cases30>1</Cases30>"))
        let dayLater = try scenario.audit().workforceCensus(censusDate: AuditScenario.date("2025-10-01"))
        #expect(dayLater.rows.first { $0.workerId == "W1" }?.cases == 2)
    }

    @Test("FTE is written as a decimal", arguments: [(100, "1"), (80, "0.8"), (75, "0.75"), (5, "0.05"), (60, "0.6")])
    func fullTimeEquivalent(percent: Int, expected: String) {
        #expect(WorkforceCensus.decimal(percent: percent) == expected)
    }

    /// The CSWW schema (liiatools `social_work_workforce_2022.xsd`): `Message` holds `Header`
    /// (`CollectionDetails`), `LALevelVacancies`, then the `CSWWWorker`s, whose items come in the
    /// schema's order; a ledger id is no census item and goes in a comment.
    @Test("the XML has the census's shape: header, LA level, workers with their items in the schema's order")
    func censusShape() throws {
        let census = WorkforceCensus(censusDate: AuditScenario.date("2025-09-30"), head: Citation(sequence: 1, hash: LedgerFormat.genesis), rows: [
            .init(workerId: "W1", socialWorkEnglandNumber: "SW123456", teamId: "T1", role: .seniorPractitioner, isAgency: false,
                  fullTimeEquivalentPercent: 80, cases: 7, coWorkedCases: 1, absence: .longTermSickness, citations: []),
            .init(workerId: "W2", socialWorkEnglandNumber: "", teamId: "T1", role: .socialWorker, isAgency: true,
                  fullTimeEquivalentPercent: 50, cases: 3, coWorkedCases: 0, absence: nil, citations: []),
        ])
        let xml = census.xml
        let elements = xml.split(separator: "\n").compactMap { line -> String? in
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            guard trimmed.hasPrefix("<"), !trimmed.hasPrefix("</"), !trimmed.hasPrefix("<?"), !trimmed.hasPrefix("<!--") else { return nil }
            return String(trimmed.dropFirst().prefix { $0 != ">" })
        }
        #expect(elements == [
            "Message", "Header", "CollectionDetails", "Collection", "Year", "ReferenceDate", "LALevelVacancies", "NoAgencyFTE", "NoAgencyHeadcount",
            "CSWWWorker", "AgencyWorker", "SWENo", "OrgRole", "FTE30", "Cases30", "Absat30Sept", "ReasonAbsence",
            "CSWWWorker", "AgencyWorker", "OrgRole", "FTE30", "Cases30", "Absat30Sept",
        ])
        #expect(xml.contains("<Collection>CSWW</Collection>"))
        #expect(xml.contains("<ReferenceDate>2025-09-30</ReferenceDate>"))
        #expect(xml.contains("<NoAgencyFTE>0.5</NoAgencyFTE>"))
        #expect(xml.contains("<NoAgencyHeadcount>1</NoAgencyHeadcount>"))
        #expect(xml.contains("<OrgRole>4</OrgRole>") && xml.contains("<OrgRole>5</OrgRole>"))
        #expect(xml.contains("<ReasonAbsence>SIC</ReasonAbsence>"))
        #expect(xml.contains("<!-- ledger worker W2 -->"))
        #expect(!xml.contains("LocalWorkerId") && !xml.contains("<Role>"))
    }

    @Test("OrgRole codes", arguments: [(Role.headOfService, "1"), (.serviceManager, "2"), (.teamManager, "3"),
                                       (.seniorPractitioner, "4"), (.socialWorker, "5"), (.asye, "5"), (.practiceEducator, "6")])
    func organisationalRole(role: Role, code: String) {
        #expect(WorkforceCensus.organisationalRole(role) == code)
    }
}
