import LedgerEvents
import LedgerStore
import LedgerSupport

/// One command of a batch with who issued it and when it happened.
public struct BatchItem: Sendable, Hashable {
    public var command: DomainCommand
    public var actor: Actor
    public var occurredAt: Instant

    public init(command: DomainCommand, actor: Actor, occurredAt: Instant) {
        self.command = command
        self.actor = actor
        self.occurredAt = occurredAt
    }
}

/// What a batch appended (or would append): each event's sequence, type, stream and hash,
/// and every override and finding its decisions recorded.
public struct BatchOutcome: Sendable, Hashable {
    public struct AppendedEvent: Sendable, Hashable {
        public var sequence: UInt64
        public var type: String
        public var stream: String
        /// The chain value, nil for a dry run: kept as 32 bytes, since a batch of a million
        /// events holds a million of these, and written out as hex only when printed.
        public var chain: SHA256Digest?
        /// The chain hash in hex, nil for a dry run.
        public var hash: String? { chain?.hex }
    }

    public var events: [AppendedEvent]
    public var findings: [PolicyFinding]
    public var overrides: [PolicyOverride]
    public var receipt: AppendReceipt?
}

/// Why a batch appended nothing: the first refused command (by index), or the ledger's error.
public enum BatchError: Error, Sendable, Hashable, CustomStringConvertible {
    case refused(index: Int, DomainError)
    case ledger(LedgerError)
    /// A snapshot block read while deciding failed its checksum; nothing was appended.
    case snapshotDamaged(problem: SnapshotProblem)

    public var description: String {
        switch self {
        case .refused(let index, let error): return "command \(index + 1) refused: \(error)"
        case .ledger(let error): return "\(error)"
        case .snapshotDamaged(let problem): return "nothing recorded: \(problem)"
        }
    }
}

extension CaseLedgerService {
    /// Decides every command in order, each against the state the earlier ones leave, and
    /// appends all their events as one all-or-nothing batch (one fsync).
    ///
    /// `caseledger apply` and the demo use this: a file of commands either lands whole or not at all.
    @discardableResult
    public func executeAll(_ items: [BatchItem]) throws(BatchError) -> BatchOutcome {
        // The batch is decided against a copy of the model (sharing its storage until the first
        // planned event), so a refusal or a failed append leaves the service's model as the log is.
        // Events get their real ids while they are planned, so a later command of the same batch
        // (a retraction) names the id the log will hold.
        let planned = try plan(items, assigningIdentifiers: true)
        guard !planned.events.isEmpty else {
            return BatchOutcome(events: [], findings: planned.findings, overrides: planned.overrides, receipt: nil)
        }
        if let problem = SnapshotIntegrity.lateProblems.first { throw .snapshotDamaged(problem: problem) }
        let receipt: AppendReceipt
        do {
            receipt = try ledger.append(planned.events, expecting: planned.expectations)
        } catch {
            throw .ledger(error)
        }
        SnapshotIntegrity.noteAppended()
        // The scratch model that planned the batch folded these very events: it becomes the model,
        // with the chain values and times the log gave them, and keeps what it resolved meanwhile.
        planned.model.commit(receipt)
        adopt(planned.model, appended: receipt.envelopes.count)
        let events = zip(receipt.envelopes, receipt.chains).map { envelope, chain in
            BatchOutcome.AppendedEvent(sequence: envelope.sequence, type: envelope.type, stream: envelope.stream.rawValue,
                                       chain: chain)
        }
        return BatchOutcome(events: events, findings: planned.findings, overrides: planned.overrides, receipt: receipt)
    }

    /// What `executeAll` would append, without appending.
    public func decideAll(_ items: [BatchItem]) throws(BatchError) -> BatchOutcome {
        let planned = try plan(items, assigningIdentifiers: false)
        let head = ledger.digest.sequence
        let events = planned.events.enumerated().map { index, event in
            BatchOutcome.AppendedEvent(sequence: head + UInt64(index) + 1, type: event.event.typeName,
                                       stream: event.stream.rawValue, chain: nil)
        }
        return BatchOutcome(events: events, findings: planned.findings, overrides: planned.overrides, receipt: nil)
    }

    private struct Plan {
        var model: LedgerModel
        var events: [ProposedEvent] = []
        var expectations: [StreamName: ExpectedVersion] = [:]
        var findings: [PolicyFinding] = []
        var overrides: [PolicyOverride] = []
    }

    /// Decides each command against a scratch copy of the model, evolving it with each command's
    /// events so the next command sees them. The batch's expectation for a stream is the first
    /// command's (against the model before the batch); later ones are implied by the earlier events.
    private func plan(_ items: [BatchItem], assigningIdentifiers: Bool) throws(BatchError) -> Plan {
        let scratch = model.copy()
        var plan = Plan(model: scratch)
        var planned: [UInt64: EventEnvelope] = [:]
        var sequence = ledger.digest.sequence
        let recordedAt = ledger.lastRecordedAt ?? Instant(millisecondsSinceEpoch: 0)
        for (index, item) in items.enumerated() {
            let decision: Decision
            switch Decider.decide(item.command, context: makeContext(model: scratch, actor: item.actor,
                                                                      occurredAt: item.occurredAt, planned: planned)) {
            case .success(let decided): decision = decided
            case .failure(let error): throw .refused(index: index, error)
            }
            for (stream, expected) in decision.expectations where plan.expectations[stream] == nil {
                plan.expectations[stream] = expected
            }
            var events = decision.events
            for offset in events.indices {
                sequence += 1
                if assigningIdentifiers, events[offset].eventId == nil { events[offset].eventId = ledger.nextEventIdentifier() }
                let event = events[offset]
                // A provisional envelope: only the fold sees it, so later commands decide against it.
                let envelope = EventEnvelope(
                    sequence: sequence, eventId: event.eventId ?? "planned-\(sequence)", stream: event.stream, occurredAt: event.occurredAt,
                    recordedAt: recordedAt, actor: event.actor, account: event.account, source: event.source, correlationId: "planned",
                    batch: BatchPosition(index: offset + 1, size: events.count), event: event.event)
                planned[sequence] = envelope
                scratch.apply(envelope, chain: .zero)
            }
            plan.events += events
            plan.findings += decision.findings
            plan.overrides += decision.overrides
        }
        return plan
    }
}

extension CaseLedgerService {
    /// A batch decided command by command and appended whole by ``BatchSession/commit()``: what
    /// `apply` uses, so a file of a million commands is never in memory at once.
    public func beginBatch(dryRun: Bool = false) throws(BatchError) -> BatchSession {
        try BatchSession(service: self, assigningIdentifiers: !dryRun)
    }
}
