import LedgerEvents
import LedgerStore
import LedgerSupport

/// Commands that give a case to a worker or take it away. Each carries the "why" as data
/// (DESIGN §4): reason code, rationale, factors considered, tasks with due dates, whether the
/// worker was spoken to, and a justification for each "justify" rule it overrides.
extension DomainCommand {
    /// Makes a worker the primary holder of a case (appends `CaseAllocated`).
    ///
    /// A case whose primary worker is someone else goes through ``Transfer`` or ``Deallocate``
    /// first (JOINT-PRIMARY); a co-worker may be made primary directly.
    public struct Allocate: Sendable, Hashable, Codable {
        public var caseId: String
        public var workerId: String
        public var reason: AllocationReason
        public var rationale: String
        public var factorsConsidered: [AllocationFactor]
        public var tasks: [AllocationTask]
        public var discussedWithWorker: Bool
        /// Rule id → why the allocation stands despite that rule's finding.
        public var justifications: [RuleID: String]

        public init(caseId: String, workerId: String, reason: AllocationReason, rationale: String,
                    factorsConsidered: [AllocationFactor] = [], tasks: [AllocationTask], discussedWithWorker: Bool,
                    justifications: [RuleID: String] = [:]) {
            self.caseId = caseId
            self.workerId = workerId
            self.reason = reason
            self.rationale = rationale
            self.factorsConsidered = factorsConsidered
            self.tasks = tasks
            self.discussedWithWorker = discussedWithWorker
            self.justifications = justifications
        }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            caseId = try container.decode(String.self, forKey: .caseId)
            workerId = try container.decode(String.self, forKey: .workerId)
            reason = try container.decode(AllocationReason.self, forKey: .reason)
            rationale = try container.decode(.rationale, default: "")
            factorsConsidered = try container.decode(.factorsConsidered, default: [])
            tasks = try container.decode(.tasks, default: [])
            discussedWithWorker = try container.decode(.discussedWithWorker, default: false)
            justifications = try container.decode(.justifications, default: [:])
        }
    }

    /// Adds a worker to a case as a co-worker, alongside (or pending) a primary worker
    /// (appends `CaseCoAllocated`).
    public struct CoAllocate: Sendable, Hashable, Codable {
        public var caseId: String
        public var workerId: String
        public var reason: AllocationReason
        public var rationale: String
        public var factorsConsidered: [AllocationFactor]
        public var tasks: [AllocationTask]
        public var discussedWithWorker: Bool
        public var justifications: [RuleID: String]

        public init(caseId: String, workerId: String, reason: AllocationReason, rationale: String,
                    factorsConsidered: [AllocationFactor] = [], tasks: [AllocationTask], discussedWithWorker: Bool,
                    justifications: [RuleID: String] = [:]) {
            self.caseId = caseId
            self.workerId = workerId
            self.reason = reason
            self.rationale = rationale
            self.factorsConsidered = factorsConsidered
            self.tasks = tasks
            self.discussedWithWorker = discussedWithWorker
            self.justifications = justifications
        }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            caseId = try container.decode(String.self, forKey: .caseId)
            workerId = try container.decode(String.self, forKey: .workerId)
            reason = try container.decode(AllocationReason.self, forKey: .reason)
            rationale = try container.decode(.rationale, default: "")
            factorsConsidered = try container.decode(.factorsConsidered, default: [])
            tasks = try container.decode(.tasks, default: [])
            discussedWithWorker = try container.decode(.discussedWithWorker, default: false)
            justifications = try container.decode(.justifications, default: [:])
        }
    }

    /// Takes a case from a worker without naming a successor (appends `CaseDeallocated`); a case
    /// that loses its primary worker waits with its team. Child protection and child-in-care
    /// cases cannot be left so (STATUTORY-ALLOCATED): transfer them instead.
    public struct Deallocate: Sendable, Hashable, Codable {
        public var caseId: String
        public var workerId: String
        public var reason: AllocationReason
        public var rationale: String
        public var justifications: [RuleID: String]

        public init(caseId: String, workerId: String, reason: AllocationReason, rationale: String,
                    justifications: [RuleID: String] = [:]) {
            self.caseId = caseId
            self.workerId = workerId
            self.reason = reason
            self.rationale = rationale
            self.justifications = justifications
        }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            caseId = try container.decode(String.self, forKey: .caseId)
            workerId = try container.decode(String.self, forKey: .workerId)
            reason = try container.decode(AllocationReason.self, forKey: .reason)
            rationale = try container.decode(.rationale, default: "")
            justifications = try container.decode(.justifications, default: [:])
        }
    }

    /// Moves a case worker to worker and/or team to team, with the "Case Transfer" summary
    /// (appends `CaseTransferred`).
    ///
    /// `toTeamId` nil keeps the case's team (or takes the receiving worker's team); `toWorkerId`
    /// nil leaves the case unallocated at the receiving team, which a child protection or
    /// child-in-care case may not be (STATUTORY-ALLOCATED).
    public struct Transfer: Sendable, Hashable, Codable {
        public var caseId: String
        public var toTeamId: String?
        public var toWorkerId: String?
        public var reason: AllocationReason
        /// Work done, outstanding work and whose responsibility it is (CLOSURE-SUMMARY).
        public var transferSummary: TransferSummary?
        public var rationale: String
        public var factorsConsidered: [AllocationFactor]
        public var tasks: [AllocationTask]
        /// Whether the receiving worker was spoken to first; ignored without a receiving worker.
        public var discussedWithWorker: Bool?
        public var justifications: [RuleID: String]

        public init(caseId: String, toTeamId: String? = nil, toWorkerId: String?, reason: AllocationReason,
                    transferSummary: TransferSummary?, rationale: String, factorsConsidered: [AllocationFactor] = [],
                    tasks: [AllocationTask] = [], discussedWithWorker: Bool? = nil,
                    justifications: [RuleID: String] = [:]) {
            self.caseId = caseId
            self.toTeamId = toTeamId
            self.toWorkerId = toWorkerId
            self.reason = reason
            self.transferSummary = transferSummary
            self.rationale = rationale
            self.factorsConsidered = factorsConsidered
            self.tasks = tasks
            self.discussedWithWorker = discussedWithWorker
            self.justifications = justifications
        }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            caseId = try container.decode(String.self, forKey: .caseId)
            toTeamId = try container.decodeIfPresent(String.self, forKey: .toTeamId)
            toWorkerId = try container.decodeIfPresent(String.self, forKey: .toWorkerId)
            reason = try container.decode(AllocationReason.self, forKey: .reason)
            transferSummary = try container.decodeIfPresent(TransferSummary.self, forKey: .transferSummary)
            rationale = try container.decode(.rationale, default: "")
            factorsConsidered = try container.decode(.factorsConsidered, default: [])
            tasks = try container.decode(.tasks, default: [])
            discussedWithWorker = try container.decodeIfPresent(Bool.self, forKey: .discussedWithWorker)
            justifications = try container.decode(.justifications, default: [:])
        }
    }
}
