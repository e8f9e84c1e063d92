import Dispatch
import Foundation
import LedgerDomain
import LedgerEvents
import LedgerStore
import LedgerSupport

/// What to import, from where, into which ledger, and how strictly.
public struct ImportRequest: Sendable {
    public var filePath: String
    public var mapping: ImportMapping
    public var storeDirectory: String
    /// Optional workers file (SSD `ssd_professionals`, Liquidlogic `DIM_WORKER`): roles, agency flags, teams.
    public var workersFilePath: String?
    /// Optional teams file (SSD `ssd_department`): team names.
    public var teamsFilePath: String?
    /// Check and count everything; append nothing.
    public var isDryRun = false
    /// Load the good rows of a file that has rejected rows (recorded in the batch's counts).
    /// Off by default: a file with bad rows appends nothing, and the report names each one.
    public var acceptsRejectedRows = false
    /// Who runs the import; the actor of every event appended. Setting it names them (``isActorNamed``).
    public var actor = Actor(id: "data-officer", role: .dataOfficer) {
        didSet { isActorNamed = true }
    }
    /// Whether the caller named the actor rather than leaving the default `data-officer`, an id
    /// nobody registered: an import that corrects rows of earlier imports retracts events, and
    /// the ledger must record who really did that, so it is refused without a named actor.
    public private(set) var isActorNamed = false
    /// Named in the retractions that correct rows of earlier imports; the actor's id when nil.
    /// On a live ledger (see ``ImportAuthority``) a registered manager in post.
    public var authorisingManagerId: String?
    /// Where the model's snapshots are, for looking up the actor on a live ledger; nil reads the
    /// whole log.
    public var snapshotDirectory: String?
    public var ledgerOptions = LedgerOptions()
    /// Have the ledger decode every encoded event before writing (``LedgerOptions/checkEncodingBeforeWrite``).
    ///
    /// Off by default for imports, where it would double the cost of a million-row batch: the
    /// importer instead round-trips a sample (the first event of each type and every 512th) before
    /// appending. The check guards against a payload type whose encoding does not decode back to
    /// the same value, a property of the type and the shape of its values, which a sample of every
    /// type the import produces exercises; the values themselves are built by the importer from
    /// already validated fields. Set this to check every event anyway.
    public var checksEveryEncoding = false
    /// Events produced, framed and written at a time: bounds the memory of a large import.
    package var appendChunkEventCount = 16_384

    public init(filePath: String, mapping: ImportMapping, storeDirectory: String) {
        self.filePath = filePath
        self.mapping = mapping
        self.storeDirectory = storeDirectory
    }
}

/// Where a long import has got to, for a progress line.
public enum ImportProgress: Sendable {
    case reading(rowCount: Int, byteCount: Int, totalByteCount: Int?)
    case appending(eventCount: Int)
}

/// Loads a legacy involvements export into the ledger: atomic, idempotent, traceable.
///
/// The whole file is read and judged first; only then is the ledger opened, and everything is
/// appended as one all-or-nothing batch, so a failure appends nothing. The batch id comes from
/// the file's SHA-256 and the mapping (``batchId(fileSHA256:mappingIdentity:)``): the same file
/// again appends nothing; a later export appends only its new rows and, for rows whose values
/// changed, an `EntryRetracted` of the earlier events (naming the changed fields) followed by
/// the new ones. Every event carries `import:<batch>:<line>`.
///
/// What each row becomes (DESIGN §7; the queries rely on this):
/// - a case-holding type with a worker: `CaseAllocated` at the start, `CaseDeallocated`
///   (primary) at the end if ended; a co-worker type: `CaseCoAllocated` / `CaseDeallocated`;
/// - any other type, or a team-only row (worker `-1`): `InvolvementRecorded` with its own type,
///   start and end; a team-only row of a case-holding type has `holdsCase` set, and for its
///   period the case is open and unallocated in that team (see the legacy-open rule in README);
/// - bare dates are the start of that London day; `1900-01-01` or empty ends are open.
/// Rows are ordered by valid time inside the batch, a row's end before another's start at the
/// same instant. Workers and teams not yet registered are registered in the same batch.
/// Imports never block on policy rules (DESIGN §5): breaches in the history are loaded and
/// reported by the audit queries. Two things do stop them: on a live ledger the actor must be
/// allowed to import (``ImportAuthority``), and rows naming a case opened by a referral in
/// CaseLedger are reported and not appended (``ImportAnomalyKind/liveCase``).
public enum Importer {
    /// The batch id: the first 16 hex digits of SHA-256(file hash + "\n" + mapping identity).
    public static func batchId(fileSHA256: SHA256Digest, mappingIdentity: String) -> String {
        String(SHA256.hash(Array((fileSHA256.hex + "\n" + mappingIdentity).utf8)).hex.prefix(16))
    }

    /// Runs an import and returns what it found and did. Row problems are in the summary
    /// (a refused outcome appends nothing); errors are for what stops an import from running.
    public static func run(
        _ request: ImportRequest, clock: any Clock = SystemClock(),
        identifiers: any IdentifierGenerator = RandomIdentifierGenerator(),
        account: any AccountSource = SystemAccount(),
        progress: ((ImportProgress) -> Void)? = nil
    ) throws(ImportError) -> ImportSummary {
        // The actor's role is replaced by their registered one once the ledger is live.
        var request = request
        let isActorNamed = request.isActorNamed
        var summary = ImportSummary()
        summary.fileName = (request.filePath as NSString).lastPathComponent
        summary.preset = request.mapping.namespace
        let readStart = DispatchTime.now().uptimeNanoseconds

        var fileReader = InvolvementFileReader(path: request.filePath, mapping: request.mapping)
        fileReader.progress = progress.map { report in
            { rows, bytes, total in report(.reading(rowCount: rows, byteCount: bytes, totalByteCount: total)) }
        }
        var file = try fileReader.read()
        summary.fileSHA256 = file.sha256.hex
        summary.fileSizeBytes = file.byteCount
        summary.batchId = batchId(fileSHA256: file.sha256, mappingIdentity: request.mapping.identity)
        summary.rowCountRead = file.rowCountRead
        summary.rowCountRejected = file.rowCountRejected
        summary.warnings = ImportWarning.missingColumns(mapping: request.mapping, found: Set(file.columnNames.keys))
        OverlapDetector.flagOverlaps(in: file.rows, columnNames: file.columnNames, issues: &file.issues)

        let workers = try request.workersFilePath.map { (path) throws(ImportError) in
            try ImportSideFiles.readWorkers(path: path, mapping: request.mapping)
        } ?? [:]
        let teamNames = try request.teamsFilePath.map { (path) throws(ImportError) in
            try ImportSideFiles.readTeams(path: path, mapping: request.mapping)
        } ?? [:]
        summary.readSeconds = seconds(since: readStart)

        func finish(_ outcome: ImportSummary.Outcome) -> ImportSummary {
            summary.outcome = outcome
            // Issues arrive almost in line order; sort positions, not the (large) issues themselves.
            let order = file.issues.indices.sorted { file.issues[$0].lineNumber < file.issues[$1].lineNumber }
            summary.issues = order.map { file.issues[$0] }
            var flaggedLines = Set<Int>()
            for index in summary.issues.indices {
                switch summary.issues[index].problem {
                case .anomaly(let kind):
                    summary.anomalyCounts[kind, default: 0] += 1
                    if summary.issues[index].flagsLoadedRow { flaggedLines.insert(summary.issues[index].lineNumber) }
                case .rejected(let reason):
                    summary.rejectionCounts[reason, default: 0] += 1
                }
            }
            summary.rowCountFlagged = flaggedLines.count
            return summary
        }

        if let fatal = file.fatal {
            return finish(.refused(reason: "the file is malformed from line \(fatal.lineNumber): \(fatal.detail)"))
        }
        if file.rowCountRejected > 0 && !request.acceptsRejectedRows {
            return finish(.refused(reason: "\(file.rowCountRejected) row\(file.rowCountRejected == 1 ? " was" : "s were") rejected (--report R.csv lists each with its line and reason); fix them, or pass --skip-rejected to load the rest"))
        }

        // Only now is the ledger touched: opened (locked) first, then read, so nothing can change between.
        let planStart = DispatchTime.now().uptimeNanoseconds
        let ledger: Ledger?
        var history: ImportHistory
        if request.isDryRun {
            ledger = nil
            history = try ImportHistory.scan(directory: request.storeDirectory, namespace: request.mapping.namespace)
        } else {
            var options = request.ledgerOptions
            if !request.checksEveryEncoding { options.checkEncodingBeforeWrite = false }
            // The earlier imports are read from the writer's own opening scan (under its lock, so
            // nothing changes in between): one pass of the log, not two.
            let collected = HistoryCollector(namespace: request.mapping.namespace)
            do {
                ledger = try Ledger(directory: request.storeDirectory, options: options, clock: clock,
                                    identifiers: identifiers, onHeader: { collected.history.observe($0) })
            } catch {
                throw .ledger(error)
            }
            history = collected.history
        }
        defer { ledger?.close() }
        let now = clock.now()
        // Who is importing is settled before anything else, a repeat of an earlier file included.
        var liveView: ModelView?
        // The account running the import, recorded on its events while identity is bound to logins.
        var recordedAccount: String?
        if history.hasWorkerRegisteredByCommand {
            let view = try modelView(request, now: now)
            request.actor = try ImportAuthority.authorise(request, view: view)
            recordedAccount = try ImportAuthority.checkIdentity(of: request.actor, view: view, storeDirectory: request.storeDirectory,
                                                                account: account.invokingAccount())
            if let named = request.authorisingManagerId {
                try ImportAuthority.checkAuthoriser(.init(workerId: named, isNamed: true), view: view)
            }
            liveView = view
        }
        if let earlier = history.batches[summary.batchId] {
            summary.rowCountUnchanged = file.rows.count
            summary.planSeconds = seconds(since: planStart)
            return finish(.alreadyImported(batchId: earlier.batchId, recordedAt: earlier.recordedAt, sequence: earlier.sequence))
        }
        if ledger != nil { try history.resolveOtherRetractions(directory: request.storeDirectory) }

        var planner = ImportPlanner(request: request, batchId: summary.batchId, history: history, workers: workers,
                                    teamNames: teamNames, now: now)
        let plan = planner.plan(file: file, summary: &summary, issues: &file.issues)
        if summary.rowCountChanged > 0 && !isActorNamed {
            summary.planSeconds = seconds(since: planStart)
            summary.eventCounts = plan.eventCounts
            let rows = summary.rowCountChanged == 1 ? "1 row" : "\(summary.rowCountChanged) rows"
            return finish(.refused(reason: "this export changes \(rows) of earlier imports, and each correction retracts earlier events in the name of whoever runs it: "
                + "say who that is with --actor ID (once workers are registered, a registered data officer, or a team manager or above), "
                + "and name the manager who authorised the corrections with --authorised-by MANAGER unless the actor is one"))
        }
        if let liveView, summary.rowCountChanged > 0, request.authorisingManagerId == nil {
            // Corrections retract earlier events in a manager's name: by default the actor's.
            try ImportAuthority.checkAuthoriser(.init(workerId: request.actor.id, isNamed: false), view: liveView)
        }
        summary.planSeconds = seconds(since: planStart)
        summary.eventCounts = plan.eventCounts
        guard let ledger else { return finish(.dryRun) }

        if !request.checksEveryEncoding { try checkEncodingSample(plan, planner: planner) }
        progress?(.appending(eventCount: plan.eventCount))
        let appendStart = DispatchTime.now().uptimeNanoseconds
        let receipt: StreamedAppendReceipt
        do {
            // Produced, encoded and written a chunk at a time: the batch is never whole in memory.
            let producer = planner
            let account = recordedAccount
            receipt = try ledger.appendStreamed(
                eventCount: plan.eventCount, expecting: plan.expectations, correlationId: "import-" + summary.batchId,
                chunkEventCount: request.appendChunkEventCount, event: { index in
                    var event = producer.event(at: index, of: plan)
                    event.account = account
                    return event
                })
        } catch {
            throw .ledger(error)
        }
        // The actor's role came from the model (maybe a snapshot): once appended, the command
        // line must not run the import again, whatever damage is found afterwards.
        SnapshotIntegrity.noteAppended()
        summary.appendSeconds = seconds(since: appendStart)
        return finish(.appended(firstSequence: receipt.firstSequence, lastSequence: receipt.lastSequence))
    }

    /// The model commands decide against, at `now`: read only when the ledger is live, to look
    /// up who is importing.
    package static func modelView(_ request: ImportRequest, now: Instant) throws(ImportError) -> ModelView {
        let loaded: ModelLoader.Loaded
        do {
            loaded = try ModelLoader.load(storeDirectory: request.storeDirectory, snapshotDirectory: request.snapshotDirectory)
        } catch let error as LedgerError {
            throw .ledger(error)
        } catch {
            throw .modelUnreadable(storeDirectory: request.storeDirectory, detail: "\(error)")
        }
        return LedgerModel(state: loaded.state).view(asOf: now)
    }

    /// Encodes and decodes the first event of each type and every 512th event, as the ledger's
    /// full per-event check would, and fails the import (appending nothing) on any difference.
    /// (The ledger still checks every line's structure before writing it; see `LineCheck`.)
    package static func checkEncodingSample(_ plan: ImportPlanner.Plan, planner: ImportPlanner) throws(ImportError) {
        let encoder = LedgerEvent.makeLedgerEncoder()
        let decoder = LedgerEvent.makeLedgerDecoder()
        var seenKinds = Set<LedgerEvent.Kind>()
        for index in 0..<plan.eventCount {
            let kind = planner.eventKind(at: index, of: plan)
            guard seenKinds.insert(kind).inserted || index % 512 == 0 else { continue }
            let event = planner.event(at: index, of: plan).event
            let detail: String
            do {
                let data = try event.encodeData(using: encoder)
                let decoded = try LedgerEvent.decodeData(type: event.typeName, schemaVersion: event.schemaVersion, data: data, using: decoder)
                if decoded == event { continue }
                detail = "decodes to a different value"
            } catch {
                detail = "\(error)"
            }
            throw .ledger(.encodingFailed(batchIndex: index + 1, type: event.typeName, detail: detail))
        }
    }

    /// Holds the history while the writer's opening scan feeds it headers.
    private final class HistoryCollector {
        var history: ImportHistory

        init(namespace: String) { history = ImportHistory(namespace: namespace) }
    }

    package static func seconds(since start: UInt64) -> Double {
        Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    }
}

/// Flags allocations (primary) of one case that overlap in time, naming the other row.
package enum OverlapDetector {
    package static func flagOverlaps(in rows: [InvolvementRow], columnNames: [InvolvementField: String], issues: inout [ImportRowIssue]) {
        // Primary rows ordered by (case, start, row): one sort of packed keys instead of an array per case.
        var caseNumbers: [String: UInt64] = [:]
        var order: [(caseNumber: UInt64, start: UInt64, row: Int)] = []
        for index in rows.indices where rows[index].kind == .primary && rows[index].workerId != nil {
            let caseId = rows[index].caseId
            let number = caseNumbers[caseId] ?? UInt64(caseNumbers.count)
            if number == UInt64(caseNumbers.count) { caseNumbers[caseId] = number }
            order.append((number, UInt64(bitPattern: rows[index].start.millisecondsSinceEpoch) ^ (1 << 63), index))
        }
        order.sort { ($0.caseNumber, $0.start, $0.row) < ($1.caseNumber, $1.start, $1.row) }
        let farFuture = Instant(millisecondsSinceEpoch: .max)
        var groupStart = 0
        while groupStart < order.count {
            var groupEnd = groupStart + 1
            while groupEnd < order.count && order[groupEnd].caseNumber == order[groupStart].caseNumber { groupEnd += 1 }
            defer { groupStart = groupEnd }
            guard groupEnd - groupStart > 1 else { continue }
            var latest = order[groupStart].row
            for position in order[(groupStart + 1)..<groupEnd].map(\.row) {
                let row = rows[position]
                let holder = rows[latest]
                let holderEnd = holder.end ?? farFuture
                if row.start < holderEnd && (row.end ?? farFuture) > row.start {
                    let until = holder.end.map { "to \($0)" } ?? "still open"
                    issues.append(ImportRowIssue(
                        lineNumber: row.lineNumber, involvementId: row.involvementId, problem: .anomaly(.overlappingAllocation),
                        field: columnNames[.startDate] ?? "",
                        detail: "case \(row.caseId): allocated to \(row.workerId ?? "") from \(row.start) while \(holder.workerId ?? "") holds it (line \(holder.lineNumber), from \(holder.start) \(until))"))
                }
                if (row.end ?? farFuture) > holderEnd { latest = position }
            }
        }
    }
}
