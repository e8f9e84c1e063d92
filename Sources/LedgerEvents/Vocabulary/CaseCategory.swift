import LedgerStore
import LedgerSupport

/// What kind of work a case is; decides whether it is statutory.
public enum CaseCategory: String, Sendable, Hashable, Codable, CaseIterable {
    case contact
    case referral
    case assessment
    case childInNeed
    case childProtection
    case childInCare
    case careLeaver
    case adultAssessment
    case adultReview
    case adultSafeguarding
    case fosteringAndAdoption

    public var displayName: String {
        switch self {
        case .contact: return "contact"
        case .referral: return "referral"
        case .assessment: return "assessment"
        case .childInNeed: return "child in need"
        case .childProtection: return "child protection"
        case .childInCare: return "child in care"
        case .careLeaver: return "care leaver"
        case .adultAssessment: return "adult assessment"
        case .adultReview: return "adult review"
        case .adultSafeguarding: return "adult safeguarding"
        case .fosteringAndAdoption: return "fostering & adoption"
        }
    }
}

/// Complexity and risk of a case, which weights it in a caseload.
public enum RiskLevel: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
    case low
    case moderate
    case high

    /// The ordinal used when comparing levels; the caseload weight itself comes from policy.
    public var rank: Int {
        switch self {
        case .low: return 1
        case .moderate: return 2
        case .high: return 3
        }
    }

    public static func < (lhs: RiskLevel, rhs: RiskLevel) -> Bool { lhs.rank < rhs.rank }
}

/// Facts about a case that policies single out.
public enum CaseFlag: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
    case courtProceedings
    case preBirthAssessment
    case section47
    case supervisionOrder

    public static func < (lhs: CaseFlag, rhs: CaseFlag) -> Bool { lhs.rawValue < rhs.rawValue }
}
