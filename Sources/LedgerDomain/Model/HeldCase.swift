import LedgerEvents
import LedgerStore
import LedgerSupport

/// One span of valid time in which a worker held a case, with what the case was (team, category,
/// risk) in each phase of the span: everything a caseload needs, without resolving the case again.
///
/// Built from a case's timeline; ``AuditLedger`` keeps each worker's spans for the "everything
/// known" view, so a caseload at any valid time is a scan of the worker's spans.
package struct HeldCase: Sendable {
    /// The case's attributes from a valid time on, within the span.
    package struct Phase: Sendable {
        package var from: Instant
        package var teamId: String?
        package var familyId: String?
        package var category: CaseCategory?
        package var riskLevel: RiskLevel?
        package var isStatutory: Bool
        /// The events that set the category and the risk level.
        package var citations: [Citation]
    }

    package var caseId: String
    package var isPrimary: Bool
    package var start: Instant
    package var end: Instant?
    /// The event that made the worker hold the case.
    package var allocation: Citation
    package var phases: [Phase]

    package func contains(_ instant: Instant) -> Bool { start <= instant && (end.map { instant < $0 } ?? true) }

    package func phase(at instant: Instant) -> Phase? {
        phases.last { $0.from <= instant } ?? phases.first
    }

    /// Every span in which `workerId` held the timeline's case.
    package static func spans(of workerId: String, in timeline: CaseTimeline) -> [HeldCase] {
        timeline.holdingIntervals(of: workerId).map { interval in
            let endIndex = interval.endFactIndex ?? timeline.facts.count
            var phases: [Phase] = []
            for index in interval.startFactIndex..<max(interval.startFactIndex + 1, endIndex) {
                let state = timeline.states[index]
                let citations = [state.categoryFactIndex, state.riskFactIndex].compactMap { $0 }
                    .map { timeline.facts[$0].citation }
                let phase = Phase(from: timeline.facts[index].occurredAt, teamId: state.teamId, familyId: state.familyId,
                                  category: state.category, riskLevel: state.riskLevel, isStatutory: state.isStatutory,
                                  citations: citations)
                if let last = phases.last, last.teamId == phase.teamId, last.category == phase.category,
                   last.riskLevel == phase.riskLevel, last.isStatutory == phase.isStatutory,
                   last.citations == phase.citations {
                    continue
                }
                phases.append(phase)
            }
            return HeldCase(caseId: timeline.caseId, isPrimary: interval.isPrimary, start: interval.start,
                            end: interval.end, allocation: timeline.facts[interval.startFactIndex].citation,
                            phases: phases)
        }
    }
}
