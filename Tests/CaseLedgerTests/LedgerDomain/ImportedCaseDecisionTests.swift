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

/// How decisions treat a case known only from a legacy import. Decisions and the audit read one
/// model, so imported holdings count in caseloads for both; a case opened only by an import is
/// not one decisions can act on until a referral opens it here (README.md, "What the audit makes
/// of imported history"). These tests pin that contract.
@Suite("Decisions on imported cases")
struct ImportedCaseDecisionTests {
    static func imported() -> Scenario {
        var scenario = Scenario.standard()
        scenario.addWorker("W1")
        scenario.addWorker("W2")
        scenario.record(.caseAllocated(CaseAllocated(
            caseId: "P9", workerId: "W1", teamId: "T1", previousWorkerId: nil, reason: .other,
            rationale: "imported from ssd involvement 1, type CW", factorsConsidered: [], tasks: [],
            discussedWithWorker: false, overrides: [], caseloadAtAllocation: nil)), on: Scenario.day("2024-01-02"))
        scenario.record(.involvementRecorded(InvolvementRecorded(
            caseId: "P8", workerId: nil, teamId: "T1", involvementType: "CW", startedAt: Scenario.at(Scenario.day("2024-01-02")),
            endedAt: nil, holdsCase: true)), on: Scenario.day("2024-01-02"))
        return scenario
    }

    @Test("allocating an imported case is refused as an unknown case, with the remedy: refer it", arguments: ["P9", "P8"])
    func allocationRefused(caseId: String) {
        let scenario = Self.imported()
        guard case .failure(let error) = scenario.decide(.allocate(Scenario.allocation(caseId, to: "W2"))) else {
            Issue.record("allocating imported case \(caseId) should be refused")
            return
        }
        #expect(error == .unknownCase(caseId: caseId))
        #expect(error.description.contains("record a referral (refer)"))
    }

    @Test("a referral takes an imported case on; imported holdings count in the caseload decisions see, as in the audit")
    func referralTakesItOn() throws {
        var scenario = Self.imported()
        #expect(scenario.state.caseload(of: "W1", policy: .children).caseIds == ["P9"])
        scenario.refer("P9", on: Scenario.day("2024-05-01"))
        let record = try #require(scenario.state.cases["P9"])
        #expect(record.isOpen)
        #expect(record.primaryWorkerId == "W1", "the legacy holder whose involvement has not ended still holds it")
        #expect(record.pendingReReferral == nil, "a legacy closure is not a closure the re-referral rule sees")
    }
}
