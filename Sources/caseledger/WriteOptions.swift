import CaseLedger
import Foundation
import LedgerSimulation

/// The options of one write subcommand as typed values (text, whole numbers, dates, instants,
/// tasks, justifications, a policy), from which the subcommand builds its ``DomainCommand``.
///
/// The checks run in three passes so that, given several bad options, the one named is the one
/// the JSON route named before the command line built commands directly: first every option in
/// the order the subcommand lists them (presence, number, date and task syntax, rule ids, the
/// policy file), then every id in the order of its JSON key, then the enumerations as each
/// command reads them (``choice(_:_:)``), so `--help` order, messages and exit codes are kept.
struct WriteOptions {
    /// One option's value once its text has been read.
    enum Value {
        case text(String)
        case integer(Int)
        case flag(Bool)
        case list([String])
        case date(LocalDate)
        case instant(Instant)
        case tasks([AllocationTask])
        case justifications([RuleID: String])
        case policy(Policy)
    }

    let specification: WriteCommands.Specification
    private var values: [String: Value] = [:]

    /// Reads every option of `specification` from `arguments`, naming the option in every error.
    init(_ specification: WriteCommands.Specification, arguments: ParsedArguments) throws {
        self.specification = specification
        for field in specification.fields {
            values[field.option] = try Self.read(field, arguments: arguments, command: specification.name)
        }
        // Ids are checked in the order of their JSON keys, as the check on the command's JSON
        // object did: the first id named is the same whatever the order the options were typed in.
        for field in specification.fields.sorted(by: { $0.key < $1.key }) where field.key.hasSuffix("Id") {
            if case .text(let id) = values[field.option], let problem = IdentifierGrammar.problem(id) {
                throw usage("\(field.option): \(problem)")
            }
        }
    }

    private static func read(_ field: WriteCommands.Field, arguments: ParsedArguments, command: String) throws -> Value? {
        if field.kind == .flag { return .flag(arguments.has(field.option)) }
        let texts = arguments.allValues(field.option)
        guard let last = texts.last else {
            if field.isRequired { throw UsageError("missing \(field.option) (\(field.help))", command: command) }
            return field.defaultValue.map(Value.integer)
        }
        switch field.kind {
        case .text: return .text(last)
        case .flag: return .flag(true)
        case .list: return .list(texts)
        case .commaList:
            return .list(texts.flatMap { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } }.filter { !$0.isEmpty })
        case .integer:
            guard let number = Int(last) else {
                throw UsageError("\(field.option) must be a whole number; got '\(last)'", command: command)
            }
            return .integer(number)
        case .date:
            do { return .date(try DateArgument.parseDate(last)) } catch {
                throw UsageError("\(field.option): \(error)", command: command)
            }
        case .instant:
            do { return .instant(try DateArgument.parseInstant(last)) } catch {
                throw UsageError("\(field.option): \(error)", command: command)
            }
        case .startInstant:
            do {
                if let date = try? DateArgument.parseDate(last) { return .instant(LondonTime.startOfDay(date)) }
                return .instant(try DateArgument.parseInstant(last))
            } catch {
                throw UsageError("\(field.option): \(error)", command: command)
            }
        case .tasks:
            return .tasks(try texts.map { text in
                guard let colon = text.firstIndex(of: ":"), let date = try? DateArgument.parseDate(String(text[..<colon])) else {
                    throw UsageError("\(field.option) must be DATE:description, e.g. 2024-03-20:Visit the child at home; got '\(text)'",
                                     command: command)
                }
                return AllocationTask(description: String(text[text.index(after: colon)...]), dueDate: date)
            })
        case .justifications:
            var justifications: [RuleID: String] = [:]
            for text in texts {
                guard let equals = text.firstIndex(of: "="), let rule = RuleID(rawValue: String(text[..<equals])) else {
                    throw UsageError("\(field.option) must be RULE=justification with a rule id such as CAP; got '\(text)'",
                                     command: command)
                }
                justifications[rule] = String(text[text.index(after: equals)...])
            }
            return .justifications(justifications)
        case .policyFile:
            do { return .policy(try Policy.load(path: last)) } catch {
                throw ToolFailure(code: .dataError, message: "\(error)")
            }
        }
    }

    private func usage(_ message: String) -> UsageError { UsageError(message, command: specification.name) }

    /// The field an option fills, for the message of a required option that is absent.
    private func field(_ option: String) -> WriteCommands.Field? { specification.fields.first { $0.option == option } }

    private func missing(_ option: String) -> UsageError {
        usage("missing \(option) (\(field(option)?.help ?? "required"))")
    }

    // MARK: - Typed values

    /// The value of an option the command cannot do without, read by `accessor`.
    func required<Wanted>(_ option: String, _ accessor: (String) throws -> Wanted?) throws -> Wanted {
        guard let value = try accessor(option) else { throw missing(option) }
        return value
    }

    /// A text option, or nil when absent.
    func text(_ option: String) -> String? {
        if case .text(let text) = values[option] { text } else { nil }
    }

    func requiredText(_ option: String) throws -> String { try required(option, text) }

    /// A flag: present means true, absent false (the JSON shape had no optional booleans).
    func flag(_ option: String) -> Bool {
        if case .flag(let isSet) = values[option] { isSet } else { false }
    }

    /// A whole-number option, its default filled in when absent.
    func integer(_ option: String) throws -> Int {
        try required(option) { if case .integer(let number) = values[$0] { number } else { nil } }
    }

    /// A repeatable or comma-separated option's values, or nil when absent.
    func list(_ option: String) -> [String]? {
        if case .list(let list) = values[option] { list } else { nil }
    }

    func date(_ option: String) -> LocalDate? {
        if case .date(let date) = values[option] { date } else { nil }
    }

    func requiredDate(_ option: String) throws -> LocalDate { try required(option, date) }

    func instant(_ option: String) -> Instant? {
        if case .instant(let instant) = values[option] { instant } else { nil }
    }

    func requiredInstant(_ option: String) throws -> Instant { try required(option, instant) }

    /// Tasks with due dates; none when the option is absent.
    func tasks(_ option: String) -> [AllocationTask] {
        if case .tasks(let tasks) = values[option] { tasks } else { [] }
    }

    /// Rule id → justification; none when the option is absent.
    func justifications(_ option: String = "--justify") -> [RuleID: String] {
        if case .justifications(let justifications) = values[option] { justifications } else { [:] }
    }

    /// A whole-number option that cannot be negative (a sequence number).
    func unsigned(_ option: String) throws -> UInt64 {
        let number = try integer(option)
        guard let unsigned = UInt64(exactly: number) else {
            throw usage("\(option) must be a whole number from 0; got '\(number)'")
        }
        return unsigned
    }

    func policy(_ option: String) throws -> Policy {
        try required(option) { if case .policy(let policy) = values[$0] { policy } else { nil } }
    }

    /// A text option naming one case of an enumeration, or nil when absent.
    func choice<Value: RawRepresentable>(_ type: Value.Type, _ option: String) throws -> Value? where Value.RawValue == String {
        guard let text = text(option) else { return nil }
        guard let value = Value(rawValue: text) else { throw usage("\(option): \(Self.invalid(type, text))") }
        return value
    }

    func requiredChoice<Value: RawRepresentable>(_ type: Value.Type, _ option: String) throws -> Value where Value.RawValue == String {
        try required(option) { try choice(type, $0) }
    }

    /// A comma-separated list of enumeration cases, or nil when absent. A bad element is not
    /// prefixed with the option, as the JSON route (whose error path ended in the element's
    /// index) did not.
    func choices<Value: RawRepresentable>(_ type: Value.Type, _ option: String) throws -> [Value]? where Value.RawValue == String {
        try list(option).map { texts in
            try texts.map { text in
                guard let value = Value(rawValue: text) else { throw usage(Self.invalid(type, text)) }
                return value
            }
        }
    }

    /// The message the standard library's `Decodable` gives a raw value that names no case.
    static func invalid<Value>(_ type: Value.Type, _ text: String) -> String {
        "Cannot initialize \(Value.self) from invalid String value \(text)"
    }

    /// A summary given as three options (work done, outstanding work, responsibility): nil when
    /// none is given; all three, or the first absent one named, when any is.
    func summary(_ options: [String]) throws -> [String]? {
        let texts = options.map(text)
        guard texts.contains(where: { $0 != nil }) else { return nil }
        return try zip(options, texts).map { option, text in
            guard let text else {
                let key = field(option)?.key.split(separator: ".").last.map(String.init) ?? option
                throw usage("\(option): missing field \(key)")
            }
            return text
        }
    }
}
