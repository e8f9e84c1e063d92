import LedgerEvents
import LedgerStore
import LedgerSupport

/// Corrections: retract an entry, optionally with its corrected command.
extension DecisionSession {
    package mutating func retract(_ command: DomainCommand.Retract) throws(DomainError) -> Decision {
        let sequence = command.sequenceNumber
        let lastSequence = context.nextSequence - 1
        guard sequence >= 1, sequence <= lastSequence, let entry = context.log.bySequence(sequence) else {
            throw .unknownSequence(sequenceNumber: sequence, lastSequence: lastSequence)
        }
        guard entry.type != EntryRetracted.typeName else {
            throw .invalidState(subject: "entry \(sequence)", problem: "is itself a retraction",
                                remedy: "a retraction is not undone; record the retracted fact again instead")
        }
        guard let kind = ProjectionState.StreamKind(entry.stream) else {
            throw .invalidState(subject: "entry \(sequence)", problem: "is \(entry.type) in \(entry.stream), which is bookkeeping, not a practice record",
                                remedy: "retract the case, worker, team or policy entries it recorded instead")
        }
        let facts = view.model.state.facts(kind, String(entry.stream.identifier))
        if let index = ProjectionState.index(of: sequence, in: facts),
           ProjectionState.effectiveRetraction(of: facts[index], in: facts, asKnown: .endOfTime) != nil {
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
        var replacementContext = context
        replacementContext.view = view.with(decision.events, firstSequence: context.nextSequence)
        replacementContext.nextSequence = context.nextSequence + UInt64(decision.events.count)
        let replacementDecision = try Decider.decideOrThrow(replacement, context: replacementContext)
        // The ledger checks every expectation before the batch, so each is the version before it.
        var expectations = decision.expectations
        for stream in replacementDecision.expectations.keys {
            expectations[stream] = .exactly(view.version(of: stream) ?? 0)
        }
        return Decision(
            events: decision.events + replacementDecision.events, expectations: expectations,
            findings: replacementDecision.findings, overrides: replacementDecision.overrides,
            notes: replacementDecision.notes, actor: actor)
    }
}
