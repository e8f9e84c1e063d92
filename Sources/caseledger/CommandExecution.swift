import CaseLedger
import Foundation
import LedgerSimulation

/// Turns parsed commands into appended events through the domain service, and prints what was
/// appended (sequence numbers, overrides, findings) or why it was refused.
enum CommandExecution {
    /// Decodes one `apply` line's command object, naming the line and the field in every error.
    static func decodeCommand(_ object: [String: Any], line number: Int) throws -> DomainCommand {
        let data: Data
        do { data = try JSONSerialization.data(withJSONObject: object) } catch {
            throw ToolFailure(code: .dataError, message: "cannot encode the command: \(error)")
        }
        do {
            return try JSONDecoder().decode(DomainCommand.self, from: data)
        } catch let error as DecodingError {
            let detail = describe(error)
            throw ToolFailure(code: .dataError, message: "line \(number): \(detail.key.map { "field \($0): " } ?? "")\(detail.message); nothing was appended")
        } catch {
            throw ToolFailure(code: .dataError, message: "\(error)")
        }
    }

    static func describe(_ error: DecodingError) -> (key: String?, message: String) {
        switch error {
        case .keyNotFound(let key, _):
            return (key.stringValue, "missing field \(key.stringValue)")
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
            return (context.codingPath.last?.stringValue, context.debugDescription)
        @unknown default:
            return (nil, "\(error)")
        }
    }

    /// The actor from `--actor`/`--role` (or an apply line), with the role looked up when omitted.
    static func actor(id: String?, role roleText: String?, service: CaseLedgerService, at instant: Instant,
                      command: String) throws -> Actor {
        guard let id, !id.isEmpty else {
            throw UsageError("missing --actor (the registered worker recording this)", command: command)
        }
        if let problem = IdentifierGrammar.problem(id) {
            throw UsageError("--actor: \(problem)", command: command)
        }
        if let roleText {
            guard let role = Role(rawValue: roleText) else {
                throw UsageError("--actor-role must be one of \(Role.allCases.map(\.rawValue).joined(separator: ", ")); got '\(roleText)'", command: command)
            }
            return Actor(id: id, role: role)
        }
        guard let role = service.model.view(asOf: instant).worker(id)?.role else {
            throw ToolFailure(code: .dataError, message: "actor \(id) is not a registered worker; register them, or pass --actor-role to bootstrap the first manager")
        }
        return Actor(id: id, role: role)
    }

    static func instant(_ text: String?, clock: any Clock, option: String, command: String) throws -> Instant {
        guard let text, text != "now" else { return clock.now() }
        do { return try DateArgument.parseInstant(text) } catch {
            throw UsageError("\(option): \(error)", command: command)
        }
    }

    static func openService(_ invocation: Invocation) throws -> CaseLedgerService {
        let policy = try PolicyOption.policy(invocation)
        var options = LedgerOptions()
        options.lockWaitSeconds = try LockWaitOption.seconds(invocation)
        // A write creates a new store's manifest, and with it the id that names the store's
        // snapshot directory: create it first, so the first snapshot lands where later ones are read.
        try LedgerDirectory.prepare(invocation.storeDirectory)
        let service: CaseLedgerService
        do throws(CommandError) {
            service = try CaseLedgerService(directory: invocation.storeDirectory, defaultPolicy: policy, options: options,
                                            snapshotDirectory: invocation.snapshotDirectory)
        } catch {
            if case .ledger(let ledgerError) = error { throw ledgerError }
            throw ToolFailure(code: .dataError, message: "\(error)")
        }
        for action in service.ledger.recovery { invocation.output.error("caseledger: \(action)") }
        for problem in service.openReport.problems { invocation.output.error("caseledger: snapshot ignored: \(problem)") }
        if ProcessInfo.processInfo.environment["CASELEDGER_OPEN_STATISTICS"] == "1" {
            // For operators and tests: what opening for a write read (a resumed open reads only the tail).
            let statistics = service.ledger.openStatistics
            let snapshot = service.openReport.snapshotUsed.map { "snapshot at \($0.sequence)" } ?? "no snapshot"
            invocation.output.error("caseledger: opened from \(snapshot), resumed \(statistics.isResumed), "
                + "read \(statistics.readByteCount) bytes of the log, folded \(service.openReport.eventsFolded) events")
        }
        return service
    }

    /// Executes commands given as options: one command, one batch.
    static func execute(_ commands: [DomainCommand], invocation: Invocation, atOverride: Instant?) throws -> ExitCode {
        let format = try invocation.format()
        let service = try openService(invocation)
        defer { service.close() }
        let name = invocation.command.name
        let occurredAt = try atOverride ?? instant(invocation.arguments.value("--at"), clock: SystemClock(), option: "--at", command: name)
        let actor = try actor(id: invocation.arguments.value("--actor"), role: invocation.arguments.value("--actor-role"),
                              service: service, at: occurredAt, command: name)
        let items = commands.map { BatchItem(command: $0, actor: actor, occurredAt: occurredAt) }
        return try run(items, service: service, invocation: invocation, format: format)
    }

    /// Decides and appends the commands of one write subcommand as one batch; a refusal names
    /// the flags a person types (`apply` reports its own refusals, by line).
    static func run(_ items: [BatchItem], service: CaseLedgerService, invocation: Invocation,
                    format: OutputFormat) throws -> ExitCode {
        let dryRun = invocation.arguments.has("--dry-run")
        let outcome: BatchOutcome
        do throws(BatchError) {
            outcome = dryRun ? try service.decideAll(items) : try service.executeAll(items)
        } catch {
            switch error {
            case .refused(let index, let refusal):
                let place = items.count > 1 ? "command \(index + 1): " : ""
                let justified = Set(invocation.arguments.allValues("--justify").compactMap { $0.split(separator: "=").first.map(String.init) })
                let wording = RefusalWording.text(for: refusal, subcommand: invocation.command.name, justified: justified)
                throw ToolFailure(code: Tool.exitCode(for: refusal), message: "\(place)refused: \(wording); nothing was appended",
                                  ruleIds: refusal.ruleIds.map(\.rawValue))
            case .ledger(let ledgerError):
                throw ledgerError
            case .snapshotDamaged:
                throw error  // Tool.run sets the snapshot aside and runs the command again
            }
        }
        try print(outcome, dryRun: dryRun, invocation: invocation, format: format)
        return .success
    }

    /// A batch's failure other than a refusal, as the command line reports it: the ledger's
    /// error (with its exit code), or a damaged snapshot (which ``Tool`` sets aside and retries).
    static func failure(_ error: BatchError) -> any Error {
        switch error {
        case .ledger(let ledgerError): return ledgerError
        case .refused(let index, let refusal):
            return ToolFailure(code: Tool.exitCode(for: refusal), message: "command \(index + 1): refused: \(refusal); nothing was appended",
                               ruleIds: refusal.ruleIds.map(\.rawValue))
        case .snapshotDamaged: return error
        }
    }

    static func print(_ outcome: BatchOutcome, dryRun: Bool, invocation: Invocation, format: OutputFormat) throws {
        let output = invocation.output
        switch format {
        case .json:
            output.print(try JSONOutput.line(JSONOutput.Batch(outcome, dryRun: dryRun)))
        default:
            let verb = dryRun ? "would append" : "appended"
            if let first = outcome.events.first, let last = outcome.events.last {
                let range = first.sequence == last.sequence ? "\(first.sequence)" : "\(first.sequence)-\(last.sequence)"
                let types = outcome.events.map(\.type).joined(separator: ", ")
                output.print("\(verb) \(range): \(types)")
            }
            for override in outcome.overrides {
                output.print("  override \(override.ruleId): \(override.finding) — justified: \(override.justification)")
            }
            for finding in outcome.findings {
                output.print("  finding \(finding.ruleId): \(finding.finding)")
            }
        }
    }
}

/// `--wait SECONDS`, taken by every command that opens the ledger for writing: how long to wait
/// for another writer (another person's command, an import) to finish before giving up.
///
/// Write commands are short, so two people recording at once should both succeed rather than
/// one being told to retry; after the wait the command still fails with exit 75 (locked).
enum LockWaitOption {
    static let defaultSeconds = 10.0
    /// A day: anything longer is more likely a mistyped value than a wish.
    static let maximumSeconds = 86_400.0

    static let specification = OptionSpecification(
        "--wait", value: "SECONDS",
        help: "wait up to SECONDS for another writer to release the ledger (default 10; 0 fails at once); still locked after that: exit 75")

    static func seconds(_ invocation: Invocation) throws(UsageError) -> Double {
        guard let text = invocation.arguments.value("--wait") else { return defaultSeconds }
        guard let seconds = Double(text), seconds.isFinite, seconds >= 0, seconds <= maximumSeconds else {
            throw UsageError("--wait must be a number of seconds from 0 to \(Int(maximumSeconds)); got '\(text)'",
                             command: invocation.command.name)
        }
        return seconds
    }
}

/// `--policy FILE`, or the built-in children's profile.
enum PolicyOption {
    static func policy(_ invocation: Invocation) throws -> Policy {
        guard let path = invocation.arguments.value("--policy") else { return .children }
        if let profile = Policy.profile(named: path) { return profile }
        do { return try Policy.load(path: path) } catch {
            throw ToolFailure(code: .dataError, message: "\(error)")
        }
    }
}
