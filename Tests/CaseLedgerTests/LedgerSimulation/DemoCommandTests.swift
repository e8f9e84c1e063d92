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

/// `caseledger demo`, run as the built binary.
@Suite("demo command")
struct DemoCommandTests {
    static let goldenArguments = ["--seed", "9", "--years", "1", "--teams", "3", "--workers", "20"]
    static let storePlaceholder = "<store>"
    static let parentPlaceholder = "<dir>"

    static func caseledger(_ arguments: [String]) throws -> ChildProcess.Result {
        try ChildProcess.run("caseledger", arguments)
    }

    /// The golden file as the test bundle holds it; set CASELEDGER_UPDATE_GOLDEN=1 to rewrite the
    /// source copy from the current output (then rebuild the tests).
    static let goldenName = "demo-seed9-years1-teams3-workers20"

    @Test("stdout for a fixed seed matches the golden file (store path aside); the printed digest is the log's")
    func goldenOutput() throws {
        let directory = TemporaryDirectory("demo-cli")
        let result = try Self.caseledger(["demo"] + Self.goldenArguments + ["--store", directory.store])
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardError.isEmpty, "stderr is not a terminal: no progress line expected")
        let storePath = URL(fileURLWithPath: directory.store).standardizedFileURL.path
        #expect(result.standardOutput.contains("store: \(storePath)\n"))
        // The CMS side and the return's hint sit beside the store, in its parent directory.
        let parentPath = URL(fileURLWithPath: storePath).deletingLastPathComponent().path
        let output = result.standardOutput.replacingOccurrences(of: storePath, with: Self.storePlaceholder)
            .replacingOccurrences(of: parentPath + "/", with: Self.parentPlaceholder + "/")

        if ProcessInfo.processInfo.environment["CASELEDGER_UPDATE_GOLDEN"] != nil {
            let source = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                .appendingPathComponent("Resources/\(Self.goldenName).txt")
            try Data(output.utf8).write(to: source)
        }
        let url = try #require(Bundle.module.url(forResource: Self.goldenName, withExtension: "txt", subdirectory: "Resources"))
        let golden = String(decoding: try Data(contentsOf: url), as: UTF8.self)
        #expect(output == golden)
        if output != golden {
            let outputLines = output.split(separator: "\n", omittingEmptySubsequences: false)
            let goldenLines = golden.split(separator: "\n", omittingEmptySubsequences: false)
            if let index = zip(outputLines, goldenLines).enumerated().first(where: { $0.element.0 != $0.element.1 })?.offset {
                Issue.record("first difference at line \(index + 1):\n  got:      \(outputLines[index])\n  expected: \(goldenLines[index])")
            }
        }

        let marker = try #require(DemoStoreMarker.read(storeDirectory: directory.store), "the demo marks its store")
        #expect(output.contains("Queries on this store default to its last day, \(marker.lastDay)"))
        #expect(output.contains("caseledger report team "), "try-next commands name real ids")

        // The hint's return command accepts the CMS side the demo wrote beside the store.
        let hint = try #require(result.standardOutput.split(separator: "\n").first { $0.hasPrefix("  caseledger return ssda903 ") })
        let arguments = hint.split(separator: " ").dropFirst().map(String.init)
        let returned = try Self.caseledger(arguments)
        #expect(returned.status == 0, "\(arguments): \(returned.standardError)")
        #expect(returned.standardOutput.contains("wrote "))
        #expect(!returned.standardOutput.contains("lookedAfterOnlyIn"), "the CMS side disagrees with the ledger: \(returned.standardOutput)")
        let header = try String(contentsOfFile: parentPath + "/cms/ssda903-2023/Header.csv", encoding: .utf8)
        #expect(header.hasPrefix("CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\r\n"))

        let report = try LedgerVerifier.verify(directory: directory.store)
        #expect(report.isIntact)
        #expect(output.contains("digest: \(report.head)\n"))
        for heading in ["Question 1: who held case", "Question 2: what was", "Question 3: which cases were waiting"] {
            #expect(output.contains(heading))
        }
    }

    @Test("a store that already holds events: exit 65, a message naming the way out, the log untouched")
    func refusesNonEmptyStore() throws {
        let directory = TemporaryDirectory("demo-cli")
        let digest = try StoreFixtures.fill(directory.store, batchCount: 2)
        let result = try Self.caseledger(["demo", "--years", "1", "--teams", "2", "--workers", "10", "--store", directory.store])
        #expect(result.status == 65)
        #expect(result.standardOutput.isEmpty)
        #expect(result.standardError.contains("already holds \(digest.sequence) events"))
        #expect(result.standardError.contains("--store"))
        #expect(result.standardError.contains("delete"))
        #expect(try LedgerVerifier.verify(directory: directory.store).head == digest)
    }

    @Test("a CMS side already beside the store: exit 65 before any simulating, naming the file; nothing written")
    func refusesExistingCareRecords() throws {
        let directory = TemporaryDirectory("demo-cli")
        let existing = directory.path + "/cms/ssda903-2023/Header.csv"
        try FileManager.default.createDirectory(atPath: directory.path + "/cms/ssda903-2023", withIntermediateDirectories: true)
        try "CHILD\n".write(toFile: existing, atomically: true, encoding: .utf8)
        let result = try Self.caseledger(["demo", "--years", "1", "--teams", "2", "--workers", "10", "--store", directory.store])
        #expect(result.status == 65)
        #expect(result.standardError.contains("ssda903-2023/Header.csv already exists"))
        #expect(!FileManager.default.fileExists(atPath: directory.store), "the store was not created")
        #expect(try String(contentsOfFile: existing, encoding: .utf8) == "CHILD\n")
    }

    @Test("options out of range are usage errors (exit 64)")
    func usageErrors() throws {
        let directory = TemporaryDirectory("demo-cli")
        for arguments in [["--years", "0"], ["--years", "11"], ["--teams", "21"], ["--workers", "9"], ["--seed", "x"]] {
            let result = try Self.caseledger(["demo", "--store", directory.store] + arguments)
            #expect(result.status == 64, "\(arguments): \(result.standardError)")
            #expect(result.standardError.contains(arguments[0]))
        }
        #expect(!FileManager.default.fileExists(atPath: directory.store + "/ledger.json"))
    }
}
