import CaseLedger
import LedgerSimulation
/// One option a subcommand accepts: `--name VALUE`, or a flag `--name` when `valueName` is nil.
public struct OptionSpecification: Sendable, Hashable {
    public var name: String
    public var valueName: String?
    public var help: String
    public var isRepeatable: Bool

    public init(_ name: String, value valueName: String? = nil, help: String, repeatable: Bool = false) {
        self.name = name
        self.valueName = valueName
        self.help = help
        self.isRepeatable = repeatable
    }

    public var isFlag: Bool { valueName == nil }
}

/// A subcommand's grammar: its options and named positional arguments, used for parsing and help.
public struct CommandSpecification: Sendable, Hashable {
    public var name: String
    public var summary: String
    public var positionalNames: [String]
    public var positionalHelp: [String]
    /// Positionals from this index on may be omitted.
    public var requiredPositionalCount: Int
    public var options: [OptionSpecification]
    public var discussion: String

    public init(name: String, summary: String, positionals: [(String, String)] = [], requiredPositionalCount: Int? = nil,
                options: [OptionSpecification] = [], discussion: String = "") {
        self.name = name
        self.summary = summary
        self.positionalNames = positionals.map(\.0)
        self.positionalHelp = positionals.map(\.1)
        self.requiredPositionalCount = requiredPositionalCount ?? positionals.count
        self.options = options
        self.discussion = discussion
    }

    public static func == (lhs: CommandSpecification, rhs: CommandSpecification) -> Bool { lhs.name == rhs.name }
    public func hash(into hasher: inout Hasher) { hasher.combine(name) }

    /// The `--help` text.
    public func helpText(toolName: String, globalOptions: [OptionSpecification]) -> String {
        var usage = "usage: \(toolName) \(name)"
        for (index, positional) in positionalNames.enumerated() {
            usage += index < requiredPositionalCount ? " \(positional)" : " [\(positional)]"
        }
        if !options.isEmpty { usage += " [options]" }
        var lines = [summary, "", usage]
        if !discussion.isEmpty { lines += ["", discussion] }
        if !positionalNames.isEmpty {
            lines += ["", "arguments:"]
            for (positional, help) in zip(positionalNames, positionalHelp) {
                lines.append("  " + Self.column(positional) + help)
            }
        }
        let describe = { (option: OptionSpecification) -> String in
            "  " + Self.column(option.name + (option.valueName.map { " " + $0 } ?? "")) + option.help
        }
        if !options.isEmpty { lines += ["", "options:"] + options.map(describe) }
        lines += ["", "global options:"] + globalOptions.map(describe)
        return lines.joined(separator: "\n")
    }

    public static func column(_ text: String) -> String {
        text.count >= 26 ? text + "  " : text + String(repeating: " ", count: 26 - text.count)
    }
}

/// Arguments after parsing: values by option name, flags, positionals.
public struct ParsedArguments: Sendable, Hashable {
    public var values: [String: [String]] = [:]
    public var flags: Set<String> = []
    public var positionals: [String] = []

    public func value(_ name: String) -> String? { values[name]?.last }
    public func allValues(_ name: String) -> [String] { values[name] ?? [] }
    public func has(_ flag: String) -> Bool { flags.contains(flag) }
    public func positional(_ index: Int) -> String? { index < positionals.count ? positionals[index] : nil }
}

/// A command line that does not fit the grammar: names the argument and what was expected.
public struct UsageError: Error, Sendable, Hashable, CustomStringConvertible {
    public var message: String
    public var command: String?

    public init(_ message: String, command: String? = nil) {
        self.message = message
        self.command = command
    }

    public var description: String { message }
}

/// Parses `--name value`, `--name=value`, flags and positionals against a specification.
/// Unknown options, missing values and surplus or missing positionals are usage errors that
/// name the argument: a person should never have to guess what was wrong.
public enum ArgumentParser {
    public static func parse(_ arguments: [String], command: CommandSpecification,
                             globalOptions: [OptionSpecification]) throws(UsageError) -> ParsedArguments {
        var result = ParsedArguments()
        let known = Dictionary((command.options + globalOptions).map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        var index = 0
        var onlyPositionals = false
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            if onlyPositionals || !argument.hasPrefix("--") || argument == "-" {
                if argument == "--" && !onlyPositionals {
                    onlyPositionals = true
                    continue
                }
                result.positionals.append(argument)
                continue
            }
            var name = argument
            var inlineValue: String?
            if let equals = argument.firstIndex(of: "=") {
                name = String(argument[..<equals])
                inlineValue = String(argument[argument.index(after: equals)...])
            }
            guard let option = known[name] else {
                throw UsageError("unknown option \(name) for '\(command.name)'", command: command.name)
            }
            if option.isFlag {
                guard inlineValue == nil else {
                    throw UsageError("\(name) takes no value", command: command.name)
                }
                result.flags.insert(name)
                continue
            }
            let value: String
            if let inlineValue {
                value = inlineValue
            } else {
                guard index < arguments.count else {
                    throw UsageError("\(name) needs a value (\(option.valueName ?? "VALUE"))", command: command.name)
                }
                value = arguments[index]
                index += 1
            }
            if !option.isRepeatable, result.values[name] != nil {
                throw UsageError("\(name) given more than once", command: command.name)
            }
            result.values[name, default: []].append(value)
        }
        if result.positionals.count < command.requiredPositionalCount {
            let missing = command.positionalNames[result.positionals.count]
            throw UsageError("missing argument \(missing) for '\(command.name)'", command: command.name)
        }
        if result.positionals.count > command.positionalNames.count {
            let surplus = result.positionals[command.positionalNames.count]
            throw UsageError("unexpected argument '\(surplus)' for '\(command.name)'", command: command.name)
        }
        return result
    }
}
