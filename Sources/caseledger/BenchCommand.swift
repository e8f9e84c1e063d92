import CaseLedger
import Foundation
import LedgerSimulation

/// `bench`: measures the ledger against baselines run in the same process over the same bytes.
enum BenchCommand {
    static var all: [Subcommand] { [bench] }

    static let bench = Subcommand(
        specification: CommandSpecification(
            name: "bench", summary: "measure append, verify and baselines (run in release: swift run -c release)",
            options: [
                OptionSpecification("--events", value: "N", help: "events to generate (default 100000)"),
                OptionSpecification("--runs", value: "N", help: "runs per figure; the median is reported (default 3)"),
                OptionSpecification("--seed", value: "N", help: "generator seed (default 1)"),
                OptionSpecification("--format", value: "FORMAT", help: "text (default) or json"),
                OptionSpecification("--growth", help: "also print the growth series at 100,000 and 1,000,000 events"),
                OptionSpecification("--long", help: "growth series with 10,000,000 events too (long: tens of minutes)"),
                OptionSpecification("--child", value: "ARGS", help: "internal: one fresh-process measurement (used by bench itself)"),
            ],
            discussion: """
                Generates a deterministic history in a temporary store and prints each figure \
                (median, min, max) with its ratio to the baseline it is compared with. Build in \
                release mode for meaningful numbers.
                """)
    ) { invocation in
        if let child = invocation.arguments.value("--child") {
            let measurement = try AuditBenchmark.measureInThisProcess(child.split(separator: "|").map(String.init))
            invocation.output.print(measurement.text)
            return .success
        }
        let format = try invocation.format()
        let events = try positiveInteger(invocation, "--events", default: 100_000)
        let runs = try positiveInteger(invocation, "--runs", default: 3)
        let seed = UInt64(try positiveInteger(invocation, "--seed", default: 1))
        let work = NSTemporaryDirectory() + "caseledger-bench-\(ProcessInfo.processInfo.processIdentifier)"
        try? FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: work) }
        let isTerminal = isatty(STDERR_FILENO) != 0
        let report = { (step: String) in
            if isTerminal { FileHandle.standardError.write(Data("bench: \(step)\n".utf8)) }
        }
        var result = try StoreBenchmark(eventCount: events, runs: runs, seed: seed, workDirectory: work).run(progress: report)
        var auditBenchmark = AuditBenchmark(eventCount: events, runs: runs, seed: seed, workDirectory: work)
        auditBenchmark.childRunner = runChild
        let audit = try auditBenchmark.run(progress: report)
        result.figures += audit.figures
        result.figures.append(BenchmarkFigure(name: "peak memory, whole bench (all baselines)", unit: "MB",
                                              samples: [Double(AuditBenchmark.peakResidentBytes()) / 1e6]))
        let long = invocation.arguments.has("--long")
        var growth: [AuditBenchmark.GrowthRow] = []
        if long || invocation.arguments.has("--growth") {
            growth = try AuditBenchmark.growth(sizes: long ? [100_000, 1_000_000, 10_000_000] : [100_000, 1_000_000],
                                               seed: seed, workDirectory: work, childRunner: runChild, progress: report)
        }
        switch format {
        case .json:
            let figures = result.figures.map { figure in
                JSONOutput.Bench.Figure(name: figure.name, unit: figure.unit, median: roundedValue(figure.median),
                                        min: roundedValue(figure.minimum), max: roundedValue(figure.maximum),
                                        baseline: figure.ratio == nil ? nil : figure.baselineName,
                                        ratio: figure.baselineName == nil ? nil : figure.ratio.map(roundedValue))
            }
            invocation.output.print(try JSONOutput.line(JSONOutput.Bench(events: events, runs: runs, logBytes: result.logBytes,
                                                                         figures: figures)))
        default:
            invocation.output.print("caseledger bench: \(events) events, \(runs) runs, log \(result.logBytes) bytes")
            for figure in result.figures {
                var line = CommandSpecification.column(figure.name).padding(toLength: 46, withPad: " ", startingAt: 0)
                line += "\(rounded(figure.median)) \(figure.unit) (min \(rounded(figure.minimum)), max \(rounded(figure.maximum)))"
                if let baseline = figure.baselineName, let ratio = figure.ratio {
                    line += "  = \(rounded(ratio))x \(baseline)"
                }
                invocation.output.print(line)
            }
            if !growth.isEmpty {
                invocation.output.print("")
                invocation.output.print("growth (each size generated afresh; rebuild and open each in a fresh process)")
                invocation.output.print("events      rebuild s  rebuild events/s  rebuild peak MB  opened peak MB  holders p50 µs  caseload p50 µs  write p50 s  write peak MB")
                for row in growth {
                    let cells = [String(row.eventCount), rounded(row.rebuild.seconds),
                                 rounded(Double(row.eventCount) / max(1e-9, row.rebuild.seconds)),
                                 rounded(Double(row.rebuild.peakResidentBytes) / 1e6), rounded(Double(row.open.peakResidentBytes) / 1e6),
                                 rounded(row.open.holdersMedianMicroseconds), rounded(row.open.caseloadMedianMicroseconds),
                                 rounded(AuditBenchmark.percentile(row.writes.wallSeconds, 0.5)),
                                 rounded(Double(row.writes.peakResidentBytes) / 1e6)]
                    let widths = [12, 11, 18, 17, 16, 16, 17, 13, 13]
                    invocation.output.print(zip(cells, widths).map { $0.padding(toLength: $1, withPad: " ", startingAt: 0) }.joined())
                }
            }
        }
        return .success
    }

    /// Runs `caseledger bench --child …` in a fresh process and reads its one-line answer.
    @Sendable static func runChild(_ arguments: [String]) throws -> AuditBenchmark.ProcessMeasurement {
        let process = Process()
        let executable = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = ["bench", "--child", arguments.joined(separator: "|")]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let text = String(decoding: data, as: UTF8.self)
        guard process.terminationStatus == 0, let measurement = AuditBenchmark.ProcessMeasurement(text: text) else {
            throw UsageError("a bench child process failed (\(arguments.first ?? "?")): \(text)", command: "bench")
        }
        return measurement
    }

    static func positiveInteger(_ invocation: Invocation, _ name: String, default value: Int) throws(UsageError) -> Int {
        guard let text = invocation.arguments.value(name) else { return value }
        guard let number = Int(text), number > 0 else {
            throw UsageError("\(name) must be a positive integer; got '\(text)'", command: invocation.command.name)
        }
        return number
    }

    static func rounded(_ value: Double) -> String {
        value >= 100 ? String(Int(value.rounded())) : String(format: "%.2f", value)
    }

    /// The number ``rounded(_:)`` prints, as a number for JSON.
    static func roundedValue(_ value: Double) -> Double {
        value >= 100 ? value.rounded() : (value * 100).rounded() / 100
    }
}
