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

/// Issue 17 item 3 (and item 10's file modes): no file the tool writes for a person can land in
/// the store or snapshot directory, follow a symbolic link, replace a file without `--force`,
/// or be readable by others. Every test runs the real binary.
@Suite("Safe output paths", .serialized)
struct OutputPathTests {
    static func importExport(in directory: TemporaryDirectory) throws -> String {
        try ImportFixtures.write(ImportFixtures.export(ImportFixtures.rows(holding: "CW"), preset: "ssd"), in: directory)
    }

    @Test("import --dry-run --report naming a segment is refused (64) and the log is unchanged")
    func importReportIntoSegment() throws {
        let directory = try HardeningFixtures.makeStore("out-import")
        let export = try Self.importExport(in: directory)
        let before = try HardeningFixtures.storeBytes(directory)
        let segment = "events/" + (try HardeningFixtures.firstSegment(directory))
        for target in [segment, "events/ledger.json", "events/new-file.csv", "snapshots/x.csv", "./events/../events/ledger.json"] {
            let result = try HardeningFixtures.run(directory, ["import", export, "--preset", "ssd", "--dry-run", "--report", target, "--force"])
            #expect(result.status == 64, "\(target): \(result.standardError)")
            #expect(result.standardError.contains("--report"), "\(result.standardError)")
        }
        #expect(try HardeningFixtures.storeBytes(directory) == before)
        #expect(try LedgerVerifier.verify(directory: directory.store).isIntact)
    }

    @Test("audit --output into the store, directly or through a symbolic link, is refused and changes nothing")
    func auditOutputIntoStore() throws {
        let directory = try HardeningFixtures.makeStore("out-audit")
        let segment = try HardeningFixtures.firstSegment(directory)
        let before = try HardeningFixtures.storeBytes(directory)
        // A link in the current directory that names a segment, and a directory link into the store.
        try FileManager.default.createSymbolicLink(atPath: directory.path + "/innocent.html", withDestinationPath: directory.store + "/" + segment)
        try FileManager.default.createSymbolicLink(atPath: directory.path + "/logs", withDestinationPath: directory.store)
        for target in ["events/" + segment, "events/ledger.json", "innocent.html", "logs/ledger.json", "logs/fresh.html"] {
            for format in ["html", "text"] {
                let result = try HardeningFixtures.run(directory, ["audit", "C1", "--format", format, "--output", target, "--force"])
                #expect(result.status == 64, "\(target) \(format): \(result.standardError)")
                #expect(result.standardError.contains("inside") || result.standardError.contains("resolves"), "\(result.standardError)")
            }
        }
        #expect(try HardeningFixtures.storeBytes(directory) == before)
        #expect(try LedgerVerifier.verify(directory: directory.store).isIntact)
    }

    @Test("an existing file is kept unless --force; with --force a symbolic link is replaced, not written through")
    func overwriteRules() throws {
        let directory = try HardeningFixtures.makeStore("out-force")
        let victim = directory.path + "/victim.txt"
        try StoreFixtures.write(Array("precious".utf8), to: victim)
        try FileManager.default.createSymbolicLink(atPath: directory.path + "/link.html", withDestinationPath: victim)
        let existing = directory.path + "/report.html"
        try StoreFixtures.write(Array("old".utf8), to: existing)

        let refused = try HardeningFixtures.run(directory, ["audit", "C1", "--format", "html", "--output", "report.html"])
        #expect(refused.status == 64)
        #expect(refused.standardError.contains("--force"), "\(refused.standardError)")
        #expect(try StoreFixtures.bytes(existing) == Array("old".utf8))
        let refusedLink = try HardeningFixtures.run(directory, ["audit", "C1", "--format", "html", "--output", "link.html"])
        #expect(refusedLink.status == 64)

        let forced = try HardeningFixtures.run(directory, ["audit", "C1", "--format", "html", "--output", "report.html", "--force"])
        #expect(forced.status == 0, "\(forced.standardError)")
        #expect(try String(contentsOfFile: existing, encoding: .utf8).hasPrefix("<!DOCTYPE html>"))
        let forcedLink = try HardeningFixtures.run(directory, ["audit", "C1", "--format", "html", "--output", "link.html", "--force"])
        #expect(forcedLink.status == 0, "\(forcedLink.standardError)")
        #expect(try StoreFixtures.bytes(victim) == Array("precious".utf8), "the link's target is never written")
        let attributes = try FileManager.default.attributesOfItem(atPath: directory.path + "/link.html")
        #expect(attributes[.type] as? FileAttributeType == .typeRegular)
        // No temporary file is left behind.
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).allSatisfy { !$0.contains(".tmp-") })
    }

    @Test("the audit page and the import report are created 0600, even under umask 000")
    func modes() throws {
        let directory = try HardeningFixtures.makeStore("out-mode")
        let export = try Self.importExport(in: directory)
        let binary = ChildProcess.executable("caseledger")
        let store = ["--store", directory.store, "--snapshots", directory.path + "/snapshots"]
        let script = "umask 000; cd '\(directory.path)' && '\(binary)' audit C1 --format html \(store.joined(separator: " ")) && "
            + "'\(binary)' audit C1 --format text --output audit.txt \(store.joined(separator: " ")) && "
            // The ledger has registered workers, so the import names one who may import (issue 17, item 1).
            + "'\(binary)' import '\(export)' --preset ssd --actor TM --dry-run --report rows.csv \(store.joined(separator: " "))"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", script]
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        for name in ["C1-audit.html", "audit.txt", "rows.csv"] {
            #expect(try HardeningFixtures.mode(directory.path + "/" + name) == 0o600, "\(name)")
        }
    }

    @Test("a case id becomes a file name only sanitised")
    func sanitisedFileNames() {
        #expect(IdentifierGrammar.fileNameComponent("../x") == "___x")
        let traversal = IdentifierGrammar.fileNameComponent("a/../../b")
        #expect(!traversal.contains("/") && !traversal.contains(".."), "\(traversal)")
        #expect(!IdentifierGrammar.fileNameComponent("..").contains(".."))
        #expect(IdentifierGrammar.fileNameComponent("C1") == "C1")
        #expect(IdentifierGrammar.fileNameComponent("") == "_")
        #expect(!IdentifierGrammar.fileNameComponent("a\u{1b}b/c").contains("/"))
    }

    @Test("LOCK is never followed: a symbolic link there makes the writer fail and its target is untouched")
    func lockSymlink() throws {
        let directory = try HardeningFixtures.makeStore("out-lock")
        let victim = directory.path + "/victim.txt"
        try StoreFixtures.write(Array("precious".utf8), to: victim)
        let lock = directory.store + "/" + LedgerFormat.lockFileName
        try? FileManager.default.removeItem(atPath: lock)
        try FileManager.default.createSymbolicLink(atPath: lock, withDestinationPath: victim)
        let before = try HardeningFixtures.storeBytes(directory)
        let result = try HardeningFixtures.run(directory, ["note", "--case", "C1", "--text", "x", "--actor", "W1", "--at", "2024-03-03", "--wait", "0"])
        #expect(result.status == 73, "\(result.standardError)")
        #expect(result.standardError.contains("LOCK"), "\(result.standardError)")
        #expect(try StoreFixtures.bytes(victim) == Array("precious".utf8))
        #expect(try HardeningFixtures.storeBytes(directory) == before)
    }
}
