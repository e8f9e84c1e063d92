import LedgerStore
import LedgerSupport

/// A worker's role changed, for instance an ASYE completing the year or a social work officer qualifying.
public struct WorkerRoleChanged: EventPayload {
    public static let typeName = "WorkerRoleChanged"
    public static let schemaVersion = 1

    public let workerId: String
    public let fromRole: Role
    public let toRole: Role
    /// Qualified status after the change.
    public let isQualified: Bool
    /// The date the new role takes effect, when it differs from the day the event occurred.
    public let effectiveDate: LocalDate?
    /// Policy findings the decider overrode with a justification (absent in entries written
    /// before the change was judged against the case's holders: read as none).
    public let overrides: [PolicyOverride]?
    /// Breaches of "finding" rules the change caused, recorded and reported.
    public let findings: [PolicyFinding]?

    public init(workerId: String, fromRole: Role, toRole: Role, isQualified: Bool, effectiveDate: LocalDate?,
                overrides: [PolicyOverride]? = nil, findings: [PolicyFinding]? = nil) {
        self.workerId = workerId
        self.fromRole = fromRole
        self.toRole = toRole
        self.isQualified = isQualified
        self.effectiveDate = effectiveDate
        self.overrides = overrides
        self.findings = findings
    }

    public var stream: StreamName { .worker(workerId) }
}
