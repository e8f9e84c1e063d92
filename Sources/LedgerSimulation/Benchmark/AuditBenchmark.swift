import Foundation
import LedgerAudit
import LedgerDomain
import LedgerEvents
import LedgerImport
import LedgerStore
import LedgerSupport

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

    /// Runs a measurement in a fresh process (`caseledger bench --child …`) and returns it, so
    /// a peak memory figure is the ledger's own rather than the whole bench's. Nil skips those figures.
    public var childRunner: (@Sendable ([String]) throws -> ProcessMeasurement)?

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

        // Baseline: Foundation's decoder over the very payload bytes the rebuild reads.
        progress("decoder baseline")
        var payloads: [(String, Int, Data)] = []
        payloads.reserveCapacity(generated)
        try LedgerReader(directory: store).read { stored in
            payloads.append((stored.envelope.type, stored.envelope.schemaVersion, Data()))
        }
        var payloadIndex = 0
        for segment in try LogScanner.listSegments(in: store) {
            let bytes = try POSIXFile.open(segment.path, .readOnly).readAll()
            bytes.withUnsafeBytes { buffer in
                let starts = LogScanner.lineBoundaries(buffer)
                for line in 0..<max(0, starts.count - 1) where payloadIndex < payloads.count {
                    let text = UnsafeRawBufferPointer(rebasing: buffer[starts[line]..<starts[line + 1] - 1])
                    guard let frame = try? LineFrame.parse(text) else { continue }
                    let content = UnsafeRawBufferPointer(rebasing: text[frame.contentRange])
                    guard let header = try? EnvelopeHeader.decode(content) else { continue }
                    payloads[payloadIndex].2 = Data(UnsafeRawBufferPointer(rebasing: content[header.dataRange]))
                    payloadIndex += 1
                }
            }
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
        let start = LondonTime.startOfDay(configuration.startDate).millisecondsSinceEpoch
        let end = clock.now().millisecondsSinceEpoch
        var random = SeededRandomNumberGenerator(seed: seed ^ 0xA11)
        func randomTime() -> QueryTime {
            let asOf = Instant(millisecondsSinceEpoch: start + Int64(random.next() % UInt64(max(1, end - start))))
            return QueryTime(asOf: asOf, asKnown: clock.now())
        }
        let (holdersLatency, caseloadLatency) = try Self.pointQueries(
            open, seed: seed, from: start, to: end, asKnown: clock.now(), count: queryCount)
        var measuredOpen: ProcessMeasurement?
        var measuredRebuild: ProcessMeasurement?
        var measuredWrites: WriteCommandMeasurement?
        if let childRunner {
            progress("fresh-process measurements")
            measuredRebuild = try childRunner(["rebuild", store, snapshots + "-child", String(seed), String(start), String(end)])
            measuredOpen = try childRunner(["open", store, snapshots + "-child", String(seed), String(start), String(end)])
            progress("write commands, each a fresh process")
            measuredWrites = try Self.writeCommands(store: store, snapshots: snapshots + "-child", seed: seed,
                                                    childRunner: childRunner)
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

        let decoderBaseline = BenchmarkFigure(name: "JSONDecoder baseline, rebuild's payload bytes",
                                              unit: "events/s", samples: decoderSamples)
        let figures = [
            BenchmarkFigure(name: "cold rebuild, all projections, all hashes", unit: "events/s", samples: rebuildSamples)
                .compared(with: decoderBaseline),
            decoderBaseline,
            BenchmarkFigure(name: "snapshot write", unit: "s", samples: writeSamples),
            BenchmarkFigure(name: "open from snapshot", unit: "s", samples: openSamples),
            BenchmarkFigure(name: "holders, random case and date (p50)", unit: "µs", samples: [Self.percentile(holdersLatency, 0.5)]),
            BenchmarkFigure(name: "holders (p99)", unit: "µs", samples: [Self.percentile(holdersLatency, 0.99)]),
            BenchmarkFigure(name: "caseload, random worker and date (p50)", unit: "µs", samples: [Self.percentile(caseloadLatency, 0.5)]),
            BenchmarkFigure(name: "caseload (p99)", unit: "µs", samples: [Self.percentile(caseloadLatency, 0.99)]),
            BenchmarkFigure(name: "whole-authority caseload as of a date", unit: "s", samples: allSamples),
            BenchmarkFigure(name: "import, \(importRowCount) generated SSD rows end to end", unit: "rows/s", samples: importSamples),
        ] + [
            measuredRebuild.map { BenchmarkFigure(name: "peak memory, cold rebuild (child process)", unit: "MB",
                                                  samples: [Double($0.peakResidentBytes) / 1e6]) },
            measuredOpen.map { BenchmarkFigure(name: "open from snapshot (child process)", unit: "s", samples: [$0.seconds]) },
            measuredOpen.map { BenchmarkFigure(name: "peak memory, opened ledger + queries (child)",
                                               unit: "MB", samples: [Double($0.peakResidentBytes) / 1e6]) },
            measuredWrites.map { BenchmarkFigure(name: "write command, fresh process (p50 of \($0.wallSeconds.count))",
                                                 unit: "s", samples: [Self.percentile($0.wallSeconds, 0.5)]) },
            measuredWrites.map { BenchmarkFigure(name: "write command, fresh process (max)", unit: "s",
                                                 samples: [$0.wallSeconds.max() ?? 0]) },
            measuredWrites.map { BenchmarkFigure(name: "peak memory, write command (largest child)", unit: "MB",
                                                 samples: [Double($0.peakResidentBytes) / 1e6]) },
        ].compactMap { $0 }
        return Result(figures: figures, peakResidentBytes: Self.peakResidentBytes(), generatedEvents: generated)
    }

    /// Random `holders` and `caseload` queries on an open ledger: latencies in microseconds.
    package static func pointQueries(_ open: AuditLedger, seed: UInt64, from start: Int64, to end: Int64, asKnown: Instant,
                             count: Int) throws -> (holders: [Double], caseload: [Double]) {
        var random = SeededRandomNumberGenerator(seed: seed ^ 0x5EED)
        let caseIds = open.state.cases.ids.sorted()
        let workerIds = Array(open.state.workers.keys).sorted()
        func randomTime() -> QueryTime {
            let asOf = Instant(millisecondsSinceEpoch: start + Int64(random.next() % UInt64(max(1, end - start))))
            return QueryTime(asOf: asOf, asKnown: asKnown)
        }
        var holdersLatency: [Double] = []
        var caseloadLatency: [Double] = []
        for _ in 0..<count where !caseIds.isEmpty && !workerIds.isEmpty {
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
        return (holdersLatency, caseloadLatency)
    }

    /// A measurement taken in a fresh process; its text form is how the child reports it.
    public struct ProcessMeasurement: Sendable {
        public var seconds: Double
        public var peakResidentBytes: Int
        public var holdersMedianMicroseconds: Double
        public var caseloadMedianMicroseconds: Double

        public var text: String {
            "\(seconds) \(peakResidentBytes) \(holdersMedianMicroseconds) \(caseloadMedianMicroseconds)"
        }

        public init?(text: String) {
            let fields = text.split(whereSeparator: \.isWhitespace).compactMap { Double($0) }
            guard fields.count == 4 else { return nil }
            seconds = fields[0]
            peakResidentBytes = Int(fields[1])
            holdersMedianMicroseconds = fields[2]
            caseloadMedianMicroseconds = fields[3]
        }

        package init(seconds: Double, peakResidentBytes: Int, holders: [Double], caseload: [Double]) {
            self.seconds = seconds
            self.peakResidentBytes = peakResidentBytes
            holdersMedianMicroseconds = AuditBenchmark.percentile(holders, 0.5)
            caseloadMedianMicroseconds = AuditBenchmark.percentile(caseload, 0.5)
        }
    }

    /// The child's side of ``childRunner``: `rebuild` folds the whole log with no snapshot (then
    /// writes one for `open`); `open` opens from the snapshot and runs point queries.
    /// Arguments: mode, store, snapshot directory, seed, query window start and end (ms).
    public static func measureInThisProcess(_ arguments: [String], queryCount: Int = 2_000) throws -> ProcessMeasurement {
        guard arguments.count == 6, let seed = UInt64(arguments[3]), let start = Int64(arguments[4]),
              let end = Int64(arguments[5])
        else { throw AuditError.noSnapshotDirectory }
        let store = arguments[1]
        let snapshots = arguments[2]
        let clock = ManualClock(Instant(millisecondsSinceEpoch: end))
        switch arguments[0] {
        case "write":
            // What `caseledger note` does: open for writing, decide, append, fsync, close.
            let started = DispatchTime.now()
            let service = try CaseLedgerService(directory: store, snapshotDirectory: snapshots)
            defer { service.close() }
            let view = service.model.view(asOf: SystemClock().now())
            guard let manager = view.workerIds.first(where: { view.worker($0)?.role?.isManager == true && view.worker($0)?.hasLeft(on: view.date) == false }),
                  let role = view.worker(manager)?.role
            else { throw AuditError.unknownWorker("a manager in service") }
            // A user names the case; listing every case would measure the listing, not the command.
            // The generator numbers cases from C000001, and every size has at least a thousand.
            var caseId = HistoryGenerator.identifier("C", Int(1 + seed % 1_000), digits: 6)
            if service.model.state.cases[caseId] == nil {
                let caseIds = service.model.state.cases.ids.sorted()
                caseId = caseIds[Int(seed % UInt64(max(1, caseIds.count)))]
            }
            try service.execute(.recordCaseNote(.init(caseId: caseId, text: "bench note \(seed)")),
                                actor: Actor(id: manager, role: role), occurredAt: SystemClock().now())
            return ProcessMeasurement(seconds: StoreBenchmark.seconds(since: started), peakResidentBytes: peakResidentBytes(),
                                      holders: [], caseload: [])
        case "rebuild":
            try? FileManager.default.removeItem(atPath: snapshots)
            let started = DispatchTime.now()
            let audit = try AuditLedger(storeDirectory: store, options: AuditLedger.Options(
                snapshotDirectory: snapshots, writesSnapshots: false, clock: clock))
            let seconds = StoreBenchmark.seconds(since: started)
            let peak = peakResidentBytes()
            _ = try audit.writeSnapshot()
            return ProcessMeasurement(seconds: seconds, peakResidentBytes: peak, holders: [], caseload: [])
        default:
            let started = DispatchTime.now()
            let audit = try AuditLedger(storeDirectory: store, options: AuditLedger.Options(
                snapshotDirectory: snapshots, writesSnapshots: false, clock: clock))
            let seconds = StoreBenchmark.seconds(since: started)
            let (holders, caseload) = try pointQueries(audit, seed: seed, from: start, to: end, asKnown: clock.now(),
                                                       count: queryCount)
            return ProcessMeasurement(seconds: seconds, peakResidentBytes: peakResidentBytes(), holders: holders,
                                      caseload: caseload)
        }
    }

    /// Write commands as a user meets them: each a fresh process that opens the ledger for
    /// writing (from the snapshot beside it, folding the tail), decides a case note, appends and
    /// fsyncs it. Timed from this process, so process start-up counts.
    public struct WriteCommandMeasurement: Sendable {
        public var wallSeconds: [Double]
        public var peakResidentBytes: Int
    }

    /// Runs `count` write commands, each in a fresh process, against `store` and its snapshots.
    public static func writeCommands(store: String, snapshots: String, seed: UInt64, count: Int = 20,
                                     childRunner: @Sendable ([String]) throws -> ProcessMeasurement)
        throws -> WriteCommandMeasurement
    {
        var wall: [Double] = []
        var peak = 0
        for index in 0..<count {
            let started = DispatchTime.now()
            let measured = try childRunner(["write", store, snapshots, String(seed &+ UInt64(index)), "0", "0"])
            wall.append(StoreBenchmark.seconds(since: started))
            peak = max(peak, measured.peakResidentBytes)
        }
        return WriteCommandMeasurement(wallSeconds: wall, peakResidentBytes: peak)
    }

    /// One size of the growth series.
    public struct GrowthRow: Sendable {
        public var eventCount: Int
        public var rebuild: ProcessMeasurement
        public var open: ProcessMeasurement
        public var writes: WriteCommandMeasurement
    }

    /// Rebuild time and memory, and point-query latency, at each size: each generated afresh,
    /// each measured in fresh processes.
    public static func growth(sizes: [Int], seed: UInt64, workDirectory: String,
                              childRunner: @Sendable ([String]) throws -> ProcessMeasurement,
                              progress: (String) -> Void = { _ in }) throws -> [GrowthRow] {
        var rows: [GrowthRow] = []
        for size in sizes {
            let store = workDirectory + "/growth-store"
            let snapshots = workDirectory + "/growth-snapshots"
            try? FileManager.default.removeItem(atPath: store)
            try? FileManager.default.removeItem(atPath: snapshots)
            progress("growth: generating \(size) events")
            let configuration = HistoryGenerator.Configuration.sized(eventCount: size, years: max(1, Double(size) / 125_000), seed: seed)
            let clock = ManualClock(Instant(millisecondsSinceEpoch: 0))
            var options = LedgerOptions()
            options.checkEncodingBeforeWrite = false
            let ledger = try Ledger(directory: store, options: options, clock: clock, identifiers: SeededIdentifierGenerator(seed: seed))
            let generated = try HistoryGenerator(configuration: configuration).append(to: ledger, clock: clock, eventCount: size)
            ledger.close()
            let start = String(LondonTime.startOfDay(configuration.startDate).millisecondsSinceEpoch)
            let end = String(clock.now().millisecondsSinceEpoch)
            progress("growth: rebuild of \(generated) events")
            let rebuild = try childRunner(["rebuild", store, snapshots, String(seed), start, end])
            progress("growth: open and queries at \(generated) events")
            let open = try childRunner(["open", store, snapshots, String(seed), start, end])
            progress("growth: write commands at \(generated) events")
            let writes = try writeCommands(store: store, snapshots: snapshots, seed: seed, childRunner: childRunner)
            rows.append(GrowthRow(eventCount: generated, rebuild: rebuild, open: open, writes: writes))
            try? FileManager.default.removeItem(atPath: store)
            try? FileManager.default.removeItem(atPath: snapshots)
        }
        return rows
    }

    public static func percentile(_ values: [Double], _ fraction: Double) -> Double {
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
