import Foundation
import LedgerSupport

/// The stream an event belongs to: `case/C123`, `worker/W7`, ... Expected-version checks are per
/// stream. To the store a name is opaque text; the categories are the events layer's
/// (`StreamName+Categories.swift`).
public struct StreamName: Sendable, Hashable, Codable, Comparable, CustomStringConvertible {
    public var rawValue: String

    public init(_ rawValue: String) { self.rawValue = rawValue }

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
