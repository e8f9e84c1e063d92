import CaseLedger
import Foundation
import LedgerSimulation

/// What every subcommand gets: its parsed arguments and the resolved global settings.
struct Invocation {
    var arguments: ParsedArguments
    var command: CommandSpecification
    var output: Output

    var storeDirectory: String {
        arguments.value("--store") ?? ProcessInfo.processInfo.environment["CASELEDGER_STORE"] ?? "events"
    }
    /// `--snapshots`, else `CASELEDGER_SNAPSHOTS`, else the store's own directory under the
    /// snapshot root (``snapshotRoot``), named by the ledger's id from its manifest:
    /// `./snapshots/<ledgerId>` for the default `./events`. Two stores beside each other (or one
    /// moved between directories) never read, reject or evict each other's snapshots. A ledger
    /// whose manifest has no id (written before ids) keeps the root itself.
    var snapshotDirectory: String {
        if let chosen = chosenSnapshotDirectory { return chosen }
        guard let identifier = LedgerIdentity.identifier(directory: storeDirectory) else { return snapshotRoot }
        return snapshotRoot + "/" + identifier
    }

    /// `snapshots` beside the store directory: where every store's snapshot directory lives by default.
    var snapshotRoot: String {
        if let chosen = chosenSnapshotDirectory { return chosen }
        let store = storeDirectory.hasSuffix("/") ? String(storeDirectory.dropLast()) : storeDirectory
        guard let slash = store.lastIndex(of: "/") else { return "snapshots" }
        return String(store[...slash]) + "snapshots"
    }

    /// Whether `--snapshots` or `CASELEDGER_SNAPSHOTS` names the snapshot directory.
    var choosesSnapshotDirectory: Bool { chosenSnapshotDirectory != nil }

    private var chosenSnapshotDirectory: String? {
        arguments.value("--snapshots") ?? ProcessInfo.processInfo.environment["CASELEDGER_SNAPSHOTS"]
    }

    /// `--format`, checked against what this subcommand can print.
    func format(allowed: [OutputFormat] = [.text, .json]) throws(UsageError) -> OutputFormat {
        guard let text = arguments.value("--format") else {
            if arguments.has("--excel") {
                throw UsageError("--excel shapes CSV for a spreadsheet: give it with --format csv", command: command.name)
            }
            return .text
        }
        guard let format = OutputFormat(rawValue: text), allowed.contains(format) else {
            throw UsageError("--format must be one of \(allowed.map(\.rawValue).joined(separator: ", ")); got '\(text)'",
                             command: command.name)
        }
        if arguments.has("--excel"), format != .csv {
            throw UsageError("--excel shapes CSV for a spreadsheet: give it with --format csv", command: command.name)
        }
        return format
    }
}

enum OutputFormat: String {
    case text, json, csv, html
}

/// A subcommand: its grammar and what it does.
struct Subcommand: Sendable {
    var specification: CommandSpecification
    var run: @Sendable (Invocation) throws -> ExitCode
}

/// A failure that already has its exit code and message.
struct ToolFailure: Error, CustomStringConvertible {
    var code: ExitCode
    var message: String
    /// The rules a refusal names, for `--format json` errors.
    var ruleIds: [String] = []

    var description: String { message }
}

enum Tool {
    static let name = "caseledger"
    /// The release, printed by `--version` with the log and snapshot formats it reads and writes.
    static let version = "0.14.0"

    static var versionText: String {
        "\(name) \(version) (log format \(LedgerFormat.formatVersion), snapshot format \(ProjectionState.formatVersion))"
    }

    static let globalOptions: [OptionSpecification] = [
        OptionSpecification("--store", value: "DIR", help: "ledger directory (default ./events, or $CASELEDGER_STORE)"),
        OptionSpecification("--snapshots", value: "DIR", help: "snapshot directory (default: snapshots/<ledger id> beside the store, ./snapshots/<id> for ./events)"),
        OptionSpecification("--policy", value: "FILE", help: "policy file (JSON) to use instead of the built-in profile"),
        OptionSpecification("--help", help: "show help for the tool or a subcommand"),
    ]

    static var subcommands: [Subcommand] {
        DemoCommand.all + WriteCommands.all + ApplyCommand.all + ImportCommand.all + AuditCommands.all
            + AuditReportCommand.all + FindCommands.all + PolicyCommand.all + LedgerCommands.all + TreeCommands.all
            + BenchCommand.all + ReturnCommands.all
    }

    static func run(_ arguments: [String]) -> ExitCode {
        let output = Output()
        defer { output.flush() }
        if arguments.first == "--version" || arguments.first == "version" {
            output.print(versionText)
            return .success
        }
        guard let first = arguments.first, first != "--help", first != "help", first != "-h" else {
            if arguments.count > 1, let command = subcommands.first(where: { $0.specification.name == arguments[1] }) {
                output.print(command.specification.helpText(toolName: name, globalOptions: globalOptions))
            } else {
                output.print(overview())
            }
            return arguments.isEmpty ? .usage : .success
        }
        guard let command = subcommands.first(where: { $0.specification.name == first }) else {
            output.error("\(name): unknown subcommand '\(first)'; run '\(name) --help' for the list")
            return .usage
        }
        let rest = Array(arguments.dropFirst())
        if rest.contains("--help") || rest.contains("-h") {
            output.print(command.specification.helpText(toolName: name, globalOptions: globalOptions))
            return .success
        }
        do {
            let parsed = try ArgumentParser.parse(rest, command: command.specification, globalOptions: globalOptions)
            return try runCheckingSnapshots(command, Invocation(arguments: parsed, command: command.specification, output: output))
        } catch {
            output.flush()
            // A script asking for JSON gets its failure as JSON too, on standard error.
            let wantsJSON = rest.contains("--format=json") || zip(rest, rest.dropFirst()).contains { $0 == "--format" && $1 == "json" }
            return report(error, command: command.specification.name, output: output, asJSON: wantsJSON)
        }
    }

    /// As ``report(_:command:output:)``, but with `asJSON` one JSON object on standard error:
    /// `{"command":…,"exitCode":65,"message":…,"rule":"CAP","rules":["CAP"]}` (`rule` the first
    /// rule a refusal names, absent for other errors).
    static func report(_ error: any Error, command: String, output: Output, asJSON: Bool) -> ExitCode {
        guard asJSON else { return report(error, command: command, output: output) }
        let captured = Output(capturingErrors: true)
        let code = report(error, command: command, output: captured)
        let prefix = "\(name) \(command): "
        var message = captured.capturedErrors.trimmingCharacters(in: .whitespacesAndNewlines)
        if message.hasPrefix(prefix) { message.removeFirst(prefix.count) }
        let rules = ruleIds(of: error)
        let failure = JSONOutput.Failure(command: command, exitCode: code.rawValue, message: message, rule: rules.first, rules: rules)
        // Strings and integers always encode; the plain message is the fallback the type asks for.
        output.error((try? JSONOutput.line(failure)) ?? message)
        return code
    }

    /// The rule ids a refusal names, first to last (empty for any other error).
    static func ruleIds(of error: any Error) -> [String] {
        switch error {
        case let failure as ToolFailure: return failure.ruleIds
        case let command as CommandError: return command.refusal?.ruleIds.map(\.rawValue) ?? []
        case let domain as DomainError: return domain.ruleIds.map(\.rawValue)
        default: return []
        }
    }

    /// Snapshot blocks are checked when first read, possibly after opening: a block that fails
    /// its checksum reads as absent, so an answer computed meanwhile may be wrong. Such an answer
    /// is discarded, the snapshot set aside, and the command run again (from an older snapshot or
    /// the log) — unless it already appended, in which case its decision never read the damaged
    /// block (the service checks before appending) and only the damage is reported.
    private static func runCheckingSnapshots(_ command: Subcommand, _ invocation: Invocation) throws -> ExitCode {
        let attemptsMax = 3
        for attempt in 1...attemptsMax {
            SnapshotIntegrity.reset()
            let result = Result { try command.run(invocation) }
            let problems = SnapshotIntegrity.lateProblems
            guard !problems.isEmpty else {
                invocation.output.flush()
                return try result.get()
            }
            let again = !SnapshotIntegrity.hasAppended && attempt < attemptsMax
            if again { invocation.output.discard() }
            for problem in problems {
                SnapshotStore.setAside(problem.path)
                invocation.output.error("\(name) \(invocation.command.name): \(problem); set aside")
            }
            guard again else {
                if SnapshotIntegrity.hasAppended {
                    // Appended: the decision was checked before the append, so its answer stands.
                    invocation.output.flush()
                    return try result.get()
                }
                invocation.output.discard()
                throw ToolFailure(code: .dataError, message: "snapshots were still damaged after \(attemptsMax) attempts; "
                    + "nothing was answered. Remove the snapshot directory (it is only a cache) and run the command again")
            }
            invocation.output.error("\(name) \(invocation.command.name): answering again without the damaged snapshot")
        }
        return .software  // not reached: the last attempt returns above
    }

    /// Maps every error type to its documented exit code and an actionable message on stderr.
    static func report(_ error: any Error, command: String, output: Output) -> ExitCode {
        switch error {
        case let usage as UsageError:
            output.error("\(name) \(command): \(usage.message)\nrun '\(name) \(command) --help' for usage")
            return .usage
        case let failure as ToolFailure:
            output.error("\(name) \(command): \(failure.message)")
            return failure.code
        default:
            let code = exitCode(for: error)
            if code == .software {
                output.error("\(name) \(command): internal error, please report it with the command that caused it: \(error)")
            } else {
                output.error("\(name) \(command): \(error)")
            }
            return code
        }
    }

    /// The exit code of an error thrown below the command line. Every error type the package
    /// declares has a case here (`ExitCodeMappingTests` reads the sources to hold that): bad input
    /// maps to 65; one nobody anticipated is an internal error (70).
    static func exitCode(for error: any Error) -> ExitCode {
        switch error {
        case let ledger as LedgerError:
            switch ledger {
            case .locked: return .locked
            // A damaged log and a missing or foreign manifest are the same to an inspector: the
            // store does not verify (exit 1, as `verify` documents), not bad input data.
            case .corrupt, .manifestMissing, .unsupportedFormat: return .failure
            case .io, .notADirectory: return .cannotCreate
            default: return .dataError
            }
        case let command as CommandError:
            if case .ledger(let ledger) = command { return exitCode(for: ledger) }
            if let refusal = command.refusal { return exitCode(for: refusal) }
            return .dataError
        case let batch as BatchError:
            if case .ledger(let ledger) = batch { return exitCode(for: ledger) }
            if case .refused(_, let refusal) = batch { return exitCode(for: refusal) }
            return .dataError
        case let importError as ImportError:
            if case .ledger(let ledger) = importError { return exitCode(for: ledger) }
            if case .identity = importError { return .permissionDenied }
            return .dataError
        case let domain as DomainError:
            // A refusal because of who is running the command, not what it says.
            if case .identity = domain { return .permissionDenied }
            return .dataError
        case is IdentityError:
            return .permissionDenied
        case let demo as DemoError:
            if case .ledger(let ledger) = demo { return exitCode(for: ledger) }
            return .dataError
        case let tail as LogTailError:
            switch tail {
            case .io: return .cannotCreate
            case .corrupt: return .failure
            default: return .dataError
            }
        case is IOFailure:
            return .cannotCreate
        case is UsageError:
            return .usage
        case let failure as ToolFailure:
            return failure.code
        case let output as OutputPathError:
            // A refused path is the user's to change; a failed write is the file system's.
            if case .io = output { return .cannotCreate }
            return .usage
        case let reading as LineReadError:
            if case .io = reading { return .cannotCreate }
            return .dataError
        case is ScanFault, is LineFrame.Problem:
            return .failure
        case let evidence as EvidenceError:
            return evidence.exitCode
        case is MerkleProofError:
            return .failure
        case is CheckpointError:
            return .dataError
        case is AuditError, is PolicyError, is CSVError, is ImportMappingError, is EventDecodingError,
             is EnvelopeFormatError, is TimeParseError, is HolidayFileError, is DecodingError, is DirectoryError,
             is StrictJSONError, is JSONSyntaxError, is SnapshotDecodingError, is PositionLookupFailure,
             is SnapshotProblem, is SnapshotProblem.Kind, is JSONCursor.Mismatch, is ReturnInputError, is FoldDecodingError:
            return .dataError
        default:
            return .software
        }
    }

    static func overview() -> String {
        var lines = [
            "caseledger: a tamper-evident ledger of social care case allocation",
            "",
            "usage: caseledger <subcommand> [arguments] [options]",
            "",
            "subcommands:",
        ]
        for command in subcommands {
            lines.append("  " + CommandSpecification.column(command.specification.name) + command.specification.summary)
        }
        lines += ["", "global options:"]
        for option in globalOptions {
            lines.append("  " + CommandSpecification.column(option.name + (option.valueName.map { " " + $0 } ?? "")) + option.help)
        }
        lines += [
            "",
            "exit codes: 0 success, 1 verification failed or findings, 64 usage, 65 bad data,",
            "            70 internal error, 73 cannot create, 75 store locked by another writer",
            "",
            "run 'caseledger <subcommand> --help' for a subcommand's arguments; 'caseledger --version' for the version",
        ]
        return lines.joined(separator: "\n")
    }
}

/// Buffered standard output and unbuffered standard error.
///
/// Everything printed through it is made inert for a terminal (``TerminalText/output(_:)``):
/// answers and messages quote stored text, and a control character in a note must not reach
/// the screen raw. JSON is unchanged in meaning, since control characters can only occur
/// inside its strings, where `\u001b` is the same value. CSV is written around it, as data.
final class Output {
    private var buffer: [UInt8] = []
    /// When set, ``error(_:)`` collects text here instead of writing it (to re-shape it as JSON).
    private let capturesErrors: Bool
    private(set) var capturedErrors = ""

    init(capturingErrors: Bool = false) {
        capturesErrors = capturingErrors
    }

    // Paths that return without flushing (help text) still print.
    deinit { flush() }

    func print(_ text: String) {
        buffer.append(contentsOf: TerminalText.output(text).utf8)
        buffer.append(0x0A)
        // While a snapshot is open its blocks may still fail their checks, and then the answer is
        // discarded and computed again: hold it back until the command has finished.
        if buffer.count > 1 << 16, !SnapshotIntegrity.hasLoadedSnapshot { flush() }
    }

    /// Drops what was printed but not yet written.
    func discard() {
        buffer.removeAll(keepingCapacity: true)
    }

    func flush() {
        guard !buffer.isEmpty else { return }
        FileHandle.standardOutput.write(Data(buffer))
        buffer.removeAll(keepingCapacity: true)
    }

    func error(_ text: String) {
        if capturesErrors {
            capturedErrors += text + "\n"
            return
        }
        // Standard output is held back while a snapshot is open (see print), since the answer may
        // yet be discarded; otherwise keep the two streams in order.
        if !SnapshotIntegrity.hasLoadedSnapshot { flush() }
        FileHandle.standardError.write(Data((TerminalText.output(text) + "\n").utf8))
    }
}
