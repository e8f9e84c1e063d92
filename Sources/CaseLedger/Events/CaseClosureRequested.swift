/// A practitioner asked for a case to be closed and wrote the closure summary; a manager's
/// ``CaseClosed`` authorises it. The case stays open until then.
public struct CaseClosureRequested: EventPayload {
    public static let typeName = "CaseClosureRequested"
    public static let schemaVersion = 1

    public let caseId: String
    public let requestedById: String
    public let closureSummary: ClosureSummary

    public init(caseId: String, requestedById: String, closureSummary: ClosureSummary) {
        self.caseId = caseId
        self.requestedById = requestedById
        self.closureSummary = closureSummary
    }

    public var stream: StreamName { .case(caseId) }
}
