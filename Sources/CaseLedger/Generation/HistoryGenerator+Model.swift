/// The generator's own picture of the service: what it believes is true, from which it decides
/// what happens next. It is deliberately separate from the projections it is used to test.
extension HistoryGenerator {
    struct TeamModel {
        var id: String
        var name: String
        var area: ServiceArea
        var managerId: String
    }

    struct WorkerModel {
        var id: String
        var teamIndex: Int
        var role: Role
        var startDate: LocalDate
        var isAgency: Bool
        var isQualified: Bool
        /// Set once the worker has given notice; no new cases from then on.
        var isLeaving = false
        var hasLeft = false
        /// Away on long-term sickness until this working-day ordinal.
        var absentUntilOrdinal: Int?
        var primaryCases: [String] = []
        var coCases: [String] = []

        var isAvailable: Bool { !isLeaving && !hasLeft && absentUntilOrdinal == nil }

        var actor: Actor { Actor(id: id, role: role) }
    }

    enum CaseStage {
        case awaitingDecision
        case awaitingAllocation
        case allocated
        case closing
    }

    struct CaseModel {
        var id: String
        var familyId: String
        var referralId: String
        var teamIndex: Int
        var serviceArea: ServiceArea
        var category: CaseCategory
        var flags: [CaseFlag]
        var risk: RiskLevel?
        var stage: CaseStage = .awaitingDecision
        var primary: Int?
        var coWorker: Int?
        /// The sequence number of the allocation that made `primary` hold the case.
        var allocationSequence: UInt64?
        var allocatedAt: Instant?
        var unallocatedSinceOrdinal: Int?
        /// A case deliberately left waiting (no capacity) until this ordinal.
        var waitUntilOrdinal = 0
        var letterSent = false
        var monitoringRecorded = false
        var reviewsRecorded = 0
        var escalatedToServiceManager = false
        var escalatedToHeadOfService = false
        /// When the allocated work is expected to end.
        var closeOrdinal = 0
        var previousWorkerId: String?

        var isStatutory: Bool {
            category == .childProtection || category == .childInCare || flags.contains(.section47)
                || flags.contains(.courtProceedings)
        }
    }

    struct ClosedCaseModel {
        var id: String
        var familyId: String
        var previousWorkerId: String?
        var teamIndex: Int
        var closedOrdinal: Int
        var closedAt: Instant
    }

    /// Something planned for a later working day.
    enum Action {
        case decide(caseId: String)
        case note(caseId: String)
        case riskAssessment(caseId: String)
        case categoryChange(caseId: String)
        case coAllocate(caseId: String)
        case coDeallocate(caseId: String)
        case transfer(caseId: String)
        case closeRequest(caseId: String)
        case close(caseId: String)
        case closeWithoutAllocation(caseId: String)
        case reallocate(caseId: String, fromWorker: Int, reason: AllocationReason)
        case late(event: LedgerEvent, occurredAt: Instant, actor: Actor)
        case retract(target: UInt64, stream: StreamName, reason: String, replacement: LedgerEvent?, occurredAt: Instant)
        case correctAllocation(caseId: String, allocationSequence: UInt64)
        case workerLeaves(workerIndex: Int)
        case workerReturns(workerIndex: Int)
        case roleChange(workerIndex: Int)
    }
}
