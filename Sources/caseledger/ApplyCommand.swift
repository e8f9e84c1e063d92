import CaseLedger
import Foundation
import LedgerSimulation

/// `apply FILE|-`: commands as JSON lines, validated like the write subcommands, appended all
/// or nothing per file.
enum ApplyCommand {
    static var all: [Subcommand] { [apply] }

    /// Keys an apply line may carry beside the command's own fields.
    static let lineKeys = ["actor", "actorRole", "at"]
    /// Malformed lines reported before giving up on a file.
    static let maximumProblemsReported = 20

    static let apply = Subcommand(
        specification: CommandSpecification(
            name: "apply", summary: "append commands from JSON lines (a file or - for stdin), all or nothing",
            positionals: [("FILE", "JSON lines file, or - for standard input")],
            options: [
                OptionSpecification("--actor", value: "ID", help: "default actor for lines without \"actor\""),
                OptionSpecification("--actor-role", value: "ROLE", help: "default role for lines without \"actorRole\""),
                OptionSpecification("--at", value: "DATETIME", help: "default valid time for lines without \"at\" (default now)"),
                OptionSpecification("--dry-run", help: "decide every line and show the events without appending"),
                OptionSpecification("--format", value: "FORMAT", help: "text (default) or json"),
                LockWaitOption.specification,
            ],
            discussion: """
                Each non-blank line is one command object: {"command":"allocate","caseId":…} with the \
                fields of the JSON command format (README), plus optional "actor", "actorRole" and "at". \
                Every line is decided against the state the lines before it leave; if any line is \
                malformed or refused, nothing is appended and the error names its line number and field.
                """)
    ) { invocation in
        try run(invocation)
    }

    /// The longest line `apply` reads: twice the largest event, room for JSON escapes of a
    /// note at the event limit. Checked while reading, so an 80 MB line costs 256 KiB.
    static let lineSizeBytesMax = 256 << 10

    static func run(_ invocation: Invocation) throws -> ExitCode {
        let format = try invocation.format()
        let path = invocation.arguments.positional(0) ?? "-"
        let reader: BoundedLineReader
        if path == "-" {
            reader = BoundedLineReader(standardInputWithLineSizeBytesMax: lineSizeBytesMax)
        } else {
            do throws(LineReadError) { reader = try BoundedLineReader(path: path, lineSizeBytesMax: lineSizeBytesMax) } catch {
                throw ToolFailure(code: .dataError, message: "cannot read \(path): \(error)")
            }
        }
        let service = try CommandExecution.openService(invocation)
        defer { service.close() }
        let dryRun = invocation.arguments.has("--dry-run")
        // Each line is decided as it is read, against the state the lines before it leave, and its
        // events staged on disk (BatchSession): a file of a million lines is never in memory whole.
        let session: BatchSession
        do throws(BatchError) { session = try service.beginBatch(dryRun: dryRun) } catch {
            throw CommandExecution.failure(error)
        }
        var rolesInFile: [String: Role] = [:]
        var commandCount = 0
        // The first refusal is reported only once the whole file has been read: a malformed line
        // anywhere is reported instead (as every malformed line is, up to a limit), since a file
        // that cannot be read is the first thing to fix.
        var refusal: (line: Int, error: DomainError)?
        // Every malformed line is reported (up to a limit), so one run shows what to fix; a line
        // too long or not UTF-8 stops the reading (the reader cannot resynchronise).
        var problems: [String] = []
        while problems.count < maximumProblemsReported {
            let bytes: [UInt8]
            do throws(LineReadError) {
                guard let next = try reader.nextLine() else { break }
                bytes = next
            } catch {
                if case .io = error { throw ToolFailure(code: .cannotCreate, message: "\(path): \(error)") }
                problems.append("\(error)")
                break
            }
            let number = reader.lineNumber
            let item: BatchItem
            do {
                guard let decoded = try decodeLine(bytes, number: number, invocation: invocation, service: service,
                                                   rolesInFile: &rolesInFile)
                else { continue }
                item = decoded
            } catch {
                let message = (error as? ToolFailure)?.message ?? (error as? UsageError).map { "line \(number): \($0.message)" }
                    ?? "line \(number): \(error)"
                problems.append(message.replacingOccurrences(of: "; nothing was appended", with: ""))
                continue
            }
            commandCount += 1
            guard problems.isEmpty, refusal == nil else { continue }
            do throws(BatchError) { try session.add(item) } catch {
                guard case .refused(_, let domainError) = error else { throw CommandExecution.failure(error) }
                refusal = (number, domainError)
            }
        }
        if problems.count == 1 {
            throw ToolFailure(code: .dataError, message: problems[0] + "; nothing was appended")
        }
        if !problems.isEmpty {
            let limit = problems.count >= maximumProblemsReported ? " (the first \(maximumProblemsReported); there may be more)" : ""
            throw ToolFailure(code: .dataError, message: "\(problems.count) lines cannot be read\(limit); nothing was appended:\n  "
                + problems.joined(separator: "\n  "))
        }
        guard commandCount > 0 else { throw ToolFailure(code: .dataError, message: "\(path) holds no commands") }
        if let refusal {
            throw ToolFailure(code: Tool.exitCode(for: refusal.error),
                              message: "line \(refusal.line): refused: \(refusal.error.description); nothing was appended",
                              ruleIds: refusal.error.ruleIds.map(\.rawValue))
        }
        let outcome = try finish(session, dryRun: dryRun)
        try CommandExecution.print(outcome, dryRun: dryRun, invocation: invocation, format: format)
        return .success
    }

    /// What the batch appended, or would append on a dry run.
    private static func finish(_ session: BatchSession, dryRun: Bool) throws -> BatchOutcome {
        if dryRun { return session.preview() }
        do {
            return try session.commit()
        } catch {
            throw CommandExecution.failure(error)
        }
    }

    /// One line as a batch item, or nil for a blank line. Strict: the line must be one JSON
    /// object in valid UTF-8 without duplicate keys; `actor`, `actorRole` and `at` must be
    /// strings when present; every id follows ``IdentifierGrammar``; every other field has the
    /// type the command's JSON shape gives it.
    static func decodeLine(_ bytes: [UInt8], number: Int, invocation: Invocation, service: CaseLedgerService,
                           rolesInFile: inout [String: Role]) throws -> BatchItem? {
        func refuse(_ message: String) -> ToolFailure {
            ToolFailure(code: .dataError, message: "line \(number): \(message); nothing was appended")
        }
        let blank: Set<UInt8> = [0x20, 0x09, 0x0D]
        guard bytes.contains(where: { !blank.contains($0) }) else { return nil }
        let value: StrictJSONValue
        do throws(StrictJSONError) { value = try StrictJSON.parse(bytes) } catch {
            throw refuse("not strict JSON: \(error)")
        }
        guard case .object(let members) = value else { throw refuse("not a JSON object") }
        var lineValues: [String: String] = [:]
        var command: [String: Any] = [:]
        for member in members {
            if lineKeys.contains(member.key) {
                guard case .string(let text) = member.value else {
                    throw refuse("field \(member.key): expected a string, got \(member.value.typeName)")
                }
                lineValues[member.key] = text
            } else {
                command[member.key] = member.value.foundationValue
            }
        }
        guard command["command"] is String else { throw refuse("field command: expected the command's name as a string") }
        // A policy adopted from a line is held to the same exact shape as a policy file, so a
        // misspelt key cannot silently drop a limit from the policy the log records.
        if command["command"] as? String == "adoptPolicy",
           let policy = members.first(where: { $0.key == "policy" })?.value {
            let problems = PolicyShape.policy.problems(in: policy)
            if !problems.isEmpty {
                throw refuse("field policy: \(problems.count == 1 ? "" : "\(problems.count) problems: ")" + problems.joined(separator: "; "))
            }
        }
        if let actorId = lineValues["actor"], let problem = IdentifierGrammar.problem(actorId) {
            throw refuse("field actor: \(problem)")
        }
        if let found = CommandInputChecks.idProblem(in: command) {
            throw refuse("field \(found.key): \(found.problem)")
        }
        let actorId = lineValues["actor"] ?? invocation.arguments.value("--actor")
        let role = lineValues["actorRole"] ?? invocation.arguments.value("--actor-role")
        let atText = lineValues["at"] ?? invocation.arguments.value("--at")
        let occurredAt: Instant
        do {
            occurredAt = try CommandExecution.instant(atText, clock: SystemClock(), option: "at", command: "apply")
        } catch {
            throw refuse("field at: \(error)")
        }
        let actor: Actor
        do {
            // A worker registered earlier in the same file may act on later lines.
            let earlierRole = actorId.flatMap { rolesInFile[$0] }?.rawValue
            actor = try CommandExecution.actor(id: actorId, role: role ?? (service.model.view(asOf: occurredAt).workerExists(actorId ?? "") ? nil : earlierRole),
                                               service: service, at: occurredAt, command: "apply")
        } catch {
            throw refuse("field actor: \(error)")
        }
        let decoded = try CommandExecution.decodeCommand(command, line: number)
        switch decoded {
        case .registerWorker(let registration): rolesInFile[registration.workerId] = registration.role
        case .changeRole(let change): rolesInFile[change.workerId] = change.toRole
        default: break
        }
        return BatchItem(command: decoded, actor: actor, occurredAt: occurredAt)
    }
}
