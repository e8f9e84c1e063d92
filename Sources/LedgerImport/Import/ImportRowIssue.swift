import LedgerDomain
import LedgerEvents
import LedgerStore
import LedgerSupport

/// Something notable about a row that was loaded: real extracts are full of these, and each is
/// flagged rather than silently smoothed over.
public enum ImportAnomalyKind: String, Sendable, Hashable, CaseIterable, Comparable {
    /// Worker `-1` or empty: the case sat with the team, unallocated.
    case teamOnlyInvolvement = "team-only-involvement"
    /// Team `-1` or empty.
    case noTeam = "no-team"
    /// The end date is a marker such as `1900-01-01`: the involvement is still open.
    case openEndMarker = "open-end-marker"
    /// Start and end are the same instant.
    case zeroLength = "zero-length"
    /// Two allocated (primary) workers of one case at once.
    case overlappingAllocation = "overlapping-allocation"
    /// A type code the preset or mapping does not know: recorded as an involvement, not caseload.
    case unknownInvolvementType = "unknown-involvement-type"
    /// A change reason that is neither a national code nor mapped: recorded as "other".
    case unknownReason = "unknown-reason"
    /// No role known for a worker the import registers: the mapping's default role is used.
    case workerRoleUnknown = "worker-role-unknown"
    /// The row names a case opened by a referral recorded in CaseLedger: an import never changes
    /// a live case, so the row is reported and not appended (unless it corrects the same case's
    /// imported history). It carries no rationale, tasks or justification the allocation rules
    /// could judge, so it is not offered to them.
    case liveCase = "live-case"

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }

    public var displayName: String {
        switch self {
        case .teamOnlyInvolvement: return "team-only involvement (unallocated in team)"
        case .noTeam: return "no team"
        case .openEndMarker: return "open-end marker date (still open)"
        case .zeroLength: return "zero-length involvement"
        case .overlappingAllocation: return "overlapping allocation"
        case .unknownInvolvementType: return "involvement type unknown (recorded, not caseload)"
        case .unknownReason: return "change reason unknown (recorded as other)"
        case .workerRoleUnknown: return "worker role unknown (default role used)"
        case .liveCase: return "case opened by a referral in CaseLedger (live): row not appended"
        }
    }
}

/// Why a row could not be loaded.
public enum ImportRejectionReason: String, Sendable, Hashable, CaseIterable, Comparable {
    case raggedRow = "ragged-row"
    case malformedQuotes = "malformed-quotes"
    case unterminatedQuote = "unterminated-quote"
    case invalidUTF8 = "invalid-utf8"
    case missingValue = "missing-value"
    case unreadableDate = "unreadable-date"
    case endBeforeStart = "end-before-start"
    case duplicateInvolvementId = "duplicate-involvement-id"
    case valueTooLong = "value-too-long"

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }

    public var displayName: String {
        switch self {
        case .raggedRow: return "wrong number of fields"
        case .malformedQuotes: return "text after a closing quote"
        case .unterminatedQuote: return "quote never closed"
        case .invalidUTF8: return "not UTF-8"
        case .missingValue: return "required value missing"
        case .unreadableDate: return "unreadable date"
        case .endBeforeStart: return "end date before start date"
        case .duplicateInvolvementId: return "involvement id repeated"
        case .valueTooLong: return "value too long"
        }
    }
}

/// One line of the import report: a flagged or rejected row, with where and why.
public struct ImportRowIssue: Sendable, Hashable {
    public enum Problem: Sendable, Hashable {
        case anomaly(ImportAnomalyKind)
        case rejected(ImportRejectionReason)
    }

    /// The physical line of the file on which the row starts.
    public var lineNumber: Int
    /// The row's involvement id, when it could be read.
    public var involvementId: String
    public var problem: Problem
    /// The column at fault, as named in the file's header (empty when the whole row is at fault).
    public var field: String
    public var detail: String

    public init(lineNumber: Int, involvementId: String, problem: Problem, field: String, detail: String) {
        self.lineNumber = lineNumber
        self.involvementId = involvementId
        self.problem = problem
        self.field = field
        self.detail = detail
    }

    public var isRejection: Bool {
        if case .rejected = problem { return true }
        return false
    }

    /// Whether the row was loaded with an anomaly: not a rejection, nor a row left out because it
    /// names a live case.
    public var flagsLoadedRow: Bool {
        if case .anomaly(let kind) = problem { return kind != .liveCase }
        return false
    }

    /// `anomaly` or `rejected`.
    public var severity: String { isRejection ? "rejected" : "anomaly" }

    /// The kind's stable label, such as `zero-length` or `unreadable-date`.
    public var kind: String {
        switch problem {
        case .anomaly(let kind): return kind.rawValue
        case .rejected(let reason): return reason.rawValue
        }
    }
}
