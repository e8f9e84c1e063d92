import LedgerEvents
import LedgerStore
import LedgerSupport

/// Opens the one model of a ledger directory: from the newest snapshot that checks out (format
/// version, checksums, and the log still holding its position and hash) plus the tail of the log
/// after it, or from the whole log when none does.
///
/// Snapshots are caches: one that does not check out is reported and ignored, never trusted, and
/// the tail after a good one is read with every check of the format (``LogTailReader``).
package enum ModelLoader {
    package struct Loaded {
        package var state: ProjectionState
        /// Where the fold stands in the log files.
        package var cursor: LogCursor?
        package var report: ModelOpenReport
        /// Snapshot files that were not used (to prune after a new one is written).
        package var rejected: [String]
    }

    /// Loads the model of `storeDirectory`.
    ///
    /// - Parameters:
    ///   - accept: asked about each snapshot that checks out, before its tail is read; returns why
    ///     it cannot be used (reported like a snapshot from another log), or nil. A writer opens
    ///     the log resumed at the snapshot's position here, under its lock.
    ///   - beforeFullFold: called when no snapshot is used, before the whole log is read (a writer
    ///     opens the log here, so the fold runs under its lock).
    package static func load(storeDirectory: String, snapshotDirectory: String?,
                     accept: (SnapshotStore.Loaded) throws -> String? = { _ in nil },
                     beforeFullFold: () throws -> Void = {}) throws -> Loaded {
        var report = ModelOpenReport(snapshotUsed: nil, eventsFolded: 0, problems: [], snapshotWritten: nil)
        var rejected: [String] = []
        if let directory = snapshotDirectory {
            let store = SnapshotStore(directory: directory)
            for entry in store.entries() {
                let loaded: SnapshotStore.Loaded
                switch store.load(entry) {
                case .failure(let problem):
                    report.problems.append(problem)
                    rejected.append(entry.path)
                    continue
                case .success(let value):
                    loaded = value
                }
                if let rejection = try accept(loaded) {
                    report.problems.append(SnapshotProblem(path: entry.path, kind: .fromAnotherLog(detail: rejection)))
                    rejected.append(entry.path)
                    continue
                }
                do {
                    var candidate = loaded.state
                    let outcome = try LogTailReader(directory: storeDirectory).read(
                        after: loaded.header.head, cursor: loaded.header.cursor
                    ) { stored in
                        candidate.apply(stored.envelope, chain: stored.chain, lineOffset: Int64(stored.byteOffset))
                    }
                    report.snapshotUsed = entry
                    report.eventsFolded = outcome.eventCount
                    return Loaded(state: candidate, cursor: outcome.cursor ?? loaded.header.cursor, report: report,
                                  rejected: rejected)
                } catch let error as LogTailError {
                    switch error {
                    case .positionNotInLog, .positionMismatch:
                        report.problems.append(SnapshotProblem(path: entry.path, kind: .fromAnotherLog(detail: error.description)))
                        rejected.append(entry.path)
                    case .corrupt(let fault):
                        throw LedgerError.corrupt(fault)
                    case .io(let failure):
                        throw LedgerError.io(failure)
                    }
                }
            }
        }
        try beforeFullFold()
        let (folded, cursor, count) = try ProjectionState.foldingWholeLog(in: storeDirectory)
        report.eventsFolded = count
        return Loaded(state: folded, cursor: cursor, report: report, rejected: rejected)
    }
}

/// What opening a model (or its last refresh) did.
public struct ModelOpenReport: Sendable {
    /// The snapshot the fold started from, if one was usable.
    public var snapshotUsed: SnapshotStore.Entry?
    /// Events folded from the log (the tail after the snapshot, or the whole log).
    public var eventsFolded: Int
    /// Snapshots that were not used, and why; also a rebuilt snapshot that could not be written.
    public var problems: [SnapshotProblem]
    /// A snapshot written while opening (after a rebuild, or because the tail was long).
    public var snapshotWritten: SnapshotStore.Entry?
}
