import LedgerEvents
import LedgerStore
import LedgerSupport

/// Compares every snapshot with the state a rebuild from the log gives at the snapshot's
/// position: the check that no bytes in `snapshots/` say anything the log does not.
///
/// Why a separate check: opening trusts a snapshot whose checksums are right, and anyone can
/// recompute those (the format is public). Answers that cite an event re-read its line from the
/// log, which catches a changed fact; a fact or an index entry left out, or a whole case added,
/// is only caught by rebuilding, which costs a full fold and is therefore `verify
/// --check-snapshots`, not part of every open.
public enum SnapshotVerifier {
    /// What the comparison found for one snapshot file.
    public struct Finding: Sendable, Hashable {
        public var path: String
        public var sequence: UInt64
        /// Nil when the snapshot matches the rebuild; otherwise what differs.
        public var difference: String?

        public var matches: Bool { difference == nil }
    }

    /// Checks each snapshot in `snapshotDirectory` against one fold of the log in
    /// `storeDirectory`, oldest first. A snapshot that does not load is reported as differing.
    public static func verify(storeDirectory: String, snapshotDirectory: String) throws -> [Finding] {
        let store = SnapshotStore(directory: snapshotDirectory)
        var pending = store.entries().sorted { $0.sequence < $1.sequence }
        var findings: [Finding] = []
        var rebuilt = ProjectionState()
        func compareDue() {
            while let next = pending.first, next.sequence <= rebuilt.position.sequence {
                pending.removeFirst()
                guard next.sequence == rebuilt.position.sequence else { continue }
                findings.append(Finding(path: next.path, sequence: next.sequence,
                                        difference: difference(store.load(next), rebuilt: rebuilt)))
            }
        }
        compareDue()
        let reader = try LedgerReader(directory: storeDirectory)
        try reader.read { stored in
            rebuilt.apply(stored.envelope, chain: stored.chain, lineOffset: Int64(stored.byteOffset))
            compareDue()
        }
        for entry in pending {
            findings.append(Finding(path: entry.path, sequence: entry.sequence,
                                    difference: "its position \(entry.sequence) is beyond the log's head \(rebuilt.position.sequence)"))
        }
        return findings
    }

    private static func difference(_ loaded: Result<SnapshotStore.Loaded, SnapshotProblem>, rebuilt: ProjectionState) -> String? {
        let snapshot: ProjectionState
        switch loaded {
        case .failure(let problem): return problem.description
        case .success(let value): snapshot = value.state
        }
        guard snapshot.position == rebuilt.position else { return "its position differs from the log's at that sequence" }
        let damageBefore = SnapshotIntegrity.lateProblems.count
        if snapshot.canonicalDigest != rebuilt.canonicalDigest {
            return "its facts differ from the log's (projection digest \(snapshot.canonicalDigest.hex), rebuilt \(rebuilt.canonicalDigest.hex))"
        }
        let indexes: [(String, StreamIndex, StreamIndex)] = [
            ("cases by worker", snapshot.casesByWorker, rebuilt.casesByWorker),
            ("cases by team", snapshot.casesByTeam, rebuilt.casesByTeam),
            ("workers by team", snapshot.workersByTeam, rebuilt.workersByTeam),
            ("cases by family", snapshot.casesByFamily, rebuilt.casesByFamily),
        ]
        for (name, stored, expected) in indexes {
            let keys = Set(expected.keys)
            if Set(stored.keys) != keys { return "its \(name) index has other keys than the log gives" }
            if let key = keys.sorted().first(where: { stored[$0] != expected[$0] }) {
                return "its \(name) index differs from the log's for \(key)"
            }
        }
        if SnapshotIntegrity.lateProblems.count != damageBefore {
            return "a block does not match its checksum"
        }
        return nil
    }
}
