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

@Suite("policy command")
struct PolicyCommandTests {
    @Test("prints each built-in profile as canonical JSON that loads back to the same policy and hash", arguments: ["children", "adults"])
    func profile(name: String) throws {
        let result = try ChildProcess.run("caseledger", ["policy", "--profile", name])
        #expect(result.status == 0)
        let expected = try #require(Policy.profile(named: name))
        #expect(result.standardOutput == String(decoding: expected.canonicalJSON(), as: UTF8.self) + "\n")
        #expect(try Policy.parse(Data(result.standardOutput.utf8)) == expected)
        #expect(result.standardError.contains(expected.contentHash.hex))
    }

    @Test("--check names the missing field (65); an unknown profile is a usage error (64)")
    func errors() throws {
        let directory = TemporaryDirectory("policy")
        let path = directory.path + "/partial.json"
        try Data(#"{"policyId":"x"}"#.utf8).write(to: URL(fileURLWithPath: path))
        let check = try ChildProcess.run("caseledger", ["policy", "--check", path])
        #expect(check.status == 65)
        #expect(check.standardError.contains("missing field"))
        var negative = Policy.children
        negative.timescales.decisionHours = -5
        let negativePath = directory.path + "/negative.json"
        try Data(negative.canonicalJSON()).write(to: URL(fileURLWithPath: negativePath))
        let refused = try ChildProcess.run("caseledger", ["policy", "--check", negativePath])
        #expect(refused.status == 65)
        #expect(refused.standardError.contains("timescales.decisionHours"))
        let unknown = try ChildProcess.run("caseledger", ["policy", "--profile", "martian"])
        #expect(unknown.status == 64)
        #expect(unknown.standardError.contains("--profile"))
    }
}
