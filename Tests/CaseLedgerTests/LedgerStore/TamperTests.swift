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

/// Every kind of tampering is detected by `verify` with the right place, and the independent
/// Python verifier agrees.
@Suite("Tamper detection")
struct TamperTests {
    /// A log of 40 batches (120 events) over several small segments.
    static func makeLog() throws -> (TemporaryDirectory, LedgerDigest, [String]) {
        let directory = TemporaryDirectory("tamper")
        let digest = try StoreFixtures.fill(directory.store, batchCount: 40, segmentSizeBytesMax: 8_192)
        return (directory, digest, try StoreFixtures.segments(directory.store))
    }

    static func segmentLines(_ path: String) throws -> [[UInt8]] {
        try StoreFixtures.bytes(path).split(separator: 0x0A, omittingEmptySubsequences: false).dropLast().map(Array.init)
    }

    static func writeLines(_ lines: [[UInt8]], to path: String) throws {
        try StoreFixtures.write(lines.flatMap { $0 + [0x0A] }, to: path)
    }

    static func pythonVerify(_ directory: String, digest: LedgerDigest? = nil) throws -> (Bool, String) {
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().path + "/tools/verify_ledger.py"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script, directory] + (digest.map { [$0.description] } ?? [])
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus == 0, output)
    }

    @Test("an intact log verifies in Swift and in Python with the same head")
    func intact() throws {
        let (directory, digest, names) = try Self.makeLog()
        #expect(names.count >= 3)
        let report = try LedgerVerifier.verify(directory: directory.store, digest: digest)
        #expect(report.isIntact)
        let (ok, output) = try Self.pythonVerify(directory.store, digest: digest)
        #expect(ok, "\(output)")
        #expect(output.contains(digest.description))
    }

    /// Flipping one byte anywhere in any segment is detected, at the line that holds it.
    @Test("a single-byte flip anywhere is detected at its line", arguments: [0, 1, 2, 3, 5, 8, 13, 21, 34, 55, 89, 97])
    func singleByteFlip(seed: Int) throws {
        let (directory, _, names) = try Self.makeLog()
        var random = SeededRandomNumberGenerator(seed: UInt64(seed))
        let name = names[Int(random.next() % UInt64(names.count))]
        let path = directory.store + "/" + name
        var bytes = try StoreFixtures.bytes(path)
        let position = Int(random.next() % UInt64(bytes.count))
        bytes[position] ^= UInt8(1 << (random.next() % 8))
        try StoreFixtures.write(bytes, to: path)
        let lineStart = bytes[..<position].lastIndex(of: 0x0A).map { $0 + 1 } ?? 0
        let report = try LedgerVerifier.verify(directory: directory.store)
        let fault = try #require(report.fault, "seed \(seed): flip at \(name)+\(position) not detected")
        #expect(fault.segment == name, "seed \(seed)")
        // The fault is at the flipped line, or (when the flip created or destroyed a newline) the line before.
        #expect(fault.byteOffset <= position && fault.byteOffset >= lineStart - 1_000, "seed \(seed): \(fault)")
        let (ok, output) = try Self.pythonVerify(directory.store)
        #expect(!ok, "python missed seed \(seed): \(output)")
        #expect(output.contains(name), "\(output)")
        // A writer refuses to open on damage, except a last line whose frame no longer parses:
        // that looks like a torn write and is quarantined (and reported), never dropped.
        let lastLineStart = try StoreFixtures.bytes(directory.store + "/" + names[names.count - 1]).dropLast()
            .lastIndex(of: 0x0A).map { $0 + 1 } ?? 0
        let isLastLine = name == names.last && fault.byteOffset >= lastLineStart
        do {
            let ledger = try StoreFixtures.openLedger(directory.store, segmentSizeBytesMax: 8_192)
            #expect(isLastLine, "seed \(seed): opened despite \(fault)")
            #expect(ledger.recovery.count == 1)
            ledger.close()
        } catch {
            #expect(error is LedgerError)
        }
    }

    enum LineEdit: String, CaseIterable, CustomTestStringConvertible {
        case deleteLine, insertLine, swapLines, truncateSegmentAtLine, removeMiddleSegment

        var testDescription: String { rawValue }
    }

    @Test("removed, inserted, reordered lines and truncated or missing segments are located", arguments: LineEdit.allCases)
    func lineEdits(edit: LineEdit) throws {
        let (directory, digest, names) = try Self.makeLog()
        let name = names[1]
        let path = directory.store + "/" + name
        var lines = try Self.segmentLines(path)
        let firstSequence = try #require(LedgerFormat.firstSequence(ofSegmentFileName: name))
        let index = 2
        let expectedSequence = firstSequence + UInt64(index)
        switch edit {
        case .deleteLine:
            lines.remove(at: index)
        case .insertLine:
            lines.insert(lines[index + 1], at: index)
        case .swapLines:
            lines.swapAt(index, index + 1)
        case .truncateSegmentAtLine:
            lines.removeSubrange(index...)
        case .removeMiddleSegment:
            try FileManager.default.removeItem(atPath: path)
        }
        if edit != .removeMiddleSegment { try Self.writeLines(lines, to: path) }
        let report = try LedgerVerifier.verify(directory: directory.store)
        let fault = try #require(report.fault, "\(edit) not detected")
        switch edit {
        case .deleteLine, .insertLine, .swapLines:
            #expect(fault.segment == name)
            #expect(fault.sequence == expectedSequence, "\(fault)")
        case .truncateSegmentAtLine:
            // Either the truncated segment now ends mid-batch, or (cut at a batch boundary) the
            // next segment starts after a gap.
            #expect(fault.segment == name || fault.segment == names[2], "\(fault)")
            #expect(fault.sequence <= expectedSequence && fault.sequence >= firstSequence, "\(fault)")
        case .removeMiddleSegment:
            #expect(fault.segment == names[2], "\(fault)")
            #expect(fault.sequence == firstSequence, "\(fault)")
        }
        let (ok, output) = try Self.pythonVerify(directory.store)
        #expect(!ok, "python missed \(edit): \(output)")
        _ = digest
    }

    @Test("removing the last segment or truncating at a batch boundary is caught by an earlier digest")
    func truncationCaughtByDigest() throws {
        let (directory, digest, names) = try Self.makeLog()
        try FileManager.default.removeItem(atPath: directory.store + "/" + names[names.count - 1])
        // Without the digest the shorter log is self-consistent ...
        #expect(try LedgerVerifier.verify(directory: directory.store).isIntact)
        // ... with it, the truncation is found.
        let report = try LedgerVerifier.verify(directory: directory.store, digest: digest)
        let fault = try #require(report.fault)
        guard case .digestMismatch(let sequence, _, let found) = fault.kind else {
            Issue.record("expected a digest mismatch, got \(fault)")
            return
        }
        #expect(sequence == digest.sequence)
        #expect(found == nil)
        let (ok, _) = try Self.pythonVerify(directory.store, digest: digest)
        #expect(!ok)
    }

    @Test("a consistently re-hashed rewrite still fails against a digest noted before it")
    func rewriteCaughtByDigest() throws {
        let (directory, _, _) = try Self.makeLog()
        let early = try #require(try LedgerReader(directory: directory.store).readAll().first { $0.envelope.sequence == 30 })
        let noted = LedgerDigest(sequence: 30, hash: early.chain)
        // Rebuild the whole log with one note's text changed, hashes recomputed: self-consistent.
        let events = try LedgerReader(directory: directory.store).readAll()
        let rewritten = TemporaryDirectory("rewrite")
        let ledger = try StoreFixtures.openLedger(rewritten.store, segmentSizeBytesMax: 8_192)
        var batch: [ProposedEvent] = []
        for stored in events {
            var event = stored.envelope.event
            if stored.envelope.sequence == 5, case .caseNoteRecorded(let note) = event {
                event = .caseNoteRecorded(CaseNoteRecorded(caseId: note.caseId, authorId: note.authorId,
                                                           noteKind: note.noteKind, text: "changed after the fact"))
            }
            batch.append(ProposedEvent(event: event, occurredAt: stored.envelope.occurredAt, actor: stored.envelope.actor))
            if stored.envelope.batch.isLast {
                try ledger.append(batch, expecting: StoreFixtures.anyExpectations(batch))
                batch = []
            }
        }
        ledger.close()
        #expect(try LedgerVerifier.verify(directory: rewritten.store).isIntact)
        let report = try LedgerVerifier.verify(directory: rewritten.store, digest: noted)
        let fault = try #require(report.fault)
        #expect(fault.sequence == 30)
        let (ok, _) = try Self.pythonVerify(rewritten.store, digest: noted)
        #expect(!ok)
    }
}
