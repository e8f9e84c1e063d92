/// Who held what, when, across all cases: built once for a report so that a worker's caseload at
/// any instant (for the CAP and NQSW-RAMP checks at each allocation) is a scan of that worker's
/// spans rather than a resolution of every case they ever held.
struct HoldingIndex {
    struct Span {
        var caseId: String
        var familyId: String?
        var start: Instant
        var end: Instant?
        /// The case's risk level over the span: (from, level), in order.
        var risks: [(from: Instant, level: RiskLevel?)]

        func contains(_ instant: Instant) -> Bool { start <= instant && (end.map { instant < $0 } ?? true) }

        func risk(at instant: Instant) -> RiskLevel? {
            risks.last { $0.from <= instant }?.level ?? risks.first?.level
        }
    }

    private(set) var spans: [String: [Span]] = [:]

    mutating func add(_ timeline: CaseTimeline) {
        var workers = Set<String>()
        for fact in timeline.facts {
            if let workerId = fact.detail.allocatedWorkerId { workers.insert(workerId) }
        }
        for workerId in workers.sorted() {
            for interval in timeline.holdingIntervals(of: workerId) {
                let endIndex = interval.endFactIndex ?? timeline.facts.count
                var risks: [(from: Instant, level: RiskLevel?)] = []
                for index in interval.startFactIndex..<max(interval.startFactIndex + 1, endIndex) {
                    let level = timeline.states[index].riskLevel
                    if risks.last.map({ $0.level != level }) ?? true {
                        risks.append((timeline.facts[index].occurredAt, level))
                    }
                }
                spans[workerId, default: []].append(Span(
                    caseId: timeline.caseId, familyId: timeline.states[interval.startFactIndex].familyId,
                    start: interval.start, end: interval.end, risks: risks))
            }
        }
    }

    /// The worker's caseload at `instant`: cases, points (unassessed weighs as moderate) and families.
    func load(of workerId: String, at instant: Instant, policy: Policy) -> (cases: Int, points: Int, families: Int) {
        var cases = Set<String>()
        var families = Set<String>()
        var points = 0
        for span in spans[workerId] ?? [] where span.contains(instant) && cases.insert(span.caseId).inserted {
            points += policy.weight(span.risk(at: instant) ?? .moderate)
            families.insert(span.familyId ?? "case:" + span.caseId)
        }
        return (cases.count, points, families.count)
    }
}
