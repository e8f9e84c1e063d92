import LedgerDomain
import LedgerEvents
import LedgerStore
import LedgerSupport

/// Why a mapping file (or a built-in preset's description) cannot be used, naming the key at fault.
public enum ImportMappingError: Error, Sendable, Hashable, CustomStringConvertible {
    case unreadable(path: String, detail: String)
    /// The JSON does not have the documented shape.
    case invalidJSON(path: String, detail: String)
    case missingColumn(field: String)
    case unknownField(section: String, field: String, known: [String])
    case invalidDateFormat(pattern: String)
    case unknownRole(value: String, mappedFrom: String)
    case unknownReason(value: String, mappedFrom: String)
    case unknownServiceArea(value: String)
    case unknownPreset(name: String)

    public var description: String {
        switch self {
        case .unreadable(let path, let detail):
            return "cannot read the mapping file \(path): \(detail)"
        case .invalidJSON(let path, let detail):
            return "the mapping file \(path) is not valid: \(detail)"
        case .missingColumn(let field):
            return "the mapping names no column for the required field \"\(field)\""
        case .unknownField(let section, let field, let known):
            return "the mapping's \"\(section)\" has an unknown field \"\(field)\"; known fields: \(known.joined(separator: ", "))"
        case .invalidDateFormat(let pattern):
            return "date format \"\(pattern)\" is not valid: use letters yyyy MM MMM dd HH mm ss SSS XXX, [optional parts], or iso8601"
        case .unknownRole(let value, let source):
            return "the mapping maps \"\(source)\" to role \"\(value)\", which is not one of \(Role.allCases.map(\.rawValue).joined(separator: ", "))"
        case .unknownReason(let value, let source):
            return "the mapping maps \"\(source)\" to reason \"\(value)\", which is neither a national code (MANAGE, FCONTA, LEFTRL, ORGRST, TSPROC, ABSENC, CHCHAN, PCCHAN, SWDIED, OTHERS) nor one of \(AllocationReason.allCases.map(\.rawValue).joined(separator: ", "))"
        case .unknownServiceArea(let value):
            return "service area \"\(value)\" is not one of \(ServiceArea.allCases.map(\.rawValue).joined(separator: ", "))"
        case .unknownPreset(let name):
            return "unknown preset \"\(name)\"; use ssd, liquidlogic or mosaic, or --mapping FILE"
        }
    }
}
