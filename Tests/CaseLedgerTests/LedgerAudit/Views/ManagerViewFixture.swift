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

/// A small authority for the manager's and inspector's views: one team, two workers (one agency),
/// an allocated case, an older child-in-need case and a newer child-protection case both
/// waiting for allocation, and a case closed with a full closure summary.
enum ManagerViewFixture {
    static let lines = """
        {"command":"registerTeam","teamId":"T1","name":"Duty","serviceArea":"dutyAndAssessment","actor":"HOS","actorRole":"headOfService","at":"2024-01-02"}
        {"command":"registerWorker","workerId":"HOS","teamId":"T1","role":"headOfService","startDate":"2015-01-05","isAgency":false,"isQualified":true,"fullTimeEquivalentPercent":100,"actor":"HOS","actorRole":"headOfService","at":"2024-01-02"}
        {"command":"registerWorker","workerId":"TM","teamId":"T1","role":"teamManager","startDate":"2015-01-05","isAgency":false,"isQualified":true,"fullTimeEquivalentPercent":100,"actor":"HOS","at":"2024-01-02"}
        {"command":"registerWorker","workerId":"W1","teamId":"T1","role":"socialWorker","startDate":"2019-01-07","isAgency":false,"isQualified":true,"fullTimeEquivalentPercent":100,"actor":"TM","at":"2024-01-02"}
        {"command":"registerWorker","workerId":"W2","teamId":"T1","role":"socialWorker","startDate":"2019-01-07","isAgency":true,"isQualified":true,"fullTimeEquivalentPercent":100,"actor":"TM","at":"2024-01-02"}
        {"command":"refer","caseId":"C01239","referralId":"R1","familyId":"F1","teamId":"T1","category":"childInNeed","flags":[],"source":"school","actor":"TM","at":"2024-03-01T09:00:00Z"}
        {"command":"recordReferralDecision","caseId":"C01239","outcome":"socialWorkAssessment","rationale":"assess","actor":"TM","at":"2024-03-01T10:00:00Z"}
        {"command":"allocate","caseId":"C01239","workerId":"W1","reason":"newReferral","rationale":"knows the school","tasks":[{"description":"Visit","dueDate":"2024-03-05"}],"discussedWithWorker":true,"actor":"TM","at":"2024-03-01T11:00:00Z"}
        {"command":"refer","caseId":"C2","referralId":"R2","familyId":"F1","teamId":"T1","category":"childInNeed","flags":[],"source":"school","actor":"TM","at":"2024-03-04T09:00:00Z"}
        {"command":"recordReferralDecision","caseId":"C2","outcome":"socialWorkAssessment","rationale":"assess","actor":"TM","at":"2024-03-04T10:00:00Z"}
        {"command":"refer","caseId":"C3","referralId":"R3","familyId":"F2","teamId":"T1","category":"childProtection","flags":["section47"],"source":"police","riskLevel":"high","actor":"TM","at":"2024-03-12T09:00:00Z"}
        {"command":"recordReferralDecision","caseId":"C3","outcome":"section47Enquiry","rationale":"significant harm","actor":"TM","at":"2024-03-12T10:00:00Z"}
        {"command":"refer","caseId":"C4","referralId":"R4","familyId":"F3","teamId":"T1","category":"childInNeed","flags":[],"source":"health","actor":"TM","at":"2024-02-01T09:00:00Z"}
        {"command":"recordReferralDecision","caseId":"C4","outcome":"socialWorkAssessment","rationale":"assess","actor":"TM","at":"2024-02-01T10:00:00Z"}
        {"command":"allocate","caseId":"C4","workerId":"W2","reason":"newReferral","rationale":"capacity","tasks":[{"description":"Visit","dueDate":"2024-02-05"}],"discussedWithWorker":true,"actor":"TM","at":"2024-02-01T11:00:00Z"}
        {"command":"close","caseId":"C4","closureSummary":{"workDone":"Family support plan completed","outstandingWork":"School to monitor attendance","responsibility":"Head teacher, St Mary's"},"authorisingManagerId":"TM","actor":"TM","at":"2024-03-08T16:00:00Z"}
        """

    static func makeStore(_ name: String) throws -> TemporaryDirectory {
        let directory = TemporaryDirectory(name)
        let result = try ChildProcess.run("caseledger", ["apply", "-", "--store", directory.store], input: lines)
        try #require(result.status == 0, "\(result.standardError)")
        return directory
    }

    static func run(_ directory: TemporaryDirectory, _ arguments: [String]) throws -> ChildProcess.Result {
        try ChildProcess.run("caseledger", arguments + ["--store", directory.store, "--snapshots", directory.path + "/snapshots"],
                             currentDirectory: directory.path)
    }

    static func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    /// ISO instants with milliseconds, as the HTML must never show them.
    static var isoMilliseconds: Regex<AnyRegexOutput> { try! Regex(#"\d{2}:\d{2}:\d{2}\.\d{3}Z"#) }
}
