import Foundation

/// What the log already holds from earlier imports: batches, the live events of each row key,
/// and the workers and teams already registered.
///
/// Built in one pass of the log's envelope headers; only `ImportBatchRecorded` and
/// `EntryRetracted` payloads are decoded (they are few), because row keys and fingerprints are
/// in imported events' ids (``ImportedEventId``).
struct ImportHistory {
    struct Batch: Hashable {
        var batchId: String
        var preset: String
        var fileName: String
        var fileSHA256: String
        var recordedAt: Instant
        var sequence: UInt64
    }

    /// An imported row's events still in force (not retracted), for one row key.
    struct PriorRow {
        var batchIndex: Int32
        var fingerprint: RowFingerprint
        var caseId: String
        var sequences: [UInt64]
        var eventNumbers: [UInt8]
    }

    var batches: [String: Batch] = [:]
    var batchIds: [String] = []
    /// Row key → its latest imported events, for imports in the requested namespace.
    var rows: [String: PriorRow] = [:]
    var retracted: Set<UInt64> = []
    var workers: Set<String> = []
    var teams: Set<String> = []
    var headSequence: UInt64 = 0

    /// Reads the ledger in `directory`; an absent directory is an empty history.
    static func scan(directory: String, namespace: String) throws(ImportError) -> ImportHistory {
        var history = ImportHistory()
        guard POSIXFile.exists(directory) else { return history }
        do {
            try LedgerDirectory.checkExisting(directory)
        } catch let error as LedgerError {
            throw .ledger(error)
        } catch {
            throw .ledger(.io(IOFailure(operation: "open", path: directory, errorNumber: 0)))
        }
        let decoder = LedgerEvent.makeLedgerDecoder()
        var batchIndexById: [String: Int32] = [:]
        var namespaceBatches: Set<String> = []
        let outcome: ScanOutcome
        do {
            outcome = try LogScanner(directory: directory).scan { line in
                let header = line.header
                history.headSequence = header.sequence
                switch header.stream.category {
                case "worker": history.workers.insert(String(header.stream.identifier))
                case "team": history.teams.insert(String(header.stream.identifier))
                default: break
                }
                if header.type == ImportBatchRecorded.typeName || header.type == EntryRetracted.typeName {
                    let data = Data(UnsafeRawBufferPointer(rebasing: line.content[header.dataRange]))
                    let event = try LedgerEvent.decodeData(type: header.type, schemaVersion: header.schemaVersion,
                                                           data: data, using: decoder)
                    switch event {
                    case .importBatchRecorded(let batch):
                        history.batches[batch.batchId] = Batch(
                            batchId: batch.batchId, preset: batch.preset, fileName: batch.fileName,
                            fileSHA256: batch.fileSHA256, recordedAt: header.recordedAt, sequence: header.sequence)
                        if batch.preset == namespace { namespaceBatches.insert(batch.batchId) }
                    case .entryRetracted(let retraction):
                        history.retracted.insert(retraction.retractedSequenceNumber)
                    default: break
                    }
                    return
                }
                guard case .importRow(let batchId, _) = header.source, namespaceBatches.contains(batchId),
                      header.stream.category == "case",
                      let id = ImportedEventId(text: header.eventId), id.batchId == batchId,
                      id.eventNumber > 0, id.eventNumber < 256
                else { return }
                let batchIndex: Int32
                if let known = batchIndexById[batchId] {
                    batchIndex = known
                } else {
                    batchIndex = Int32(history.batchIds.count)
                    batchIndexById[batchId] = batchIndex
                    history.batchIds.append(batchId)
                }
                if var prior = history.rows[id.involvementId], prior.batchIndex == batchIndex {
                    prior.sequences.append(header.sequence)
                    prior.eventNumbers.append(UInt8(id.eventNumber))
                    history.rows[id.involvementId] = prior
                } else {
                    // A later batch's events for this key supersede the earlier ones (which it retracted).
                    history.rows[id.involvementId] = PriorRow(
                        batchIndex: batchIndex, fingerprint: id.fingerprint, caseId: String(header.stream.identifier),
                        sequences: [header.sequence], eventNumbers: [UInt8(id.eventNumber)])
                }
            }
        } catch let error as IOFailure {
            throw .ledger(.io(error))
        } catch let error as EventDecodingError {
            throw .ledger(.corrupt(ScanFault(kind: .malformedEnvelope(detail: "\(error)"), segment: "", byteOffset: 0,
                                             sequence: history.headSequence)))
        } catch {
            throw .ledger(.io(IOFailure(operation: "scan", path: directory, errorNumber: 0)))
        }
        if let fault = outcome.fault, !outcome.faultIsRecoverableTail { throw .ledger(.corrupt(fault)) }
        return history
    }

    /// The event id of a prior row's event, rebuilt from what the scan kept.
    func eventId(of prior: PriorRow, at index: Int, key: String) -> String {
        ImportedEventId(batchId: batchIds[Int(prior.batchIndex)], eventNumber: Int(prior.eventNumbers[index]),
                        fingerprint: prior.fingerprint, involvementId: key).text
    }
}
