import LedgerStore
import LedgerSupport

/// The part of the service a team belongs to; the NQSW ramp differs by area.
public enum ServiceArea: String, Sendable, Hashable, Codable, CaseIterable {
    /// Duty and assessment (DAAT): front door, section 17 and 47 assessments.
    case dutyAndAssessment
    case safeguarding
    /// Children in care and the disabled children's team (DCT).
    case childrenInCare
    case fosteringAndAdoption
    case adultServices

    public var isChildrens: Bool { self != .adultServices }

    public var displayName: String {
        switch self {
        case .dutyAndAssessment: return "Duty and Assessment (DAAT)"
        case .safeguarding: return "Safeguarding"
        case .childrenInCare: return "Children in Care & DCT"
        case .fosteringAndAdoption: return "Fostering & Adoption"
        case .adultServices: return "Adult Services"
        }
    }
}
