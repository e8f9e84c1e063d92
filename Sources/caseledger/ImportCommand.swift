import CaseLedger
import Dispatch
import Foundation
#if canImport(Glibc)
import Glibc
#endif
import LedgerSimulation

/// `import`: the data officer's backfill of legacy involvement exports.
enum ImportCommand {
    static var all: [Subcommand] { [importCommand] }

    static let importCommand = Subcommand(
        specification: CommandSpecification(
            name: "import", summary: "load a legacy involvements export (CSV) atomically and idempotently",
            positionals: [("FILE", "the involvements export: CSV, UTF-8 with or without a byte-order mark")],
            options: [
                OptionSpecification("--preset", value: "NAME", help: "ssd, liquidlogic or mosaic"),
                OptionSpecification("--mapping", value: "M.json", help: "a mapping file for any other system (instead of --preset); its format: docs/import-mapping.md"),
                OptionSpecification("--workers", value: "FILE", help: "optional workers file (ssd_professionals, DIM_WORKER): roles, agency, teams"),
                OptionSpecification("--teams", value: "FILE", help: "optional teams file (ssd_department): team names"),
                OptionSpecification("--dry-run", help: "check and count everything; append nothing"),
                OptionSpecification("--report", value: "R.csv", help: "write every flagged or rejected row (line, field, reason) to R.csv (0600; never inside the store or snapshots; an existing file only with --force)"),
                OutputFileOption.force,
                OptionSpecification("--skip-rejected", help: "load the good rows even if some rows are rejected (they are counted in the batch)"),
                OptionSpecification("--check-every-event", help: "have the ledger decode every event before writing (slower; a sample is checked by default)"),
                OptionSpecification("--actor", value: "ID", help: "who runs the import, recorded on every event; required when the import corrects rows of earlier imports (default data-officer otherwise); once workers are registered, a registered data officer, or a team manager or above, in post"),
                OptionSpecification("--authorised-by", value: "ID", help: "manager named in corrections of earlier imports (default: the actor); once workers are registered, a registered manager in post"),
                LedgerCommands.formatOption,
                LockWaitOption.specification,
            ],
            discussion: """
                The whole file is read and checked first, then appended as one batch: a failure \
                appends nothing. The batch is identified by the file's SHA-256 and the preset or \
                mapping: importing the same file again appends nothing; a later export appends only \
                new rows and corrections of changed ones. Every event carries import:<batch>:<line>. \
                A file with rejected rows appends nothing (exit 65) unless --skip-rejected; two rows \
                with one involvement id are both rejected. A missing required column (involvement id, \
                person, worker, start) refuses the file; a missing optional one (type, team, end, \
                reason) is a warning in the summary and a row of the report, saying what was assumed. \
                Line breaks inside values compare the same whether written CRLF or LF. \
                Refusals are printed on standard error, the summary on standard output. \
                Once a worker is registered in CaseLedger, --actor must be a registered data officer, or \
                a team manager or above, in post (else exit 65, nothing appended); rows naming a case \
                opened by a referral in CaseLedger are reported (live-case) and not appended. \
                Exit codes: 0 imported (or already imported, or dry run), 64 usage, 65 malformed file \
                or rejected rows or corrections without --actor (nothing appended), 73 cannot write, \
                75 ledger locked. The mapping file format, the presets' columns, date layouts, and \
                what every warning and refusal means: docs/import-mapping.md.
                """),
        run: { try run($0) })

    static func run(_ invocation: Invocation) throws -> ExitCode {
        let format = try invocation.format()
        let arguments = invocation.arguments
        guard let path = arguments.positional(0) else {
            throw UsageError("missing argument FILE", command: "import")
        }
        guard FileManager.default.fileExists(atPath: path) else {
            throw UsageError("FILE \(path) does not exist", command: "import")
        }
        let mapping: ImportMapping
        switch (arguments.value("--preset"), arguments.value("--mapping")) {
        case (let preset?, nil):
            do throws(ImportMappingError) { mapping = try ImportMapping.preset(named: preset) } catch {
                throw UsageError(error.description, command: "import")
            }
        case (nil, let mappingPath?):
            do throws(ImportMappingError) { mapping = try ImportMapping.load(path: mappingPath) } catch {
                throw ToolFailure(code: .dataError, message: error.description)
            }
        case (nil, nil):
            throw UsageError("say how to read the file: --preset ssd|liquidlogic|mosaic or --mapping M.json", command: "import")
        default:
            throw UsageError("give --preset or --mapping, not both", command: "import")
        }
        for option in ["--workers", "--teams"] {
            if let sidePath = arguments.value(option), !FileManager.default.fileExists(atPath: sidePath) {
                throw UsageError("\(option) \(sidePath) does not exist", command: "import")
            }
        }
        if let reportPath = arguments.value("--report") {
            // Checked before the import runs: a refused report path must not leave an import
            // appended and its report unwritten.
            try OutputFileOption.check(reportPath, option: "--report", invocation: invocation)
        }
        var request = ImportRequest(filePath: path, mapping: mapping, storeDirectory: invocation.storeDirectory)
        request.workersFilePath = arguments.value("--workers")
        request.teamsFilePath = arguments.value("--teams")
        request.isDryRun = arguments.has("--dry-run")
        request.acceptsRejectedRows = arguments.has("--skip-rejected")
        if let actor = arguments.value("--actor") {
            guard !actor.isEmpty else { throw UsageError("--actor needs an id", command: "import") }
            if let problem = IdentifierGrammar.problem(actor) { throw UsageError("--actor: \(problem)", command: "import") }
            request.actor = Actor(id: actor, role: .dataOfficer)
        }
        if let manager = arguments.value("--authorised-by") {
            if let problem = IdentifierGrammar.problem(manager) { throw UsageError("--authorised-by: \(problem)", command: "import") }
            request.authorisingManagerId = manager
        }
        // A store this import creates has no id yet to name its snapshot directory: the import
        // writes none, and the first query writes one under the id. (Creating the store here,
        // before the file is checked, would leave one behind when the import is refused.)
        let isNewStore = !FileManager.default.fileExists(atPath: invocation.storeDirectory + "/" + LedgerFormat.manifestFileName)
        request.snapshotDirectory = isNewStore && !invocation.choosesSnapshotDirectory ? nil : invocation.snapshotDirectory
        request.checksEveryEncoding = arguments.has("--check-every-event")
        request.ledgerOptions.lockWaitSeconds = try LockWaitOption.seconds(invocation)

        let progress = ProgressLine(fileSizeBytes: (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0)
        let summary: ImportSummary
        do throws(ImportError) {
            let callback: ((ImportProgress) -> Void)? = progress.isEnabled ? { progress.report($0) } : nil
            summary = try Importer.run(request, progress: callback)
        } catch {
            progress.finish()
            switch error {
            case .ledger(let ledgerError): throw ledgerError
            default: throw ToolFailure(code: Tool.exitCode(for: error), message: error.description)
            }
        }
        progress.finish()
        if let reportPath = arguments.value("--report") {
            try OutputFileOption.write(summary.reportCSV(), to: reportPath, option: "--report", invocation: invocation)
        }
        switch format {
        case .json: invocation.output.print(try JSONOutput.line(JSONOutput.Import(summary)))
        default: summary.lines.forEach { invocation.output.print($0) }
        }
        if let refusal = summary.refusal {
            // The counts above stay on standard output; the refusal goes where errors go.
            throw ToolFailure(code: .dataError, message: refusal)
        }
        return .success
    }

}

/// A progress line on standard error, only when it is a terminal and the file is large.
final class ProgressLine: @unchecked Sendable {
    static let thresholdBytes = 16 << 20
    let isEnabled: Bool
    private var lastNanoseconds: UInt64 = 0
    private var shown = false

    init(fileSizeBytes: Int) {
        isEnabled = isatty(STDERR_FILENO) == 1 && fileSizeBytes >= Self.thresholdBytes
    }

    func report(_ progress: ImportProgress) {
        let now = DispatchTime.now().uptimeNanoseconds
        let text: String
        switch progress {
        case .reading(let rows, let bytes, let total):
            guard now - lastNanoseconds > 250_000_000 else { return }
            let percent = total.map { $0 > 0 ? " (\(bytes * 100 / $0)%)" : "" } ?? ""
            text = "reading: \(rows) rows\(percent)"
        case .appending(let events):
            text = "appending \(events) events as one batch…"
        }
        lastNanoseconds = now
        shown = true
        FileHandle.standardError.write(Data(("\r\u{1B}[K" + text).utf8))
    }

    func finish() {
        guard shown else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
        shown = false
    }
}
