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

/// Seeded fuzzing of the CSV reader and the importer: random and mutated input must never crash
/// or hang, and every failure must be a clear, typed error. Replay a failure with
/// `CASELEDGER_FUZZ_SEED=<seed printed> swift test --filter ImportFuzzTests`.
@Suite("Import fuzzing", .serialized)
struct ImportFuzzTests {
    static let seed: UInt64 = {
        let seed = UInt64(ProcessInfo.processInfo.environment["CASELEDGER_FUZZ_SEED"] ?? "")
            ?? UInt64(Date().timeIntervalSince1970 * 1000) % 1_000_000_007
        print("import fuzz seed: \(seed) (set CASELEDGER_FUZZ_SEED to replay)")
        return seed
    }()

    static let alphabet: [[UInt8]] = [
        [UInt8(ascii: "a")], [UInt8(ascii: "b")], [UInt8(ascii: "1")], [UInt8(ascii: ",")], [UInt8(ascii: ",")],
        [UInt8(ascii: "\"")], [UInt8(ascii: "\"")], [0x0D], [0x0A], [0x0D, 0x0A], [UInt8(ascii: " ")],
        [0xC3, 0xA9], [0xFF], [0xEF, 0xBB, 0xBF], [UInt8(ascii: "-")], [UInt8(ascii: "/")],
    ]

    /// Every outcome of reading, record by record: fields or the error.
    static func outcomes(_ reader: CSVReader, limit: Int) -> [String] {
        var result: [String] = []
        var record = CSVRecord()
        for _ in 0..<limit {
            do {
                guard try reader.readRecord(into: &record) else { return result }
                result.append("\(record.lineNumber):\(record.fields)")
            } catch {
                result.append("error \(error)")
                #expect(!error.description.isEmpty)
                if !error.isRecoverable { return result }
            }
        }
        Issue.record("the reader did not finish within \(limit) records: a hang")
        return result
    }

    @Test("random bytes: the reader never crashes or hangs, and chunked reading agrees with reading at once")
    func randomBytes() throws {
        var random = SeededRandomNumberGenerator(seed: Self.seed)
        let directory = TemporaryDirectory("fuzz-csv")
        let path = directory.path + "/fuzz.csv"
        for iteration in 0..<400 {
            var bytes: [UInt8] = []
            for _ in 0..<Int.random(in: 0...120, using: &random) {
                bytes += Self.alphabet[Int.random(in: 0..<Self.alphabet.count, using: &random)]
            }
            var options = CSVReader.Options()
            options.requireUniformFieldCount = Bool.random(using: &random)
            options.fieldSizeBytesMax = Int.random(in: 8...256, using: &random)
            let whole = Self.outcomes(CSVReader(bytes: bytes, options: options), limit: bytes.count + 2)
            try StoreFixtures.write(bytes, to: path)
            options.chunkSizeBytes = Int.random(in: 1...9, using: &random)
            let chunked = Self.outcomes(try CSVReader(path: path, options: options), limit: bytes.count + 2)
            #expect(whole == chunked, "seed \(Self.seed), iteration \(iteration), input \(bytes)")
            for outcome in whole where outcome.hasPrefix("error") {
                #expect(outcome.contains("line") || outcome.contains("UTF-16") || outcome.contains("UTF-32"),
                        "an error without a line: \(outcome)")
            }
        }
    }

    @Test("mutated exports: the importer loads, refuses or fails clearly, and a refusal appends nothing")
    func mutatedExports() throws {
        var random = SeededRandomNumberGenerator(seed: Self.seed &+ 1)
        let presets = ["ssd", "liquidlogic", "mosaic"]
        for iteration in 0..<45 {
            let preset = presets[iteration % 3]
            let directory = TemporaryDirectory("fuzz-import")
            var bytes = InvolvementExportGenerator(presetName: preset, rowCount: 40, seed: random.next() % 1000).bytes()
            for _ in 0..<Int.random(in: 1...6, using: &random) {
                let position = Int.random(in: 0...bytes.count, using: &random)
                switch Int.random(in: 0..<5, using: &random) {
                case 0 where position < bytes.count: bytes.remove(at: position)
                case 1: bytes.insert(contentsOf: Self.alphabet[Int.random(in: 0..<Self.alphabet.count, using: &random)], at: position)
                case 2: bytes = Array(bytes.prefix(position))
                case 3:
                    // Repeat a stretch: duplicate ids, broken quotes, ragged lines.
                    let length = Int.random(in: 1...80, using: &random)
                    bytes.insert(contentsOf: bytes[position..<min(bytes.count, position + length)], at: position)
                default:
                    if position < bytes.count { bytes[position] = UInt8.random(in: 0x20...0x7E, using: &random) }
                }
            }
            let path = directory.path + "/mutated.csv"
            try StoreFixtures.write(bytes, to: path)
            var request = try ImportFixtures.request(path, preset: preset, store: directory.store)
            request.acceptsRejectedRows = iteration % 2 == 0
            do {
                let summary = try ImportFixtures.run(request)
                switch summary.outcome {
                case .appended:
                    #expect(try LedgerVerifier.verify(directory: directory.store).isIntact)
                    #expect(summary.rowCountRead == summary.rowCountNew + summary.rowCountRejected)
                case .refused(let reason):
                    #expect(!reason.isEmpty)
                    #expect(!FileManager.default.fileExists(atPath: directory.store), "a refused import touched the store")
                    #expect(summary.issues.contains { $0.isRejection })
                default:
                    Issue.record("unexpected outcome \(summary.outcome)")
                }
                for issue in summary.issues {
                    #expect(issue.lineNumber >= 1 && !issue.detail.isEmpty, "seed \(Self.seed), iteration \(iteration): \(issue)")
                }
            } catch let error as ImportError {
                // Only whole-file problems may stop an import: a header broken by the mutation.
                #expect(!error.description.isEmpty)
                switch error {
                case .missingColumns, .emptyFile, .unreadableFile: break
                default: Issue.record("seed \(Self.seed), iteration \(iteration): unexpected \(error)")
                }
            } catch {
                Issue.record("seed \(Self.seed), iteration \(iteration): untyped error \(error)")
            }
        }
    }
}
