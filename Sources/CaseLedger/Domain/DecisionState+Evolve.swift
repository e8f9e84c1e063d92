/// Folding events into decision state. Nothing here can fail: an event that refers to an
/// unknown team, worker or case, a duplicate delivery, or a retraction of something unknown is
/// ignored, because the log is the truth and a fold that stopped would make it unreadable.
extension DecisionState {
    /// Applies one committed event, in log order.
    public static func evolve(_ state: inout DecisionState, _ envelope: EventEnvelope) {
        state.apply(envelope)
    }

    /// A state folded from `envelopes` in order.
    public static func folding(_ envelopes: some Sequence<EventEnvelope>) -> DecisionState {
        var state = DecisionState()
        for envelope in envelopes { state.apply(envelope) }
        return state
    }

    mutating func apply(_ envelope: EventEnvelope) {
        // A sequence already folded is a re-delivery: applying it twice would double-count.
        guard entries[envelope.sequence] == nil else { return }
        entries[envelope.sequence] = EntryReference(
            stream: envelope.stream, eventId: envelope.eventId, typeName: envelope.type, isRetracted: false)
        streamVersions[envelope.stream, default: 0] += 1
        lastSequence = max(lastSequence, envelope.sequence)

        if case .entryRetracted(let retraction) = envelope.event {
            retract(retraction)
            return
        }
        guard let fact = StateFact(envelope.event) else { return }
        let record = FactRecord(sequence: envelope.sequence, occurredAt: envelope.occurredAt, fact: fact)
        facts[envelope.stream, default: []].append(record)
        step(record, stream: envelope.stream)
    }

    /// Withdraws a retracted event's fact and re-folds the one entity it shaped.
    mutating func retract(_ retraction: EntryRetracted) {
        let sequence = retraction.retractedSequenceNumber
        guard var entry = entries[sequence], !entry.isRetracted,
              entry.typeName != EntryRetracted.typeName,
              retraction.retractedEventId.map({ $0 == entry.eventId }) ?? true
        else { return }
        entry.isRetracted = true
        entries[sequence] = entry
        guard var records = facts[entry.stream], let index = records.firstIndex(where: { $0.sequence == sequence })
        else { return }
        records.remove(at: index)
        facts[entry.stream] = records
        refold(entry.stream, from: records)
    }

    /// Rebuilds the entity of `stream` from its remaining facts.
    mutating func refold(_ stream: StreamName, from records: [FactRecord]) {
        let identifier = String(stream.identifier)
        switch stream.category {
        case "team":
            teams[identifier] = nil
        case "worker":
            workers[identifier] = nil
        case "case":
            replaceCase(identifier, with: nil)
        case "policy":
            // Adoptions are independent of each other: drop the ones of this stream no longer in its facts.
            let kept = Set(records.map(\.sequence))
            adoptedPolicies.removeAll { entries[$0.sequence]?.stream == stream && !kept.contains($0.sequence) }
            return
        default:
            return
        }
        for record in records { step(record, stream: stream) }
    }

    /// Applies one fact to the entity of its stream.
    mutating func step(_ record: FactRecord, stream: StreamName) {
        let identifier = String(stream.identifier)
        switch record.fact {
        case .teamRegistered(let team):
            teams[team.teamId] = TeamState(teamId: team.teamId, name: team.name, serviceArea: team.serviceArea,
                                           managerId: team.managerId)
        case .policyAdopted(let policy, let effectiveFrom):
            adoptedPolicies.append(AdoptedPolicy(policy: policy, effectiveFrom: effectiveFrom, sequence: record.sequence))
            adoptedPolicies.sort { ($0.effectiveFrom, $0.sequence) < ($1.effectiveFrom, $1.sequence) }
        case .workerRegistered, .workerRoleChanged, .workerMovedTeam, .workerAbsenceRecorded, .workerLeft:
            var worker = workers[identifier]
            Self.step(&worker, record)
            workers[identifier] = worker
        default:
            var current = cases[identifier]
            Self.step(&current, record)
            replaceCase(identifier, with: current)
        }
    }

    static func step(_ worker: inout WorkerState?, _ record: FactRecord) {
        switch record.fact {
        case .workerRegistered(let payload):
            worker = WorkerState(
                workerId: payload.workerId, teamId: payload.teamId, role: payload.role, startDate: payload.startDate,
                isAgency: payload.isAgency, isQualified: payload.isQualified,
                fullTimeEquivalentPercent: payload.fullTimeEquivalentPercent)
        case .workerRoleChanged(let role, let isQualified, let effectiveDate):
            worker?.changeRole(to: role, isQualified: isQualified,
                               from: effectiveDate ?? LondonTime.localDate(of: record.occurredAt))
        case .workerMovedTeam(let teamId):
            worker?.teamId = teamId
        case .workerAbsenceRecorded(let absence, _):
            worker?.record(absence)
        case .workerLeft(let lastWorkingDate):
            worker?.lastWorkingDate = lastWorkingDate
        default:
            return
        }
    }

    static func step(_ record: inout CaseState?, _ fact: FactRecord) {
        switch fact.fact {
        case .referralReceived(let referral):
            // A referral on a closed case opens a new period of work on it.
            var opened = CaseState(
                caseId: referral.caseId, familyId: referral.familyId, teamId: referral.teamId,
                serviceArea: referral.serviceArea, category: referral.category, flags: referral.flags,
                riskLevel: referral.riskLevel, referralId: referral.referralId, referredAt: fact.occurredAt)
            opened.closedAt = record?.closedAt
            opened.lastPrimaryWorkerId = record?.lastPrimaryWorkerId
            if referral.isReReferral {
                opened.pendingReReferral = ReReferral(
                    previousWorkerId: referral.previousWorkerId, previousClosureAt: referral.previousClosureAt)
            }
            if let existing = record, existing.isOpen {
                // A second referral on an open case: keep its holders.
                opened.primaryWorkerId = existing.primaryWorkerId
                opened.coWorkerIds = existing.coWorkerIds
                opened.lastPrimaryWorkerId = existing.lastPrimaryWorkerId
            }
            record = opened
        case .referralDecided(let outcome):
            record?.decisionOutcome = outcome
            record?.decidedAt = fact.occurredAt
        case .categoryChanged(let category, let flags):
            record?.category = category
            record?.flags = flags
        case .riskAssessed(let level):
            record?.riskLevel = level
        case .allocated(let workerId, let teamId):
            record?.primaryWorkerId = workerId
            record?.lastPrimaryWorkerId = workerId
            record?.teamId = teamId
            record?.coWorkerIds.removeAll { $0 == workerId }
            record?.pendingReReferral = nil
        case .coAllocated(let workerId):
            guard let current = record, current.primaryWorkerId != workerId, !current.coWorkerIds.contains(workerId)
            else { return }
            record?.coWorkerIds.append(workerId)
        case .deallocated(let workerId, _, let remainsWithTeamId):
            if record?.primaryWorkerId == workerId { record?.primaryWorkerId = nil }
            record?.coWorkerIds.removeAll { $0 == workerId }
            if let remainsWithTeamId { record?.teamId = remainsWithTeamId }
        case .transferred(let toWorkerId, let toTeamId):
            guard let current = record else { return }
            // Co-workers belong to the sending team's arrangements; a move to another team ends them.
            if current.teamId != toTeamId { record?.coWorkerIds = [] }
            record?.teamId = toTeamId
            record?.primaryWorkerId = toWorkerId
            if let toWorkerId {
                record?.lastPrimaryWorkerId = toWorkerId
                record?.coWorkerIds.removeAll { $0 == toWorkerId }
                record?.pendingReReferral = nil
            }
        case .closureRequested(let summary):
            record?.closureRequest = summary
        case .closed:
            record?.isOpen = false
            record?.closedAt = fact.occurredAt
            record?.primaryWorkerId = nil
            record?.coWorkerIds = []
            record?.closureRequest = nil
            record?.pendingReReferral = nil
        case .reopened(let referralId, let isReReferral, let previousWorkerId):
            guard let current = record else { return }
            record?.isOpen = true
            record?.referralId = referralId
            record?.referredAt = fact.occurredAt
            record?.decisionOutcome = nil
            record?.decidedAt = nil
            record?.pendingReReferral = isReReferral
                ? ReReferral(previousWorkerId: previousWorkerId, previousClosureAt: current.closedAt) : nil
        default:
            return
        }
    }
}
