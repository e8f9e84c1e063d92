import LedgerStore
import LedgerSupport

/// Why a stored payload could not be turned into a ``LedgerEvent``, in words a person can act on.
public enum EventDecodingError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The stored `type` is not one this build knows.
    case unknownType(type: String)
    /// The stored schema version is newer than this build reads, or an old version with no upcaster.
    case unsupportedSchemaVersion(type: String, version: Int, current: Int)
    /// The JSON does not have the shape of the type at that version.
    case malformedData(type: String, detail: String)
    /// The envelope names an actor role this build does not know. The store verifies such a line
    /// (a role is opaque to it); only reading it as an event refuses it.
    case unknownRole(role: String)

    public var description: String {
        switch self {
        case .unknownType(let type):
            return "unknown event type \"\(type)\": this build of CaseLedger knows "
                + "\(LedgerEvent.allTypeNames.count) event types and this is not one of them. "
                + "The log may have been written by a newer version (upgrade CaseLedger), "
                + "or the entry is damaged (run `caseledger verify`)."
        case .unsupportedSchemaVersion(let type, let version, let current) where version > current:
            return "event type \"\(type)\" is stored at schema version \(version), but this build of "
                + "CaseLedger reads versions up to \(current). The log was written by a newer version: "
                + "upgrade CaseLedger before reading it."
        case .unsupportedSchemaVersion(let type, let version, let current):
            return "event type \"\(type)\" is stored at schema version \(version), which this build "
                + "cannot upcast to the current version \(current). Versions start at 1 and every old "
                + "version needs an upcaster in EventUpcaster.swift; the entry may be damaged "
                + "(run `caseledger verify`)."
        case .malformedData(let type, let detail):
            return "the data of a \"\(type)\" event cannot be read: \(detail)"
        case .unknownRole(let role):
            return "unknown actor role \"\(role)\": this build of CaseLedger knows the roles "
                + Role.allCases.map(\.rawValue).joined(separator: ", ")
                + ". The log may have been written by a newer version (upgrade CaseLedger)."
        }
    }
}

extension EventDecodingError {
    /// Turns a Foundation decoding error into a one-line detail naming the field at fault.
    package static func detail(for error: any Error) -> String {
        guard let decodingError = error as? DecodingError else { return String(describing: error) }
        func path(_ codingPath: [any CodingKey]) -> String {
            guard !codingPath.isEmpty else { return "the payload" }
            var text = ""
            for key in codingPath {
                if let index = key.intValue {
                    text += "[\(index)]"
                } else {
                    text += text.isEmpty ? key.stringValue : "." + key.stringValue
                }
            }
            return "\"\(text)\""
        }
        switch decodingError {
        case .keyNotFound(let key, let context):
            return "missing field \(path(context.codingPath + [key]))"
        case .valueNotFound(let type, let context):
            return "\(path(context.codingPath)) is null but must be a \(type)"
        case .typeMismatch(let type, let context):
            return "\(path(context.codingPath)) is not a \(type): \(context.debugDescription)"
        case .dataCorrupted(let context) where context.codingPath.isEmpty:
            // Foundation reports a number that does not fit its field (a negative or oversized
            // integer, a fraction where an integer belongs) this way too, without naming the field.
            return "the payload is not valid JSON, or holds a number that does not fit its field "
                + "(a negative, fractional or oversized integer): \(context.debugDescription)"
        case .dataCorrupted(let context):
            return "\(path(context.codingPath)): \(context.debugDescription)"
        @unknown default:
            return String(describing: decodingError)
        }
    }
}
