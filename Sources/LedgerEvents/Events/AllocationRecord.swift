import LedgerStore
import LedgerSupport

/// The "why" an allocation carries, the same in ``CaseAllocated``, ``CaseCoAllocated`` and
/// ``CaseTransferred``: reason code, rationale, factors, tasks, whether it was discussed, the
/// policy findings overridden or recorded, and the caseload the manager saw.
///
/// One value so that every reader of an allocation's record (the audit's decision trail, the
/// fold's facts, the breach report) reads it once, whichever of the three events holds it. The
/// stored shape is unchanged (the fields stay flat in each payload, schema version 1), so old
/// logs read and verify as before; this is the one view of them.
public struct AllocationRecord: Sendable, Hashable {
    public var reason: AllocationReason
    public var rationale: String
    public var factorsConsidered: [AllocationFactor]
    public var tasks: [AllocationTask]
    /// Nil for a transfer with no receiving worker.
    public var discussedWithWorker: Bool?
    public var overrides: [PolicyOverride]
    public var caseloadAtAllocation: CaseloadFigures?
    public var findings: [PolicyFinding]?
}

/// One of the three events that make a worker hold a case (or, for a transfer, move it).
public protocol AllocationEvent: EventPayload {
    var record: AllocationRecord { get }
    /// The worker who held the case as primary just before, if the event says.
    var replacedWorkerId: String? { get }
    /// The team the case (or the co-worker) sits with after the event, if the event says.
    var resultingTeamId: String? { get }
}

extension CaseAllocated: AllocationEvent {
    public var record: AllocationRecord {
        AllocationRecord(reason: reason, rationale: rationale, factorsConsidered: factorsConsidered, tasks: tasks,
                         discussedWithWorker: discussedWithWorker, overrides: overrides,
                         caseloadAtAllocation: caseloadAtAllocation, findings: findings)
    }
    public var replacedWorkerId: String? { previousWorkerId }
    public var resultingTeamId: String? { teamId }
}

extension CaseCoAllocated: AllocationEvent {
    public var record: AllocationRecord {
        AllocationRecord(reason: reason, rationale: rationale, factorsConsidered: factorsConsidered, tasks: tasks,
                         discussedWithWorker: discussedWithWorker, overrides: overrides,
                         caseloadAtAllocation: caseloadAtAllocation, findings: findings)
    }
    /// A co-allocation replaces nobody.
    public var replacedWorkerId: String? { nil }
    public var resultingTeamId: String? { teamId }
}

extension CaseTransferred: AllocationEvent {
    public var record: AllocationRecord {
        AllocationRecord(reason: reason, rationale: rationale, factorsConsidered: factorsConsidered, tasks: tasks,
                         discussedWithWorker: discussedWithWorker, overrides: overrides,
                         caseloadAtAllocation: caseloadAtAllocation, findings: findings)
    }
    public var replacedWorkerId: String? { fromWorkerId }
    public var resultingTeamId: String? { toTeamId }
}

extension LedgerEvent {
    /// The allocation event inside, for the three that carry an ``AllocationRecord``; nil otherwise.
    public var allocation: (any AllocationEvent)? {
        switch self {
        case .caseAllocated(let payload): return payload
        case .caseCoAllocated(let payload): return payload
        case .caseTransferred(let payload): return payload
        default: return nil
        }
    }
}
