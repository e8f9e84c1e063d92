// Phrases refusals use to say why a case is singled out by the statutory rules.

extension CaseState {
    /// Why the case is statutory, in words: "child protection, section 47".
    var statutoryGrounds: String {
        var grounds: [String] = []
        if category == .childProtection || category == .childInCare { grounds.append(category.displayName) }
        if has(.section47) { grounds.append("section 47") }
        if has(.courtProceedings) { grounds.append("court proceedings") }
        if has(.supervisionOrder) { grounds.append("supervision order") }
        return grounds.joined(separator: ", ")
    }

    /// Why the case cannot be unallocated, in words.
    var mustStayAllocatedGrounds: String {
        var grounds: [String] = []
        if category == .childProtection || category == .childInCare { grounds.append(category.displayName) }
        if has(.section47) { grounds.append("section 47") }
        return grounds.joined(separator: ", ")
    }
}
