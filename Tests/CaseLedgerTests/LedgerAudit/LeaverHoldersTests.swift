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

/// A worker who left the service still holds their cases until someone reallocates them: the
/// answer to "who held this case on D" must say the holder had left, from the day after their
/// last working day.
@Suite("holders after the holder left")
struct LeaverHoldersTests {
    static let lines = """
        {"command":"registerTeam","teamId":"T1","name":"Duty","serviceArea":"safeguarding","managerId":"TM1","actor":"TM1","actorRole":"teamManager","at":"2024-01-02"}
        {"command":"registerWorker","workerId":"TM1","teamId":"T1","role":"teamManager","startDate":"2020-01-06","isAgency":false,"isQualified":true,"fullTimeEquivalentPercent":100,"actor":"TM1","actorRole":"teamManager","at":"2024-01-02"}
        {"command":"registerWorker","workerId":"W1","teamId":"T1","role":"socialWorker","startDate":"2020-01-06","isAgency":false,"isQualified":true,"fullTimeEquivalentPercent":100,"actor":"TM1","at":"2024-01-02"}
        {"command":"refer","caseId":"C1","referralId":"R1","familyId":"F1","teamId":"T1","category":"childProtection","flags":[],"source":"school","actor":"TM1","at":"2024-01-03T09:00:00Z"}
        {"command":"recordReferralDecision","caseId":"C1","outcome":"section47Enquiry","rationale":"cp","actor":"TM1","at":"2024-01-03T09:10:00Z"}
        {"command":"allocate","caseId":"C1","workerId":"W1","reason":"newReferral","rationale":"r","tasks":[{"description":"Visit","dueDate":"2024-01-05"}],"discussedWithWorker":true,"actor":"TM1","at":"2024-01-03T09:20:00Z"}
        {"command":"recordLeaving","workerId":"W1","lastWorkingDate":"2024-02-02","reason":"resigned","actor":"TM1","at":"2024-01-20"}
        """

    @Test("text, JSON and the audit page name the leaver from the day after the last working day")
    func leaver() throws {
        let directory = TemporaryDirectory("leaver")
        let applied = try ChildProcess.run("caseledger", ["apply", "-", "--store", directory.store], input: Self.lines)
        try #require(applied.status == 0, "\(applied.standardError)")
        func holders(_ date: String, _ extra: [String] = []) throws -> String {
            let result = try ChildProcess.run("caseledger", ["holders", "C1", "--as-of", date, "--store", directory.store] + extra)
            #expect(result.status == 0, "\(result.standardError)")
            return result.standardOutput
        }
        #expect(!(try holders("2024-02-02")).contains("LEFT"), "still in post on the last working day")
        #expect(try holders("2024-02-03").contains("Primary: W1 (social worker) since 2024-01-03 09:20:00 GMT; LEFT THE SERVICE after 2024-02-02, not reallocated"))
        #expect(try holders("2024-02-03", ["--format", "json"]).contains(#""leftServiceAfter":"2024-02-02""#))
        #expect(!(try holders("2024-02-02", ["--format", "json"])).contains("leftServiceAfter"))
        let page = directory.path + "/c1.html"
        let audit = try ChildProcess.run("caseledger", ["audit", "C1", "--as-of", "2024-02-20", "--format", "html", "--output", page,
                                                        "--store", directory.store])
        #expect(audit.status == 0, "\(audit.standardError)")
        #expect(try String(contentsOfFile: page, encoding: .utf8).contains("left the service after"))
    }
}
