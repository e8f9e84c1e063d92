import LedgerStore
import LedgerSupport

/// The job a person does, which decides what they may record and which caps apply to them.
///
/// Raw values are the stored spelling in the log and in policy files; they never change.
public enum Role: String, Sendable, Hashable, Codable, CaseIterable {
    case socialWorker
    /// Assessed and Supported Year in Employment: a newly qualified social worker (NQSW).
    case asye
    case seniorPractitioner
    /// Unqualified social work officer.
    case socialWorkOfficer
    case student
    case familySupportWorker
    case teamManager
    case serviceManager
    case headOfService
    case practiceEducator
    /// Reads the ledger; may append nothing.
    case inspector
    /// Loads legacy history; appends imports only.
    case dataOfficer

    /// Team manager and above: the people the policies let allocate, transfer, close and retract.
    public var isManager: Bool {
        switch self {
        case .teamManager, .serviceManager, .headOfService: return true
        default: return false
        }
    }

    /// Roles that hold a social work qualification by definition of the role.
    public var isQualifiedSocialWorkRole: Bool {
        switch self {
        case .socialWorker, .asye, .seniorPractitioner, .teamManager, .serviceManager, .headOfService,
             .practiceEducator:
            return true
        default: return false
        }
    }

    /// Roles that may carry cases at all.
    public var isCaseHolding: Bool {
        switch self {
        case .inspector, .dataOfficer: return false
        default: return true
        }
    }

    /// Words for people: "a social worker", "an ASYE".
    public var displayName: String {
        switch self {
        case .socialWorker: return "social worker"
        case .asye: return "ASYE (newly qualified social worker)"
        case .seniorPractitioner: return "senior practitioner"
        case .socialWorkOfficer: return "social work officer"
        case .student: return "student"
        case .familySupportWorker: return "family support worker"
        case .teamManager: return "team manager"
        case .serviceManager: return "service manager"
        case .headOfService: return "head of service"
        case .practiceEducator: return "practice educator"
        case .inspector: return "inspector"
        case .dataOfficer: return "data officer"
        }
    }
}

extension Role {
    /// The spellings of every role, as bytes, for checking a stored role without a `String`.
    private static let spellings: [[UInt8]] = Role.allCases.map { Array($0.rawValue.utf8) }

    /// Whether `bytes` (a stored role's raw text, without escapes) is the spelling of a role this
    /// build knows.
    package static func isSpelling(_ bytes: UnsafeRawBufferPointer) -> Bool {
        spellings.contains { $0.count == bytes.count && $0.elementsEqual(bytes) }
    }
}
