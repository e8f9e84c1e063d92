/// Who did something, and in what role at the time: the "who decided it" of an audit.
public struct Actor: Sendable, Hashable, Codable {
    public var id: String
    public var role: Role

    public init(id: String, role: Role) {
        self.id = id
        self.role = role
    }
}

/// The stream an event belongs to: `case/C123`, `worker/W7`, `team/T1`, `policy/authority`,
/// `import/<batch>`. Expected-version checks are per stream.
public struct StreamName: Sendable, Hashable, Codable, Comparable, CustomStringConvertible {
    public var rawValue: String

    public init(_ rawValue: String) { self.rawValue = rawValue }

    public static func `case`(_ id: String) -> StreamName { StreamName("case/" + id) }
    public static func worker(_ id: String) -> StreamName { StreamName("worker/" + id) }
    public static func team(_ id: String) -> StreamName { StreamName("team/" + id) }
    public static func policy(_ id: String) -> StreamName { StreamName("policy/" + id) }
    public static func importBatch(_ id: String) -> StreamName { StreamName("import/" + id) }

    /// The part before the first `/`: `case`, `worker`, `team`, ...
    public var category: Substring { rawValue.split(separator: "/", maxSplits: 1).first ?? "" }
    /// The part after the first `/`.
    public var identifier: Substring {
        guard let slash = rawValue.firstIndex(of: "/") else { return rawValue[...] }
        return rawValue[rawValue.index(after: slash)...]
    }

    public var description: String { rawValue }

    public static func < (lhs: StreamName, rhs: StreamName) -> Bool { lhs.rawValue < rhs.rawValue }

    public init(from decoder: any Decoder) throws {
        rawValue = try decoder.singleValueContainer().decode(String.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}

/// Where an event came from: a command typed or applied now, or a row of a legacy import,
/// so any allocation can be traced back to the line of the export it was loaded from.
public enum EventSource: Sendable, Hashable, Codable, CustomStringConvertible {
    case command
    case importRow(batch: String, row: Int)

    public var description: String {
        switch self {
        case .command: return "command"
        case .importRow(let batch, let row): return "import:\(batch):\(row)"
        }
    }

    public init?(text: String) {
        if text == "command" {
            self = .command
            return
        }
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0] == "import", !parts[1].isEmpty, let row = Int(parts[2]) else { return nil }
        self = .importRow(batch: String(parts[1]), row: row)
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let value = EventSource(text: text) else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "expected \"command\" or \"import:<batch>:<row>\", got \"\(text)\"")
        }
        self = value
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
