/// A case moved to another category or its flags changed, for instance child in need to child
/// protection; decides whether it is statutory from then on.
public struct CaseCategoryChanged: EventPayload {
    public static let typeName = "CaseCategoryChanged"
    public static let schemaVersion = 1

    public let caseId: String
    /// The category before, when known (an import may not know it).
    public let fromCategory: CaseCategory?
    public let toCategory: CaseCategory
    /// The full flag set after the change, not a difference; stored sorted, without duplicates.
    public let flags: [CaseFlag]
    public let reason: String

    public init(caseId: String, fromCategory: CaseCategory?, toCategory: CaseCategory, flags: [CaseFlag], reason: String) {
        self.caseId = caseId
        self.fromCategory = fromCategory
        self.toCategory = toCategory
        self.flags = canonicalSet(flags)
        self.reason = reason
    }

    public var stream: StreamName { .case(caseId) }
}
