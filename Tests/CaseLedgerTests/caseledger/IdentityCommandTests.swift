#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
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

/// Issue 17 item 8 from the command line. The binary has no way to be told an account: it always
/// asks the system (`getpwuid(geteuid())`). So these tests register one worker whose login is the
/// account this test process runs as, read here from the password database, and workers bound to
/// another login (or none), who must be refused.
@Suite("identity command")
struct IdentityCommandTests {
    /// The account running the tests, as the password database names it.
    static func currentAccount() throws -> String {
        let entry = try #require(getpwuid(geteuid()), "the test process has no password database entry")
        return String(cString: try #require(entry.pointee.pw_name))
    }

    /// A store with HOS bound to this account, TM bound to another login, TM2 and DO (data
    /// officer, other login) registered, the login policy adopted by HOS from 2024-01-01, and
    /// case C1 referred by HOS.
    static func makeStore(_ label: String) throws -> (TemporaryDirectory, account: String) {
        let account = try currentAccount()
        let other = "not-" + account
        let directory = TemporaryDirectory(label)
        let lines = """
            {"command":"registerTeam","teamId":"T1","name":"Duty","serviceArea":"dutyAndAssessment","actor":"HOS","actorRole":"headOfService","at":"2023-01-02"}
            {"command":"registerWorker","workerId":"HOS","teamId":"T1","role":"headOfService","startDate":"2015-01-05","isAgency":false,"isQualified":true,"fullTimeEquivalentPercent":100,"login":"\(account)","actor":"HOS","actorRole":"headOfService","at":"2023-01-02"}
            {"command":"registerWorker","workerId":"TM","teamId":"T1","role":"teamManager","startDate":"2015-01-05","isAgency":false,"isQualified":true,"fullTimeEquivalentPercent":100,"login":"\(other)","actor":"HOS","at":"2023-01-02"}
            {"command":"registerWorker","workerId":"TM2","teamId":"T1","role":"teamManager","startDate":"2015-01-05","isAgency":false,"isQualified":true,"fullTimeEquivalentPercent":100,"actor":"HOS","at":"2023-01-02"}
            {"command":"registerWorker","workerId":"DO","teamId":"T1","role":"dataOfficer","startDate":"2015-01-05","isAgency":false,"isQualified":false,"fullTimeEquivalentPercent":100,"login":"\(other)","actor":"HOS","at":"2023-01-02"}
            """
        let setup = try HardeningFixtures.run(directory, ["apply", "-"], input: lines)
        try #require(setup.status == 0, "\(setup.standardError)")
        var policy = Policy.children
        policy.policyId = "login-2024"
        policy.identity = .login
        let policyPath = directory.path + "/login-policy.json"
        try Data(policy.canonicalJSON()).write(to: URL(fileURLWithPath: policyPath))
        let adopted = try HardeningFixtures.run(directory, ["adopt-policy", "--file", policyPath, "--effective-from", "2024-01-01", "--actor", "HOS"])
        try #require(adopted.status == 0, "\(adopted.standardError)")
        let referred = try HardeningFixtures.run(directory, referral("C1", actor: "HOS"))
        try #require(referred.status == 0, "\(referred.standardError)")
        return (directory, account)
    }

    static func referral(_ caseId: String, actor: String) -> [String] {
        ["refer", "--case", caseId, "--referral", "R-" + caseId, "--family", "F-" + caseId, "--team", "T1",
         "--category", "childInNeed", "--source", "school", "--actor", actor, "--at", "2024-03-01T09:00"]
    }

    @Test("the bound worker acts, the log records the account, and both verifiers accept it")
    func boundWorkerActs() throws {
        let (directory, account) = try Self.makeStore("identity-bound")
        let segment = try HardeningFixtures.firstSegment(directory)
        let lines = String(decoding: try StoreFixtures.bytes(directory.store + "/" + segment), as: UTF8.self).split(separator: "\n")
        #expect(lines.last?.contains(#""actor":{"id":"HOS","role":"headOfService","account":"\#(account)"}"#) == true)
        // Before the switch nothing recorded an account.
        #expect(lines.prefix(5).allSatisfy { !$0.contains(#""account":"#) })
        let verify = try HardeningFixtures.run(directory, ["verify"])
        #expect(verify.status == 0, "\(verify.standardError)")
        let (pythonIntact, pythonOutput) = try TamperTests.pythonVerify(directory.store)
        #expect(pythonIntact, "\(pythonOutput)")
        let trail = try HardeningFixtures.run(directory, ["trail", "C1", "--format", "json"])
        #expect(trail.status == 0, "\(trail.standardError)")
    }

    @Test("a worker bound to another login, or to none, is refused with exit 77 and nothing appended",
          arguments: [("TM", "is bound to login 'not-"), ("TM2", "has no login registered")])
    func otherWorkersRefused(actor: String, expected: String) throws {
        let (directory, account) = try Self.makeStore("identity-refused")
        let before = try HardeningFixtures.storeBytes(directory)
        let result = try HardeningFixtures.run(directory, Self.referral("C2", actor: actor))
        #expect(result.status == 77, "\(result.standardError)")
        #expect(result.standardError.contains("IDENTITY: --actor \(actor) \(expected)"), "\(result.standardError)")
        #expect(result.standardError.contains("runs as account '\(account)'") || result.standardError.contains("runs as '\(account)'"),
                "\(result.standardError)")
        #expect(try HardeningFixtures.storeBytes(directory) == before)
    }

    @Test("apply binds every line's actor: one line from another worker refuses the file (77)")
    func applyBindsEachLine() throws {
        let (directory, _) = try Self.makeStore("identity-apply")
        let before = try HardeningFixtures.storeBytes(directory)
        let lines = """
            {"command":"recordCaseNote","caseId":"C1","text":"seen at school","actor":"HOS","at":"2024-03-02T10:00:00Z"}
            {"command":"recordCaseNote","caseId":"C1","text":"phoned","actor":"TM","at":"2024-03-02T11:00:00Z"}
            """
        let result = try HardeningFixtures.run(directory, ["apply", "-"], input: lines)
        #expect(result.status == 77, "\(result.standardError)")
        #expect(result.standardError.contains("line 2"), "\(result.standardError)")
        #expect(result.standardError.contains("IDENTITY"), "\(result.standardError)")
        #expect(try HardeningFixtures.storeBytes(directory) == before)
        let accepted = try HardeningFixtures.run(directory, ["apply", "-"], input: String(lines.split(separator: "\n")[0]))
        #expect(accepted.status == 0, "\(accepted.standardError)")
    }

    @Test("import is bound too: a data officer whose login is another account is refused (77)")
    func importBound() throws {
        let (directory, _) = try Self.makeStore("identity-import")
        let export = try ImportFixtures.write(ImportFixtures.export(ImportFixtures.rows(holding: "CW"), preset: "ssd"), in: directory)
        let before = try HardeningFixtures.storeBytes(directory)
        let result = try HardeningFixtures.run(directory, ["import", export, "--preset", "ssd", "--actor", "DO"])
        #expect(result.status == 77, "\(result.standardError)")
        #expect(result.standardError.contains("IDENTITY: --actor DO is bound to login"), "\(result.standardError)")
        #expect(try HardeningFixtures.storeBytes(directory) == before)
    }

    @Test("policy --check refuses an identity that is neither login nor declared, naming the key")
    func policyCheck() throws {
        let directory = TemporaryDirectory("identity-policy")
        var policy = Policy.children
        policy.identity = .login
        let text = String(decoding: policy.canonicalJSON(), as: UTF8.self).replacingOccurrences(of: #""login""#, with: #""logon""#)
        let path = directory.path + "/bad.json"
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        let result = try ChildProcess.run("caseledger", ["policy", "--check", path])
        #expect(result.status == 65)
        #expect(result.standardError.contains("identity: \"logon\" is not one of declared, login"), "\(result.standardError)")
        #expect(result.standardError.contains("logon"), "\(result.standardError)")
    }
}
