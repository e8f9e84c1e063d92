/// Who held a case at the end of a day, since when, and the recorded decision that made each
/// hold it, citing the event by sequence number and chain hash.
///
/// The inspector's first question (DESIGN §1): every fact is one an auditor can check against the log.
public struct DemoHoldersAnswer: Sendable, Hashable {
    /// One holder and the event that made them hold the case.
    public struct Holding: Sendable, Hashable {
        public var workerId: String
        /// The worker's role on the date asked about.
        public var role: Role?
        public var isPrimary: Bool
        /// When the holding began (the event's valid time).
        public var since: Instant
        public var sequence: UInt64
        /// The chain hash after the event: what the log proves.
        public var hash: String
        /// `CaseAllocated`, `CaseTransferred` or `CaseCoAllocated`.
        public var eventType: String
        public var recordedAt: Instant
        /// Who decided it.
        public var actor: Actor
        public var reason: AllocationReason
        public var rationale: String
        public var factorsConsidered: [AllocationFactor]
        public var tasks: [AllocationTask]
        public var discussedWithWorker: Bool?
        public var overrides: [PolicyOverride]
        public var caseloadAtAllocation: CaseloadFigures?
        /// For a transfer: the team and worker it came from.
        public var fromTeamId: String?
        public var fromWorkerId: String?
    }

    /// The latest manager oversight recorded by the date.
    public struct Oversight: Sendable, Hashable {
        public var sequence: UInt64
        public var hash: String
        public var occurredAt: Instant
        public var managerId: String
        public var needsToHappen: String
    }

    /// One event of the case's history up to the date, for the short trail printed with the answer.
    public struct TrailEntry: Sendable, Hashable {
        public var sequence: UInt64
        public var occurredAt: Instant
        public var eventType: String
        public var actorId: String
        public var detail: String
        public var isRetracted: Bool
    }

    public var caseId: String
    public var date: LocalDate
    /// False when nothing about the case had happened by the date.
    public var isKnown: Bool
    public var isOpen: Bool
    public var teamId: String?
    public var category: CaseCategory?
    public var riskLevel: RiskLevel?
    public var flags: [CaseFlag]
    public var primary: Holding?
    public var coWorkers: [Holding]
    public var latestOversight: Oversight?
    public var trail: [TrailEntry]
}
