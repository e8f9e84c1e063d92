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

/// Issue 17 items 4 and 5: segment names, the manifest and digests are checked the same way by
/// `caseledger verify`, the writer's open and `tools/verify_ledger.py`, with the documented exit
/// codes (0 intact, 1 damaged, 64 usage).
@Suite("Verifier agreement: manifest, segment names, digests", .serialized)
struct VerifierAgreementTests {
    static func python(_ directory: String, _ extra: [String] = []) throws -> (status: Int32, output: String) {
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().path + "/tools/verify_ledger.py"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script, directory] + extra
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, output)
    }

    static func swiftVerify(_ directory: String, _ extra: [String] = []) throws -> ChildProcess.Result {
        try ChildProcess.run("caseledger", ["verify", "--store", directory] + extra)
    }

    /// A log of 12 batches over several small segments.
    static func makeLog(_ label: String) throws -> (TemporaryDirectory, LedgerDigest) {
        let directory = TemporaryDirectory(label)
        let digest = try StoreFixtures.fill(directory.store, batchCount: 12, segmentSizeBytesMax: 4_096)
        return (directory, digest)
    }

    // MARK: - Segment names (item 4)

    @Test("an empty last segment whose name is not the next sequence is damage to verify, Python, and the writer, which never appends into it")
    func misnamedEmptyLastSegment() throws {
        let (directory, digest) = try Self.makeLog("misnamed-empty")
        let wrong = LedgerFormat.segmentFileName(firstSequence: digest.sequence + 5)
        try StoreFixtures.write([], to: directory.store + "/" + wrong)
        let report = try LedgerVerifier.verify(directory: directory.store)
        let fault = try #require(report.fault, "a misnamed empty segment passed verify")
        #expect(fault.segment == wrong)
        #expect(fault.kind == .segmentMisnamed(promised: digest.sequence + 5, expected: digest.sequence + 1))
        #expect(fault.description.contains(wrong))
        let cli = try Self.swiftVerify(directory.store)
        #expect(cli.status == 1)
        #expect(cli.standardOutput.contains(wrong))
        let python = try Self.python(directory.store)
        #expect(python.status == 1, "\(python.output)")
        #expect(python.output.contains(wrong))
        // The writer refuses to open, naming the segment, and the file stays empty.
        do {
            let ledger = try StoreFixtures.openLedger(directory.store, segmentSizeBytesMax: 4_096)
            ledger.close()
            Issue.record("the writer opened a store with a misnamed segment")
        } catch LedgerError.corrupt(let found) {
            #expect(found.segment == wrong)
        }
        let note = try ChildProcess.run("caseledger", ["note", "--case", "C1", "--text", "x", "--actor", "TM1", "--actor-role", "teamManager",
                                                       "--store", directory.store, "--snapshots", directory.path + "/snapshots", "--wait", "0"])
        #expect(note.status == 1, "\(note.standardError)")
        #expect(note.standardError.contains(wrong))
        #expect(try StoreFixtures.bytes(directory.store + "/" + wrong).isEmpty, "nothing was appended into the misnamed file")
    }

    @Test("a correctly named empty last segment (a roll that crashed) is intact everywhere and the writer appends into it")
    func correctlyNamedEmptyLastSegment() throws {
        let (directory, digest) = try Self.makeLog("named-empty")
        let right = LedgerFormat.segmentFileName(firstSequence: digest.sequence + 1)
        try StoreFixtures.write([], to: directory.store + "/" + right)
        #expect(try LedgerVerifier.verify(directory: directory.store).isIntact)
        #expect(try Self.python(directory.store).status == 0)
        let ledger = try StoreFixtures.openLedger(directory.store, segmentSizeBytesMax: 4_096)
        try ledger.append([StoreFixtures.note("C1")], expecting: StoreFixtures.anyExpectations([StoreFixtures.note("C1")]))
        ledger.close()
        #expect(try !StoreFixtures.bytes(directory.store + "/" + right).isEmpty)
        #expect(try LedgerVerifier.verify(directory: directory.store).isIntact)
    }

    @Test("a last segment holding only a torn line under a wrong name is damage, never quarantined and appended to")
    func misnamedTornSegment() throws {
        let (directory, digest) = try Self.makeLog("misnamed-torn")
        let wrong = LedgerFormat.segmentFileName(firstSequence: digest.sequence + 3)
        try StoreFixtures.write(Array(#"{"event":{"sequ"#.utf8), to: directory.store + "/" + wrong)
        let fault = try #require(try LedgerVerifier.verify(directory: directory.store).fault)
        #expect(fault.kind == .segmentMisnamed(promised: digest.sequence + 3, expected: digest.sequence + 1))
        #expect(try Self.python(directory.store).status == 1)
        #expect(throws: LedgerError.self) { try StoreFixtures.openLedger(directory.store, segmentSizeBytesMax: 4_096) }
        #expect(try StoreFixtures.bytes(directory.store + "/" + wrong).count == 15)
    }

    @Test("look-alike file names are not segments, for Swift and Python alike", arguments: [
        "segment-1.jsonl", "segment-00000000000000001.jsonl", "segment-0000000000000001.jsonl.bak",
        "segment-0000000000000001.jsonl.quarantine-0", "segment-000000000000000١.jsonl", "Segment-0000000000000001.jsonl",
    ])
    func lookAlikes(name: String) throws {
        let (directory, digest) = try Self.makeLog("lookalike")
        try StoreFixtures.write(Array("garbage\n".utf8), to: directory.store + "/" + name)
        let report = try LedgerVerifier.verify(directory: directory.store, digest: digest)
        #expect(report.isIntact, "\(name): \(String(describing: report.fault))")
        let python = try Self.python(directory.store, [digest.description])
        #expect(python.status == 0, "\(name): \(python.output)")
    }

    @Test("a well-framed last line that fails its hash is damage: the writer refuses to open and cuts nothing (code and spec agree)")
    func lastLineHashFailureIsRefused() throws {
        let (directory, _) = try Self.makeLog("last-hash")
        let last = try #require(try StoreFixtures.segments(directory.store).last)
        let path = directory.store + "/" + last
        var bytes = try StoreFixtures.bytes(path)
        let lastLineStart = (bytes.dropLast().lastIndex(of: 0x0A) ?? -1) + 1
        // A byte of the content (inside the text of the note) changes; the frame still parses.
        let index = try #require(bytes[lastLineStart...].firstIndex(of: UInt8(ascii: "b")))
        bytes[index] = UInt8(ascii: "B")
        try StoreFixtures.write(bytes, to: path)
        let fault = try #require(try LedgerVerifier.verify(directory: directory.store).fault)
        guard case .contentHashMismatch = fault.kind else { Issue.record("expected a hash mismatch, got \(fault)"); return }
        #expect(throws: LedgerError.self) { try StoreFixtures.openLedger(directory.store, segmentSizeBytesMax: 4_096) }
        #expect(try StoreFixtures.bytes(path) == bytes, "nothing was cut off")
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.store).allSatisfy { !$0.contains("quarantine") })
        #expect(try Self.python(directory.store).status == 1)
    }

    // MARK: - Manifest (item 5)

    enum ManifestEdit: String, CaseIterable, CustomTestStringConvertible {
        case deleted, emptied, otherFormat, otherVersion, versionAsString, versionAsFloat, versionAsBoolean, duplicateKey,
             notAnObject, invalidUTF8, otherGenesis
        var testDescription: String { rawValue }

        func apply(to text: String) -> [UInt8]? {
            switch self {
            case .deleted: return nil
            case .emptied: return []
            case .otherFormat: return Array(text.replacingOccurrences(of: "caseledger-log", with: "other-log").utf8)
            case .otherVersion: return Array(text.replacingOccurrences(of: #""formatVersion":1"#, with: #""formatVersion":2"#).utf8)
            case .versionAsString: return Array(text.replacingOccurrences(of: #""formatVersion":1"#, with: #""formatVersion":"1""#).utf8)
            case .versionAsFloat: return Array(text.replacingOccurrences(of: #""formatVersion":1"#, with: #""formatVersion":1.0"#).utf8)
            case .versionAsBoolean: return Array(text.replacingOccurrences(of: #""formatVersion":1"#, with: #""formatVersion":true"#).utf8)
            case .duplicateKey: return Array(text.replacingOccurrences(of: #"{"format":"#, with: #"{"format":"other","format":"#).utf8)
            case .notAnObject: return Array("[1]".utf8)
            case .invalidUTF8: return Array(text.replacingOccurrences(of: "sha256", with: "sha").utf8).map { $0 == UInt8(ascii: "}") ? 0xFF : $0 }
            case .otherGenesis: return Array(text.replacingOccurrences(of: String(repeating: "0", count: 64), with: String(repeating: "0", count: 63) + "A").utf8)
            }
        }
    }

    @Test("manifest damage fails Swift verify and Python alike, exit 1", arguments: ManifestEdit.allCases)
    func manifestDamage(edit: ManifestEdit) throws {
        let (directory, _) = try Self.makeLog("manifest")
        let path = directory.store + "/" + LedgerFormat.manifestFileName
        let original = String(decoding: try StoreFixtures.bytes(path), as: UTF8.self)
        if let bytes = edit.apply(to: original) {
            try StoreFixtures.write(bytes, to: path)
        } else {
            try FileManager.default.removeItem(atPath: path)
        }
        let cli = try Self.swiftVerify(directory.store)
        #expect(cli.status == 1, "\(edit): swift exit \(cli.status) \(cli.standardError)")
        #expect(cli.standardError.contains(LedgerFormat.manifestFileName), "\(cli.standardError)")
        let python = try Self.python(directory.store)
        #expect(python.status == 1, "\(edit): python \(python.output)")
        #expect(python.output.contains("manifest"), "\(python.output)")
    }

    @Test("extra manifest keys are descriptive and ignored by both; a manifest with no segments is an intact empty log")
    func manifestExtrasAndEmptyLog() throws {
        let (directory, _) = try Self.makeLog("manifest-extra")
        let path = directory.store + "/" + LedgerFormat.manifestFileName
        let original = String(decoding: try StoreFixtures.bytes(path), as: UTF8.self)
        try StoreFixtures.write(Array(original.replacingOccurrences(of: #"{"format":"#, with: #"{"note":"kept by ops","format":"#).utf8), to: path)
        #expect(try Self.swiftVerify(directory.store).status == 0)
        #expect(try Self.python(directory.store).status == 0)

        let empty = TemporaryDirectory("empty-store")
        try FileManager.default.createDirectory(atPath: empty.store, withIntermediateDirectories: true)
        #expect(try Self.swiftVerify(empty.store).standardOutput.contains("intact: 0 events"))
        #expect(try Self.python(empty.store).output.contains("intact: 0 events"))
        try StoreFixtures.write(LedgerFormat.manifestBytes(ledgerId: "test-ledger"), to: empty.store + "/" + LedgerFormat.manifestFileName)
        #expect(try Self.swiftVerify(empty.store).status == 0)
        #expect(try Self.python(empty.store).status == 0)
    }

    // MARK: - Digests (item 5)

    @Test("malformed digests are usage errors (64) in both verifiers", arguments: [
        "-1:" + String(repeating: "1", count: 64), "-5:" + String(repeating: "a", count: 64), "0:" + String(repeating: "1", count: 64),
        "+3:" + String(repeating: "1", count: 64), "03:" + String(repeating: "1", count: 64), "3:" + String(repeating: "1", count: 63),
        "3:" + String(repeating: "g", count: 64), "3", "3:1:2", " 3:" + String(repeating: "1", count: 64),
        "18446744073709551616:" + String(repeating: "1", count: 64),
    ])
    func malformedDigests(text: String) throws {
        let (directory, _) = try Self.makeLog("digest-usage")
        let cli = try Self.swiftVerify(directory.store, ["--digest", text])
        #expect(cli.status == 64, "swift \(text): \(cli.standardOutput) \(cli.standardError)")
        #expect(!cli.standardOutput.contains("matches"))
        let python = try Self.python(directory.store, [text])
        #expect(python.status == 64, "python \(text): \(python.output)")
    }

    @Test("digest edge cases agree: genesis form, upper-case hex, and a digest beyond the head (truncation: exit 1)")
    func digestEdges() throws {
        let (directory, digest) = try Self.makeLog("digest-edges")
        let genesis = "0:" + String(repeating: "0", count: 64)
        #expect(try Self.swiftVerify(directory.store, ["--digest", genesis]).status == 0)
        #expect(try Self.python(directory.store, [genesis]).status == 0)
        let upper = "\(digest.sequence):\(digest.hash.hex.uppercased())"
        #expect(try Self.swiftVerify(directory.store, ["--digest", upper]).status == 0)
        #expect(try Self.python(directory.store, [upper]).status == 0)
        let beyond = "\(digest.sequence + 1):\(digest.hash.hex)"
        let cli = try Self.swiftVerify(directory.store, ["--digest", beyond])
        #expect(cli.status == 1, "\(cli.standardOutput)")
        #expect(cli.standardOutput.contains("truncated"))
        let python = try Self.python(directory.store, [beyond])
        #expect(python.status == 1, "\(python.output)")
    }

    // MARK: - Canonical header (item 5, the twelve questions)

    /// Rewrites line `index` of the first segment with `edit` applied to its content, rehashing it
    /// and every later line's chain, so only the header grammar can catch it.
    static func rewriteHeader(_ directory: TemporaryDirectory, edit: (String) -> String) throws {
        let segments = try StoreFixtures.segments(directory.store)
        var chain = LedgerFormat.genesis
        var first = true
        for name in segments {
            let path = directory.store + "/" + name
            var output: [UInt8] = []
            for line in try TamperTests.segmentLines(path) {
                let content = Array(line[9..<(line.count - 152)])
                var text = String(decoding: content, as: UTF8.self)
                if first { text = edit(text); first = false }
                let bytes = Array(text.utf8)
                let hash = SHA256.hash(bytes)
                chain = SHA256.chain(previous: chain, content: hash)
                output += Array(#"{"event":"#.utf8) + bytes + Array(#","sha256":"\#(hash.hex)","chain":"\#(chain.hex)"}"#.utf8) + [0x0A]
            }
            try StoreFixtures.write(output, to: path)
        }
    }

    @Test("a rehashed line that is not in the canonical header form is damage to both verifiers", arguments: [
        "instant without milliseconds", "instant with an offset", "impossible date", "leading zero", "escaped instant",
        "keys reordered", "whitespace", "batch index 0", "negative sequence", "lone surrogate",
    ])
    func nonCanonicalHeader(edit: String) throws {
        let (directory, _) = try Self.makeLog("canonical")
        try Self.rewriteHeader(directory) { text in
            switch edit {
            case "instant without milliseconds": return text.replacingOccurrences(of: #"\.[0-9]{3}Z","recordedAt""#, with: #"Z","recordedAt""#, options: .regularExpression)
            case "instant with an offset": return text.replacingOccurrences(of: #"\.([0-9]{3})Z","actor""#, with: #".$1+00:00","actor""#, options: .regularExpression)
            case "impossible date": return text.replacingOccurrences(of: #""recordedAt":"[0-9]{4}-[0-9]{2}-[0-9]{2}"#, with: #""recordedAt":"2023-02-30"#, options: .regularExpression)
            case "leading zero": return text.replacingOccurrences(of: #"{"sequence":1,"#, with: #"{"sequence":01,"#)
            case "escaped instant": return text.replacingOccurrences(of: #""recordedAt":"2"#, with: #""recordedAt":"\u0032"#)
            case "keys reordered": return text.replacingOccurrences(of: #"{"sequence":1,"eventId":"#, with: #"{"eventId":"#)
                .replacingOccurrences(of: #","type":"#, with: #","sequence":1,"type":"#)
            case "whitespace": return text.replacingOccurrences(of: #"{"sequence":1,"#, with: #"{"sequence": 1,"#)
            case "batch index 0": return text.replacingOccurrences(of: #""batch":{"index":1,"#, with: #""batch":{"index":0,"#)
            case "negative sequence": return text.replacingOccurrences(of: #"{"sequence":1,"#, with: #"{"sequence":-1,"#)
            default: return text.replacingOccurrences(of: #""correlationId":""#, with: #""correlationId":"\ud800"#)
            }
        }
        let fault = try #require(try LedgerVerifier.verify(directory: directory.store).fault, "swift accepted \(edit)")
        #expect(fault.sequence == 1, "\(fault)")
        let python = try Self.python(directory.store)
        #expect(python.status == 1, "python accepted \(edit): \(python.output)")
    }

    @Test("a log naming a role this build does not know verifies in both verifiers; reading it as events names the role")
    func unknownRoleIsNotDamage() throws {
        let (directory, _) = try Self.makeLog("unknown-role")
        try Self.rewriteHeader(directory) { text in
            text.replacingOccurrences(of: #""role":"teamManager""#, with: #""role":"chiefWizard""#)
        }
        let text = try StoreFixtures.bytes(directory.store + "/" + (try StoreFixtures.segments(directory.store)[0]))
        #expect(String(decoding: text, as: UTF8.self).contains(#""role":"chiefWizard""#))
        let outcome = try LedgerVerifier.verify(directory: directory.store)
        #expect(outcome.fault == nil, "swift refused an unknown role: \(String(describing: outcome.fault))")
        let python = try Self.python(directory.store)
        #expect(python.status == 0, "python refused an unknown role: \(python.output)")
        // A writer opens it too: the store checks bytes, not the vocabulary.
        let ledger = try Ledger(directory: directory.store)
        ledger.close()
        let error = try #require(throws: EventDecodingError.self) { try LedgerReader(directory: directory.store).readAll() }
        #expect(error == .unknownRole(role: "chiefWizard"))
        #expect(error.description.contains("chiefWizard") && error.description.contains("upgrade CaseLedger"))
        // The fold behind every query refuses it too, naming the event, also on its fast path
        // (which reads no role unless it checks one).
        let folded = try #require(throws: FoldDecodingError.self) { try AuditLedger(storeDirectory: directory.store) }
        #expect(folded.sequence == 1)
        #expect(folded.description.contains("chiefWizard"), "\(folded)")
    }
}
