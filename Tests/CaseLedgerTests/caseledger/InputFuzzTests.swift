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

/// Seeded fuzzing of `apply` lines and CSV import files through the real binary (issue 17): no
/// crash, a clear refusal (exit 65 naming the line) and a log unchanged byte for byte, or an
/// honest success. Bounded by time, so it costs a few seconds. Replay with
/// `CASELEDGER_FUZZ_SEED=<seed printed> swift test --filter InputFuzzTests`.
@Suite("Input fuzzing (apply and import)", .serialized)
struct InputFuzzTests {
    static let seed: UInt64 = {
        let seed = UInt64(ProcessInfo.processInfo.environment["CASELEDGER_FUZZ_SEED"] ?? "")
            ?? UInt64(Date().timeIntervalSince1970 * 1000) % 1_000_000_007
        print("input fuzz seed: \(seed) (set CASELEDGER_FUZZ_SEED to replay)")
        return seed
    }()

    static let seedLines = [
        #"{"command":"recordCaseNote","caseId":"C1","text":"seen at home","actor":"W1","at":"2024-03-03T10:00:00Z"}"#,
        #"{"command":"allocate","caseId":"C1","workerId":"W1","reason":"newReferral","rationale":"r","tasks":[{"description":"Visit","dueDate":"2024-03-05"}],"discussedWithWorker":true,"justifications":{"CAP":"x"},"actor":"TM","at":"2024-03-03T10:00:00Z"}"#,
        #"{"command":"refer","caseId":"C9","referralId":"R9","familyId":"F9","teamId":"T1","category":"childInNeed","flags":[],"source":"school","actor":"TM","at":"2024-03-04T09:00:00Z"}"#,
    ]

    static let insertions: [[UInt8]] = [
        Array(#"""#.utf8), Array(#"\"#.utf8), Array("{".utf8), Array("}".utf8), Array(",".utf8), Array(":".utf8),
        Array(#""actor":"TM","#.utf8), Array(#""at":1,"#.utf8), Array("../".utf8), Array(#"\u0000"#.utf8), Array(#"\ud800"#.utf8),
        [0xFF], [0xC3], [0x00], [0x1B], [0x0D], Array("null".utf8), Array("1e999".utf8), Array("-0".utf8), Array(" ".utf8),
    ]

    static func mutate(_ line: String, using random: inout SeededRandomNumberGenerator) -> [UInt8] {
        var bytes = Array(line.utf8)
        for _ in 0..<Int.random(in: 1...3, using: &random) {
            let position = Int.random(in: 0...bytes.count, using: &random)
            switch Int.random(in: 0..<3, using: &random) {
            case 0: bytes.insert(contentsOf: insertions[Int.random(in: 0..<insertions.count, using: &random)], at: position)
            case 1 where position < bytes.count: bytes.remove(at: position)
            default: if position < bytes.count { bytes[position] = UInt8.random(in: 0...255, using: &random) }
            }
        }
        return bytes
    }

    @Test("mutated apply lines: no crash; a refusal names its line and leaves the log unchanged")
    func applyLines() throws {
        var random = SeededRandomNumberGenerator(seed: Self.seed)
        let directory = try HardeningFixtures.makeStore("fuzz-apply")
        let path = directory.path + "/fuzz.jsonl"
        let deadline = Date().addingTimeInterval(4)
        var runs = 0
        var refusals = 0
        while Date() < deadline || runs < 5 {
            runs += 1
            let line = Self.mutate(Self.seedLines[Int.random(in: 0..<Self.seedLines.count, using: &random)], using: &random)
            let bytes = Array((Self.seedLines[0] + "\n").utf8) + line + [0x0A]
            try StoreFixtures.write(bytes, to: path)
            let before = try HardeningFixtures.storeBytes(directory)
            let result = try HardeningFixtures.run(directory, ["apply", path])
            let context = "seed \(Self.seed) run \(runs): \(String(decoding: line, as: UTF8.self).debugDescription) → \(result.status) \(result.standardError)"
            #expect(result.status == 0 || result.status == 65, "\(context)")
            if result.status != 0 {
                refusals += 1
                #expect(result.standardError.contains("line ") || result.standardError.contains("refused"), "\(context)")
                #expect(!result.standardError.utf8.contains(0x1B), "\(context)")
                #expect(try HardeningFixtures.storeBytes(directory) == before, "\(context)")
            }
        }
        #expect(refusals > 0, "seed \(Self.seed): no mutation was refused in \(runs) runs")
        #expect(try LedgerVerifier.verify(directory: directory.store).isIntact)
    }

    @Test("mutated CSV exports: no crash; a refused import leaves the log unchanged")
    func importFiles() throws {
        var random = SeededRandomNumberGenerator(seed: Self.seed &+ 1)
        let directory = try HardeningFixtures.makeStore("fuzz-import")
        let original = Array(ImportFixtures.export(ImportFixtures.rows(holding: "CW"), preset: "ssd").utf8)
        let deadline = Date().addingTimeInterval(4)
        var runs = 0
        while Date() < deadline || runs < 5 {
            runs += 1
            var bytes = original
            for _ in 0..<Int.random(in: 1...6, using: &random) {
                let position = Int.random(in: 0..<bytes.count, using: &random)
                switch Int.random(in: 0..<3, using: &random) {
                case 0: bytes.insert(contentsOf: [[0x22], [0x2C], [0x0D], [0x0A], [0xFF], Array("=1+1".utf8), Array("1900-01-01".utf8)][Int.random(in: 0..<7, using: &random)], at: position)
                case 1: bytes.remove(at: position)
                default: bytes[position] = UInt8.random(in: 0...255, using: &random)
                }
            }
            let path = directory.path + "/fuzz-\(runs).csv"
            try StoreFixtures.write(bytes, to: path)
            let before = try HardeningFixtures.storeBytes(directory)
            let result = try HardeningFixtures.run(directory, ["import", path, "--preset", "ssd", "--actor", "HOS"])
            let context = "seed \(Self.seed &+ 1) run \(runs) → \(result.status) \(result.standardError)"
            #expect(result.status == 0 || result.status == 65, "\(context)")
            if result.status != 0 {
                #expect(!result.standardError.isEmpty || result.standardOutput.contains("refused"), "\(context)")
                #expect(try HardeningFixtures.storeBytes(directory) == before, "\(context)")
            }
        }
        #expect(try LedgerVerifier.verify(directory: directory.store).isIntact)
    }

    @Test("random bytes through the strict JSON parser: a value or a StrictJSONError, never a crash")
    func strictParser() {
        var random = SeededRandomNumberGenerator(seed: Self.seed &+ 2)
        for _ in 0..<20_000 {
            let base = Array(Self.seedLines[Int.random(in: 0..<Self.seedLines.count, using: &random)].utf8)
            var bytes = Array(base.prefix(Int.random(in: 0...base.count, using: &random)))
            if Bool.random(using: &random) { bytes += Self.insertions[Int.random(in: 0..<Self.insertions.count, using: &random)] }
            do { _ = try StrictJSON.parse(bytes) } catch { #expect(!error.description.isEmpty) }
        }
    }
}
