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

/// `caseledger verify` and `digest`, run as the built binary on real files.
@Suite("verify and digest commands")
struct IntegrityCommandTests {
    static func caseledger(_ arguments: [String], environment: [String: String]? = nil) throws -> ChildProcess.Result {
        try ChildProcess.run("caseledger", arguments, environment: environment)
    }

    @Test("verify on an intact log: exit 0 and one line with events and head; Python agrees")
    func verifyIntact() throws {
        let directory = TemporaryDirectory("cli")
        let digest = try StoreFixtures.fill(directory.store, batchCount: 30, segmentSizeBytesMax: 4_096)
        let result = try Self.caseledger(["verify", "--store", directory.store])
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardOutput.hasPrefix("intact: \(digest.sequence) events, head \(digest)\n"))
        let json = try Self.caseledger(["verify", "--store", directory.store, "--format", "json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.standardOutput.utf8)) as? [String: Any])
        #expect(object["intact"] as? Bool == true)
        #expect(object["events"] as? Int == Int(digest.sequence))
        #expect(object["head"] as? String == digest.description)
        let (ok, output) = try TamperTests.pythonVerify(directory.store)
        #expect(ok)
        #expect(output.contains(digest.description))
    }

    @Test("digest prints SEQ:HASH; verify --digest proves the prefix and catches a rewrite")
    func digestRoundTrip() throws {
        let directory = TemporaryDirectory("cli")
        try StoreFixtures.fill(directory.store, batchCount: 10)
        let noted = try Self.caseledger(["digest", "--store", directory.store])
        #expect(noted.status == 0)
        let text = noted.standardOutput.trimmingCharacters(in: .whitespacesAndNewlines)
        let digest = try #require(LedgerDigest(text: text))
        #expect(digest.sequence == 30)
        let json = try Self.caseledger(["digest", "--store", directory.store, "--format", "json"])
        // One JSON writer for all output: keys sorted, as every JSON answer (README).
        #expect(json.standardOutput == #"{"hash":"\#(digest.hash.hex)","sequence":30}"# + "\n")
        // More events later: the old digest still proves the prefix.
        try StoreFixtures.fill(directory.store, batchCount: 3)
        let later = try Self.caseledger(["verify", "--store", directory.store, "--digest", text])
        #expect(later.status == 0, "\(later.standardOutput)\(later.standardError)")
        #expect(later.standardOutput.contains("digest \(text) matches"))
        // A digest with another hash at that sequence fails, naming the sequence.
        let forged = "30:" + String(repeating: "ab", count: 32)
        let mismatch = try Self.caseledger(["verify", "--store", directory.store, "--digest", forged])
        #expect(mismatch.status == 1)
        #expect(mismatch.standardOutput.contains("sequence 30"))
    }

    @Test("verify on a tampered log: exit 1 naming sequence, segment and byte offset")
    func verifyTampered() throws {
        let directory = TemporaryDirectory("cli")
        try StoreFixtures.fill(directory.store, batchCount: 10)
        let name = try StoreFixtures.segments(directory.store)[0]
        let path = directory.store + "/" + name
        var bytes = try StoreFixtures.bytes(path)
        let thirdLine = bytes.indices.filter { bytes[$0] == 0x0A }[1] + 1
        bytes[thirdLine + 40] ^= 0x20
        try StoreFixtures.write(bytes, to: path)
        let result = try Self.caseledger(["verify", "--store", directory.store])
        #expect(result.status == 1)
        #expect(result.standardOutput.contains("sequence 3, segment \(name), byte offset \(thirdLine)"), "\(result.standardOutput)")
        let digest = try Self.caseledger(["digest", "--store", directory.store])
        #expect(digest.status == 1)
        #expect(digest.standardError.contains("does not verify"))
    }

    @Test("the store comes from --store, else CASELEDGER_STORE, else ./events")
    func storeResolution() throws {
        let directory = TemporaryDirectory("cli")
        let digest = try StoreFixtures.fill(directory.store, batchCount: 2)
        var environment = ProcessInfo.processInfo.environment
        environment["CASELEDGER_STORE"] = directory.store
        let fromEnvironment = try Self.caseledger(["digest"], environment: environment)
        #expect(fromEnvironment.standardOutput == digest.description + "\n")
        environment["CASELEDGER_STORE"] = nil
        let fromDefault = try ChildProcess.run("caseledger", ["digest"], environment: environment, currentDirectory: directory.path)
        #expect(fromDefault.standardOutput == digest.description + "\n", "\(fromDefault.standardError)")
    }

    @Test("help and usage errors", arguments: [
        (["--help"], Int32(0), "subcommands:"),
        (["verify", "--help"], 0, "usage: caseledger verify"),
        (["digest", "--help"], 0, "usage: caseledger digest"),
        (["bench", "--help"], 0, "usage: caseledger bench"),
        (["verify", "--bogus"], 64, "unknown option --bogus"),
        (["verify", "--digest", "12"], 64, "--digest must be SEQ:HASH"),
        (["verify", "--format", "xml"], 64, "--format must be one of"),
        (["digest", "extra"], 64, "unexpected argument 'extra'"),
        (["bench", "--events", "0"], 64, "--events must be a positive integer"),
        (["frobnicate"], 64, "unknown subcommand 'frobnicate'"),
    ])
    func helpAndUsage(arguments: [String], status: Int32, text: String) throws {
        let result = try Self.caseledger(arguments)
        #expect(result.status == status, "\(arguments): \(result.standardError)")
        #expect((result.standardOutput + result.standardError).contains(text), "\(arguments)")
    }

    @Test("a missing store directory is a clear error, not a crash")
    func missingStore() throws {
        let result = try Self.caseledger(["verify", "--store", "/nonexistent/caseledger"])
        #expect(result.status == 73)
        #expect(result.standardError.contains("/nonexistent/caseledger"))
    }

    @Test("bench runs on 1,000 events and prints every figure with its ratio")
    func benchSmoke() throws {
        let result = try Self.caseledger(["bench", "--events", "1000", "--runs", "1", "--format", "json"])
        #expect(result.status == 0, "\(result.standardError)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any])
        let figures = try #require(object["figures"] as? [[String: Any]])
        #expect(figures.count == 34)
        for name in ["durable append of one event (p50)", "durable append of one event (p99)", "durable command, decided and appended (p50)", "write + fsync of one line baseline", "write + fsync of a batch",
                     "cold rebuild", "open from snapshot", "holders", "caseload", "whole-authority", "import", "peak memory", "verify",
                     "JSONEncoder baseline", "opened ledger", "write command, fresh process (p50 of 20)", "write command, fresh process (max)",
                     "peak memory, write command", "SHA-256, one core (", "SHA-256 portable Swift baseline (one core)",
                     "openssl dgst -sha256 baseline", "append without tree sidecar baseline",
                     "durable append of one event, no tree (p50)", "Merkle tree from sidecar (read, root)"] {
            #expect(figures.contains { ($0["name"] as? String)?.contains(name) == true }, "\(name) missing")
        }
        #expect(figures.contains { ($0["name"] as? String)?.hasPrefix("append") == true && $0["ratio"] != nil })
        // Against openssl, or against the portable path where openssl is absent: always a ratio.
        #expect(figures.contains { ($0["name"] as? String)?.hasPrefix("SHA-256, one core (") == true && $0["ratio"] != nil })
        for name in ["append", "durable append", "durable command", "verify", "cold rebuild", "import", "peak memory",
                     "write command, fresh process"] {
            let figure = figures.first { ($0["name"] as? String)?.hasPrefix(name) == true }
            #expect((figure?["median"] as? Double ?? 0) > 0, "\(name) has no positive median")
        }
    }
}
