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

/// `checkpoint`, `prove`, `consistency` and `verify --since`, run as the built binary on real
/// files, with every pack and proof checked by the Python verifiers in `tools/`.
@Suite("evidence commands")
struct EvidenceCommandTests {
    static func caseledger(_ arguments: [String]) throws -> ChildProcess.Result {
        try ChildProcess.run("caseledger", arguments)
    }

    @discardableResult
    static func run(_ arguments: [String], _ comment: String = "") throws -> ChildProcess.Result {
        let result = try caseledger(arguments)
        #expect(result.status == 0, "\(arguments) \(comment): \(result.standardOutput)\(result.standardError)")
        return result
    }

    /// A small ledger of case notes (cases C0…C6, sizes cycling 1…5 per batch).
    static func makeStore(batchCount: Int = 30) throws -> TemporaryDirectory {
        let directory = TemporaryDirectory("evidence")
        try StoreFixtures.fill(directory.store, batchCount: batchCount, segmentSizeBytesMax: 8_192)
        return directory
    }

    static func lines(_ path: String) throws -> [[UInt8]] {
        var rows = try StoreFixtures.bytes(path).split(separator: 0x0A, omittingEmptySubsequences: false).map(Array.init)
        #expect(rows.removeLast().isEmpty)
        return rows
    }

    static func write(lines: [[UInt8]], to path: String) throws {
        try StoreFixtures.write(lines.flatMap { $0 + [0x0A] }, to: path)
    }

    @Test("checkpoint prints origin, size and base64 root; verify prints the same checkpoint and what it proved")
    func checkpointAndVerify() throws {
        let directory = try Self.makeStore()
        let checkpoint = try Self.run(["checkpoint", "--store", directory.store]).standardOutput
        let parsed = try Checkpoint(parsing: checkpoint)
        #expect(checkpoint == parsed.text)
        #expect(parsed.size == 90)
        #expect(parsed.origin.hasPrefix("caseledger/"))
        let index = try LedgerTreeIndex.open(directory: directory.store)
        #expect(parsed.rootHash == index.tree.rootHash(size: 90))
        let verify = try Self.run(["verify", "--store", directory.store]).standardOutput
        #expect(verify.contains("\n" + checkpoint))
        #expect(verify.contains("self-consistent"))
        #expect(verify.contains("Only a digest or checkpoint noted earlier"))
        let named = try Self.run(["checkpoint", "--store", directory.store, "--origin", "example.org/authority/log"]).standardOutput
        #expect(named.hasPrefix("example.org/authority/log\n90\n"))
    }

    @Test("a pack verifies in Python; a changed byte in any line, a dropped line, a reordered pair and a proof for the wrong index fail, naming the place")
    func packTampering() throws {
        let directory = try Self.makeStore()
        let pack = directory.path + "/C1.pack"
        try Self.run(["prove", "C1", "--store", directory.store, "--output", pack])
        let good = try EvidenceTestSupport.verifyPack(pack)
        #expect(good.status == 0, "\(good.output)")
        #expect(good.output.hasPrefix("verified: "))
        let rows = try Self.lines(pack)
        #expect(rows.count >= 8)
        let seed = UInt64(ProcessInfo.processInfo.environment["CASELEDGER_PACK_SEED"] ?? "") ?? 20_261_207
        print("pack tampering: seed \(seed)")
        var random = SeededRandomNumberGenerator(seed: seed)
        let tampered = directory.path + "/tampered.pack"
        // A changed bit anywhere in every record line.
        for row in 1..<rows.count {
            for _ in 0..<3 {
                var changed = rows
                let position = Int(random.next() % UInt64(changed[row].count))
                changed[row][position] ^= UInt8(1 << (random.next() % 8))
                try Self.write(lines: changed, to: tampered)
                let result = try EvidenceTestSupport.verifyPack(tampered)
                #expect(result.status == 1, "seed \(seed): bit flip at pack line \(row + 1) byte \(position) passed")
                #expect(result.output.contains("pack line \(row + 1)"), "seed \(seed): \(result.output)")
            }
        }
        // A dropped line.
        var dropped = rows
        dropped.remove(at: 4)
        try Self.write(lines: dropped, to: tampered)
        let droppedResult = try EvidenceTestSupport.verifyPack(tampered)
        #expect(droppedResult.status == 1)
        #expect(droppedResult.output.contains("a line was dropped or added"), "\(droppedResult.output)")
        // A reordered pair.
        var reordered = rows
        reordered.swapAt(3, 4)
        try Self.write(lines: reordered, to: tampered)
        let reorderedResult = try EvidenceTestSupport.verifyPack(tampered)
        #expect(reorderedResult.status == 1)
        #expect(reorderedResult.output.contains("pack line 5"), "\(reorderedResult.output)")
        #expect(reorderedResult.output.contains("out of order"), "\(reorderedResult.output)")
        // A proof for the wrong index: two lines' proofs swapped.
        var objects = try rows.map { try #require(try JSONSerialization.jsonObject(with: Data($0)) as? [String: Any]) }
        let proof2 = objects[2]["inclusionProof"]
        objects[2]["inclusionProof"] = objects[3]["inclusionProof"]
        objects[3]["inclusionProof"] = proof2
        var wrongIndex = rows
        wrongIndex[2] = Array(try JSONSerialization.data(withJSONObject: objects[2]))
        try Self.write(lines: wrongIndex, to: tampered)
        let wrongIndexResult = try EvidenceTestSupport.verifyPack(tampered)
        #expect(wrongIndexResult.status == 1)
        #expect(wrongIndexResult.output.contains("inclusion proof at pack line 3"), "\(wrongIndexResult.output)")
        // A changed checkpoint in the header: every proof then fails, at the first line.
        var header = objects[0]
        let checkpoint = try Checkpoint(parsing: try #require(header["checkpoint"] as? String))
        header["checkpoint"] = Checkpoint(origin: checkpoint.origin, size: checkpoint.size,
                                          rootHash: SHA256.hash(Array("forged".utf8))).text
        var forged = rows
        forged[0] = Array(try JSONSerialization.data(withJSONObject: header))
        try Self.write(lines: forged, to: tampered)
        let forgedResult = try EvidenceTestSupport.verifyPack(tampered)
        #expect(forgedResult.status == 1)
        #expect(forgedResult.output.contains("pack line 2"), "\(forgedResult.output)")
    }

    @Test("prove --checkpoint proves against a tree head the recipient already trusts; a foreign one is refused")
    func proveAgainstTrustedCheckpoint() throws {
        let directory = try Self.makeStore(batchCount: 10)
        let trusted = directory.path + "/trusted.checkpoint"
        try Self.run(["checkpoint", "--store", directory.store, "--output", trusted])
        try StoreFixtures.fill(directory.store, batchCount: 10)
        let pack = directory.path + "/C2.pack"
        try Self.run(["prove", "C2", "--store", directory.store, "--checkpoint", trusted, "--output", pack])
        let result = try EvidenceTestSupport.verifyPack(pack, checkpoint: trusted)
        #expect(result.status == 0, "\(result.output)")
        #expect(result.output.contains("tree size 30"), "\(result.output)")
        // Today's pack is against another tree head than the trusted one.
        let today = directory.path + "/today.pack"
        try Self.run(["prove", "C2", "--store", directory.store, "--output", today])
        let mismatch = try EvidenceTestSupport.verifyPack(today, checkpoint: trusted)
        #expect(mismatch.status == 1)
        #expect(mismatch.output.contains("not the trusted checkpoint"), "\(mismatch.output)")
        // A checkpoint of another log is refused by prove itself.
        let other = TemporaryDirectory("evidence")
        let ledger = try StoreFixtures.openLedger(other.store)
        let notes = (0..<40).map { StoreFixtures.note("C2", "another authority's note \($0)") }
        try ledger.append(notes, expecting: StoreFixtures.anyExpectations(notes))
        ledger.close()
        let foreign = other.path + "/foreign.checkpoint"
        try Self.run(["checkpoint", "--store", other.store, "--output", foreign])
        let refused = try Self.caseledger(["prove", "C2", "--store", directory.store, "--checkpoint", foreign, "--output", pack])
        #expect(refused.status == 1, "\(refused.standardError)")
        #expect(refused.standardError.contains("rewritten, or the checkpoint is of another log"), "\(refused.standardError)")
    }

    @Test("consistency between every pair of 20 checkpoints taken during a history, in Swift, the CLI and Python")
    func twentyCheckpoints() throws {
        let directory = TemporaryDirectory("evidence")
        var checkpoints: [(path: String, checkpoint: Checkpoint)] = []
        for round in 0..<20 {
            try StoreFixtures.fill(directory.store, batchCount: round % 4 + 1, segmentSizeBytesMax: 8_192)
            let path = directory.path + "/checkpoint-\(round)"
            try Self.run(["checkpoint", "--store", directory.store, "--output", path])
            checkpoints.append((path, try Checkpoint(contentsOf: path)))
        }
        var pairs: [[String]] = []
        for older in 0..<20 {
            for newer in older..<20 {
                let old = checkpoints[older].checkpoint
                let new = checkpoints[newer].checkpoint
                let made = try ConsistencyProof.make(directory: directory.store, from: old, to: new)
                try MerkleTree.verifyConsistency(oldSize: old.size, newSize: new.size, oldRoot: old.rootHash,
                                                 newRoot: new.rootHash, proof: made.proof.hashes)
                let proofPath = directory.path + "/proof-\(older)-\(newer)"
                try EvidenceTestSupport.write(made.proof.text, to: proofPath)
                pairs.append([checkpoints[older].path, checkpoints[newer].path, proofPath])
            }
        }
        // All 210 pairs (190 distinct, 20 equal) through the Python command-line verifier, in one process.
        let script = """
            import subprocess, sys, json
            for old, new, proof in json.load(open(sys.argv[2])):
                r = subprocess.run([sys.executable, sys.argv[1], old, new, proof], capture_output=True, text=True)
                if r.returncode != 0: sys.exit(f"{old} {new}: {r.stdout}")
            print("ok")
            """
        let pairsPath = directory.path + "/pairs.json"
        try JSONSerialization.data(withJSONObject: pairs).write(to: URL(fileURLWithPath: pairsPath))
        let python = try EvidenceTestSupport.python(["-c", script, EvidenceTestSupport.toolsDirectory + "/verify_consistency.py", pairsPath])
        #expect(python.status == 0, "\(python.output)")
        // The CLI: verify --since every checkpoint, and consistency for a few pairs.
        for (path, checkpoint) in checkpoints {
            let since = try Self.run(["verify", "--store", directory.store, "--since", path])
            #expect(since.standardOutput.hasPrefix("consistent: tree size \(checkpoints[19].checkpoint.size) extends the checkpoint of tree size \(checkpoint.size)"))
        }
        for (older, newer) in [(0, 19), (3, 11), (7, 8)] {
            let proofPath = directory.path + "/cli-proof"
            try Self.run(["consistency", "--store", directory.store, "--from", checkpoints[older].path, "--to", checkpoints[newer].path,
                          "--output", proofPath])
            let check = try EvidenceTestSupport.verifyConsistency(old: checkpoints[older].path, new: checkpoints[newer].path, proof: proofPath)
            #expect(check.status == 0, "\(check.output)")
            // The pair the other way round is refused.
            let backwards = try EvidenceTestSupport.verifyConsistency(old: checkpoints[newer].path, new: checkpoints[older].path, proof: proofPath)
            #expect(backwards.status == 1)
        }
    }

    /// Rewrites one event's text in place and recomputes every content hash and chain value
    /// after it, as someone covering their tracks would.
    static func rewriteHistory(_ store: String, sequence target: UInt64) throws {
        var chain = LedgerFormat.genesis
        for name in try StoreFixtures.segments(store) {
            let path = store + "/" + name
            var rows = try lines(path)
            for row in rows.indices {
                var content = Array(rows[row][9..<(rows[row].count - 152)])
                let text = String(decoding: content, as: UTF8.self)
                if text.hasPrefix(#"{"sequence":\#(target),"#) {
                    content = Array(text.replacingOccurrences(of: " item ", with: " rewritten item ").utf8)
                    #expect(content != Array(text.utf8))
                }
                let hash = SHA256.hash(content)
                chain = SHA256.chain(previous: chain, content: hash)
                rows[row] = Array(#"{"event":"#.utf8) + content + Array(#","sha256":"\#(hash.hex)","chain":"\#(chain.hex)"}"#.utf8)
            }
            try write(lines: rows, to: path)
        }
    }

    @Test("a rewritten, re-hashed history verifies as self-consistent but fails consistency against an earlier checkpoint")
    func rewrittenHistoryFails() throws {
        let directory = try Self.makeStore(batchCount: 20)
        let noted = directory.path + "/noted.checkpoint"
        try Self.run(["checkpoint", "--store", directory.store, "--output", noted])
        try StoreFixtures.fill(directory.store, batchCount: 5)
        try Self.rewriteHistory(directory.store, sequence: 17)
        // The writer's next open sees the sidecar no longer matches the (re-hashed) log and rebuilds it.
        let writer = try StoreFixtures.openLedger(directory.store)
        #expect(writer.treeRepair == .differs(sequence: 17))
        writer.close()
        let verify = try Self.run(["verify", "--store", directory.store])
        #expect(verify.standardOutput.hasPrefix("intact: "))
        #expect(verify.standardOutput.contains("Only a digest or checkpoint noted earlier"))
        let since = try Self.caseledger(["verify", "--store", directory.store, "--since", noted])
        #expect(since.status == 1)
        #expect(since.standardOutput.hasPrefix("FAILED: "), "\(since.standardOutput)")
        #expect(since.standardOutput.contains("rewritten"), "\(since.standardOutput)")
        let consistency = try Self.caseledger(["consistency", "--store", directory.store, "--from", noted])
        #expect(consistency.status == 1, "\(consistency.standardError)")
        let prove = try Self.caseledger(["prove", "C1", "--store", directory.store, "--checkpoint", noted, "--output",
                                         directory.path + "/p"])
        #expect(prove.status == 1, "\(prove.standardError)")
    }

    @Test("packs for 50 random demo cases verify in Python; prove's time after open is measured")
    func fiftyDemoCases() throws {
        let directory = TemporaryDirectory("evidence-demo")
        try Self.run(["demo", "--store", directory.store] + DemoCommandTests.goldenArguments)
        let opened = Date()
        let index = try LedgerTreeIndex.open(directory: directory.store)
        let openSeconds = Date().timeIntervalSince(opened)
        let cases = index.lines.keys.filter { $0.rawValue.hasPrefix("case/") }.map { String($0.rawValue.dropFirst(5)) }.sorted()
        #expect(cases.count >= 50)
        let seed: UInt64 = 50
        var random = SeededRandomNumberGenerator(seed: seed)
        var chosen = Set<String>()
        while chosen.count < min(50, cases.count) { chosen.insert(cases[Int(random.next() % UInt64(cases.count))]) }
        var paths: [String] = []
        var secondsMax = 0.0
        for caseId in chosen.sorted() {
            let started = Date()
            let pack = try EvidencePack.make(index: index, caseId: caseId)
            let text = pack.text
            secondsMax = max(secondsMax, Date().timeIntervalSince(started))
            #expect(!pack.entries.isEmpty)
            let path = directory.path + "/\(caseId).pack"
            try EvidenceTestSupport.write(text, to: path)
            paths.append(path)
        }
        print("demo evidence packs: seed \(seed), \(paths.count) cases of \(cases.count), log of \(index.tree.size) events; open (scan + tree) \(Int(openSeconds * 1000)) ms, slowest pack \(String(format: "%.1f", secondsMax * 1000)) ms (debug build)")
        let script = """
            import sys
            sys.path.insert(0, sys.argv[1])
            from verify_pack import verify
            for path in sys.argv[2:]:
                result = verify(path)
                if isinstance(result, str): sys.exit(f"{path}: {result}")
            print("ok", len(sys.argv) - 2)
            """
        let result = try EvidenceTestSupport.python(["-c", script, EvidenceTestSupport.toolsDirectory] + paths)
        #expect(result.status == 0, "\(result.output)")
        #expect(result.output.hasPrefix("ok \(paths.count)"), "\(result.output)")
        // And one through the CLI, as a recipient would get it.
        let cliPack = directory.path + "/cli.pack"
        try Self.run(["prove", cases[0], "--store", directory.store, "--output", cliPack])
        let cli = try EvidenceTestSupport.verifyPack(cliPack)
        #expect(cli.status == 0, "\(cli.output)")
    }
}
