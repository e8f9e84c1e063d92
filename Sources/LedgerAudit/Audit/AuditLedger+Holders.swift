import LedgerDomain
import LedgerEvents
import LedgerStore
import LedgerSupport

extension AuditLedger {
    /// Who held `caseId` at `time.asOf` as known at `time.asKnown`: the primary worker and
    /// co-workers, since when, the allocation event behind each (sequence, hash, actor, reason,
    /// rationale, tasks, overrides) and the latest oversight. Throws ``AuditError/unknownCase(_:)``
    /// if the log has never mentioned the case.
    public func holders(caseId: String, at time: QueryTime) throws -> HoldersAnswer {
        guard let streamFacts = state.cases[caseId] else { throw AuditError.unknownCase(caseId) }
        var answer = HoldersAnswer(
            caseId: caseId, asOf: time.asOf, asKnown: time.asKnown, head: Citation(sequence: head.sequence, hash: head.hash),
            caseKnown: false, isOpen: false, teamId: nil, category: nil, riskLevel: nil, isStatutory: false,
            unallocatedSince: nil, primary: nil, coWorkers: [], latestOversight: nil, citations: [])
        guard let timeline = caseTimeline(caseId, asKnown: time.asKnown),
              let index = timeline.lastIndex(atOrBefore: time.asOf)
        else { return answer }
        let current = timeline.states[index]
        answer.caseKnown = true
        answer.isOpen = current.isOpen
        answer.teamId = current.teamId
        answer.category = current.category
        answer.riskLevel = current.riskLevel
        answer.flags = current.flags
        answer.isStatutory = current.isStatutory
        answer.unallocatedSince = current.unallocatedSince
        if !current.isOpen, current.isClosedInLegacySystem, let closing = current.closingFactIndex {
            let date = LondonTime.localDate(of: timeline.facts[closing].occurredAt)
            answer.closedNote = "closed in the legacy system: no involvement after \(date)"
        }
        var citations: [Citation] = []
        for factIndex in [current.openingFactIndex, current.teamFactIndex, current.categoryFactIndex, current.riskFactIndex,
                          current.unallocatedSinceFactIndex, current.closingFactIndex].compactMap({ $0 }) {
            citations.append(timeline.facts[factIndex].citation)
        }
        func record(_ holding: CaseHolding) throws -> HolderRecord {
            let fact = timeline.facts[holding.factIndex]
            citations.append(fact.citation)
            let worker = workerTimeline(holding.workerId, asKnown: time.asKnown)?.state(at: time.asOf)
            let left = worker.flatMap { $0.hasLeft(on: LondonTime.localDate(of: time.asOf)) ? $0.lastWorkingDate : nil }
            return HolderRecord(workerId: holding.workerId, holding: holding.isPrimary ? .primary : .coWorker,
                                since: holding.since, roleAtAsOf: worker?.role, leftServiceAfter: left,
                                allocation: try allocationDecision(for: fact, in: streamFacts))
        }
        answer.primary = try current.primary.map(record)
        answer.coWorkers = try current.coWorkers.map(record)
        if let oversightIndex = current.lastOversightFactIndex {
            let fact = timeline.facts[oversightIndex]
            citations.append(fact.citation)
            answer.latestOversight = try oversightSummary(for: fact)
        }
        answer.citations = citations.normalised()
        return answer
    }

    /// The allocation event behind a holding, read back from the log.
    package func allocationDecision(for fact: Fact, in streamFacts: [Fact]) throws -> AllocationDecision {
        let stored = try storedEvent(for: fact)
        let envelope = stored.envelope
        var decision = AllocationDecision(
            citation: fact.citation, eventType: envelope.type, occurredAt: envelope.occurredAt,
            recordedAt: envelope.recordedAt, actor: envelope.actor, source: envelope.source.description,
            reason: .other, nationalCode: nil, rationale: "", factorsConsidered: [], tasks: [], discussedWithWorker: nil,
            overrides: [], caseloadAtAllocation: nil, previousWorkerId: nil, teamId: nil,
            corrects: correctedCitation(of: fact, in: streamFacts))
        if let allocation = envelope.event.allocation {
            let record = allocation.record
            decision.reason = record.reason
            decision.rationale = record.rationale
            decision.factorsConsidered = record.factorsConsidered
            decision.tasks = record.tasks
            decision.discussedWithWorker = record.discussedWithWorker
            decision.overrides = record.overrides
            decision.caseloadAtAllocation = record.caseloadAtAllocation
            decision.previousWorkerId = allocation.replacedWorkerId
            decision.teamId = allocation.resultingTeamId
        }
        decision.nationalCode = decision.reason.nationalCode
        return decision
    }

    package func oversightSummary(for fact: Fact) throws -> OversightSummary? {
        let stored = try storedEvent(for: fact)
        guard case .oversightRecorded(let payload) = stored.envelope.event else { return nil }
        return OversightSummary(
            citation: fact.citation, occurredAt: stored.envelope.occurredAt, recordedAt: stored.envelope.recordedAt,
            actor: stored.envelope.actor, managerId: payload.managerId, worriedAbout: payload.worriedAbout,
            needsToHappen: payload.needsToHappen, expectationsAndTimeframes: payload.expectationsAndTimeframes,
            nextOversightDue: payload.nextOversightDue)
    }

    /// If `fact` directly follows a retraction that announced a replacement, the retracted entry.
    package func correctedCitation(of fact: Fact, in streamFacts: [Fact]) -> Citation? {
        guard let index = ProjectionState.index(of: fact.sequence, in: streamFacts), index > 0 else { return nil }
        let previous = streamFacts[index - 1]
        guard previous.sequence == fact.sequence - 1, case .retraction(let target, true) = previous.detail,
              let targetIndex = ProjectionState.index(of: target, in: streamFacts)
        else { return nil }
        return streamFacts[targetIndex].citation
    }
}
