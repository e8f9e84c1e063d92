import CaseLedger
import Foundation

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
            ],
            discussion: """
                Generates a deterministic history in a temporary store and prints each figure \
                (median, min, max) with its ratio to the baseline it is compared with. Build in \
                release mode for meaningful numbers.
                """)
    ) { invocation in
        let format = try invocation.format()
        let events = try positiveInteger(invocation, "--events", default: 100_000)
        let runs = try positiveInteger(invocation, "--runs", default: 3)
        let seed = UInt64(try positiveInteger(invocation, "--seed", default: 1))
        let work = NSTemporaryDirectory() + "caseledger-bench-\(ProcessInfo.processInfo.processIdentifier)"
        try? FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: work) }
        let isTerminal = isatty(STDERR_FILENO) != 0
        let result = try StoreBenchmark(eventCount: events, runs: runs, seed: seed, workDirectory: work).run { step in
            if isTerminal { FileHandle.standardError.write(Data("bench: \(step)\n".utf8)) }
        }
        switch format {
        case .json:
            let figures = result.figures.map { figure in
                var fields = [#""name":\#(JSONOutput.quote(figure.name))"#, #""unit":\#(JSONOutput.quote(figure.unit))"#,
                              #""median":\#(rounded(figure.median))"#, #""min":\#(rounded(figure.minimum))"#,
                              #""max":\#(rounded(figure.maximum))"#]
                if let baseline = figure.baselineName, let ratio = figure.ratio {
                    fields.append(#""baseline":\#(JSONOutput.quote(baseline))"#)
                    fields.append(#""ratio":\#(rounded(ratio))"#)
                }
                return "{" + fields.joined(separator: ",") + "}"
            }
            invocation.output.print(#"{"events":\#(events),"runs":\#(runs),"logBytes":\#(result.logBytes),"figures":[\#(figures.joined(separator: ","))]}"#)
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
        }
        return .success
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
}
