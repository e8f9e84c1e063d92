import CaseLedger
import Foundation

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
        let format = try invocation.format()
        let path = invocation.arguments.positional(0) ?? "-"
        let text: String
        if path == "-" {
            text = String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
        } else {
            guard let data = FileManager.default.contents(atPath: path) else {
                throw ToolFailure(code: .dataError, message: "cannot read \(path)")
            }
            text = String(decoding: data, as: UTF8.self)
        }
        let service = try CommandExecution.openService(invocation)
        defer { service.close() }
        var items: [BatchItem] = []
        var labels: [String] = []
        var rolesInFile: [String: Role] = [:]
        // Every malformed line is reported (up to a limit), so one run shows what to fix.
        var problems: [String] = []
        for (index, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = rawLine.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !line.isEmpty else { continue }
            let number = index + 1
            if problems.count >= maximumProblemsReported { break }
            do {
                guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else {
                    throw ToolFailure(code: .dataError, message: "line \(number): not a JSON object; nothing was appended")
                }
                var command = object
                for key in lineKeys { command[key] = nil }
                let actorId = object["actor"] as? String ?? invocation.arguments.value("--actor")
                let role = object["actorRole"] as? String ?? invocation.arguments.value("--actor-role")
                let atText = object["at"] as? String ?? invocation.arguments.value("--at")
                let occurredAt: Instant
                do {
                    occurredAt = try CommandExecution.instant(atText, clock: SystemClock(), option: "at", command: "apply")
            } catch {
                throw ToolFailure(code: .dataError, message: "line \(number): field at: \(error); nothing was appended")
            }
            let actor: Actor
            do {
                // A worker registered earlier in the same file may act on later lines.
                let earlierRole = actorId.flatMap { rolesInFile[$0] }?.rawValue
                actor = try CommandExecution.actor(id: actorId, role: role ?? (service.model.view(asOf: occurredAt).workerExists(actorId ?? "") ? nil : earlierRole),
                                                   service: service, at: occurredAt, command: "apply")
            } catch {
                throw ToolFailure(code: .dataError, message: "line \(number): field actor: \(error); nothing was appended")
            }
            let decoded = try CommandExecution.decodeCommand(command, origin: .line(number))
            switch decoded {
            case .registerWorker(let registration): rolesInFile[registration.workerId] = registration.role
            case .changeRole(let change): rolesInFile[change.workerId] = change.toRole
            default: break
            }
            items.append(BatchItem(command: decoded, actor: actor, occurredAt: occurredAt))
            labels.append("line \(number)")
            } catch {
                let message = (error as? ToolFailure)?.message ?? (error as? UsageError).map { "line \(number): \($0.message)" } ?? "line \(number): \(error)"
                problems.append(message.replacingOccurrences(of: "; nothing was appended", with: ""))
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
        guard !items.isEmpty else { throw ToolFailure(code: .dataError, message: "\(path) holds no commands") }
        return try CommandExecution.run(items, labels: labels, service: service, invocation: invocation, format: format)
    }
}
