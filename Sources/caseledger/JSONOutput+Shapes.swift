import CaseLedger
import LedgerSimulation

/// The JSON shapes of the command line's own output (the audit answers have theirs in
/// `docs/audit.md`). Synthesised `Encodable` leaves a nil field out, as the hand-built text did.
extension JSONOutput {
    /// What a write command or `apply` appended (or, with `--dry-run`, would append).
    struct Batch: Encodable {
        struct Event: Encodable {
            var sequence: UInt64
            var type: String
            var stream: String
            /// Null, not absent, on a dry run: the key is always there for a reader to test.
            var hash: String?

            enum CodingKeys: String, CodingKey {
                case sequence, type, stream, hash
            }

            func encode(to encoder: any Encoder) throws {
                var container = encoder.container(keyedBy: CodingKeys.self)
                try container.encode(sequence, forKey: .sequence)
                try container.encode(type, forKey: .type)
                try container.encode(stream, forKey: .stream)
                try container.encode(hash, forKey: .hash)
            }
        }

        struct Override: Encodable {
            var rule: String
            var finding: String
            var justification: String
        }

        struct Finding: Encodable {
            var rule: String
            var message: String
        }

        var appended: Bool
        var events: [Event]
        var overrides: [Override]
        var findings: [Finding]

        init(_ outcome: BatchOutcome, dryRun: Bool) {
            appended = !dryRun
            events = outcome.events.map { Event(sequence: $0.sequence, type: $0.type, stream: $0.stream, hash: $0.hash) }
            overrides = outcome.overrides.map { Override(rule: $0.ruleId, finding: $0.finding, justification: $0.justification) }
            findings = outcome.findings.map { Finding(rule: $0.ruleId, message: $0.finding) }
        }
    }

    /// `verify`: the log's state, the checkpoint when intact, the first fault otherwise, and
    /// with `--check-snapshots` each snapshot compared with a rebuild.
    struct Verification: Encodable {
        struct Fault: Encodable {
            var sequence: UInt64
            var segment: String
            var byteOffset: Int
            var message: String
        }

        struct SnapshotComparison: Encodable {
            var path: String
            var sequence: UInt64
            var matches: Bool
            var difference: String?
        }

        var intact: Bool
        var events: UInt64
        var head: String
        var segments: Int
        var bytes: Int
        var digest: String?
        var checkpoint: String?
        var provedUnaltered: Bool?
        var treeSidecar: String?
        var fault: Fault?
        var snapshots: [SnapshotComparison]?

        init(_ report: VerificationReport, snapshots findings: [SnapshotVerifier.Finding]?) {
            intact = report.isIntact
            events = report.eventCount
            head = report.head.description
            segments = report.segmentCount
            bytes = report.byteCount
            digest = report.checkedDigest?.description
            if report.isIntact {
                checkpoint = report.checkpoint.text
                provedUnaltered = report.checkedDigest != nil
                treeSidecar = report.sidecarState.description
            }
            fault = report.fault.map {
                Fault(sequence: $0.sequence, segment: $0.segment, byteOffset: $0.byteOffset, message: $0.description)
            }
            snapshots = findings?.map {
                SnapshotComparison(path: $0.path, sequence: $0.sequence, matches: $0.matches, difference: $0.difference)
            }
        }
    }

    /// `digest`: the head to note now and verify later.
    struct Digest: Encodable {
        var sequence: UInt64
        var hash: String
    }

    /// `verify --since`: whether today's tree extends a checkpoint noted earlier.
    struct Consistency: Encodable {
        var consistent: Bool
        var since: String?
        var checkpoint: String?
        var proofHashes: Int?
        var fault: String?
    }

    /// Any command's failure under `--format json`, on standard error.
    struct Failure: Encodable {
        var command: String
        var exitCode: Int32
        var message: String
        /// The first rule a refusal names: what a script most often branches on.
        var rule: String?
        var rules: [String]
    }

    /// `snapshot`: the snapshot written and what opening read to write it.
    struct Snapshot: Encodable {
        struct Problem: Encodable {
            var code: String
            var message: String
            var path: String
        }

        var eventsFolded: Int
        var fromSnapshot: UInt64?
        var hash: String
        var path: String
        var problems: [Problem]
        var sequence: UInt64
    }

    /// `import`: what was read, what it would append or appended, and the outcome.
    struct Import: Encodable {
        struct Rows: Encodable {
            var read: Int
            var new: Int
            var changed: Int
            var unchanged: Int
            var rejected: Int
            var liveCase: Int
            var flagged: Int
        }

        struct Outcome: Encodable {
            /// `appended`, `dry-run`, `already-imported` or `refused`.
            var status: String
            var firstSequence: UInt64?
            var lastSequence: UInt64?
            var batchId: String?
            var recordedAt: String?
            var sequence: UInt64?
            var reason: String?
        }

        var file: String
        var sha256: String
        var batchId: String
        var preset: String
        var rows: Rows
        var events: [String: Int]
        var anomalies: [String: Int]
        var rejections: [String: Int]
        /// The summary's warning lines, such as a missing optional column.
        var warnings: [String]
        var outcome: Outcome

        init(_ summary: ImportSummary) {
            file = summary.fileName
            sha256 = summary.fileSHA256
            batchId = summary.batchId
            preset = summary.preset
            rows = Rows(read: summary.rowCountRead, new: summary.rowCountNew, changed: summary.rowCountChanged,
                        unchanged: summary.rowCountUnchanged, rejected: summary.rowCountRejected,
                        liveCase: summary.rowCountLiveCase, flagged: summary.rowCountFlagged)
            events = summary.eventCounts
            anomalies = Dictionary(uniqueKeysWithValues: summary.anomalyCounts.map { ($0.key.rawValue, $0.value) })
            rejections = Dictionary(uniqueKeysWithValues: summary.rejectionCounts.map { ($0.key.rawValue, $0.value) })
            warnings = summary.warnings.map(\.line)
            switch summary.outcome {
            case .appended(let first, let last):
                outcome = Outcome(status: "appended", firstSequence: first, lastSequence: last)
            case .dryRun:
                outcome = Outcome(status: "dry-run")
            case .alreadyImported(let batch, let recordedAt, let sequence):
                outcome = Outcome(status: "already-imported", batchId: batch, recordedAt: recordedAt.iso8601, sequence: sequence)
            case .refused(let reason):
                outcome = Outcome(status: "refused", reason: reason)
            }
        }
    }

    /// `bench`: each figure with its spread and, where it has one, its ratio to a baseline.
    struct Bench: Encodable {
        struct Figure: Encodable {
            var name: String
            var unit: String
            var median: Double
            var min: Double
            var max: Double
            var baseline: String?
            var ratio: Double?
        }

        var events: Int
        var runs: Int
        var logBytes: Int
        var figures: [Figure]
    }
}
