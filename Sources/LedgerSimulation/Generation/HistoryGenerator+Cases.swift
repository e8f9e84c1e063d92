import LedgerAudit
import LedgerDomain
import LedgerEvents
import LedgerImport
import LedgerStore
import LedgerSupport

/// Referrals and the life of a case: decision, allocation or waiting, the work, and closure.
extension HistoryGenerator {
    /// One working day: what was planned for today, new referrals, waiting cases, the workforce.
    package func simulateDay() {
        dayDates.append(currentDate)
        for action in agenda.removeValue(forKey: dayOrdinal) ?? [] { perform(action) }
        let rate = configuration.referralsPerWorkingDay * Double.random(in: 0.7..<1.3, using: &random)
        var count = Int(rate)
        if chance(rate - Double(count)) { count += 1 }
        for _ in 0..<count { receiveReferral() }
        for caseId in openCaseOrder {
            guard let model = openCases[caseId], model.stage == .awaitingAllocation else { continue }
            tendUnallocated(caseId)
        }
        simulateWorkforce()
        if dayOrdinal % 20 == 0 {
            openCaseOrder.removeAll { openCases[$0] == nil }
            recentlyClosed.removeAll { dayOrdinal - $0.closedOrdinal > 60 }
        }
    }

    package func perform(_ action: Action) {
        switch action {
        case .decide(let caseId): decide(caseId)
        case .note(let caseId): recordNote(caseId)
        case .riskAssessment(let caseId): assessRisk(caseId)
        case .categoryChange(let caseId): changeCategory(caseId)
        case .coAllocate(let caseId): coAllocate(caseId)
        case .coDeallocate(let caseId): coDeallocate(caseId)
        case .transfer(let caseId): transfer(caseId)
        case .closeRequest(let caseId): requestClosure(caseId)
        case .close(let caseId): close(caseId)
        case .closeWithoutAllocation(let caseId): closeWithoutAllocation(caseId)
        case .reallocate(let caseId, let fromWorker, let reason): reallocate(caseId, from: fromWorker, reason: reason)
        case .late(let event, let occurredAt, let actor): emit(event, at: occurredAt, by: actor, keepingTime: true)
        case .retract(let target, let stream, let reason, let replacement, let occurredAt):
            let at = time(on: currentDate)
            emit(.entryRetracted(EntryRetracted(retractedSequenceNumber: target, retractedEventId: "gen-\(configuration.seed)-\(target)",
                                                retractedStream: stream, reason: reason,
                                                authorisingManagerId: teams[0].managerId,
                                                replacementFollows: replacement != nil)),
                 at: at, by: Actor(id: teams[0].managerId, role: .teamManager))
            if let replacement {
                emit(replacement, at: occurredAt, by: Actor(id: teams[0].managerId, role: .teamManager), keepingTime: true)
            }
        case .correctAllocation(let caseId, let allocationSequence): correctAllocation(caseId, allocationSequence)
        case .workerLeaves(let index): workerLeaves(index)
        case .workerReturns(let index): workers[index].absentUntilOrdinal = nil
        case .roleChange(let index): roleChange(index)
        }
    }

    /// Emits now, or (rarely) schedules the same event to be recorded days later with its original time.
    package func emitMaybeLate(_ event: LedgerEvent, at occurredAt: Instant, by actor: Actor) {
        let time = orderedTime(for: event, at: occurredAt)
        if chance(configuration.backfillRate) {
            schedule(.late(event: event, occurredAt: time, actor: actor), inWorkingDays: Int.random(in: 2...25, using: &random))
        } else {
            emit(event, at: time, by: actor, keepingTime: true)
        }
    }

    package func receiveReferral() {
        let at = time(on: currentDate)
        // Now and then a family comes back within weeks of closure.
        if let previous = recentlyClosed.first, chance(0.06), openCases[previous.id] == nil {
            recentlyClosed.removeFirst()
            referralCounter += 1
            openCase(id: previous.id, familyId: previous.familyId, teamIndex: previous.teamIndex,
                     category: .referral, flags: [], at: at, isReReferral: true, previousWorkerId: previous.previousWorkerId,
                     previousClosureAt: previous.closedAt, reopen: chance(0.5))
            return
        }
        caseCounter += 1
        if caseCounter == 1 || chance(0.7) { familyCounter += 1 }
        // Most work arrives at the front door; the specialist teams take their own referrals too.
        let frontDoor = teams.indices.filter { teams[$0].area == .dutyAndAssessment }
        let teamIndex = frontDoor.isEmpty || chance(0.55) ? Int.random(in: 0..<teams.count, using: &random) : pick(frontDoor)
        let roll = Double.random(in: 0..<1, using: &random)
        let category: CaseCategory = roll < 0.55 ? .referral : roll < 0.75 ? .childInNeed : roll < 0.88 ? .assessment
            : .childProtection
        var flags: [CaseFlag] = category == .childProtection ? [.section47] : []
        if chance(0.02) { flags.append(.preBirthAssessment) }
        openCase(id: Self.identifier("C", caseCounter, digits: 6), familyId: Self.identifier("F", familyCounter, digits: 6),
                 teamIndex: teamIndex, category: category, flags: flags, at: at, isReReferral: false,
                 previousWorkerId: nil, previousClosureAt: nil, reopen: false)
    }

    package func openCase(id: String, familyId: String, teamIndex: Int, category: CaseCategory, flags: [CaseFlag], at: Instant,
                  isReReferral: Bool, previousWorkerId: String?, previousClosureAt: Instant?, reopen: Bool) {
        referralCounter += 1
        let referralId = Self.identifier("R", referralCounter, digits: 7)
        let risk: RiskLevel? = chance(0.5) ? pick(RiskLevel.allCases) : nil
        if reopen {
            emit(.caseReopened(CaseReopened(caseId: id, referralId: referralId, reason: "new concerns reported",
                                            isReReferral: isReReferral, previousWorkerId: previousWorkerId)),
                 at: at, by: manager(of: teamIndex))
        }
        emit(.referralReceived(ReferralReceived(
            caseId: id, referralId: referralId, familyId: familyId, teamId: teams[teamIndex].id,
            serviceArea: teams[teamIndex].area, category: category, flags: flags, source: pick(ReferralSource.allCases),
            riskLevel: risk, isReReferral: isReReferral, previousWorkerId: previousWorkerId,
            previousClosureAt: previousClosureAt)), at: at, by: manager(of: teamIndex))
        openCases[id] = CaseModel(id: id, familyId: familyId, referralId: referralId, teamIndex: teamIndex,
                                  serviceArea: teams[teamIndex].area, category: category, flags: flags, risk: risk,
                                  previousWorkerId: previousWorkerId)
        if !isReReferral || !openCaseOrder.contains(id) { openCaseOrder.append(id) }
        // Most decisions the same day; a few late.
        if chance(0.9) {
            decide(id)
        } else {
            schedule(.decide(caseId: id), inWorkingDays: chance(0.5) ? 1 : 2)
        }
    }

    package func decide(_ caseId: String) {
        guard var model = openCases[caseId], model.stage == .awaitingDecision else { return }
        let manager = manager(of: model.teamIndex)
        let needsWork = model.category == .childProtection || model.flags.contains(.section47) || chance(0.62)
        let outcome: ReferralOutcome = needsWork
            ? (model.category == .childProtection ? .section47Enquiry : .socialWorkAssessment)
            : pick([.noFurtherAction, .earlyHelp, .signpost, .stepDown])
        emit(.referralDecisionRecorded(ReferralDecisionRecorded(
            caseId: caseId, referralId: model.referralId, outcome: outcome,
            rationale: Self.decisionRationales[outcome == .section47Enquiry ? 1 : outcome == .socialWorkAssessment ? 0 : chance(0.5) ? 2 : 3],
            deciderId: manager.id)), at: time(on: currentDate, fromHour: 12, toHour: 18), by: manager)
        guard needsWork else {
            model.stage = .closing
            openCases[caseId] = model
            schedule(.closeWithoutAllocation(caseId: caseId), inWorkingDays: Int.random(in: 1...3, using: &random))
            return
        }
        model.stage = .awaitingAllocation
        model.unallocatedSinceOrdinal = dayOrdinal
        // Some cases wait for capacity; statutory ones rarely.
        if chance(model.isStatutory ? 0.03 : 0.16) {
            model.waitUntilOrdinal = dayOrdinal + Int.random(in: 3...45, using: &random)
        }
        openCases[caseId] = model
    }

    /// A day in the life of a case awaiting allocation: allocate if possible, else the letter,
    /// monitoring, reviews and escalations the unallocated-cases guidance requires (mostly on time).
    package func tendUnallocated(_ caseId: String) {
        guard var model = openCases[caseId], let since = model.unallocatedSinceOrdinal else { return }
        let waited = dayOrdinal - since
        if dayOrdinal >= model.waitUntilOrdinal, let worker = candidates(for: model).first {
            allocate(caseId, to: worker, reason: model.previousWorkerId == nil ? .newReferral : .caseloadManagement)
            return
        }
        let manager = manager(of: model.teamIndex)
        let at = time(on: currentDate)
        if !model.letterSent, waited >= 1, chance(waited >= 4 ? 0.7 : 0.25) {
            model.letterSent = true
            emitMaybeLate(.familyLetterSent(FamilyLetterSent(caseId: caseId, recipients: [.family, .school],
                                                             sentOn: currentDate, includesTeamContactDetails: true,
                                                             includesVisitingArrangements: true)), at: at, by: manager)
        }
        if !model.monitoringRecorded, model.category == .childInNeed || model.category == .referral, waited >= 3,
           chance(waited >= 5 ? 0.6 : 0.2) {
            model.monitoringRecorded = true
            emitMaybeLate(.unallocatedMonitoringRecorded(UnallocatedMonitoringRecorded(
                caseId: caseId, managementPlan: pick(Self.monitoringPlans), visitingFrequency: .fortnightly,
                visitingFrequencyDetail: nil, childLastSeen: currentDate.adding(days: -3), partnerAgencyMonitoring: "school",
                recordedById: manager.id)), at: at, by: manager)
        }
        let calendarDays = dayDates[since].distance(to: currentDate)
        let reviewDueDays = 28 + 14 * model.reviewsRecorded
        if calendarDays >= reviewDueDays - 3, chance(0.5) {
            model.reviewsRecorded += 1
            emitMaybeLate(.unallocatedReviewRecorded(UnallocatedReviewRecorded(
                caseId: caseId, reviewerId: manager.id, outcome: "keep monitoring; allocate when capacity allows",
                nextReviewDue: currentDate.adding(days: 14))), at: at, by: manager)
        }
        if !model.escalatedToServiceManager, calendarDays >= 26, chance(0.5) {
            model.escalatedToServiceManager = true
            emit(.escalationRecorded(EscalationRecorded(caseId: caseId, level: .serviceManager,
                                                        escalatedToId: Self.serviceManagerId, reason: "unallocated 4 weeks")),
                 at: at, by: manager)
        }
        if !model.escalatedToHeadOfService, calendarDays >= 40, chance(0.5) {
            model.escalatedToHeadOfService = true
            emit(.escalationRecorded(EscalationRecorded(caseId: caseId, level: .headOfService,
                                                        escalatedToId: Self.headOfServiceId, reason: "unallocated 6 weeks")),
                 at: at, by: manager)
        }
        openCases[caseId] = model
    }

    /// The allocation: the event with its "why", oversight when the worker changes, the
    /// allocation discussion and note, and the work that follows.
    package func allocate(_ caseId: String, to workerIndex: Int, reason: AllocationReason) {
        guard var model = openCases[caseId] else { return }
        let worker = workers[workerIndex]
        let manager = manager(of: model.teamIndex)
        let at = orderedTime(caseId: caseId, at: time(on: currentDate))
        let isChange = model.previousWorkerId != nil
        let load = worker.primaryCases.count + worker.coCases.count
        let cap = Policy.children.cap(for: worker.role)
        var overrides: [PolicyOverride] = []
        if let cases = cap?.cases, load >= cases {
            overrides.append(PolicyOverride(ruleId: RuleID.cap.rawValue, finding: "caseload \(load) at cap \(cases)",
                                            justification: "no other worker with capacity; reviewed in supervision"))
        }
        let sequence = emit(.caseAllocated(CaseAllocated(
            caseId: caseId, workerId: worker.id, teamId: teams[model.teamIndex].id,
            previousWorkerId: isChange ? model.previousWorkerId : nil, reason: reason,
            rationale: pick(Self.allocationRationales), factorsConsidered: [.caseload, .experience, .continuity],
            tasks: [AllocationTask(description: pick(Self.tasks), dueDate: date(inWorkingDays: 10))],
            discussedWithWorker: true, overrides: overrides,
            caseloadAtAllocation: CaseloadFigures(caseCount: load, weightedScore: load * 2, caseCap: cap?.cases,
                                                  pointsCap: cap?.points))), at: at, by: manager)
        if isChange || chance(0.7) {
            let oversight = LedgerEvent.oversightRecorded(OversightRecorded(
                caseId: caseId, managerId: manager.id, summaryHistory: "see referral", workingWell: "engagement with school",
                worriedAbout: pick(Self.worries), needsToHappen: "visit within 5 working days", voiceOfChild: "wishes recorded",
                expectationsAndTimeframes: "assessment within 45 working days", riskAssessmentsNeeded: [],
                nextOversightDue: date(inWorkingDays: 20)))
            if isChange && chance(0.1) {
                // Oversight a few days after the change: late against OVERSIGHT-ON-CHANGE.
                schedule(.late(event: oversight, occurredAt: time(on: date(inWorkingDays: 2)), actor: manager), inWorkingDays: 2)
            } else {
                emit(oversight, at: at.adding(milliseconds: 60_000), by: manager)
            }
        }
        emit(.allocationDiscussionRecorded(AllocationDiscussionRecorded(
            caseId: caseId, workerId: worker.id, managerId: manager.id, discussedAt: nil, notes: "caseload discussed",
            agreedTasks: [])), at: at.adding(milliseconds: 120_000), by: manager)
        workers[workerIndex].primaryCases.append(caseId)
        let firstAllocation = model.allocationSequence == nil
        model.primary = workerIndex
        model.allocationSequence = sequence
        model.allocatedAt = at
        model.stage = .allocated
        model.unallocatedSinceOrdinal = nil
        model.waitUntilOrdinal = 0
        if firstAllocation {
            model.closeOrdinal = dayOrdinal + Int.random(in: 15...100, using: &random)
            schedule(.closeRequest(caseId: caseId), inWorkingDays: model.closeOrdinal - dayOrdinal)
            var day = 0
            while day < model.closeOrdinal - dayOrdinal - 2 {
                day += Int.random(in: 6...16, using: &random)
                schedule(.note(caseId: caseId), inWorkingDays: day)
            }
            schedule(.riskAssessment(caseId: caseId), inWorkingDays: Int.random(in: 1...6, using: &random))
            if chance(0.12) { schedule(.categoryChange(caseId: caseId), inWorkingDays: Int.random(in: 5...30, using: &random)) }
            if chance(0.1) { schedule(.coAllocate(caseId: caseId), inWorkingDays: Int.random(in: 2...10, using: &random)) }
            if chance(0.07) { schedule(.transfer(caseId: caseId), inWorkingDays: Int.random(in: 10...60, using: &random)) }
            if chance(configuration.retractionRate * 3) {
                schedule(.correctAllocation(caseId: caseId, allocationSequence: sequence),
                         inWorkingDays: Int.random(in: 1...4, using: &random))
            }
        }
        openCases[caseId] = model
    }

    package func reallocate(_ caseId: String, from workerIndex: Int, reason: AllocationReason) {
        guard var model = openCases[caseId], model.primary == workerIndex, model.stage == .allocated else { return }
        workers[workerIndex].primaryCases.removeAll { $0 == caseId }
        model.previousWorkerId = workers[workerIndex].id
        openCases[caseId] = model
        if let next = candidates(for: model).first(where: { $0 != workerIndex }) {
            allocate(caseId, to: next, reason: reason)
        } else {
            emit(.caseDeallocated(CaseDeallocated(caseId: caseId, workerId: workers[workerIndex].id, isPrimary: true,
                                                  reason: reason, rationale: Self.deallocationRationale,
                                                  remainsWithTeamId: teams[model.teamIndex].id)),
                 at: time(on: currentDate), by: manager(of: model.teamIndex))
            model.primary = nil
            model.stage = .awaitingAllocation
            model.unallocatedSinceOrdinal = dayOrdinal
            openCases[caseId] = model
        }
    }

    /// The allocation went to the wrong worker: retract it and record the right one.
    package func correctAllocation(_ caseId: String, _ allocationSequence: UInt64) {
        guard var model = openCases[caseId], model.allocationSequence == allocationSequence, let current = model.primary,
              let allocatedAt = model.allocatedAt, let other = candidates(for: model).first(where: { $0 != current })
        else { return }
        let manager = manager(of: model.teamIndex)
        emit(.entryRetracted(EntryRetracted(retractedSequenceNumber: allocationSequence,
                                            retractedEventId: "gen-\(configuration.seed)-\(allocationSequence)",
                                            retractedStream: .case(caseId), reason: "allocated to the wrong worker",
                                            authorisingManagerId: manager.id, replacementFollows: true)),
             at: time(on: currentDate), by: manager)
        let replacement = emit(.caseAllocated(CaseAllocated(
            caseId: caseId, workerId: workers[other].id, teamId: teams[model.teamIndex].id, previousWorkerId: nil,
            reason: .newReferral, rationale: "correction: " + pick(Self.allocationRationales),
            factorsConsidered: [.caseload], tasks: [AllocationTask(description: pick(Self.tasks), dueDate: date(inWorkingDays: 10))],
            discussedWithWorker: true, overrides: [], caseloadAtAllocation: nil)),
            at: allocatedAt, by: manager, keepingTime: true)
        workers[current].primaryCases.removeAll { $0 == caseId }
        workers[other].primaryCases.append(caseId)
        model.primary = other
        model.allocationSequence = replacement
        openCases[caseId] = model
    }

    package func recordNote(_ caseId: String) {
        guard let model = openCases[caseId], model.stage == .allocated, let primary = model.primary else { return }
        let at = time(on: currentDate)
        let event = LedgerEvent.caseNoteRecorded(CaseNoteRecorded(caseId: caseId, authorId: workers[primary].id,
                                                                  noteKind: .general, text: pick(Self.notes)))
        if chance(configuration.retractionRate) {
            let sequence = emit(event, at: at, by: workers[primary].actor)
            schedule(.retract(target: sequence, stream: .case(caseId), reason: "recorded on the wrong case",
                              replacement: nil, occurredAt: at), inWorkingDays: Int.random(in: 1...10, using: &random))
        } else {
            emitMaybeLate(event, at: at, by: workers[primary].actor)
        }
    }

    package func assessRisk(_ caseId: String) {
        guard var model = openCases[caseId], model.stage == .allocated else { return }
        let level = pick(RiskLevel.allCases)
        let manager = manager(of: model.teamIndex)
        let at = orderedTime(caseId: caseId, at: time(on: currentDate))
        let event = LedgerEvent.riskLevelAssessed(RiskLevelAssessed(caseId: caseId, riskLevel: level,
                                                                    previousRiskLevel: model.risk, rationale: pick(Self.worries)))
        if chance(configuration.retractionRate * 5) {
            let sequence = emit(event, at: at, by: manager)
            let corrected = RiskLevel.allCases.first { $0 != level } ?? level
            schedule(.retract(target: sequence, stream: .case(caseId), reason: "risk level mis-keyed",
                              replacement: .riskLevelAssessed(RiskLevelAssessed(caseId: caseId, riskLevel: corrected,
                                                                                previousRiskLevel: model.risk,
                                                                                rationale: "corrected entry")),
                              occurredAt: at), inWorkingDays: Int.random(in: 1...10, using: &random))
            model.risk = corrected
        } else {
            emitMaybeLate(event, at: at, by: manager)
            model.risk = level
        }
        openCases[caseId] = model
    }

    package func changeCategory(_ caseId: String) {
        guard var model = openCases[caseId], model.stage == .allocated else { return }
        let next: CaseCategory = model.category == .childProtection ? .childInCare
            : chance(0.6) ? .childInNeed : .childProtection
        if next == .childProtection || next == .childInCare, let primary = model.primary,
           !workers[primary].isQualified || workers[primary].isAgency {
            return
        }
        emit(.caseCategoryChanged(CaseCategoryChanged(caseId: caseId, fromCategory: model.category, toCategory: next,
                                                      flags: model.flags, reason: "assessment concluded")),
             at: time(on: currentDate), by: manager(of: model.teamIndex))
        model.category = next
        openCases[caseId] = model
    }

    package func coAllocate(_ caseId: String) {
        guard var model = openCases[caseId], model.stage == .allocated, model.coWorker == nil,
              let coWorker = coWorkerCandidate(for: model)
        else { return }
        let manager = manager(of: model.teamIndex)
        emit(.caseCoAllocated(CaseCoAllocated(
            caseId: caseId, workerId: workers[coWorker].id, teamId: nil,
            primaryWorkerId: model.primary.map { workers[$0].id }, reason: .caseloadManagement,
            rationale: "direct work with the child alongside the allocated worker", factorsConsidered: [.skills],
            tasks: [AllocationTask(description: "weekly direct work sessions", dueDate: date(inWorkingDays: 20))],
            discussedWithWorker: true, overrides: [], caseloadAtAllocation: nil)), at: time(on: currentDate), by: manager)
        workers[coWorker].coCases.append(caseId)
        model.coWorker = coWorker
        openCases[caseId] = model
        schedule(.coDeallocate(caseId: caseId), inWorkingDays: Int.random(in: 10...40, using: &random))
    }

    package func coDeallocate(_ caseId: String) {
        guard var model = openCases[caseId], let coWorker = model.coWorker else { return }
        emit(.caseDeallocated(CaseDeallocated(caseId: caseId, workerId: workers[coWorker].id, isPrimary: false,
                                              reason: .caseloadManagement, rationale: "direct work complete",
                                              remainsWithTeamId: nil)),
             at: time(on: currentDate), by: manager(of: model.teamIndex))
        workers[coWorker].coCases.removeAll { $0 == caseId }
        model.coWorker = nil
        openCases[caseId] = model
    }

    package func transfer(_ caseId: String) {
        guard var model = openCases[caseId], model.stage == .allocated, let primary = model.primary else { return }
        let targets = teams.indices.filter { $0 != model.teamIndex && teams[$0].area != .dutyAndAssessment }
        guard !targets.isEmpty else { return }
        let target = pick(targets)
        let manager = manager(of: target)
        if let coWorker = model.coWorker {
            workers[coWorker].coCases.removeAll { $0 == caseId }
            model.coWorker = nil
        }
        workers[primary].primaryCases.removeAll { $0 == caseId }
        let fromTeam = model.teamIndex
        model.teamIndex = target
        model.serviceArea = teams[target].area
        model.previousWorkerId = workers[primary].id
        let receiving = chance(0.7) ? candidates(for: model).first : nil
        let at = time(on: currentDate)
        let sequence = emit(.caseTransferred(CaseTransferred(
            caseId: caseId, fromWorkerId: workers[primary].id, toWorkerId: receiving.map { workers[$0].id },
            fromTeamId: teams[fromTeam].id, toTeamId: teams[target].id, reason: .transfer,
            transferSummary: TransferSummary(workDone: "assessment completed", outstandingWork: "plan to be reviewed",
                                             responsibility: "receiving team"),
            rationale: "needs the specialist team", factorsConsidered: [.skills],
            tasks: receiving == nil ? [] : [AllocationTask(description: "introductory visit", dueDate: date(inWorkingDays: 5))],
            discussedWithWorker: receiving == nil ? nil : true, overrides: [], caseloadAtAllocation: nil)),
            at: at, by: manager)
        if let receiving {
            workers[receiving].primaryCases.append(caseId)
            model.primary = receiving
            model.allocationSequence = sequence
            emit(.oversightRecorded(OversightRecorded(
                caseId: caseId, managerId: manager.id, summaryHistory: "transferred in", workingWell: "plan in place",
                worriedAbout: pick(Self.worries), needsToHappen: "introductory visit", voiceOfChild: "recorded",
                expectationsAndTimeframes: "visit within 5 working days", riskAssessmentsNeeded: [],
                nextOversightDue: date(inWorkingDays: 20))), at: at.adding(milliseconds: 60_000), by: manager)
        } else {
            model.primary = nil
            model.stage = .awaitingAllocation
            model.unallocatedSinceOrdinal = dayOrdinal
            model.letterSent = false
            model.monitoringRecorded = false
            model.reviewsRecorded = 0
            model.escalatedToServiceManager = false
            model.escalatedToHeadOfService = false
        }
        openCases[caseId] = model
    }

    package func requestClosure(_ caseId: String) {
        guard var model = openCases[caseId] else { return }
        guard model.stage == .allocated, let primary = model.primary else {
            // Still waiting (or in transit): try again later.
            schedule(.closeRequest(caseId: caseId), inWorkingDays: 10)
            return
        }
        emit(.caseClosureRequested(CaseClosureRequested(caseId: caseId, requestedById: workers[primary].id,
                                                        closureSummary: Self.closureSummary)),
             at: time(on: currentDate), by: workers[primary].actor)
        model.stage = .closing
        openCases[caseId] = model
        schedule(.close(caseId: caseId), inWorkingDays: Int.random(in: 1...3, using: &random))
    }

    package func close(_ caseId: String) {
        guard let model = openCases[caseId] else { return }
        let manager = manager(of: model.teamIndex)
        let at = time(on: currentDate)
        emit(.caseClosed(CaseClosed(caseId: caseId, closureSummary: Self.closureSummary, authorisingManagerId: manager.id,
                                    evidenceNeedsAddressed: nil, continuingSupport: chance(0.3) ? "early help" : nil,
                                    overrides: [])), at: at, by: manager)
        finishCase(model, at: at)
    }

    package func closeWithoutAllocation(_ caseId: String) {
        guard let model = openCases[caseId] else { return }
        let manager = manager(of: model.teamIndex)
        let at = time(on: currentDate)
        emit(.caseClosed(CaseClosed(caseId: caseId, closureSummary: Self.closureSummary, authorisingManagerId: manager.id,
                                    evidenceNeedsAddressed: "needs met by universal services", continuingSupport: nil,
                                    overrides: [])), at: at, by: manager)
        finishCase(model, at: at)
    }

    private func finishCase(_ model: CaseModel, at: Instant) {
        if let primary = model.primary { workers[primary].primaryCases.removeAll { $0 == model.id } }
        if let coWorker = model.coWorker { workers[coWorker].coCases.removeAll { $0 == model.id } }
        openCases[model.id] = nil
        recentlyClosed.append(ClosedCaseModel(id: model.id, familyId: model.familyId,
                                              previousWorkerId: model.primary.map { workers[$0].id },
                                              teamIndex: model.teamIndex, closedOrdinal: dayOrdinal, closedAt: at))
    }
}
