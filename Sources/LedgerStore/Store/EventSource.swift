import Foundation
import LedgerSupport

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
