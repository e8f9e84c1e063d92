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

/// The tree against published RFC 6962 vectors, then seeded property tests against a naive
/// reference, in Swift and through the Python verifiers in `tools/`.
///
/// Vectors: transparency-dev/merkle (the Go reference for RFC 6962 / RFC 9162 trees),
/// `testonly/constants.go` (leaf inputs, roots for sizes 0…8) and `proof/verify_test.go`
/// (inclusion and consistency proofs), https://github.com/transparency-dev/merkle. Inclusion
/// vectors there use 1-based leaves (leaf index = leaf − 1); sizes are tree sizes.
@Suite("Merkle tree")
struct MerkleTreeTests {
    static let leafInputs: [[UInt8]] = ["", "00", "10", "2021", "3031", "40414243", "5051525354555657",
                                        "606162636465666768696a6b6c6d6e6f"].map(bytes(hex:))
    static let roots = [
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
        "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
        "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
        "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
        "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
        "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
    ]
    /// (leaf, size, proof): leaf is 1-based as published.
    static let inclusionVectors: [(UInt64, UInt64, [String])] = [
        (1, 1, []),
        (1, 8, ["96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
                "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"]),
        (6, 8, ["bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
                "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
                "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"]),
        (3, 3, ["fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"]),
        (2, 5, ["6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
                "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"]),
    ]
    static let consistencyVectors: [(UInt64, UInt64, [String])] = [
        (1, 1, []),
        (1, 8, ["96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
                "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"]),
        (6, 8, ["0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
                "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
                "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"]),
        (2, 5, ["5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"]),
        (6, 7, ["0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
                "b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f",
                "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"]),
    ]

    static func bytes(hex: String) -> [UInt8] {
        var result: [UInt8] = []
        var index = hex.startIndex
        while index < hex.endIndex {
            let next = hex.index(index, offsetBy: 2)
            result.append(UInt8(hex[index..<next], radix: 16)!)
            index = next
        }
        return result
    }

    static func digest(_ hex: String) -> SHA256Digest { SHA256Digest(hex: hex)! }

    static var vectorTree: MerkleTree { MerkleTree(leafHashes: leafInputs.map { MerkleTree.leafHash($0) }) }

    @Test("roots for tree sizes 0…8 match the published vectors")
    func publishedRoots() {
        let tree = Self.vectorTree
        for size in 0...8 {
            #expect(tree.rootHash(size: UInt64(size)).hex == Self.roots[size], "size \(size)")
        }
    }

    @Test("inclusion proofs match the published vectors, verify, and fail when corrupted")
    func publishedInclusionProofs() throws {
        let tree = Self.vectorTree
        for (leaf, size, expected) in Self.inclusionVectors {
            let proof = tree.inclusionProof(index: leaf - 1, size: size)
            #expect(proof.map(\.hex) == expected, "leaf \(leaf) size \(size)")
            let leafHash = MerkleTree.leafHash(Self.leafInputs[Int(leaf - 1)])
            let root = Self.digest(Self.roots[Int(size)])
            try MerkleTree.verifyInclusion(index: leaf - 1, size: size, leafHash: leafHash, proof: proof, root: root)
            for probe in Self.corruptedInclusions(index: leaf - 1, size: size, proof: proof) {
                #expect(throws: MerkleProofError.self, "leaf \(leaf) size \(size): \(probe.label) verified") {
                    try MerkleTree.verifyInclusion(index: probe.index, size: probe.size, leafHash: leafHash,
                                                   proof: probe.proof, root: root)
                }
            }
        }
    }

    @Test("consistency proofs match the published vectors, verify, and fail when corrupted")
    func publishedConsistencyProofs() throws {
        let tree = Self.vectorTree
        for (oldSize, newSize, expected) in Self.consistencyVectors {
            let proof = tree.consistencyProof(from: oldSize, to: newSize)
            #expect(proof.map(\.hex) == expected, "\(oldSize) → \(newSize)")
            let oldRoot = Self.digest(Self.roots[Int(oldSize)])
            let newRoot = Self.digest(Self.roots[Int(newSize)])
            try MerkleTree.verifyConsistency(oldSize: oldSize, newSize: newSize, oldRoot: oldRoot, newRoot: newRoot, proof: proof)
            guard !proof.isEmpty else { continue }
            for probe in Self.corruptedConsistencies(oldSize: oldSize, newSize: newSize, oldRoot: oldRoot, newRoot: newRoot, proof: proof) {
                #expect(throws: MerkleProofError.self, "\(oldSize) → \(newSize): \(probe.label) verified") {
                    try MerkleTree.verifyConsistency(oldSize: probe.oldSize, newSize: probe.newSize, oldRoot: probe.oldRoot,
                                                     newRoot: probe.newRoot, proof: probe.proof)
                }
            }
        }
    }

    /// A naive RFC 6962 MTH, straight from the definition, as the reference for property tests.
    static func referenceRoot(_ leaves: ArraySlice<SHA256Digest>) -> SHA256Digest {
        guard !leaves.isEmpty else { return MerkleTree.emptyRootHash }
        guard leaves.count > 1 else { return leaves.first! }
        let split = MerkleTree.largestPowerOfTwo(below: leaves.count)
        return MerkleTree.nodeHash(referenceRoot(leaves.prefix(split)), referenceRoot(leaves.dropFirst(split)))
    }

    @Test("property: every inclusion and consistency proof of random trees verifies; corrupted ones fail")
    func randomTrees() throws {
        let seed = UInt64(ProcessInfo.processInfo.environment["CASELEDGER_MERKLE_SEED"] ?? "") ?? 20_261_207
        print("Merkle property test: seed \(seed) (set CASELEDGER_MERKLE_SEED to repeat)")
        var random = SeededRandomNumberGenerator(seed: seed)
        var checkedProofs = 0
        var checkedProbes = 0
        for round in 0..<44 {
            let size = round < 34 ? round + 1 : Int(random.next() % 700) + 1
            let contentHashes = (0..<size).map { SHA256.hash(Array("seed \(seed) round \(round) leaf \($0)".utf8)) }
            let tree = MerkleTree(contentHashes: contentHashes)
            let leaves = contentHashes.map { MerkleTree.leafHash(contentHash: $0) }
            for newSize in 1...size where newSize == size || random.next() % 4 == 0 {
                let root = tree.rootHash(size: UInt64(newSize))
                #expect(root == Self.referenceRoot(leaves[0..<newSize]), "seed \(seed) size \(newSize)")
                for index in 0..<newSize where newSize < 40 || random.next() % 8 == 0 {
                    let proof = tree.inclusionProof(index: UInt64(index), size: UInt64(newSize))
                    try MerkleTree.verifyInclusion(index: UInt64(index), size: UInt64(newSize), leafHash: leaves[index],
                                                   proof: proof, root: root)
                    checkedProofs += 1
                    // Every proof is checked; the corruptions of one in eight (they are many, and slow to assert one by one).
                    guard random.next() % 8 == 0 else { continue }
                    for probe in Self.corruptedInclusions(index: UInt64(index), size: UInt64(newSize), proof: proof) {
                        checkedProbes += 1
                        #expect(throws: MerkleProofError.self, "seed \(seed) \(index)/\(newSize): \(probe.label)") {
                            try MerkleTree.verifyInclusion(index: probe.index, size: probe.size, leafHash: leaves[index],
                                                           proof: probe.proof, root: root)
                        }
                    }
                }
                for oldSize in 1...newSize where newSize < 40 || random.next() % 8 == 0 {
                    let proof = tree.consistencyProof(from: UInt64(oldSize), to: UInt64(newSize))
                    let oldRoot = tree.rootHash(size: UInt64(oldSize))
                    try MerkleTree.verifyConsistency(oldSize: UInt64(oldSize), newSize: UInt64(newSize), oldRoot: oldRoot,
                                                     newRoot: root, proof: proof)
                    checkedProofs += 1
                    guard !proof.isEmpty, random.next() % 8 == 0 else { continue }
                    for probe in Self.corruptedConsistencies(oldSize: UInt64(oldSize), newSize: UInt64(newSize),
                                                             oldRoot: oldRoot, newRoot: root, proof: proof) {
                        checkedProbes += 1
                        #expect(throws: MerkleProofError.self, "seed \(seed) \(oldSize)→\(newSize): \(probe.label)") {
                            try MerkleTree.verifyConsistency(oldSize: probe.oldSize, newSize: probe.newSize, oldRoot: probe.oldRoot,
                                                             newRoot: probe.newRoot, proof: probe.proof)
                        }
                    }
                }
            }
        }
        print("Merkle property test: seed \(seed), \(checkedProofs) proofs verified, \(checkedProbes) corruptions rejected")
    }

    @Test("the Python verifiers agree with the published vectors")
    func pythonVectors() throws {
        let script = """
            import base64, json, sys
            sys.path.insert(0, sys.argv[1])
            from verify_pack import root_from_inclusion
            from verify_consistency import verify_consistency
            import hashlib
            v = json.load(open(sys.argv[2]))
            leaves = [hashlib.sha256(b"\\x00" + bytes.fromhex(x)).digest() for x in v["leaves"]]
            roots = [bytes.fromhex(r) for r in v["roots"]]
            for leaf, size, proof in v["inclusion"]:
                assert root_from_inclusion(leaf - 1, size, leaves[leaf - 1], [bytes.fromhex(p) for p in proof]) == roots[size], (leaf, size)
                if proof:
                    bad = [bytes.fromhex(p) for p in proof]; bad[0] = bytes([bad[0][0] ^ 8]) + bad[0][1:]
                    assert root_from_inclusion(leaf - 1, size, leaves[leaf - 1], bad) != roots[size]
            for s1, s2, proof in v["consistency"]:
                verify_consistency(s1, s2, roots[s1], roots[s2], [bytes.fromhex(p) for p in proof])
                if proof:
                    try:
                        verify_consistency(s1, s2, roots[s2], roots[s1], [bytes.fromhex(p) for p in proof]); sys.exit("swapped roots verified")
                    except ValueError: pass
            print("ok", len(v["inclusion"]), len(v["consistency"]))
            """
        let directory = TemporaryDirectory("vectors")
        let vectors: [String: Any] = [
            "leaves": Self.leafInputs.map { $0.map { String(format: "%02x", $0) }.joined() },
            "roots": Self.roots,
            "inclusion": Self.inclusionVectors.map { [$0.0, $0.1, $0.2] as [Any] },
            "consistency": Self.consistencyVectors.map { [$0.0, $0.1, $0.2] as [Any] },
        ]
        let path = directory.path + "/vectors.json"
        try JSONSerialization.data(withJSONObject: vectors).write(to: URL(fileURLWithPath: path))
        let result = try EvidenceTestSupport.python(["-c", script, EvidenceTestSupport.toolsDirectory, path])
        #expect(result.status == 0, "\(result.output)")
        #expect(result.output.hasPrefix("ok 5 5"), "\(result.output)")
    }

    struct InclusionProbe {
        var label: String
        var index: UInt64
        var size: UInt64
        var proof: [SHA256Digest]
    }

    /// The corruptions transparency-dev's verifier tests apply: wrong index, wrong size, extra,
    /// missing or changed hashes.
    static func corruptedInclusions(index: UInt64, size: UInt64, proof: [SHA256Digest]) -> [InclusionProbe] {
        let other = SHA256.hash(Array("not a node".utf8))
        var probes = [
            InclusionProbe(label: "index + 1", index: index + 1, size: size, proof: proof),
            InclusionProbe(label: "size * 2", index: index, size: size * 2, proof: proof),
            InclusionProbe(label: "trailing hash", index: index, size: size, proof: proof + [other]),
            InclusionProbe(label: "preceding hash", index: index, size: size, proof: [other] + proof),
        ]
        if index > 0 { probes.append(InclusionProbe(label: "index - 1", index: index - 1, size: size, proof: proof)) }
        if size / 2 > index { probes.append(InclusionProbe(label: "size / 2", index: index, size: size / 2, proof: proof)) }
        if (index ^ 2) < size, proof.count > 1 {
            probes.append(InclusionProbe(label: "index ^ 2", index: index ^ 2, size: size, proof: proof))
        }
        for position in proof.indices {
            var changed = proof
            var bytes = changed[position].bytes
            bytes[0] ^= 8
            changed[position] = SHA256Digest(bytes: bytes)
            probes.append(InclusionProbe(label: "proof[\(position)] bit 3", index: index, size: size, proof: changed))
        }
        if !proof.isEmpty { probes.append(InclusionProbe(label: "removed hash", index: index, size: size, proof: proof.dropLast())) }
        return probes
    }

    struct ConsistencyProbe {
        var label: String
        var oldSize: UInt64
        var newSize: UInt64
        var oldRoot: SHA256Digest
        var newRoot: SHA256Digest
        var proof: [SHA256Digest]
    }

    static func corruptedConsistencies(oldSize: UInt64, newSize: UInt64, oldRoot: SHA256Digest, newRoot: SHA256Digest,
                                       proof: [SHA256Digest]) -> [ConsistencyProbe] {
        let other = SHA256.hash(Array("not a root".utf8))
        var probes = [
            ConsistencyProbe(label: "old size + 1", oldSize: oldSize + 1, newSize: newSize, oldRoot: oldRoot, newRoot: newRoot, proof: proof),
            ConsistencyProbe(label: "new size * 2", oldSize: oldSize, newSize: newSize * 2, oldRoot: oldRoot, newRoot: newRoot, proof: proof),
            ConsistencyProbe(label: "wrong old root", oldSize: oldSize, newSize: newSize, oldRoot: other, newRoot: newRoot, proof: proof),
            ConsistencyProbe(label: "wrong new root", oldSize: oldSize, newSize: newSize, oldRoot: oldRoot, newRoot: other, proof: proof),
            ConsistencyProbe(label: "swapped roots", oldSize: oldSize, newSize: newSize, oldRoot: newRoot, newRoot: oldRoot, proof: proof),
            ConsistencyProbe(label: "empty proof", oldSize: oldSize, newSize: newSize, oldRoot: oldRoot, newRoot: newRoot, proof: []),
            ConsistencyProbe(label: "trailing hash", oldSize: oldSize, newSize: newSize, oldRoot: oldRoot, newRoot: newRoot, proof: proof + [oldRoot]),
            ConsistencyProbe(label: "preceding hash", oldSize: oldSize, newSize: newSize, oldRoot: oldRoot, newRoot: newRoot, proof: [newRoot] + proof),
            ConsistencyProbe(label: "truncated", oldSize: oldSize, newSize: newSize, oldRoot: oldRoot, newRoot: newRoot, proof: proof.dropLast()),
        ]
        if oldSize > 1 {
            probes.append(ConsistencyProbe(label: "old size - 1", oldSize: oldSize - 1, newSize: newSize, oldRoot: oldRoot, newRoot: newRoot, proof: proof))
        }
        for position in proof.indices {
            var changed = proof
            var bytes = changed[position].bytes
            bytes[0] ^= 16
            changed[position] = SHA256Digest(bytes: bytes)
            probes.append(ConsistencyProbe(label: "proof[\(position)] bit 4", oldSize: oldSize, newSize: newSize, oldRoot: oldRoot, newRoot: newRoot, proof: changed))
        }
        return probes
    }
}
