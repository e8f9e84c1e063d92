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
    @Test("prints each built-in profile indented, every rule's severity spelled out, loading back to the same policy and hash",
          arguments: ["children", "adults"])
    func profile(name: String) throws {
        let result = try ChildProcess.run("caseledger", ["policy", "--profile", name])
        #expect(result.status == 0)
        let expected = try #require(Policy.profile(named: name))
        let lines = result.standardOutput.split(separator: "\n").map { line in
            String(line.trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: ",")))
        }
        #expect(lines.count > 200, "one value a line, not one 4 KB line")
        #expect(lines.contains(#""extraHolidays": []"#))
        for rule in RuleID.allCases {
            #expect(lines.contains("\"\(rule.rawValue)\": \"\(Policy.defaultSeverity(rule).rawValue)\""), "\(rule.rawValue) is spelled out")
        }
        let directory = TemporaryDirectory("policy-profile")
        let path = directory.path + "/\(name).json"
        try Data(result.standardOutput.utf8).write(to: URL(fileURLWithPath: path))
        #expect(try Policy.load(path: path) == expected)
        #expect(try Policy.load(path: path).contentHash == expected.contentHash)
        #expect(result.standardError.contains(expected.contentHash.hex))
    }

    @Test("--check lists every problem at once: misspelt and unknown fields, wrong types, bad values, missing fields, negatives")
    func everyProblem() throws {
        let directory = TemporaryDirectory("policy-problems")
        var document = try #require(try JSONSerialization.jsonObject(with: Data(Policy.children.canonicalJSON())) as? [String: Any])
        var severities = try #require(document["severities"] as? [String: Any])
        severities["CAPP"] = "block"
        severities["ON-LEAVE"] = "maybe"
        document["severities"] = severities
        var caps = try #require(document["caps"] as? [[String: Any]])
        caps[0]["points"] = "fifty"
        caps[1]["maximumCases"] = 3
        document["caps"] = caps
        var ramp = try #require(document["nqswRamp"] as? [[String: Any]])
        ramp[0]["maximumChildern"] = 9
        document["nqswRamp"] = ramp
        var timescales = try #require(document["timescales"] as? [String: Any])
        timescales.removeValue(forKey: "letterWorkingDays")
        timescales["decisionHours"] = -5
        document["timescales"] = timescales
        document["extraHolidays"] = ["2025-02-30"]
        let path = directory.path + "/bad.json"
        try JSONSerialization.data(withJSONObject: document).write(to: URL(fileURLWithPath: path))
        let check = try ChildProcess.run("caseledger", ["policy", "--check", path])
        #expect(check.status == 65)
        for expected in ["8 problems", "severities.CAPP: unknown rule id", "severities.ON-LEAVE: \"maybe\" is not one of block, justify, finding, off",
                         "caps[0].points: expected a whole number, got a string", "caps[1].maximumCases: unknown field",
                         "nqswRamp[0].maximumChildern: unknown field", "timescales.letterWorkingDays: missing",
                         "timescales.decisionHours: must not be negative; got -5",
                         "extraHolidays[0]: expected a date yyyy-MM-dd, got \"2025-02-30\""] {
            #expect(check.standardError.contains(expected), "\(expected)\n\(check.standardError)")
        }
        #expect(check.standardOutput.isEmpty)
    }

    @Test("once the shape is right, every impossible combination is named; a policy already in the log is read as adopted")
    func combinations() throws {
        var policy = Policy.children
        policy.caps.append(CaseloadCap(role: .socialWorker, cases: 3, points: nil))
        policy.nqswRamp[0].minimumChildren = 9
        policy.formatVersion = 2
        let problems = policy.problems(asAdopted: false)
        #expect(problems.count == 3, "\(problems)")
        #expect(problems.contains { $0.hasPrefix("caps[4]: a second cap for socialWorker") })
        #expect(problems.contains { $0.contains("minimumChildren 9 is above maximumChildren 3") })
        #expect(problems.contains { $0.hasPrefix("formatVersion: this build reads policy format 1; got 2") })
        #expect(throws: PolicyError.self) { try Policy.parse(Data(policy.canonicalJSON())) }
        // Adopted before these checks existed, it stays the policy in force when the log is read again.
        #expect(try Policy.parse(Data(policy.canonicalJSON()), asAdopted: true) == policy)
    }

    @Test("--check names every missing field (65); an unknown profile is a usage error (64)")
    func errors() throws {
        let directory = TemporaryDirectory("policy")
        let path = directory.path + "/partial.json"
        try Data(#"{"policyId":"x"}"#.utf8).write(to: URL(fileURLWithPath: path))
        let check = try ChildProcess.run("caseledger", ["policy", "--check", path])
        #expect(check.status == 65)
        #expect(check.standardError.contains("10 problems"), "\(check.standardError)")
        #expect(check.standardError.contains("weights: missing") && check.standardError.contains("extraHolidays: missing"))
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

    @Test("a policy adopted through apply is held to the same shape: a misspelt key is refused and nothing is appended")
    func applyAdoptsOnlyAWellShapedPolicy() throws {
        let directory = TemporaryDirectory("policy-apply")
        var document = try #require(try JSONSerialization.jsonObject(with: Data(Policy.children.canonicalJSON())) as? [String: Any])
        var ramp = try #require(document["nqswRamp"] as? [[String: Any]])
        ramp[0]["maximumChildern"] = 9
        document["nqswRamp"] = ramp
        let line: [String: Any] = ["command": "adoptPolicy", "policy": document, "effectiveFrom": "2024-01-01T00:00:00.000Z",
                                   "actor": "HOS", "actorRole": "headOfService", "at": "2024-01-01T00:00:00Z"]
        let text = String(decoding: try JSONSerialization.data(withJSONObject: line), as: UTF8.self)
        let applied = try ChildProcess.run("caseledger", ["apply", "-", "--store", directory.store], input: text + "\n")
        #expect(applied.status == 65, "\(applied.standardError)")
        #expect(applied.standardError.contains("line 1: field policy: nqswRamp[0].maximumChildern: unknown field"), "\(applied.standardError)")
        #expect(try LedgerReader(directory: directory.store).readAll().isEmpty)
    }

    @Test("adopt-policy --effective-from DATE is in force from the first moment of that day (London), not its last")
    func effectiveFromStartOfDay() throws {
        let directory = try ManagerViewFixture.makeStore("policy-effective")
        var tight = Policy.children
        tight.policyId = "tight"
        tight.caps[0].cases = 1  // W1 already holds C01239
        let path = directory.path + "/tight.json"
        try Data(tight.readableJSON().utf8).write(to: URL(fileURLWithPath: path))
        let adopted = try ManagerViewFixture.run(directory, ["adopt-policy", "--file", path, "--effective-from", "2024-03-15",
                                                             "--actor", "HOS", "--at", "2024-03-14T17:00:00Z"])
        #expect(adopted.status == 0, "\(adopted.standardError)")
        let events = try LedgerReader(directory: directory.store).readAll()
        guard case .policyAdopted(let payload) = try #require(events.last).envelope.event else {
            Issue.record("the last event is not the adoption")
            return
        }
        #expect(payload.effectiveFrom == LondonTime.startOfDay(try #require(LocalDate(year: 2024, month: 3, day: 15))))
        let allocate = ["allocate", "--case", "C2", "--worker", "W1", "--reason", "newReferral", "--rationale", "cover",
                        "--task", "2024-03-20:Visit", "--discussed", "--actor", "TM"]
        let early = try ManagerViewFixture.run(directory, allocate + ["--at", "2024-03-15T09:00:00Z"])
        #expect(early.status == 65, "the cap of 1 is in force at 09:00 on the 15th: \(early.standardOutput)\(early.standardError)")
        #expect(early.standardError.contains("CAP"), "\(early.standardError)")
        let before = try ManagerViewFixture.run(directory, allocate + ["--at", "2024-03-14T23:59:00Z"])
        #expect(before.status == 0, "the built-in cap of 25 is in force until midnight: \(before.standardError)")
    }
}

