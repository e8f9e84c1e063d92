import LedgerAudit
import LedgerDomain
import LedgerImport
import LedgerEvents
import LedgerStore
import LedgerSupport
/// An Ofsted ILACS Annex A list that ends with `Allocated Team` and `Allocated Worker`: which
/// cases belong on it and which event dates it.
///
/// Lists 3–9: contacts and referrals, assessments, section 47 enquiries, children in need, child
/// protection, children in care, care leavers. A case belongs on a list while it is of that kind;
/// its event date is when it last became so (the referral, the start of the assessment, the
/// enquiry, the plan, the care episode).
public enum AnnexAList: Int, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    case contactsAndReferrals = 3
    case assessments = 4
    case section47Enquiries = 5
    case childrenInNeed = 6
    case childProtection = 7
    case childrenInCare = 8
    case careLeavers = 9

    /// Whether the case, as it stood, belongs on this list.
    public func includes(_ view: CaseView) -> Bool {
        guard view.isOpen else { return false }
        switch self {
        case .contactsAndReferrals: return view.category == .contact || view.category == .referral
        case .assessments: return view.category == .assessment
        case .section47Enquiries: return view.has(.section47)
        case .childrenInNeed: return view.category == .childInNeed
        case .childProtection: return view.category == .childProtection
        case .childrenInCare: return view.category == .childInCare
        case .careLeavers: return view.category == .careLeaver
        }
    }

    public var description: String {
        switch self {
        case .contactsAndReferrals: return "list 3, contacts and referrals"
        case .assessments: return "list 4, assessments"
        case .section47Enquiries: return "list 5, section 47 enquiries"
        case .childrenInNeed: return "list 6, children in need"
        case .childProtection: return "list 7, child protection"
        case .childrenInCare: return "list 8, children in care"
        case .careLeavers: return "list 9, care leavers"
        }
    }
}
