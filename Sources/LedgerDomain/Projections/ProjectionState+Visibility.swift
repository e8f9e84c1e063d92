import LedgerEvents
import LedgerStore
import LedgerSupport

extension ProjectionState {
    /// Whether `fact` counts for a query made as known at `asKnown`: it had been recorded by then,
    /// and no retraction recorded by then (and not itself retracted by then) withdraws it.
    ///
    /// A retracted event therefore stops counting from the moment the retraction was recorded,
    /// and an as-known query before that moment still sees it. `facts` is the fact's stream,
    /// where its retractions live.
    package static func isVisible(_ fact: Fact, in facts: [Fact], asKnown: Instant) -> Bool {
        guard fact.recordedAt <= asKnown else { return false }
        // Retractions are never themselves retracted (see `markRetracted`), so one level suffices.
        for retraction in fact.retractedBy {
            guard let index = index(of: retraction, in: facts) else { continue }
            if facts[index].recordedAt <= asKnown { return false }
        }
        return true
    }

    /// The facts of a stream that count as known at `asKnown`, in log order (retractions included).
    package static func visibleFacts(_ facts: [Fact], asKnown: Instant) -> [Fact] {
        // Fast path: the usual query knows everything and nothing was retracted.
        if let last = facts.last, last.recordedAt <= asKnown, facts.allSatisfy({ $0.retractedBy.isEmpty }) {
            return facts
        }
        return facts.filter { isVisible($0, in: facts, asKnown: asKnown) }
    }

    /// The retraction (its fact) that withdraws `fact` as known at `asKnown`, if any.
    package static func effectiveRetraction(of fact: Fact, in facts: [Fact], asKnown: Instant) -> Fact? {
        for retraction in fact.retractedBy {
            guard let index = index(of: retraction, in: facts) else { continue }
            if isVisible(facts[index], in: facts, asKnown: asKnown) { return facts[index] }
        }
        return nil
    }
}
