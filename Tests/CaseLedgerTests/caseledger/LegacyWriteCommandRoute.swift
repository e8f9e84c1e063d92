import Foundation
@testable import LedgerSupport
@testable import LedgerEvents
@testable import LedgerDomain
@testable import caseledger

/// The route the write subcommands took before they built commands directly, kept here as the
/// oracle of the differential test: options → `[String: Any]` → `JSONSerialization` →
/// `JSONDecoder`, with the same checks in the same order and the same messages.
enum LegacyWriteCommandRoute {
    /// A command, or the exit code and message the subcommand stopped with.
    enum Outcome: Hashable, CustomStringConvertible {
        case command(DomainCommand)
        case stopped(code: Int32, message: String)

        var description: String {
            switch self {
            case .command(let command): return "\(command)"
            case .stopped(let code, let message): return "exit \(code): \(message)"
            }
        }
    }

    /// The outcome of an error as the tool reports it: usage errors exit 64.
    static func stopped(_ error: any Error) -> Outcome {
        switch error {
        case let usage as UsageError: return .stopped(code: ExitCode.usage.rawValue, message: usage.message)
        case let failure as ToolFailure: return .stopped(code: failure.code.rawValue, message: failure.message)
        default: return .stopped(code: -1, message: "\(error)")
        }
    }

    static func outcome(_ specification: WriteCommands.Specification, _ arguments: ParsedArguments) -> Outcome {
        do {
            let object = try jsonObject(for: specification, arguments, command: specification.name)
            if let found = CommandInputChecks.idProblem(in: object) {
                let option = specification.fields.first { $0.key == found.key }?.option ?? found.key
                throw UsageError("\(option): \(found.problem)", command: specification.name)
            }
            return .command(try decode(object, specification: specification))
        } catch {
            return stopped(error)
        }
    }

    static func decode(_ object: [String: Any], specification: WriteCommands.Specification) throws -> DomainCommand {
        let data = try JSONSerialization.data(withJSONObject: object)
        do {
            return try JSONDecoder().decode(DomainCommand.self, from: data)
        } catch let error as DecodingError {
            let detail = CommandExecution.describe(error)
            let field = detail.key.flatMap { key in specification.fields.first { $0.key.hasPrefix(key) || $0.key.hasSuffix("." + key) } }
            throw UsageError("\(field.map { "\($0.option): " } ?? "")\(detail.message)", command: specification.name)
        }
    }

    static func jsonObject(for specification: WriteCommands.Specification, _ arguments: ParsedArguments,
                           command: String) throws -> [String: Any] {
        var object: [String: Any] = ["command": specification.command]
        for field in specification.fields {
            let values = arguments.allValues(field.option)
            if field.kind == .flag {
                set(arguments.has(field.option), at: field.key.split(separator: ".").map(String.init), in: &object)
                continue
            }
            guard !values.isEmpty else {
                if let defaultValue = field.defaultValue { object[field.key] = defaultValue }
                if field.isRequired { throw UsageError("missing \(field.option) (\(field.help))", command: command) }
                continue
            }
            let value: Any
            switch field.kind {
            case .text: value = values[values.count - 1]
            case .flag: continue
            case .list: value = values
            case .commaList:
                value = values.flatMap { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } }.filter { !$0.isEmpty }
            case .integer:
                guard let number = Int(values[values.count - 1]) else {
                    throw UsageError("\(field.option) must be a whole number; got '\(values[values.count - 1])'", command: command)
                }
                value = number
            case .date:
                do { value = try DateArgument.parseDate(values[values.count - 1]).iso8601 } catch {
                    throw UsageError("\(field.option): \(error)", command: command)
                }
            case .instant:
                do { value = try DateArgument.parseInstant(values[values.count - 1]).iso8601 } catch {
                    throw UsageError("\(field.option): \(error)", command: command)
                }
            case .startInstant:
                let text = values[values.count - 1]
                if let date = try? DateArgument.parseDate(text) {
                    value = LondonTime.startOfDay(date).iso8601
                } else {
                    do { value = try DateArgument.parseInstant(text).iso8601 } catch {
                        throw UsageError("\(field.option): \(error)", command: command)
                    }
                }
            case .tasks:
                value = try values.map { text -> [String: String] in
                    guard let colon = text.firstIndex(of: ":"),
                          let date = try? DateArgument.parseDate(String(text[..<colon])) else {
                        throw UsageError("\(field.option) must be DATE:description, e.g. 2024-03-20:Visit the child at home; got '\(text)'", command: command)
                    }
                    return ["dueDate": date.iso8601, "description": String(text[text.index(after: colon)...])]
                }
            case .justifications:
                var map: [String: String] = [:]
                for text in values {
                    guard let equals = text.firstIndex(of: "="), RuleID(rawValue: String(text[..<equals])) != nil else {
                        throw UsageError("\(field.option) must be RULE=justification with a rule id such as CAP; got '\(text)'", command: command)
                    }
                    map[String(text[..<equals])] = String(text[text.index(after: equals)...])
                }
                value = map
            case .policyFile:
                let policy: Policy
                do { policy = try Policy.load(path: values[values.count - 1]) } catch {
                    throw ToolFailure(code: .dataError, message: "\(error)")
                }
                value = try JSONSerialization.jsonObject(with: Data(policy.canonicalJSON()))
            }
            set(value, at: field.key.split(separator: ".").map(String.init), in: &object)
        }
        return object
    }

    static func set(_ value: Any, at path: [String], in object: inout [String: Any]) {
        guard let first = path.first else { return }
        if path.count == 1 {
            object[first] = value
            return
        }
        var nested = object[first] as? [String: Any] ?? [:]
        set(value, at: Array(path.dropFirst()), in: &nested)
        object[first] = nested
    }
}
