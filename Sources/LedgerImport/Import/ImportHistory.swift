import Foundation
import LedgerDomain
import LedgerEvents
import LedgerStore
import LedgerSupport

/// What the log already holds from earlier imports: batches, the live events of each row key,
/// and the workers and teams already registered.
///
/// Built from envelope headers alone, so it can ride along the writer's own opening scan
/// (``Ledger/init(directory:options:clock:identifiers:resumingFrom:onHeader:)``) instead of reading the log
/// a second time: row keys and fingerprints are in imported events' ids (``ImportedEventId``),
/// a batch's preset namespace is in its record's id (`<batch>.batch.<namespace>`), and an
/// import's retractions name what they retract in theirs (`<batch>.retract.<sequence>`). Only
/// retractions made by someone else (a manager's correction) need their payload read; that
/// costs a second pass only when there are any (``resolveOtherRetractions(directory:)``).
package struct ImportHistory {
    package struct Batch: Hashable {
        package var batchId: String
        package var preset: String
        package var recordedAt: Instant
        package var sequence: UInt64
    }

    /// An imported row's events in the log, for one row key.
    package struct PriorRow {
        package var batchIndex: Int32
        package var fingerprint: RowFingerprint
        package var caseId: String
        package var sequences: [UInt64]
        package var eventNumbers: [UInt8]
    }

    /// The namespace whose rows are collected.
    package let namespace: String
    package var batches: [String: Batch] = [:]
    package var batchIds: [String] = []
    /// Row key → its latest imported events, for imports in ``namespace``.
    package var rows: [String: PriorRow] = [:]
    package var retracted: Set<UInt64> = []
    /// Sequences of retractions not made by an import: their payloads say what they retract.
    package var otherRetractions: [UInt64] = []
    package var workers: Set<String> = []
    package var teams: Set<String> = []
    /// Whether any worker was registered by a command (`register-worker`, `apply`), not by an
    /// import: from then on the ledger is live and an import's actor must be allowed to import
    /// (``ImportAuthority``). Workers an import registers are legacy caseload holders, not people
    /// given access, so a fresh ledger backfilled from several exports stays open to its backfill.
    package var hasWorkerRegisteredByCommand = false
    /// Cases opened by a referral recorded by a command: live, so an import never writes to them
    /// (rows naming one are reported as ``ImportAnomalyKind/liveCase`` and not appended).
    package var liveCaseIds: Set<String> = []
    package var headSequence: UInt64 = 0
    private var namespaceBatches: Set<String> = []
    private var batchIndexById: [String: Int32] = [:]

    package init(namespace: String) { self.namespace = namespace }

    package static let batchRecordMarker = "batch"
    package static let retractionMarker = "retract"

    /// The event id of a batch's `ImportBatchRecorded`.
    package static func batchRecordId(batchId: String, namespace: String) -> String {
        "\(batchId).\(batchRecordMarker).\(namespace)"
    }

    /// The event id of an import's retraction of `sequence`.
    package static func retractionId(batchId: String, sequence: UInt64) -> String {
        "\(batchId).\(retractionMarker).\(sequence)"
    }

    /// Takes in one committed event's header, in log order.
    package mutating func observe(_ header: EnvelopeHeader) {
        headSequence = header.sequence
        // Prefix tests rather than `category`, which splits the name: this runs once per event in the log.
        let stream = header.stream.rawValue
        let isCase = stream.hasPrefix("case/")
        if !isCase {
            if stream.hasPrefix("worker/") {
                workers.insert(String(header.stream.identifier))
            } else if stream.hasPrefix("team/") {
                teams.insert(String(header.stream.identifier))
            }
        }
        guard case .importRow(let batchId, _) = header.source else {
            if header.type == EntryRetracted.typeName {
                otherRetractions.append(header.sequence)
            } else if isCase, header.type == ReferralReceived.typeName {
                liveCaseIds.insert(String(header.stream.identifier))
            } else if !isCase, header.type == WorkerRegistered.typeName, stream.hasPrefix("worker/") {
                hasWorkerRegisteredByCommand = true
            }
            return
        }
        if header.type == ImportBatchRecorded.typeName {
            let parts = header.eventId.split(separator: ".", maxSplits: 2, omittingEmptySubsequences: false)
            let preset = parts.count == 3 && parts[1] == Self.batchRecordMarker ? String(parts[2]) : ""
            batches[batchId] = Batch(batchId: batchId, preset: preset, recordedAt: header.recordedAt, sequence: header.sequence)
            if preset == namespace { namespaceBatches.insert(batchId) }
            return
        }
        if header.type == EntryRetracted.typeName {
            let parts = header.eventId.split(separator: ".", maxSplits: 2, omittingEmptySubsequences: false)
            if parts.count == 3, parts[1] == Self.retractionMarker, let sequence = UInt64(parts[2]) {
                retracted.insert(sequence)
            } else {
                otherRetractions.append(header.sequence)
            }
            return
        }
        guard namespaceBatches.contains(batchId), isCase,
              let id = ImportedEventId(text: header.eventId), id.batchId == batchId,
              id.eventNumber > 0, id.eventNumber < 256
        else { return }
        let batchIndex: Int32
        if let known = batchIndexById[batchId] {
            batchIndex = known
        } else {
            batchIndex = Int32(batchIds.count)
            batchIndexById[batchId] = batchIndex
            batchIds.append(batchId)
        }
        if var prior = rows[id.involvementId], prior.batchIndex == batchIndex {
            prior.sequences.append(header.sequence)
            prior.eventNumbers.append(UInt8(id.eventNumber))
            rows[id.involvementId] = prior
        } else {
            // A later batch's events for this key supersede the earlier ones (which it retracted).
            rows[id.involvementId] = PriorRow(
                batchIndex: batchIndex, fingerprint: id.fingerprint, caseId: String(header.stream.identifier),
                sequences: [header.sequence], eventNumbers: [UInt8(id.eventNumber)])
        }
    }

    /// Reads the ledger in `directory` without the writer (a dry run); an absent directory is empty.
    package static func scan(directory: String, namespace: String) throws(ImportError) -> ImportHistory {
        var history = ImportHistory(namespace: namespace)
        guard POSIXFile.exists(directory) else { return history }
        do {
            try LedgerDirectory.checkExisting(directory)
        } catch let error as LedgerError {
            throw .ledger(error)
        } catch {
            throw .ledger(.io(IOFailure(operation: "open", path: directory, errorNumber: 0)))
        }
        try history.scanLog(directory: directory, decoding: nil)
        return history
    }

    /// Reads the payloads of retractions made outside imports, which say what they retract.
    package mutating func resolveOtherRetractions(directory: String) throws(ImportError) {
        guard !otherRetractions.isEmpty else { return }
        try scanLog(directory: directory, decoding: Set(otherRetractions))
    }

    /// One pass of the log: observes every header, or (with `decoding`) reads just those
    /// retractions' payloads.
    private mutating func scanLog(directory: String, decoding sequences: Set<UInt64>?) throws(ImportError) {
        let decoder = LedgerEvent.makeLedgerDecoder()
        var pending: [UInt64] = []
        var observed = self
        let outcome: ScanOutcome
        do {
            outcome = try LogScanner(directory: directory).scan { line in
                let header = line.header
                if let sequences {
                    guard sequences.contains(header.sequence) else { return }
                    let data = Data(UnsafeRawBufferPointer(rebasing: line.content[header.dataRange]))
                    let event = try LedgerEvent.decodeData(type: header.type, schemaVersion: header.schemaVersion,
                                                           data: data, using: decoder)
                    if case .entryRetracted(let retraction) = event { pending.append(retraction.retractedSequenceNumber) }
                } else {
                    observed.observe(header)
                }
            }
        } catch let error as IOFailure {
            throw .ledger(.io(error))
        } catch {
            throw .ledger(.corrupt(ScanFault(kind: .malformedEnvelope(detail: "\(error)"), segment: "", byteOffset: 0,
                                             sequence: headSequence)))
        }
        if let fault = outcome.fault, !outcome.faultIsRecoverableTail { throw .ledger(.corrupt(fault)) }
        if sequences == nil {
            self = observed
            try resolveOtherRetractions(directory: directory)
        } else {
            retracted.formUnion(pending)
            otherRetractions = []
        }
    }

    /// The event id of a prior row's event, rebuilt from what the scan kept.
    package func eventId(of prior: PriorRow, at index: Int, key: String) -> String {
        ImportedEventId(batchId: batchIds[Int(prior.batchIndex)], eventNumber: Int(prior.eventNumbers[index]),
                        fingerprint: prior.fingerprint, involvementId: key).text
    }
}
