import LedgerStore
import LedgerSupport

/// A concern about workload capacity, of one practitioner or of a whole team, recorded so the
/// escalation route of the adult allocation policy can be followed and audited.
///
/// An `individual` concern names `workerId` (and may name the worker's team, so patterns across
/// a team show) and belongs to the worker's stream; a `team` concern names `teamId` only and
/// belongs to the team's stream. Use ``individual(workerId:teamId:raisedById:concern:reviewDue:)``
/// or ``team(teamId:raisedById:concern:reviewDue:)`` to build a consistent one.
public struct WorkloadConcernRaised: ValidatedPayload {
    public static let typeName = "WorkloadConcernRaised"
    public static let schemaVersion = 1

    public let scope: WorkloadConcernScope
    public let workerId: String?
    public let teamId: String?
    public let raisedById: String
    public let concern: String
    /// The review date agreed to evaluate progress, if one was set.
    public let reviewDue: LocalDate?

    public init(
        scope: WorkloadConcernScope, workerId: String?, teamId: String?, raisedById: String, concern: String,
        reviewDue: LocalDate?
    ) {
        self.scope = scope
        self.workerId = workerId
        self.teamId = teamId
        self.raisedById = raisedById
        self.concern = concern
        self.reviewDue = reviewDue
    }

    /// A concern about one practitioner's workload.
    public static func individual(
        workerId: String, teamId: String?, raisedById: String, concern: String, reviewDue: LocalDate?
    ) -> WorkloadConcernRaised {
        WorkloadConcernRaised(
            scope: .individual, workerId: workerId, teamId: teamId, raisedById: raisedById, concern: concern,
            reviewDue: reviewDue)
    }

    /// A concern about a whole team's capacity.
    public static func team(teamId: String, raisedById: String, concern: String, reviewDue: LocalDate?)
        -> WorkloadConcernRaised
    {
        WorkloadConcernRaised(
            scope: .team, workerId: nil, teamId: teamId, raisedById: raisedById, concern: concern,
            reviewDue: reviewDue)
    }

    public var stream: StreamName {
        switch scope {
        case .individual: return .worker(workerId ?? "")
        case .team: return .team(teamId ?? "")
        }
    }

    package var validationProblem: String? {
        switch scope {
        case .individual where workerId?.isEmpty ?? true:
            return "an individual workload concern must name \"workerId\""
        case .team where teamId?.isEmpty ?? true:
            return "a team workload concern must name \"teamId\""
        case .team where workerId != nil:
            return "a team workload concern must not name \"workerId\"; raise an individual concern instead"
        default:
            return nil
        }
    }
}
