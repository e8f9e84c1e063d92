import LedgerEvents
import LedgerStore
import LedgerSupport

/// The states of a case timeline, one per fact, stored once per run of equal states.
///
/// Most facts of a long case (notes, discussions, letters) leave the case as it was, so a
/// timeline of a year of notes held a million copies of one ``CaseView``: the largest part of
/// the memory an `apply` of a million lines took. Reading a state is a binary search over the
/// runs (the last run first, which is what deciding a new command reads).
public struct CaseStates: RandomAccessCollection, Sendable {
    /// The first fact index of each run, ascending; `runStarts[0] == 0` when not empty.
    private var runStarts: [Int] = []
    private var runStates: [CaseView] = []
    private var total = 0

    public init() {}

    public var startIndex: Int { 0 }
    public var endIndex: Int { total }

    /// Runs stored: what a test reads to see equal states shared.
    package var runCount: Int { runStates.count }

    public subscript(position: Int) -> CaseView {
        precondition(position >= 0 && position < total, "case state index out of range")
        if let lastStart = runStarts.last, position >= lastStart { return runStates[runStates.count - 1] }
        var low = 0
        var high = runStarts.count
        while low < high {
            let middle = (low + high) / 2
            if runStarts[middle] <= position { low = middle + 1 } else { high = middle }
        }
        return runStates[low - 1]
    }

    package mutating func append(_ state: CaseView) {
        if let last = runStates.last, last == state {
            total += 1
            return
        }
        runStarts.append(total)
        runStates.append(state)
        total += 1
    }

    /// Replaces the last state (the last fact's, unsettled when a new fact joins its instant).
    package mutating func replaceLast(with state: CaseView) {
        precondition(total > 0, "no state to replace")
        guard runStates[runStates.count - 1] != state else { return }
        if runStarts[runStarts.count - 1] == total - 1 {
            // The last run is the last state alone: it becomes the new state, or joins the run before.
            if runStates.count >= 2, runStates[runStates.count - 2] == state {
                runStarts.removeLast()
                runStates.removeLast()
            } else {
                runStates[runStates.count - 1] = state
            }
        } else {
            runStarts.append(total - 1)
            runStates.append(state)
        }
    }
}
