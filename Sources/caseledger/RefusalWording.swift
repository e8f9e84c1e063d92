import CaseLedger
import Foundation
import LedgerSimulation

/// Rewrites a refusal for the person at the command line: the library words its remedies in
/// the JSON command format (`transfer with toWorkerId`, `pass a justification`), which is right
/// for `apply` but not for someone typing flags. Here every command and field it names becomes
/// the subcommand and option they type, and a justification becomes `--justify RULE=reason`.
enum RefusalWording {
    /// The refusal as a write subcommand should print it. `justified` are the rule ids the person
    /// passed with `--justify`: a blocking rule among them is said to be one that cannot be overridden.
    static func text(for refusal: DomainError, subcommand: String, justified: Set<String>) -> String {
        let specification = WriteCommands.specifications.first { $0.name == subcommand }
        guard case .ruleBreached(let breaches) = refusal else {
            return translate(refusal.description, specification: specification)
        }
        return breaches.map { breach in
            var line = "\(breach.rule.rawValue): \(translate(breach.finding, specification: specification)); "
            // The library's "pass a justification to override", alone or at the end of a remedy.
            let justify = "give the reason with --justify \(breach.rule.rawValue)=\"why this is right\" to override it"
            line += translate(breach.remedy, specification: specification)
                .replacingOccurrences(of: RuleBreach.justificationRemedy, with: justify)
            if breach.severity == .block, justified.contains(breach.rule.rawValue) {
                line += " (\(breach.rule.rawValue) cannot be overridden: the policy in force makes it block, so --justify does not apply)"
            }
            return line
        }.joined(separator: "\n")
    }

    /// Command names in parentheses become subcommands; field names become options.
    static func translate(_ text: String, specification: WriteCommands.Specification?) -> String {
        var output = text
        // "(transfer with toWorkerId)", "(requestClosure)", "(recordAbsence with an end date)"
        let pattern = #"\(([a-z][A-Za-z]+)( with ([^)]*))?\)"#
        if let expression = try? NSRegularExpression(pattern: pattern) {
            let matches = expression.matches(in: output, range: NSRange(output.startIndex..., in: output)).reversed()
            for match in matches {
                guard let whole = Range(match.range, in: output), let nameRange = Range(match.range(at: 1), in: output) else { continue }
                let name = String(output[nameRange])
                let detail = Range(match.range(at: 3), in: output).map { String(output[$0]) }
                if let command = WriteCommands.specifications.first(where: { $0.command == name }) {
                    var replacement = "(caseledger \(command.name)"
                    if let detail {
                        replacement += " " + (options(for: detail, in: command) ?? phrase(detail, command: command))
                    }
                    output.replaceSubrange(whole, with: replacement + ")")
                } else if let specification, let flags = options(for: name, in: specification) {
                    output.replaceSubrange(whole, with: "(" + flags + ")")
                }
            }
        }
        // Bare field names of this command: "name a team manager as authorisingManagerId".
        if let specification {
            for field in specification.fields where !field.key.contains(".") && field.key.count > 8 {
                output = output.replacingOccurrences(of: " " + field.key, with: " " + field.option)
            }
        }
        return output
    }

    /// The options that fill `key` (a field, or a nested object such as `closureSummary`).
    static func options(for key: String, in specification: WriteCommands.Specification) -> String? {
        let fields = specification.fields.filter { $0.key == key || $0.key.hasPrefix(key + ".") }
        guard !fields.isEmpty else { return nil }
        return fields.map { field in field.option + (WriteCommands.valueName(field.kind).map { " " + $0 } ?? "") }
            .joined(separator: " ")
    }

    /// Remedy phrases that name no field: "with an end date".
    static func phrase(_ detail: String, command: WriteCommands.Specification) -> String {
        if detail.contains("end date"), let to = command.fields.first(where: { $0.key == "endDate" }) {
            return "… \(to.option) DATE"
        }
        return "with " + detail
    }
}
