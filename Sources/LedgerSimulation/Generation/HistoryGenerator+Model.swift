import LedgerAudit
import LedgerDomain
import LedgerEvents
import LedgerImport
import LedgerStore
import LedgerSupport

/// The generator's own picture of the service: what it believes is true, from which it decides
/// what happens next. It is deliberately separate from the projections it is used to test.
extension HistoryGenerator {
    package struct TeamModel {
        package var id: String
        package var name: String
        package var area: ServiceArea
        package var managerId: String
    }

    package struct WorkerModel {
        package var id: String
        package var teamIndex: Int
        package var role: Role
        package var startDate: LocalDate
        package var isAgency: Bool
        package var isQualified: Bool
        /// Set once the worker has given notice; no new cases from then on.
        package var isLeaving = false
        package var hasLeft = false
        /// Away on long-term sickness until this working-day ordinal.
        package var absentUntilOrdinal: Int?
        package var primaryCases: [String] = []
        package var coCases: [String] = []

        package var isAvailable: Bool { !isLeaving && !hasLeft && absentUntilOrdinal == nil }

        package var actor: Actor { Actor(id: id, role: role) }
    }

    package enum CaseStage {
        case awaitingDecision
        case awaitingAllocation
        case allocated
        case closing
    }

    package struct CaseModel {
        package var id: String
        package var familyId: String
        package var referralId: String
        package var teamIndex: Int
        package var serviceArea: ServiceArea
        package var category: CaseCategory
        package var flags: [CaseFlag]
        package var risk: RiskLevel?
        package var stage: CaseStage = .awaitingDecision
        package var primary: Int?
        package var coWorker: Int?
        /// The sequence number of the allocation that made `primary` hold the case.
        package var allocationSequence: UInt64?
        package var allocatedAt: Instant?
        package var unallocatedSinceOrdinal: Int?
        /// A case deliberately left waiting (no capacity) until this ordinal.
        package var waitUntilOrdinal = 0
        package var letterSent = false
        package var monitoringRecorded = false
        package var reviewsRecorded = 0
        package var escalatedToServiceManager = false
        package var escalatedToHeadOfService = false
        /// When the allocated work is expected to end.
        package var closeOrdinal = 0
        package var previousWorkerId: String?

        package var isStatutory: Bool {
            category == .childProtection || category == .childInCare || flags.contains(.section47)
                || flags.contains(.courtProceedings)
        }
    }

    package struct ClosedCaseModel {
        package var id: String
        package var familyId: String
        package var previousWorkerId: String?
        package var teamIndex: Int
        package var closedOrdinal: Int
        package var closedAt: Instant
    }

    /// Something planned for a later working day.
    package enum Action {
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
