/// Answers the demo's questions by one pass over the log: it folds a ``DecisionState`` as of the
/// end of the question date (events that occurred by then, with every retraction known now),
/// keeps the asked-about case's events with their chain hashes, and notes each case's waits.
///
/// A stand-in until the bitemporal audit module answers the same questions; it shares that
/// module's reading of "as of": valid time up to the end of the day, using everything the ledger
/// knows now, so a backfilled entry counts and a retracted one does not.
public struct DemoLedgerReplay: DemoQuestionAnswering {
    public let directory: String
    /// The policy where the log has adopted none.
    public let defaultPolicy: Policy

    public init(directory: String, defaultPolicy: Policy = .children) {
        self.directory = directory
        self.defaultPolicy = defaultPolicy
    }

    /// A moment in a case's waits for allocation.
    private enum Mark {
        case waitStarted(type: String)
        case waitEnded
        case letter
        case monitoring
        case review
        case escalation(EscalationLevel)
    }

    private struct MarkRecord {
        var sequence: UInt64
        var at: Instant
        var mark: Mark
    }

    public func answers(to questions: DemoQuestions) throws(DemoError) -> DemoAnswers {
        let asOf = LondonTime.endOfDay(questions.date)
        let caseStream = StreamName.case(questions.caseId)
        var state = DecisionState()
        var caseEvents: [StoredEvent] = []
        var marks: [String: [MarkRecord]] = [:]
        var retracted: Set<UInt64> = []
        let head: LedgerDigest
        do {
            let reader = try LedgerReader(directory: directory)
            head = try reader.read { stored in
                let envelope = stored.envelope
                if envelope.stream == caseStream { caseEvents.append(stored) }
                if case .entryRetracted(let retraction) = envelope.event {
                    retracted.insert(retraction.retractedSequenceNumber)
                    DecisionState.evolve(&state, envelope)
                    return
                }
                guard envelope.occurredAt <= asOf else { return }
                DecisionState.evolve(&state, envelope)
                if let mark = Self.mark(envelope.event) {
                    marks[String(envelope.stream.identifier), default: []].append(
                        MarkRecord(sequence: envelope.sequence, at: envelope.occurredAt, mark: mark))
                }
            }.head
        } catch let error as LedgerError {
            throw .ledger(error)
        } catch {
            throw .unreadable(detail: "\(error)")
        }
        let policy = state.policy(inForceAt: asOf) ?? defaultPolicy
        let current = caseEvents.filter { !retracted.contains($0.envelope.sequence) && $0.envelope.occurredAt <= asOf }
        return DemoAnswers(
            questions: questions, head: head,
            holders: holders(questions, state: state, events: current, all: caseEvents, retracted: retracted, asOf: asOf),
            caseload: caseload(questions, state: state, policy: policy),
            unallocated: unallocated(questions.date, state: state, marks: marks, retracted: retracted, policy: policy))
    }

    private static func mark(_ event: LedgerEvent) -> Mark? {
        switch event {
        case .referralReceived: return .waitStarted(type: ReferralReceived.typeName)
        case .caseReopened: return .waitStarted(type: CaseReopened.typeName)
        case .caseDeallocated(let payload): return payload.isPrimary ? .waitStarted(type: CaseDeallocated.typeName) : nil
        case .caseTransferred(let payload):
            return payload.toWorkerId == nil ? .waitStarted(type: CaseTransferred.typeName) : .waitEnded
        case .caseAllocated, .caseClosed: return .waitEnded
        case .familyLetterSent: return .letter
        case .unallocatedMonitoringRecorded: return .monitoring
        case .unallocatedReviewRecorded: return .review
        case .escalationRecorded(let payload): return .escalation(payload.level)
        default: return nil
        }
    }

    // MARK: - Question 1

    private func holders(_ questions: DemoQuestions, state: DecisionState, events: [StoredEvent], all: [StoredEvent],
                         retracted: Set<UInt64>, asOf: Instant) -> DemoHoldersAnswer {
        let record = state.cases[questions.caseId]
        var primary: DemoHoldersAnswer.Holding?
        if let workerId = record?.primaryWorkerId {
            primary = events.last { Self.madePrimary($0.envelope.event, workerId) }
                .flatMap { holding($0, workerId: workerId, isPrimary: true, state: state, date: questions.date) }
        }
        let coWorkers = (record?.coWorkerIds ?? []).compactMap { workerId -> DemoHoldersAnswer.Holding? in
            events.last { event in
                if case .caseCoAllocated(let payload) = event.envelope.event { return payload.workerId == workerId }
                return false
            }.flatMap { holding($0, workerId: workerId, isPrimary: false, state: state, date: questions.date) }
        }
        let oversight = events.last { if case .oversightRecorded = $0.envelope.event { return true } else { return false } }
            .flatMap { stored -> DemoHoldersAnswer.Oversight? in
                guard case .oversightRecorded(let payload) = stored.envelope.event else { return nil }
                return DemoHoldersAnswer.Oversight(sequence: stored.envelope.sequence, hash: stored.chain.hex,
                                                   occurredAt: stored.envelope.occurredAt, managerId: payload.managerId,
                                                   needsToHappen: payload.needsToHappen)
            }
        let trail = all.filter { $0.envelope.occurredAt <= asOf }.compactMap { stored -> DemoHoldersAnswer.TrailEntry? in
            guard let detail = Self.trailDetail(stored.envelope.event) else { return nil }
            return DemoHoldersAnswer.TrailEntry(
                sequence: stored.envelope.sequence, occurredAt: stored.envelope.occurredAt, eventType: stored.envelope.type,
                actorId: stored.envelope.actor.id, detail: detail, isRetracted: retracted.contains(stored.envelope.sequence))
        }
        return DemoHoldersAnswer(
            caseId: questions.caseId, date: questions.date, isKnown: record != nil, isOpen: record?.isOpen ?? false,
            teamId: record?.teamId, category: record?.category, riskLevel: record?.riskLevel, flags: record?.flags ?? [],
            primary: primary, coWorkers: coWorkers, latestOversight: oversight, trail: trail)
    }

    private static func madePrimary(_ event: LedgerEvent, _ workerId: String) -> Bool {
        switch event {
        case .caseAllocated(let payload): return payload.workerId == workerId
        case .caseTransferred(let payload): return payload.toWorkerId == workerId
        default: return false
        }
    }

    private func holding(_ stored: StoredEvent, workerId: String, isPrimary: Bool, state: DecisionState,
                         date: LocalDate) -> DemoHoldersAnswer.Holding? {
        let envelope = stored.envelope
        var holding = DemoHoldersAnswer.Holding(
            workerId: workerId, role: state.workers[workerId]?.role(on: date), isPrimary: isPrimary,
            since: envelope.occurredAt, sequence: envelope.sequence, hash: stored.chain.hex, eventType: envelope.type,
            recordedAt: envelope.recordedAt, actor: envelope.actor, reason: .other, rationale: "", factorsConsidered: [],
            tasks: [], discussedWithWorker: nil, overrides: [], caseloadAtAllocation: nil, fromTeamId: nil, fromWorkerId: nil)
        switch envelope.event {
        case .caseAllocated(let payload):
            holding.reason = payload.reason
            holding.rationale = payload.rationale
            holding.factorsConsidered = payload.factorsConsidered
            holding.tasks = payload.tasks
            holding.discussedWithWorker = payload.discussedWithWorker
            holding.overrides = payload.overrides
            holding.caseloadAtAllocation = payload.caseloadAtAllocation
            holding.fromWorkerId = payload.previousWorkerId
        case .caseTransferred(let payload):
            holding.reason = payload.reason
            holding.rationale = payload.rationale
            holding.factorsConsidered = payload.factorsConsidered
            holding.tasks = payload.tasks
            holding.discussedWithWorker = payload.discussedWithWorker
            holding.overrides = payload.overrides
            holding.caseloadAtAllocation = payload.caseloadAtAllocation
            holding.fromWorkerId = payload.fromWorkerId
            holding.fromTeamId = payload.fromTeamId == payload.toTeamId ? nil : payload.fromTeamId
        case .caseCoAllocated(let payload):
            holding.reason = payload.reason
            holding.rationale = payload.rationale
            holding.factorsConsidered = payload.factorsConsidered
            holding.tasks = payload.tasks
            holding.discussedWithWorker = payload.discussedWithWorker
            holding.overrides = payload.overrides
            holding.caseloadAtAllocation = payload.caseloadAtAllocation
        default:
            return nil
        }
        return holding
    }

    private static func trailDetail(_ event: LedgerEvent) -> String? {
        switch event {
        case .referralReceived(let payload):
            return "\(payload.category.displayName) (\(payload.source.rawValue)) to \(payload.teamId)"
                + (payload.isReReferral ? " (re-referral)" : "")
        case .referralDecisionRecorded(let payload): return "decision: \(payload.outcome.rawValue)"
        case .caseCategoryChanged(let payload):
            let flags = payload.flags.isEmpty ? "" : " [\(payload.flags.map(\.rawValue).joined(separator: ", "))]"
            return "\(payload.fromCategory?.displayName ?? "uncategorised") to \(payload.toCategory.displayName)\(flags)"
        case .riskLevelAssessed(let payload): return "risk \(payload.riskLevel.rawValue)"
        case .caseAllocated(let payload):
            return "to \(payload.workerId) (\(payload.reason.rawValue))" + (payload.overrides.isEmpty ? "" : ", overriding \(payload.overrides.map(\.ruleId).joined(separator: ", "))")
        case .caseCoAllocated(let payload): return "co-worker \(payload.workerId)"
        case .caseDeallocated(let payload): return "\(payload.workerId) off the case (\(payload.reason.rawValue))"
        case .caseTransferred(let payload):
            let to = payload.toWorkerId.map { "\($0) in \(payload.toTeamId)" } ?? "team \(payload.toTeamId), unallocated"
            return "from \(payload.fromWorkerId ?? "team \(payload.fromTeamId)") to \(to) (\(payload.reason.rawValue))"
                + (payload.overrides.isEmpty ? "" : ", overriding \(payload.overrides.map(\.ruleId).joined(separator: ", "))")
        case .caseClosureRequested(let payload): return "closure requested by \(payload.requestedById)"
        case .caseClosed(let payload): return "closed, authorised by \(payload.authorisingManagerId)"
        case .caseReopened(let payload): return "reopened" + (payload.isReReferral ? " (re-referral)" : "")
        case .oversightRecorded(let payload): return "oversight by \(payload.managerId)"
        case .caseNoteRecorded(let payload): return "case note by \(payload.authorId)"
        case .entryRetracted(let payload):
            return "retracts #\(payload.retractedSequenceNumber): \(payload.reason)"
        case .unallocatedMonitoringRecorded: return "unallocated monitoring"
        case .familyLetterSent: return "letter to family and agencies"
        case .unallocatedReviewRecorded: return "unallocated review"
        case .escalationRecorded(let payload): return "escalated to \(payload.escalatedToId)"
        default: return nil
        }
    }

    // MARK: - Question 2

    private func caseload(_ questions: DemoQuestions, state: DecisionState, policy: Policy) -> DemoCaseloadAnswer {
        let date = questions.date
        guard let worker = state.workers[questions.workerId] else {
            return DemoCaseloadAnswer(workerId: questions.workerId, date: date, isKnown: false, teamId: nil, role: nil,
                                      isAgency: false, startDate: nil, absence: nil, cases: [], families: 0, weightedScore: 0,
                                      cap: nil, policyId: policy.policyId, ramp: nil)
        }
        let role = worker.role(on: date)
        let held = state.casesHeld(by: worker.workerId)
        let cases = held.map { record in
            DemoCaseloadAnswer.HeldCase(caseId: record.caseId, category: record.category, riskLevel: record.riskLevel,
                                        weight: Caseload.weight(of: record, policy: policy),
                                        isPrimary: record.primaryWorkerId == worker.workerId)
        }
        var ramp: DemoCaseloadAnswer.Ramp?
        if role == .asye, let area = state.teams[worker.teamId]?.serviceArea {
            let start = worker.rampStartDate(on: date) ?? worker.startDate
            let week = NQSWRamp.week(startedOn: start, on: date)
            ramp = DemoCaseloadAnswer.Ramp(startDate: start, week: week, serviceArea: area,
                                           target: policy.rampTarget(week: week, area: area))
        }
        return DemoCaseloadAnswer(
            workerId: worker.workerId, date: date, isKnown: true, teamId: worker.teamId, role: role, isAgency: worker.isAgency,
            startDate: worker.startDate, absence: worker.absence(covering: date)?.phrase, cases: cases,
            families: Set(held.map(\.familyId)).count, weightedScore: cases.reduce(0) { $0 + $1.weight },
            cap: policy.cap(for: role), policyId: policy.policyId, ramp: ramp)
    }

    // MARK: - Question 3

    private func unallocated(_ date: LocalDate, state: DecisionState, marks: [String: [MarkRecord]],
                             retracted: Set<UInt64>, policy: Policy) -> DemoUnallocatedAnswer {
        let asOf = LondonTime.endOfDay(date)
        let calendar = policy.calendar
        let timescales = policy.timescales
        var waiting: [DemoUnallocatedAnswer.WaitingCase] = []
        for caseId in state.cases.keys.sorted() {
            guard let record = state.cases[caseId], record.isOpen, record.primaryWorkerId == nil else { continue }
            let caseMarks = (marks[caseId] ?? []).filter { !retracted.contains($0.sequence) }
            guard let startIndex = caseMarks.lastIndex(where: { if case .waitStarted = $0.mark { return true } else { return false } }),
                  case .waitStarted(let startedBy) = caseMarks[startIndex].mark else { continue }
            let since = caseMarks[startIndex].at
            let during = caseMarks[(startIndex + 1)...]
            func first(_ matches: (Mark) -> Bool) -> Instant? { during.first { matches($0.mark) }?.at }
            var list: [DemoUnallocatedAnswer.Timescale] = []
            func add(_ id: TimescaleID, _ label: String, due: Instant, done: Instant?) {
                let status: DemoUnallocatedAnswer.Timescale.Status
                if let done { status = done <= due ? .met : .metLate } else { status = due < asOf ? .overdue : .notYetDue }
                list.append(DemoUnallocatedAnswer.Timescale(id: id, label: label, due: due, doneAt: done, status: status))
            }
            let isNewWork = startedBy == ReferralReceived.typeName || startedBy == CaseReopened.typeName
            if isNewWork {
                add(.decision24Hours, "decision on the referral",
                    due: Deadline.deadline(hours: timescales.decisionHours, after: record.referredAt), done: record.decidedAt)
                if let decidedAt = record.decidedAt, record.decisionOutcome?.requiresSocialWorkResponse == true {
                    add(.allocation24Hours, "allocation after the decision",
                        due: Deadline.deadline(hours: timescales.allocationHours, after: decidedAt), done: nil)
                }
            }
            let awaitingAllocation = !isNewWork || record.decisionOutcome?.requiresSocialWorkResponse == true
            if awaitingAllocation {
                add(.unallocatedLetter, "letter to family and agencies",
                    due: Deadline.deadline(workingDays: timescales.letterWorkingDays, after: since, calendar: calendar),
                    done: first { if case .letter = $0 { return true } else { return false } })
                if record.serviceArea.isChildrens {
                    add(.unallocatedMonitoring, "monitoring record",
                        due: Deadline.deadline(workingDays: timescales.monitoringWorkingDays, after: since, calendar: calendar),
                        done: first { if case .monitoring = $0 { return true } else { return false } })
                }
                let reviews = during.filter { if case .review = $0.mark { return true } else { return false } }.map(\.at)
                if let last = reviews.last {
                    add(.unallocatedReview, "review every \(timescales.reviewIntervalWeeks) weeks (last \(LondonTime.localDate(of: last)))",
                        due: Deadline.deadline(weeks: timescales.reviewIntervalWeeks, after: last), done: nil)
                } else {
                    add(.unallocatedReview, "first review at \(timescales.firstReviewWeeks) weeks",
                        due: Deadline.deadline(weeks: timescales.firstReviewWeeks, after: since), done: nil)
                }
                add(.unallocatedEscalation, "escalation to a service manager",
                    due: Deadline.deadline(weeks: timescales.serviceManagerEscalationWeeks, after: since),
                    done: first { if case .escalation = $0 { return true } else { return false } })
                add(.unallocatedEscalation, "escalation to a head of service",
                    due: Deadline.deadline(weeks: timescales.headOfServiceEscalationWeeks, after: since),
                    done: first { if case .escalation(.headOfService) = $0 { return true } else { return false } })
            }
            waiting.append(DemoUnallocatedAnswer.WaitingCase(
                caseId: caseId, teamId: record.teamId, category: record.category, riskLevel: record.riskLevel,
                isStatutory: record.isStatutory, since: since, startedBy: startedBy,
                workingDays: calendar.workingDays(from: LondonTime.localDate(of: since), to: date),
                decision: record.decisionOutcome, timescales: list))
        }
        waiting.sort { ($0.since, $0.caseId) < ($1.since, $1.caseId) }
        return DemoUnallocatedAnswer(date: date, cases: waiting)
    }
}
