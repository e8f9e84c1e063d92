import LedgerDomain
import LedgerEvents
import LedgerStore
import LedgerSupport

extension UnallocatedCase {
    /// How urgent the wait is, most urgent lowest: 0 child protection, in care or another case
    /// that must stay allocated (statutory), or one already breaking STATUTORY-ALLOCATED; 1 a
    /// case with an overdue deadline; 2 high risk; 3 the rest.
    ///
    /// Why this order: the unallocated-cases guidance lets no child-protection or child-in-care
    /// case wait, and a manager reading the list top-down acts on the first lines first.
    public var urgencyRank: Int {
        if isStatutory || category == .childProtection || category == .childInCare || !findings.isEmpty { return 0 }
        if deadlines.contains(where: { $0.status == .overdue }) { return 1 }
        if riskLevel == .high { return 2 }
        return 3
    }

    /// The urgency order: by ``urgencyRank``, then the longest wait, then the case id.
    public static func isMoreUrgent(_ first: UnallocatedCase, _ second: UnallocatedCase) -> Bool {
        (first.urgencyRank, first.since, first.caseId) < (second.urgencyRank, second.since, second.caseId)
    }
}
