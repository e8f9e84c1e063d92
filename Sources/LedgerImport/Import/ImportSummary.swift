import Foundation
import LedgerDomain
import LedgerEvents
import LedgerStore
import LedgerSupport

/// What an import found and did: counts, every flagged or rejected row, and the outcome.
///
/// The same value drives the printed summary and the row-level CSV report, so the two never
/// disagree.
public struct ImportSummary: Sendable {
    public enum Outcome: Sendable, Hashable {
        /// The batch was appended: these are its first and last sequence numbers.
        case appended(firstSequence: UInt64, lastSequence: UInt64)
        /// `--dry-run`: everything was checked and counted; nothing was appended.
        case dryRun
        /// This file was already imported with this preset or mapping; nothing was appended.
        case alreadyImported(batchId: String, recordedAt: Instant, sequence: UInt64)
        /// The file is malformed or has rejected rows; nothing was appended.
        case refused(reason: String)
    }

    public var fileName = ""
    public var fileSHA256 = ""
    public var batchId = ""
    /// The preset or mapping namespace (``ImportMapping/namespace``).
    public var preset = ""
    public var fileSizeBytes = 0
    /// Data rows read, the header excluded.
    public var rowCountRead = 0
    /// Rows whose key no earlier import (same preset) holds.
    public var rowCountNew = 0
    /// Rows whose key an earlier import holds with different values: corrected.
    public var rowCountChanged = 0
    /// Rows identical to an earlier import's: nothing appended for them.
    public var rowCountUnchanged = 0
    public var rowCountRejected = 0
    /// Rows naming a case opened by a referral in CaseLedger (``ImportAnomalyKind/liveCase``):
    /// reported and not appended.
    public var rowCountLiveCase = 0
    /// Loaded rows with at least one anomaly.
    public var rowCountFlagged = 0
    /// Rows of earlier imports (same preset) whose key is not in this file: left as they are.
    public var earlierRowCountAbsent = 0
    /// Events appended (or that would be), by type name, the batch record included.
    public var eventCounts: [String: Int] = [:]
    public var anomalyCounts: [ImportAnomalyKind: Int] = [:]
    public var rejectionCounts: [ImportRejectionReason: Int] = [:]
    /// Every flagged or rejected row, in line order.
    public var issues: [ImportRowIssue] = []
    /// What the import had to assume about the file as a whole, such as a missing optional column.
    public var warnings: [ImportWarning] = []
    public var outcome = Outcome.dryRun
    /// Seconds spent reading, planning and appending.
    public var readSeconds = 0.0
    public var planSeconds = 0.0
    public var appendSeconds = 0.0

    public init() {}

    public var eventCount: Int { eventCounts.values.reduce(0, +) }

    /// Whether the ledger was changed.
    public var didAppend: Bool {
        if case .appended = outcome { return true }
        return false
    }

    /// Why nothing was appended, when the import was refused: for standard error, apart from the
    /// summary, so a script reading the summary never mistakes a refusal for a result and a person
    /// sees it where errors go.
    public var refusal: String? {
        guard case .refused(let reason) = outcome else { return nil }
        return "refused: \(reason); nothing appended"
    }

    /// The printed summary, for standard output (a refusal's reason is in ``refusal``).
    public var lines: [String] {
        var lines = ["import of \(fileName) (\(preset)): batch \(batchId), sha256 \(fileSHA256)"]
        lines.append("rows read: \(rowCountRead)")
        lines.append("  new \(rowCountNew), changed \(rowCountChanged), unchanged \(rowCountUnchanged), rejected \(rowCountRejected); flagged \(rowCountFlagged)")
        if rowCountLiveCase > 0 {
            lines.append("  not appended: \(rowCountLiveCase) row\(rowCountLiveCase == 1 ? " names a case" : "s name cases") opened by a referral in CaseLedger (live-case in the report); an import never changes a live case")
        }
        for warning in warnings { lines.append(warning.line) }
        if earlierRowCountAbsent > 0 {
            lines.append("  \(earlierRowCountAbsent) rows of earlier imports are not in this file: left as they are")
        }
        let verb: String
        switch outcome {
        case .appended: verb = "events appended"
        default: verb = "events to append"
        }
        lines.append("\(verb): \(eventCount)")
        for (type, count) in eventCounts.sorted(by: { $0.key < $1.key }) {
            lines.append("  \(type): \(count)")
        }
        lines.append("anomalies by kind: \(anomalyCounts.values.reduce(0, +))")
        for (kind, count) in anomalyCounts.sorted(by: { $0.key < $1.key }) {
            lines.append("  \(kind.rawValue): \(count) (\(kind.displayName))")
        }
        lines.append("rejected rows by reason: \(rejectionCounts.values.reduce(0, +))")
        for (reason, count) in rejectionCounts.sorted(by: { $0.key < $1.key }) {
            lines.append("  \(reason.rawValue): \(count) (\(reason.displayName))")
        }
        switch outcome {
        case .appended(let first, let last):
            lines.append("appended sequences \(first)–\(last)")
        case .dryRun:
            lines.append("dry run: nothing appended")
        case .alreadyImported(let batch, let recordedAt, let sequence):
            lines.append("already imported as batch \(batch) at \(recordedAt) (sequence \(sequence)); nothing appended")
        case .refused:
            lines.append("nothing appended")
        }
        lines.append(String(format: "time: read %.2f s, plan %.2f s, append %.2f s", readSeconds, planSeconds, appendSeconds))
        return lines
    }

    /// The header of the row-level report.
    public static let reportColumns = ["line", "involvement_id", "severity", "kind", "field", "detail"]

    /// The row-level report as CSV: one line per flagged or rejected row and problem, written
    /// by the same ``CSVTable`` as every query CSV, so a formula in a legacy export (`=1+1`,
    /// `+cmd|…`) is neutralised here too.
    public func reportCSV() -> [UInt8] {
        var table = CSVTable(header: Self.reportColumns)
        // File-level warnings first, on the header's line: they qualify every row below.
        for warning in warnings {
            table.append(["1", "", "warning", warning.kind.rawValue, warning.columns, warning.detail])
        }
        for issue in issues {
            table.append([String(issue.lineNumber), issue.involvementId, issue.severity, issue.kind, issue.field, issue.detail])
        }
        return Array(table.text.utf8)
    }

    /// Quotes a field of a generated *input* file (RFC 4180) without neutralising it: in an
    /// export a leading `-` is data (`-1` is a team-only row). Reports use ``CSVTable``.
    package static func appendCSVField(_ field: String, to output: inout [UInt8]) {
        CSVTable.appendQuoted(field, to: &output)
    }
}
