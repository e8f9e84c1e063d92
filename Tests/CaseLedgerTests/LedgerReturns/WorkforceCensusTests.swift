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
}
