import Foundation

/// Measures the read side on a generated multi-year history: cold rebuild of all projections,
/// snapshot write and open-from-snapshot, point queries, whole-authority caseload, and import.
///
/// Reported beside ``StoreBenchmark``'s baselines (Foundation's decoder over the same events) so
/// each figure is a ratio measured in the same process.
public struct AuditBenchmark {
    public var eventCount: Int
    public var runs: Int
    public var seed: UInt64
    public var workDirectory: String
    public var queryCount: Int = 2_000
    public var importRowCount: Int

    public init(eventCount: Int, runs: Int = 3, seed: UInt64 = 1, workDirectory: String, importRowCount: Int? = nil) {
        self.eventCount = eventCount
        self.runs = runs
        self.seed = seed
        self.workDirectory = workDirectory
        self.importRowCount = importRowCount ?? max(1_000, eventCount / 10)
    }

    public struct Result: Sendable {
        public var figures: [BenchmarkFigure]
        public var peakResidentBytes: Int
        public var generatedEvents: Int
    }

    public func run(progress: (String) -> Void = { _ in }) throws -> Result {
        let store = workDirectory + "/audit-store"
        let snapshots = workDirectory + "/audit-snapshots"
        try? FileManager.default.removeItem(atPath: store)
        try? FileManager.default.removeItem(atPath: snapshots)
        progress("generating \(eventCount) events")
        let configuration = HistoryGenerator.Configuration.sized(eventCount: eventCount, years: max(1, Double(eventCount) / 125_000), seed: seed)
        let generator = HistoryGenerator(configuration: configuration)
        let clock = ManualClock(Instant(millisecondsSinceEpoch: 0))
        var options = LedgerOptions()
        options.checkEncodingBeforeWrite = false
        let ledger = try Ledger(directory: store, options: options, clock: clock, identifiers: SeededIdentifierGenerator(seed: seed))
        let generated = try generator.append(to: ledger, clock: clock, eventCount: eventCount)
        ledger.close()

        // Baseline: Foundation's decoder over the same payloads.
        progress("decoder baseline")
        var payloads: [(String, Int, Data)] = []
        payloads.reserveCapacity(generated)
        try LedgerReader(directory: store).read { stored in
            payloads.append((stored.envelope.type, stored.envelope.schemaVersion,
                             try stored.envelope.event.encodeData(using: LedgerEvent.makeLedgerEncoder())))
        }
        let decoder = LedgerEvent.makeLedgerDecoder()
        var decoderSamples: [Double] = []
        for _ in 1...runs {
            let started = DispatchTime.now()
            for (type, version, data) in payloads {
                _ = try LedgerEvent.decodeData(type: type, schemaVersion: version, data: data, using: decoder)
            }
            decoderSamples.append(Double(payloads.count) / StoreBenchmark.seconds(since: started))
        }
        payloads = []

        progress("cold rebuild")
        var rebuildSamples: [Double] = []
        var audit: AuditLedger?
        for _ in 1...runs {
            audit = nil
            let started = DispatchTime.now()
            audit = try AuditLedger(storeDirectory: store, options: AuditLedger.Options(writesSnapshots: false, clock: clock))
            rebuildSamples.append(Double(generated) / StoreBenchmark.seconds(since: started))
        }
        progress("snapshot write and open")
        var writeSamples: [Double] = []
        var openSamples: [Double] = []
        for _ in 1...runs {
            try? FileManager.default.removeItem(atPath: snapshots)
            let writer = try AuditLedger(storeDirectory: store, options: AuditLedger.Options(
                snapshotDirectory: snapshots, writesSnapshots: false, clock: clock))
            var started = DispatchTime.now()
            _ = try writer.writeSnapshot()
            writeSamples.append(StoreBenchmark.seconds(since: started))
            started = DispatchTime.now()
            audit = try AuditLedger(storeDirectory: store, options: AuditLedger.Options(
                snapshotDirectory: snapshots, writesSnapshots: false, clock: clock))
            openSamples.append(StoreBenchmark.seconds(since: started))
        }
        guard let open = audit else { return Result(figures: [], peakResidentBytes: 0, generatedEvents: generated) }

        progress("point queries")
        var random = SeededRandomNumberGenerator(seed: seed ^ 0x5EED)
        let caseIds = open.state.cases.ids.sorted()
        let workerIds = Array(open.state.workers.keys).sorted()
        let start = LondonTime.startOfDay(configuration.startDate).millisecondsSinceEpoch
        let end = clock.now().millisecondsSinceEpoch
        func randomTime() -> QueryTime {
            let asOf = Instant(millisecondsSinceEpoch: start + Int64(random.next() % UInt64(max(1, end - start))))
            return QueryTime(asOf: asOf, asKnown: clock.now())
        }
        var holdersLatency: [Double] = []
        var caseloadLatency: [Double] = []
        for _ in 0..<queryCount where !caseIds.isEmpty && !workerIds.isEmpty {
            let caseId = caseIds[Int(random.next() % UInt64(caseIds.count))]
            var time = randomTime()
            var started = DispatchTime.now()
            _ = try open.holders(caseId: caseId, at: time)
            holdersLatency.append(StoreBenchmark.seconds(since: started) * 1e6)
            let workerId = workerIds[Int(random.next() % UInt64(workerIds.count))]
            time = randomTime()
            started = DispatchTime.now()
            _ = try open.caseload(workerId: workerId, at: time)
            caseloadLatency.append(StoreBenchmark.seconds(since: started) * 1e6)
        }
        progress("whole-authority caseload")
        var allSamples: [Double] = []
        for _ in 1...runs {
            let time = randomTime()
            let started = DispatchTime.now()
            _ = open.caseloadOfAll(at: time)
            allSamples.append(StoreBenchmark.seconds(since: started))
        }

        progress("import \(importRowCount) rows")
        var importSamples: [Double] = []
        let csv = workDirectory + "/involvements.csv"
        try InvolvementExportGenerator(presetName: "ssd", rowCount: importRowCount, seed: seed).write(to: csv)
        for run in 1...runs {
            let importStore = workDirectory + "/import-store-\(run)"
            try? FileManager.default.removeItem(atPath: importStore)
            let started = DispatchTime.now()
            _ = try Importer.run(ImportRequest(filePath: csv, mapping: .ssd, storeDirectory: importStore), clock: clock,
                                 identifiers: SeededIdentifierGenerator(seed: seed))
            importSamples.append(Double(importRowCount) / StoreBenchmark.seconds(since: started))
            try? FileManager.default.removeItem(atPath: importStore)
        }

        let decoderBaseline = BenchmarkFigure(name: "JSONDecoder baseline (same events)", unit: "events/s", samples: decoderSamples)
        let figures = [
            BenchmarkFigure(name: "cold rebuild of all projections", unit: "events/s", samples: rebuildSamples).compared(with: decoderBaseline),
            decoderBaseline,
            BenchmarkFigure(name: "snapshot write", unit: "s", samples: writeSamples),
            BenchmarkFigure(name: "open from snapshot", unit: "s", samples: openSamples),
            BenchmarkFigure(name: "holders, random case and date (p50)", unit: "µs", samples: [Self.percentile(holdersLatency, 0.5)]),
            BenchmarkFigure(name: "holders (p99)", unit: "µs", samples: [Self.percentile(holdersLatency, 0.99)]),
            BenchmarkFigure(name: "caseload, random worker and date (p50)", unit: "µs", samples: [Self.percentile(caseloadLatency, 0.5)]),
            BenchmarkFigure(name: "caseload (p99)", unit: "µs", samples: [Self.percentile(caseloadLatency, 0.99)]),
            BenchmarkFigure(name: "whole-authority caseload as of a date", unit: "s", samples: allSamples),
            BenchmarkFigure(name: "import, \(importRowCount) generated SSD rows end to end", unit: "rows/s", samples: importSamples),
        ]
        return Result(figures: figures, peakResidentBytes: Self.peakResidentBytes(), generatedEvents: generated)
    }

    static func percentile(_ values: [Double], _ fraction: Double) -> Double {
        guard !values.isEmpty else { return 0 }
        let sorted = values.sorted()
        return sorted[min(sorted.count - 1, Int(Double(sorted.count) * fraction))]
    }

    /// VmHWM from /proc/self/status: the process's peak resident set.
    public static func peakResidentBytes() -> Int {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
        for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
            let digits = line.filter(\.isNumber)
            return (Int(digits) ?? 0) * 1024
        }
        return 0
    }
}
