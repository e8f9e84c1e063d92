/// Corrections: retract an entry, optionally with its corrected command.
extension DecisionSession {
    mutating func retract(_ command: DomainCommand.Retract) throws(DomainError) -> Decision {
        let sequence = command.sequenceNumber
        guard let entry = state.entries[sequence] else {
            throw .unknownSequence(sequenceNumber: sequence, lastSequence: state.lastSequence)
        }
        guard entry.typeName != EntryRetracted.typeName else {
            throw .invalidState(subject: "entry \(sequence)", problem: "is itself a retraction",
                                remedy: "a retraction is not undone; record the retracted fact again instead")
        }
        guard !entry.isRetracted else {
            throw .invalidState(subject: "entry \(sequence)", problem: "was already retracted", remedy: "nothing to change")
        }
        try requireText(command.reason, field: "reason", why: "a correction says why the entry was wrong")
        let authoriserId = command.authorisingManagerId ?? actor.id
        if authoriserId != actor.id {
            read(.worker(authoriserId))
            guard isRegisteredManager(authoriserId) else {
                throw .invalidCommand(field: "authorisingManagerId",
                                      problem: "\(authoriserId) is not a registered manager; a retraction is authorised by a team manager or above")
            }
        }
        if case .retract = command.replacement {
            throw .invalidCommand(field: "replacement", problem: "a replacement cannot itself be a retraction")
        }
        let retraction = EntryRetracted(
            retractedSequenceNumber: sequence, retractedEventId: entry.eventId, retractedStream: entry.stream,
            reason: command.reason, authorisingManagerId: authoriserId, replacementFollows: command.replacement != nil)
        emit(.entryRetracted(retraction))
        let decision = decision()
        guard let replacement = command.replacement else { return decision }

        // The correction is decided against the state it will land in: the retraction applied.
        var corrected = state
        corrected.apply(EventEnvelope(
            sequence: state.lastSequence + 1, eventId: "pending-retraction", stream: entry.stream,
            occurredAt: context.occurredAt, recordedAt: context.occurredAt, actor: actor, source: .command,
            correlationId: "", batch: BatchPosition(index: 1, size: 2), event: .entryRetracted(retraction)))
        var replacementContext = context
        replacementContext.state = corrected
        let replacementDecision = try Decider.decideOrThrow(replacement, context: replacementContext)
        // The ledger checks every expectation before the batch, so each is the version before it.
        var expectations = decision.expectations
        for stream in replacementDecision.expectations.keys {
            expectations[stream] = .exactly(state.version(of: stream))
        }
        return Decision(
            events: decision.events + replacementDecision.events, expectations: expectations,
            findings: replacementDecision.findings, overrides: replacementDecision.overrides,
            notes: replacementDecision.notes, actor: actor)
    }
}
