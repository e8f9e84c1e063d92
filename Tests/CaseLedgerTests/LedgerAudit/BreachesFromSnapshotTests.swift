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

/// A finding judged at a later instant than the event it cites (STATUTORY-ALLOCATED from when the
/// case began to be left unallocated, a role change from when it took effect) once carried a
/// copy of the event's fact with its time moved. Reading the event's overrides back then found
/// "the snapshot's fact differs from its line", so every `breaches` on a store with a snapshot
/// called a good snapshot corrupt, set it aside and rebuilt from the whole log.
@Suite("breaches and audit text from a snapshot")
struct BreachesFromSnapshotTests {
    @Test("breaches judged after the event they cite do not call a good snapshot corrupt")
    func laterJudgedFindings() throws {
        let directory = try ManagerViewFixture.makeStore("breaches-snapshot")
        // A child protection case whose last event before it is overdue for allocation is a risk
        // assessment: STATUTORY-ALLOCATED is judged a day after the decision, citing that event.
        let lines = """
            {"command":"refer","caseId":"C5","referralId":"R5","familyId":"F5","teamId":"T1","category":"childProtection","flags":["section47"],"source":"police","actor":"TM","at":"2024-03-13T09:00:00Z"}
            {"command":"recordReferralDecision","caseId":"C5","outcome":"section47Enquiry","rationale":"significant harm","actor":"TM","at":"2024-03-13T10:00:00Z"}
            {"command":"assessRisk","caseId":"C5","riskLevel":"high","rationale":"injuries seen","actor":"TM","at":"2024-03-13T10:30:00Z"}
            """
        let applied = try ChildProcess.run("caseledger", ["apply", "-", "--store", directory.store], input: lines)
        try #require(applied.status == 0, "\(applied.standardError)")
        let arguments = ["breaches", "--from", "2024-03-01", "--as-of", "2024-03-14"]
        let first = try ManagerViewFixture.run(directory, arguments)
        #expect(first.status == 0, "\(first.standardError)")
        #expect(first.standardOutput.contains("STATUTORY-ALLOCATED finding (block) case C5"), "\(first.standardOutput)")
        let second = try ManagerViewFixture.run(directory, arguments)
        #expect(second.status == 0, "\(second.standardError)")
        #expect(second.standardError.isEmpty, "read from the snapshot the first run wrote: \(second.standardError)")
        #expect(second.standardOutput == first.standardOutput)
        #expect(second.standardOutput.firstMatch(of: ManagerViewFixture.isoMilliseconds) == nil, "London times in summaries")
    }

    @Test("audit text: London times, and holders over time in time order with the unallocated spans among them")
    func auditText() throws {
        let directory = try ManagerViewFixture.makeStore("audit-text")
        let result = try ManagerViewFixture.run(directory, ["audit", "C4", "--as-of", "2024-03-14"])
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardOutput.hasPrefix("Case C4: audit as of 2024-03-14 23:59:59 GMT, as known "), "\(result.standardOutput)")
        #expect(result.standardOutput.firstMatch(of: ManagerViewFixture.isoMilliseconds) == nil, "\(result.standardOutput)")
        let lines = result.standardOutput.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let start = try #require(lines.firstIndex { $0.hasPrefix("Holders over time, to 2024-03-14 23:59:59 GMT") })
        let spans = lines[(start + 1)...].prefix { !$0.isEmpty }
        #expect(spans.count == 2, "\(spans)")
        #expect(spans.first?.hasPrefix("  (unallocated)") == true && spans.first?.contains("2024-02-01 09:00:00 GMT") == true, "\(spans)")
        #expect(spans.last?.contains("W2") == true && spans.last?.contains("primary") == true
                && spans.last?.contains("2024-02-01 11:00:00 GMT – 2024-03-08 16:00:00 GMT") == true, "\(spans)")
    }
}
