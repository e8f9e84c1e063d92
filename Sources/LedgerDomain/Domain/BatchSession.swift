import LedgerEvents
import LedgerStore
import LedgerSupport

/// One all-or-nothing batch decided a command at a time as the commands arrive, for a batch too
/// large to hold whole (`caseledger apply` of a million lines).
///
/// ``CaseLedgerService/executeAll(_:)`` takes the commands, their events and the encoded lines
/// all in memory at once. A session instead decides each command as it is added, against a
/// scratch copy of the model that folds the events before it (as `executeAll` does), and stages
/// the events as compact records in a temporary file (``BatchStage``). ``commit()`` then appends
/// them as one streamed batch (``Ledger/appendStreamed(eventCount:expecting:correlationId:chunkEventCount:collectingChains:event:)``):
/// encoded and written a chunk at a time, acknowledged only by the last line's `fsync`, cut
/// back on any failure. Nothing reaches the log unless every command was decided; a refusal, or
/// a session dropped without committing, appends nothing.
public final class BatchSession {
    private let service: CaseLedgerService
    private let scratch: LedgerModel
    private let stage: BatchStage
    private let assignsIdentifiers: Bool
    private let headSequence: UInt64
    private let plannedRecordedAt: Instant
    private var sequence: UInt64
    private var expectations: [StreamName: ExpectedVersion] = [:]
    public private(set) var findings: [PolicyFinding] = []
    public private(set) var overrides: [PolicyOverride] = []
    /// Commands decided so far.
    public private(set) var commandCount = 0
    private var isFinished = false

    /// `assigningIdentifiers` gives events their real ids as they are planned (a later command
    /// of the batch can then name the id the log will hold); a dry run leaves them out.
    package init(service: CaseLedgerService, assigningIdentifiers: Bool) throws(BatchError) {
        self.service = service
        scratch = service.model.copy()
        do { stage = try BatchStage() } catch { throw .ledger(.io(error)) }
        assignsIdentifiers = assigningIdentifiers
        headSequence = service.ledger.digest.sequence
        sequence = headSequence
        plannedRecordedAt = service.ledger.lastRecordedAt ?? Instant(millisecondsSinceEpoch: 0)
    }

    /// Events planned so far.
    public var eventCount: Int { stage.count }

    /// Decides `item` against the state the commands before it leave, and stages its events;
    /// throws the refusal (numbered by the command's place in the batch) otherwise.
    public func add(_ item: BatchItem) throws(BatchError) {
        precondition(!isFinished, "a command added to a batch already committed")
        let index = commandCount
        let stage = self.stage
        let head = headSequence
        let recordedAt = plannedRecordedAt
        let base = service.logLookup
        // Earlier events of this batch are read back from the stage, the rest from the log.
        let log = LogLookup(
            bySequence: { wanted in
                wanted > head ? stage.envelope(at: Int(wanted - head - 1), sequence: wanted, recordedAt: recordedAt)
                    : base.bySequence(wanted)
            },
            byFact: { fact in
                fact.sequence > head ? stage.envelope(at: Int(fact.sequence - head - 1), sequence: fact.sequence, recordedAt: recordedAt)
                    : base.byFact(fact)
            })
        let decision: Decision
        switch Decider.decide(item.command, context: service.makeContext(model: scratch, actor: item.actor,
                                                                         occurredAt: item.occurredAt, log: log)) {
        case .success(let decided): decision = decided
        case .failure(let error): throw .refused(index: index, error)
        }
        for (stream, expected) in decision.expectations where expectations[stream] == nil {
            expectations[stream] = expected
        }
        for (offset, planned) in decision.events.enumerated() {
            var event = planned
            sequence += 1
            if assignsIdentifiers, event.eventId == nil { event.eventId = service.ledger.nextEventIdentifier() }
            // A provisional envelope: only the fold sees it, so later commands decide against it.
            scratch.apply(EventEnvelope(
                sequence: sequence, eventId: event.eventId ?? "planned-\(sequence)", stream: event.stream,
                occurredAt: event.occurredAt, recordedAt: recordedAt, actor: event.actor, account: event.account,
                source: event.source, correlationId: "planned", batch: BatchPosition(index: offset + 1, size: decision.events.count),
                event: event.event), chain: .zero)
            do { try stage.append(event) } catch { throw .ledger(.io(error)) }
        }
        findings += decision.findings
        overrides += decision.overrides
        commandCount += 1
    }

    /// Events a streamed append encodes and writes at a time.
    private static let chunkEventCount = 16_384

    /// What committing would append: each event's sequence, type and stream, without hashes.
    public func preview() -> BatchOutcome {
        let events = (0..<stage.count).map { index in
            let (type, stream) = stage.typeAndStream(at: index)
            return BatchOutcome.AppendedEvent(sequence: headSequence + UInt64(index) + 1, type: Self.interned(type),
                                              stream: stream.rawValue, chain: nil)
        }
        return BatchOutcome(events: events, findings: findings, overrides: overrides, receipt: nil)
    }

    /// Appends every staged event as one streamed all-or-nothing batch, makes the scratch model
    /// the service's, and reports what was appended. A session commits once.
    public func commit() throws(BatchError) -> BatchOutcome {
        precondition(!isFinished, "a batch committed twice")
        isFinished = true
        defer { stage.close() }
        guard stage.count > 0 else {
            return BatchOutcome(events: [], findings: findings, overrides: overrides, receipt: nil)
        }
        if let problem = SnapshotIntegrity.lateProblems.first { throw .snapshotDamaged(problem: problem) }
        do { try stage.finishWriting() } catch { throw .ledger(.io(error)) }
        let stage = self.stage
        let receipt: StreamedAppendReceipt
        do {
            let chunkEventCount = Self.chunkEventCount
            receipt = try service.ledger.appendStreamed(eventCount: stage.count, expecting: expectations,
                                                        chunkEventCount: chunkEventCount, collectingChains: true) {
                stage.entry(at: $0, chunkEventCount: chunkEventCount)
            }
        } catch {
            throw .ledger(error)
        }
        SnapshotIntegrity.noteAppended()
        let first = receipt.firstSequence
        let lines = (0..<stage.count).lazy.map { index in
            (sequence: first + UInt64(index), stream: stage.typeAndStream(at: index).stream)
        }
        scratch.commit(lines: lines, chains: receipt.chains, recordedAt: receipt.recordedAt)
        service.adopt(scratch, appended: stage.count)
        let events = zip(0..<stage.count, receipt.chains).map { index, chain in
            let (type, stream) = stage.typeAndStream(at: index)
            return BatchOutcome.AppendedEvent(sequence: first + UInt64(index), type: Self.interned(type),
                                              stream: stream.rawValue, chain: chain)
        }
        return BatchOutcome(events: events, findings: findings, overrides: overrides, receipt: nil)
    }

    /// The vocabulary's own copy of a type name read back from the stage (one string for the
    /// whole batch rather than one allocation per event).
    private static func interned(_ type: String) -> String {
        LedgerEvent.Kind(typeName: type)?.typeName ?? type
    }
}
