import LedgerEvents
import LedgerStore
import LedgerSupport

/// A case's history as known at one transaction time, resolved along valid time: the case's
/// visible facts in the order they happened, and the state after each.
///
/// Built from the case's stream by filtering for an as-known time and sorting by
/// (`occurredAt`, `sequence`), so a backfilled event lands where it happened and a retracted one
/// is simply absent. The state at any valid time is then a binary search.
///
/// A holding team-only involvement with an end is one event but two points in valid time: the
/// timeline adds an ``FactDetail/involvementEnd(teamId:)`` fact at its end, with the event's
/// sequence and hash, so that point cites the event too. The state after the last fact of each
/// instant is settled (``CaseView/settleLegacyClosure()``): a legacy-open case nobody holds closes there.
public struct CaseTimeline: Sendable {
    public let caseId: String
    /// The visible facts in valid-time order (occurredAt, then sequence, an involvement's start
    /// before its end), with the ends of holding involvements added.
    public private(set) var facts: [Fact]
    /// `states[i]` is the case just after `facts[i]`.
    public private(set) var states: CaseStates
    /// The transaction time this timeline was resolved for.
    public private(set) var asKnown: Instant
    /// How many facts of the case's stream it was resolved from (visible or not).
    package private(set) var streamFactCount: Int
    /// Whether `facts` is the stream itself (nothing retracted, no involvement ends, in order),
    /// sharing its storage rather than holding a second copy of every fact.
    package private(set) var factsAreStream: Bool

    /// Resolves `streamFacts` (a case stream, in log order) as known at `asKnown`.
    public init(caseId: String, streamFacts: [Fact], asKnown: Instant) {
        self.caseId = caseId
        self.asKnown = asKnown
        self.streamFactCount = streamFacts.count
        var visible = ProjectionState.visibleFacts(streamFacts, asKnown: asKnown)
        for fact in visible {
            guard case .involvement(_, let teamId, let endedAt?, true) = fact.detail else { continue }
            var end = fact
            // An end before the start (a bad row the import flagged) ends it where it began.
            end.occurredAt = max(endedAt, fact.occurredAt)
            end.detail = .involvementEnd(teamId: teamId)
            visible.append(end)
        }
        let inOrder = Self.isInValidOrder(visible)
        if !inOrder {
            visible.sort(by: Self.precedes)
        }
        factsAreStream = inOrder && visible.count == streamFacts.count
        facts = visible
        var states = CaseStates()
        var state = CaseView()
        state.caseId = caseId
        for index in visible.indices {
            state.apply(visible[index], at: index)
            if index + 1 == visible.count || visible[index + 1].occurredAt != visible[index].occurredAt {
                state.settleLegacyClosure()
            }
            states.append(state)
        }
        self.states = states
    }

    /// Adds `fact`, just folded onto the end of the case's stream, as a rebuild from the whole
    /// stream would place it, when that is the last place in valid time; false (nothing changed)
    /// when only a rebuild can say, so the caller rebuilds.
    ///
    /// A batch of commands on one case (an `apply` file of a year of notes) decides each command
    /// against the timeline the earlier ones leave: rebuilding it from the stream every time made
    /// the batch quadratic in the case's length. Appending is the common case, and what a rebuild
    /// would do then is known exactly: the facts before are untouched (the new fact retracts
    /// nothing and adds no involvement end), it sorts last (it is the newest in the log, and no
    /// earlier in valid time than the last fact), and only the settling of the previous last
    /// fact's instant can change, when the new fact shares that instant.
    ///
    /// `stream` is the case's stream with `fact` last: a timeline whose facts are the stream
    /// takes it (shared storage) rather than appending to a copy of its own.
    package mutating func extend(with fact: Fact, stream: [Fact]) -> Bool {
        switch fact.detail {
        case .retraction, .involvementEnd: return false
        case .involvement(_, _, _?, true): return false
        default: break
        }
        guard fact.retractedBy.isEmpty else { return false }
        // The facts before this one: the stream without it, when the timeline's facts are the
        // stream (they were let go while it grew), else its own.
        let earlierCount = factsAreStream ? stream.count - 1 : facts.count
        guard earlierCount >= 0, !factsAreStream || stream.last == fact else { return false }
        let earlierLast = earlierCount == 0 ? nil : (factsAreStream ? stream[earlierCount - 1] : facts[earlierCount - 1])
        if let last = earlierLast {
            guard fact.occurredAt >= last.occurredAt, fact.sequence > last.sequence else { return false }
            if fact.occurredAt == last.occurredAt {
                // The previous fact is no longer the last of its instant: its state is unsettled.
                let lastIndex = earlierCount - 1
                var previous = lastIndex > 0 ? states[lastIndex - 1] : Self.initialState(caseId)
                previous.apply(last, at: lastIndex)
                states.replaceLast(with: previous)
            }
        }
        var state = states.last ?? Self.initialState(caseId)
        state.apply(fact, at: earlierCount)
        state.settleLegacyClosure()
        if factsAreStream {
            facts = stream
        } else {
            facts.append(fact)
        }
        states.append(state)
        asKnown = max(asKnown, fact.recordedAt)
        streamFactCount += 1
        return true
    }

    /// Lets go of the facts while the stream they share storage with grows, so the stream's
    /// append is in place; ``extend(with:stream:)`` takes the grown stream back.
    package mutating func releaseSharedFacts() {
        if factsAreStream { facts = [] }
    }

    private static func initialState(_ caseId: String) -> CaseView {
        var state = CaseView()
        state.caseId = caseId
        return state
    }

    /// Valid-time order: occurredAt, then sequence, then an involvement's start before its end
    /// (a zero-length involvement has both at one instant).
    private static func precedes(_ first: Fact, _ second: Fact) -> Bool {
        if first.occurredAt != second.occurredAt { return first.occurredAt < second.occurredAt }
        if first.sequence != second.sequence { return first.sequence < second.sequence }
        return !isEnd(first) && isEnd(second)
    }

    private static func isEnd(_ fact: Fact) -> Bool {
        if case .involvementEnd = fact.detail { return true }
        return false
    }

    private static func isInValidOrder(_ facts: [Fact]) -> Bool {
        guard facts.count > 1 else { return true }
        for index in 1..<facts.count where precedes(facts[index], facts[index - 1]) {
            return false
        }
        return true
    }

    /// The index of the last fact that had happened by `asOf` (occurredAt ≤ asOf), if any.
    public func lastIndex(atOrBefore asOf: Instant) -> Int? {
        var low = 0
        var high = facts.count
        while low < high {
            let middle = (low + high) / 2
            if facts[middle].occurredAt <= asOf { low = middle + 1 } else { high = middle }
        }
        return low == 0 ? nil : low - 1
    }

    /// The case as it stood at valid time `asOf`, or nil if nothing about it had happened yet.
    public func state(at asOf: Instant) -> CaseView? {
        lastIndex(atOrBefore: asOf).map { states[$0] }
    }

    /// Every interval in which the case was open with no primary worker, in order; the last may be open-ended.
    public var unallocatedIntervals: [UnallocatedInterval] {
        var intervals: [UnallocatedInterval] = []
        var previous: CaseView?
        for index in facts.indices {
            let current = states[index]
            let wasUnallocated = previous?.isUnallocated ?? false
            if !wasUnallocated && current.isUnallocated {
                intervals.append(UnallocatedInterval(start: facts[index].occurredAt, startFactIndex: index,
                                                     end: nil, endFactIndex: nil))
            } else if wasUnallocated && !current.isUnallocated, !intervals.isEmpty {
                intervals[intervals.count - 1].end = facts[index].occurredAt
                intervals[intervals.count - 1].endFactIndex = index
            }
            previous = current
        }
        return intervals
    }

    /// Every interval in which `workerId` held the case (primary or co-worker), in order.
    public func holdingIntervals(of workerId: String) -> [HoldingInterval] {
        var intervals: [HoldingInterval] = []
        var previous: CaseHolding?
        for index in facts.indices {
            let current = states[index].holding(of: workerId)
            if current?.factIndex != previous?.factIndex || current?.isPrimary != previous?.isPrimary {
                if previous != nil, !intervals.isEmpty {
                    intervals[intervals.count - 1].end = facts[index].occurredAt
                    intervals[intervals.count - 1].endFactIndex = index
                }
                if let current {
                    intervals.append(HoldingInterval(workerId: workerId, isPrimary: current.isPrimary,
                                                     start: current.since, startFactIndex: current.factIndex,
                                                     end: nil, endFactIndex: nil))
                }
            }
            previous = current
        }
        return intervals
    }
}

/// A span of valid time in which a case waited for allocation: open, with no primary worker.
public struct UnallocatedInterval: Sendable, Hashable {
    public var start: Instant
    /// Index into the timeline's facts of the event that left the case unallocated.
    public var startFactIndex: Int
    /// When a primary worker was allocated or the case closed; nil while still waiting.
    public var end: Instant?
    public var endFactIndex: Int?
}

/// A span of valid time in which a worker held a case.
public struct HoldingInterval: Sendable, Hashable {
    public var workerId: String
    public var isPrimary: Bool
    public var start: Instant
    public var startFactIndex: Int
    public var end: Instant?
    public var endFactIndex: Int?
}

/// A span of valid time from a start to an end not yet reached (nil): how every interval of a
/// case's timeline reads "at this instant".
public protocol ValidTimeInterval {
    var start: Instant { get }
    var end: Instant? { get }
}

extension ValidTimeInterval {
    /// Whether the interval contains `instant` (start inclusive, end exclusive).
    public func contains(_ instant: Instant) -> Bool {
        start <= instant && (end.map { instant < $0 } ?? true)
    }
}

extension UnallocatedInterval: ValidTimeInterval {}
extension HoldingInterval: ValidTimeInterval {}

/// A worker holding a case: since when, as what, and by which event.
public struct CaseHolding: Sendable, Hashable {
    public var workerId: String
    public var isPrimary: Bool
    public var since: Instant
    /// Index into the timeline's facts of the event that made the worker hold the case.
    public var factIndex: Int
}

/// A holding team-only involvement in force: the team holds the case unallocated.
public struct TeamHolding: Sendable, Hashable {
    /// Nil when the export named no team (`-1`).
    public var teamId: String?
    public var since: Instant
    /// Index into the timeline's facts of the involvement's start.
    public var factIndex: Int
    /// The involvement event's sequence: its end point carries the same one.
    public var sequence: UInt64
}
