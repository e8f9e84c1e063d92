import LedgerStore
import LedgerSupport

/// A long-unallocated case was raised with the service manager (4 weeks) or head of service
/// (6 weeks) (UNALLOCATED-ESCALATION).
public struct EscalationRecorded: EventPayload {
    public static let typeName = "EscalationRecorded"
    public static let schemaVersion = 1

    public let caseId: String
    public let level: EscalationLevel
    public let escalatedToId: String
    public let reason: String

    public init(caseId: String, level: EscalationLevel, escalatedToId: String, reason: String) {
        self.caseId = caseId
        self.level = level
        self.escalatedToId = escalatedToId
        self.reason = reason
    }

    public var stream: StreamName { .case(caseId) }
}
