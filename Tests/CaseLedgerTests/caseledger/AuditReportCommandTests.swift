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

/// `caseledger audit CASE`, run as the built binary on a ledger built through write commands.
@Suite("audit report command", .serialized)
struct AuditReportCommandTests {
    /// A small history whose text needs escaping: a rationale with markup in it.
    static func makeStore() throws -> TemporaryDirectory {
        let directory = TemporaryDirectory("auditcmd")
        let lines = """
            {"command":"registerTeam","teamId":"T1","name":"Duty","serviceArea":"dutyAndAssessment","actor":"HOS","actorRole":"headOfService","at":"2024-01-02"}
            {"command":"registerWorker","workerId":"HOS","teamId":"T1","role":"headOfService","startDate":"2015-01-05","isAgency":false,"isQualified":true,"fullTimeEquivalentPercent":100,"actor":"HOS","actorRole":"headOfService","at":"2024-01-02"}
            {"command":"registerWorker","workerId":"TM","teamId":"T1","role":"teamManager","startDate":"2015-01-05","isAgency":false,"isQualified":true,"fullTimeEquivalentPercent":100,"actor":"HOS","at":"2024-01-02"}
            {"command":"registerWorker","workerId":"W1","teamId":"T1","role":"socialWorker","startDate":"2019-01-07","isAgency":false,"isQualified":true,"fullTimeEquivalentPercent":100,"actor":"TM","at":"2024-01-02"}
            {"command":"registerWorker","workerId":"W2","teamId":"T1","role":"socialWorker","startDate":"2019-01-07","isAgency":false,"isQualified":true,"fullTimeEquivalentPercent":100,"actor":"TM","at":"2024-01-02"}
            {"command":"refer","caseId":"C1","referralId":"R1","familyId":"F1","teamId":"T1","category":"childInNeed","flags":[],"source":"school","actor":"TM","at":"2024-03-01T09:00:00Z"}
            {"command":"recordReferralDecision","caseId":"C1","outcome":"socialWorkAssessment","rationale":"assess","actor":"TM","at":"2024-03-01T10:00:00Z"}
            {"command":"allocate","caseId":"C1","workerId":"W1","reason":"newReferral","rationale":"<script>alert('x')</script> & \\"quotes\\"","tasks":[{"description":"Visit","dueDate":"2024-03-05"}],"discussedWithWorker":true,"actor":"TM","at":"2024-03-01T11:00:00Z"}
            {"command":"transfer","caseId":"C1","toWorkerId":"W2","reason":"caseloadManagement","rationale":"W1 leaving the team","tasks":[{"description":"Intro visit","dueDate":"2024-04-10"}],"discussedWithWorker":true,"transferSummary":{"workDone":"assessment","outstandingWork":"plan","responsibility":"W2"},"actor":"TM","at":"2024-04-02T11:00:00Z"}
            """
        let result = try ChildProcess.run("caseledger", ["apply", "-", "--store", directory.store], input: lines)
        try #require(result.status == 0, "\(result.standardError)")
        return directory
    }

    static func run(_ directory: TemporaryDirectory, _ arguments: [String]) throws -> ChildProcess.Result {
        try ChildProcess.run("caseledger", arguments + ["--store", directory.store, "--snapshots", directory.path + "/snapshots"],
                             currentDirectory: directory.path)
    }

    @Test("text: the holder on a date, the decision behind it, holders over time, and the verified digest")
    func text() throws {
        let directory = try Self.makeStore()
        let digest = try #require(LedgerDigest(text: try Self.run(directory, ["digest"]).standardOutput.trimmingCharacters(in: .whitespacesAndNewlines)))
        let march = try Self.run(directory, ["audit", "C1", "--as-of", "2024-03-14"])
        #expect(march.status == 0, "\(march.standardError)")
        #expect(march.standardOutput.contains("Primary: W1"))
        #expect(march.standardOutput.contains("Log verified: \(digest.sequence) events, digest \(digest)"))
        #expect(march.standardOutput.firstMatch(of: /\n  W1 +primary +2024-03-01 11:00:00 GMT – open at as-of/) != nil, "\(march.standardOutput)")
        let april = try Self.run(directory, ["audit", "C1", "--as-of", "2024-04-14"])
        #expect(april.standardOutput.contains("Primary: W2"))
        #expect(april.standardOutput.firstMatch(of: /\n  W1 +primary +2024-03-01 11:00:00 GMT – 2024-04-02 12:00:00 BST/) != nil, "\(april.standardOutput)")
    }

    @Test("csv --excel: byte-order mark and London wall-clock instants; --excel alone is a usage error")
    func excel() throws {
        let directory = try Self.makeStore()
        let plain = try Self.run(directory, ["trail", "C1", "--format", "csv"])
        #expect(plain.status == 0, "\(plain.standardError)")
        #expect(plain.standardOutput.contains("2024-03-01T11:00:00.000Z"))
        let excel = try Self.run(directory, ["trail", "C1", "--format", "csv", "--excel"])
        #expect(excel.status == 0, "\(excel.standardError)")
        #expect(excel.standardOutput.hasPrefix("\u{FEFF}"))
        #expect(excel.standardOutput.contains("2024-03-01 11:00"))
        #expect(!excel.standardOutput.contains("T11:00:00.000Z"))
        let alone = try Self.run(directory, ["trail", "C1", "--excel"])
        #expect(alone.status == 64)
        #expect(alone.standardError.contains("--format csv"))
    }

    @Test("html: one self-contained file, every text escaped, with the holder timeline")
    func html() throws {
        let directory = try Self.makeStore()
        let result = try Self.run(directory, ["audit", "C1", "--format", "html", "--as-of", "2024-04-14"])
        #expect(result.status == 0, "\(result.standardError)")
        let html = try String(contentsOfFile: directory.path + "/C1-audit.html", encoding: .utf8)
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(!html.contains("<script"), "no scripts, and log text is escaped")
        #expect(!html.contains("http://") && !html.contains("https://"), "no network references")
        #expect(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;quotes&quot;"))
        #expect(html.contains("<svg class=\"chart\""), "the holder timeline is an inline SVG chart")
        #expect(html.contains(">W1<") && html.contains(">W2<"))
        // Issue 12: the page names the checkpoint it verified against, and how to check it later.
        let checkpoint = try Self.run(directory, ["checkpoint"])
        #expect(checkpoint.status == 0, "\(checkpoint.standardError)")
        #expect(html.contains("<pre class=\"checkpoint\">" + CaseAuditReport.escape(checkpoint.standardOutput) + "</pre>"), "\(checkpoint.standardOutput)")
        #expect(html.contains("caseledger verify --since FILE"))
        let text = try Self.run(directory, ["audit", "C1", "--as-of", "2024-04-14"])
        #expect(text.standardOutput.contains(checkpoint.standardOutput.split(separator: "\n").map { "  " + $0 }.joined(separator: "\n")))
    }

    @Test("json, an unknown case (65) and a bad format (64)")
    func jsonAndErrors() throws {
        let directory = try Self.makeStore()
        let json = try Self.run(directory, ["audit", "C1", "--format", "json"])
        #expect(json.status == 0)
        // One JSON document, so a reader can load the whole output at once.
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.standardOutput.utf8)) as? [String: Any])
        #expect(object["caseId"] as? String == "C1")
        #expect(object["trail"] != nil && object["holders"] != nil)
        let unknown = try Self.run(directory, ["audit", "C404"])
        #expect(unknown.status == 65)
        #expect(unknown.standardError.contains("C404"))
        let bad = try Self.run(directory, ["audit", "C1", "--format", "pdf"])
        #expect(bad.status == 64)
        #expect(bad.standardError.contains("--format"))
        let help = try Self.run(directory, ["audit", "--help"])
        #expect(help.standardOutput.contains("usage: caseledger audit CASE"))
    }

    @Test("HTML escaping covers the five special characters", arguments: [
        ("<b>", "&lt;b&gt;"), ("a & b", "a &amp; b"), ("\"q\"", "&quot;q&quot;"), ("it's", "it&#39;s"), ("Zoë ✓", "Zoë ✓"),
    ])
    func escaping(input: String, expected: String) {
        #expect(CaseAuditReport.escape(input) == expected)
    }
}

@Suite("breaches --fail-on-breaches")
struct FailOnBreachesTests {
    @Test("exit 1 when a timescale was missed, 0 when there is nothing to report")
    func failOnBreaches() throws {
        let directory = TemporaryDirectory("breaches")
        let setup = """
            {"command":"registerTeam","teamId":"T1","name":"Duty","serviceArea":"dutyAndAssessment","actor":"HOS","actorRole":"headOfService","at":"2024-01-02"}
            {"command":"registerWorker","workerId":"HOS","teamId":"T1","role":"headOfService","startDate":"2015-01-05","isAgency":false,"isQualified":true,"fullTimeEquivalentPercent":100,"actor":"HOS","actorRole":"headOfService","at":"2024-01-02"}
            {"command":"registerWorker","workerId":"TM","teamId":"T1","role":"teamManager","startDate":"2015-01-05","isAgency":false,"isQualified":true,"fullTimeEquivalentPercent":100,"actor":"HOS","at":"2024-01-02"}
            {"command":"refer","caseId":"C1","referralId":"R1","familyId":"F1","teamId":"T1","category":"childInNeed","flags":[],"source":"school","actor":"TM","at":"2024-03-01T09:00:00Z"}
            {"command":"recordReferralDecision","caseId":"C1","outcome":"socialWorkAssessment","rationale":"assess","actor":"TM","at":"2024-03-01T10:00:00Z"}
            """
        let applied = try ChildProcess.run("caseledger", ["apply", "-", "--store", directory.store], input: setup)
        try #require(applied.status == 0, "\(applied.standardError)")
        let arguments = ["breaches", "--store", directory.store, "--snapshots", directory.path + "/snapshots"]
        // Before the allocation deadline nothing is missed yet.
        let early = try ChildProcess.run("caseledger", arguments + ["--to", "2024-03-01", "--as-of", "2024-03-01T12:00:00Z", "--fail-on-breaches"])
        #expect(early.status == 0, "\(early.standardOutput)\(early.standardError)")
        // Ten days on, the case is still unallocated: ALLOCATION-24H was missed.
        let late = try ChildProcess.run("caseledger", arguments + ["--to", "2024-03-10", "--fail-on-breaches"])
        #expect(late.status == 1, "\(late.standardOutput)\(late.standardError)")
        #expect(late.standardOutput.contains("ALLOCATION-24H"))
        let informational = try ChildProcess.run("caseledger", arguments + ["--to", "2024-03-10"])
        #expect(informational.status == 0)
    }
}
