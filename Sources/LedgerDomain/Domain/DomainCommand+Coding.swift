import LedgerEvents
import LedgerStore
import LedgerSupport

/// The JSON-line shape of a command: the payload's fields plus a `command` discriminator, with
/// unknown keys refused (see ``DomainCommand``).
extension DomainCommand: Codable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CommandCodingKey.self)
        let name = try container.decode(String.self, forKey: CommandCodingKey("command"))
        let command: DomainCommand
        switch name {
        case "registerTeam": command = .registerTeam(try RegisterTeam(from: decoder))
        case "registerWorker": command = .registerWorker(try RegisterWorker(from: decoder))
        case "changeRole": command = .changeRole(try ChangeRole(from: decoder))
        case "moveTeam": command = .moveTeam(try MoveTeam(from: decoder))
        case "recordAbsence": command = .recordAbsence(try RecordAbsence(from: decoder))
        case "recordLeaving": command = .recordLeaving(try RecordLeaving(from: decoder))
        case "adoptPolicy": command = .adoptPolicy(try AdoptPolicy(from: decoder))
        case "refer": command = .refer(try Refer(from: decoder))
        case "recordReferralDecision": command = .recordReferralDecision(try RecordReferralDecision(from: decoder))
        case "changeCategory": command = .changeCategory(try ChangeCategory(from: decoder))
        case "assessRisk": command = .assessRisk(try AssessRisk(from: decoder))
        case "reopen": command = .reopen(try Reopen(from: decoder))
        case "allocate": command = .allocate(try Allocate(from: decoder))
        case "coAllocate": command = .coAllocate(try CoAllocate(from: decoder))
        case "deallocate": command = .deallocate(try Deallocate(from: decoder))
        case "transfer": command = .transfer(try Transfer(from: decoder))
        case "requestClosure": command = .requestClosure(try RequestClosure(from: decoder))
        case "close": command = .close(try Close(from: decoder))
        case "recordAllocationDiscussion":
            command = .recordAllocationDiscussion(try RecordAllocationDiscussion(from: decoder))
        case "recordOversight": command = .recordOversight(try RecordOversight(from: decoder))
        case "recordCaseNote": command = .recordCaseNote(try RecordCaseNote(from: decoder))
        case "recordUnallocatedMonitoring":
            command = .recordUnallocatedMonitoring(try RecordUnallocatedMonitoring(from: decoder))
        case "sendFamilyLetter": command = .sendFamilyLetter(try SendFamilyLetter(from: decoder))
        case "recordUnallocatedReview": command = .recordUnallocatedReview(try RecordUnallocatedReview(from: decoder))
        case "escalate": command = .escalate(try Escalate(from: decoder))
        case "raiseWorkloadConcern": command = .raiseWorkloadConcern(try RaiseWorkloadConcern(from: decoder))
        case "retract": command = .retract(try Retract(from: decoder))
        default:
            throw DecodingError.dataCorruptedError(
                forKey: CommandCodingKey("command"), in: container,
                debugDescription: "unknown command \"\(name)\"; known: \(DomainCommand.names.joined(separator: ", "))")
        }
        // A misspelt key would otherwise vanish silently, taking a justification or a flag with it.
        let known = command.fieldNames.union(["command"])
        let unknown = container.allKeys.map(\.stringValue).filter { !known.contains($0) }.sorted()
        if let first = unknown.first {
            throw DecodingError.dataCorruptedError(
                forKey: CommandCodingKey(first), in: container,
                debugDescription: "\"\(name)\" has no field \(unknown.map { "\"\($0)\"" }.joined(separator: ", ")); "
                    + "its fields are \(command.fieldNames.sorted().joined(separator: ", "))")
        }
        self = command
    }

    public func encode(to encoder: any Encoder) throws {
        try payload.encode(to: encoder)
        var container = encoder.container(keyedBy: CommandCodingKey.self)
        try container.encode(name, forKey: CommandCodingKey("command"))
    }

    /// Every command name, in declaration order.
    public static let names: [String] = [
        "registerTeam", "registerWorker", "changeRole", "moveTeam", "recordAbsence", "recordLeaving", "adoptPolicy",
        "refer", "recordReferralDecision", "changeCategory", "assessRisk", "reopen", "allocate", "coAllocate",
        "deallocate", "transfer", "requestClosure", "close", "recordAllocationDiscussion", "recordOversight",
        "recordCaseNote", "recordUnallocatedMonitoring", "sendFamilyLetter", "recordUnallocatedReview", "escalate",
        "raiseWorkloadConcern", "retract",
    ]

    /// The payload struct, whatever the case.
    package var payload: any Encodable & Sendable {
        switch self {
        case .registerTeam(let payload): return payload
        case .registerWorker(let payload): return payload
        case .changeRole(let payload): return payload
        case .moveTeam(let payload): return payload
        case .recordAbsence(let payload): return payload
        case .recordLeaving(let payload): return payload
        case .adoptPolicy(let payload): return payload
        case .refer(let payload): return payload
        case .recordReferralDecision(let payload): return payload
        case .changeCategory(let payload): return payload
        case .assessRisk(let payload): return payload
        case .reopen(let payload): return payload
        case .allocate(let payload): return payload
        case .coAllocate(let payload): return payload
        case .deallocate(let payload): return payload
        case .transfer(let payload): return payload
        case .requestClosure(let payload): return payload
        case .close(let payload): return payload
        case .recordAllocationDiscussion(let payload): return payload
        case .recordOversight(let payload): return payload
        case .recordCaseNote(let payload): return payload
        case .recordUnallocatedMonitoring(let payload): return payload
        case .sendFamilyLetter(let payload): return payload
        case .recordUnallocatedReview(let payload): return payload
        case .escalate(let payload): return payload
        case .raiseWorkloadConcern(let payload): return payload
        case .retract(let payload): return payload
        }
    }

    /// The JSON keys of the payload: its stored property names, which are its coding keys.
    package var fieldNames: Set<String> {
        Set(Mirror(reflecting: payload).children.compactMap(\.label))
    }
}

/// Rule ids are JSON object keys in `justifications`: `{"CAP": "..."}`, not an array of pairs.
extension RuleID: CodingKeyRepresentable {}

/// Any string key, for the discriminator and for listing the keys a line holds.
package struct CommandCodingKey: CodingKey {
    package var stringValue: String
    package var intValue: Int? { nil }

    package init(_ stringValue: String) { self.stringValue = stringValue }
    package init?(stringValue: String) { self.stringValue = stringValue }
    package init?(intValue: Int) { nil }
}
