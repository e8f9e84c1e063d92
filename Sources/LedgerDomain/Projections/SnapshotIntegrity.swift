import Synchronization
import LedgerEvents
import LedgerStore
import LedgerSupport

/// Snapshot damage found after a snapshot was opened: a block that failed its checksum when a
/// query or a decision first read it.
///
/// Why a process-wide record: blocks are read lazily from deep inside folds and queries that
/// cannot throw (a fold never fails). The damaged block reads as absent, the problem is recorded
/// here, and the boundaries that act on an answer check it: a write command refuses before it
/// appends (``CommandError/snapshotDamaged(problem:)``), and the command line discards the answer,
/// sets the snapshot aside and runs the command again from the log.
public enum SnapshotIntegrity {
    private static let problems = Mutex<[SnapshotProblem]>([])
    private static let appended = Atomic<Bool>(false)
    private static let loaded = Atomic<Bool>(false)

    package static func record(_ problem: SnapshotProblem) {
        problems.withLock { recorded in
            if !recorded.contains(problem) { recorded.append(problem) }
        }
    }

    /// Damage found since the process started (or since ``reset()``), first found first.
    public static var lateProblems: [SnapshotProblem] {
        problems.withLock { $0 }
    }

    /// Forgets recorded damage and appends, after the damaged snapshots were set aside.
    public static func reset() {
        problems.withLock { $0.removeAll() }
        appended.store(false, ordering: .sequentiallyConsistent)
    }

    /// Called after an append: from then on, running the command again would record it twice.
    package static func noteAppended() { appended.store(true, ordering: .sequentiallyConsistent) }

    /// True once this process appended since ``reset()``: an answer may only be recomputed
    /// (after damage was found) while this is false.
    public static var hasAppended: Bool { appended.load(ordering: .sequentiallyConsistent) }

    package static func noteLoaded() { loaded.store(true, ordering: .sequentiallyConsistent) }

    /// True once a snapshot was opened in this process: its blocks may yet be read, so output
    /// should be held back until the command has finished (it may have to be discarded).
    public static var hasLoadedSnapshot: Bool { loaded.load(ordering: .sequentiallyConsistent) }
}
