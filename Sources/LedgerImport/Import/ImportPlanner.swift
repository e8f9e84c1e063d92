import LedgerDomain
import LedgerEvents
import LedgerStore
import LedgerSupport

/// Decides the events of one import batch: which rows are new, changed or unchanged against the
/// earlier imports, what each becomes, and which workers and teams to register.
///
/// A million-row export becomes millions of events, so the plan does not hold them: it holds
/// the few events that are not a new row's (batch record, registrations, corrections) and, for
/// the new rows, a sorted list of packed (time, row, event number) keys. ``event(at:of:)`` builds
/// any event from those on demand, which lets the ledger produce, encode and write the batch a
/// chunk at a time on all cores (``Ledger/appendStreamed(eventCount:expecting:correlationId:chunkEventCount:event:)``).
package struct ImportPlanner: Sendable {
    package struct Plan: Sendable {
        /// The batch record, registrations and corrections: the batch's first events.
        package var leadingEvents: [ProposedEvent]
        /// New rows' events in batch order, after ``leadingEvents``: (time key, rank << 56 | row << 8 | event number).
        package var rowEventKeys: [(time: UInt64, tie: UInt64)]
        package var rows: [InvolvementRow]
        package var expectations: [StreamName: ExpectedVersion]
        /// Events by type name, the batch record included.
        package var eventCounts: [String: Int]

        package var eventCount: Int { leadingEvents.count + rowEventKeys.count }
    }

    package let request: ImportRequest
    package let batchId: String
    package let history: ImportHistory
    package let workers: [String: WorkerFacts]
    package let teamNames: [String: String]
    package let now: Instant

    private var mapping: ImportMapping { request.mapping }
    private var actor: Actor { request.actor }

    package init(request: ImportRequest, batchId: String, history: ImportHistory, workers: [String: WorkerFacts],
         teamNames: [String: String], now: Instant) {
        self.request = request
        self.batchId = batchId
        self.history = history
        self.workers = workers
        self.teamNames = teamNames
        self.now = now
    }

    /// A worker's team, as far as the import knows it.
    private var workerTeams: [String: String] = [:]

    package mutating func plan(file: InvolvementFileReader.Result, summary: inout ImportSummary, issues: inout [ImportRowIssue]) -> Plan {
        let rows = file.rows
        var newRows: [Int32] = []
        var changedRows: [(index: Int32, prior: ImportHistory.PriorRow)] = []
        var priorKeysPresent = 0
        // Rows naming a live case (opened by a referral recorded by a command) are left out: no
        // events, no registrations. Only a correction of the same case's imported history (its
        // row key already in the log, on that case) goes through, since it changes nothing the
        // import did not put there.
        var isLiveCaseRow = [Bool](repeating: false, count: rows.count)
        for (index, row) in rows.enumerated() {
            let prior = history.rows[row.involvementId]
            if prior != nil { priorKeysPresent += 1 }
            if !history.liveCaseIds.isEmpty, history.liveCaseIds.contains(row.caseId), prior?.caseId != row.caseId {
                isLiveCaseRow[index] = true
                summary.rowCountLiveCase += 1
                issues.append(ImportRowIssue(
                    lineNumber: row.lineNumber, involvementId: row.involvementId, problem: .anomaly(.liveCase),
                    field: file.columnNames[.personId] ?? "",
                    detail: "case \(row.caseId) was opened by a referral recorded in CaseLedger: an import never changes a live case, so this row is not appended; record it with allocate, co-allocate or deallocate if it still matters"))
                continue
            }
            guard let prior else {
                newRows.append(Int32(index))
                continue
            }
            if prior.fingerprint == row.fingerprint {
                summary.rowCountUnchanged += 1
            } else {
                changedRows.append((Int32(index), prior))
            }
        }
        summary.rowCountNew = newRows.count
        summary.rowCountChanged = changedRows.count
        summary.earlierRowCountAbsent = history.rows.count - priorKeysPresent

        // Workers and teams: the first team each worker is seen with, and who needs registering.
        var workersSeen: [String: WorkerSeen] = [:]
        var teamsSeen: [String: TeamSeen] = [:]
        for index in rows.indices where !isLiveCaseRow[index] {
            let start = rows[index].start
            let team = rows[index].teamId
            if let team { teamsSeen[team, default: TeamSeen(earliestStart: start, row: index)].note(start: start, row: index) }
            guard let worker = rows[index].workerId else { continue }
            workersSeen[worker, default: WorkerSeen(firstRow: index, firstTeam: team, earliestStart: start)].note(team: team, start: start)
        }
        for (worker, seen) in workersSeen {
            if let team = workers[worker]?.teamId ?? seen.firstTeam { workerTeams[worker] = team }
        }

        var events: [ProposedEvent] = []
        events.reserveCapacity(1 + changedRows.count * 4 + workersSeen.count + teamsSeen.count + 1)
        var expectations: [StreamName: ExpectedVersion] = [.importBatch(batchId): .noStream]
        // Placeholder for the batch record, filled in once the counts are known.
        events.append(ProposedEvent(event: .caseNoteRecorded(CaseNoteRecorded(caseId: "", authorId: "", noteKind: nil, text: "")),
                                    occurredAt: now, actor: actor))

        // Workers and teams the ledger does not know yet.
        var registeredTeams = Set<String>()
        var workerRegistrations: [ProposedEvent] = []
        for (worker, seen) in workersSeen.sorted(by: { $0.value.firstRow < $1.value.firstRow }) where !history.workers.contains(worker) {
            let row = rows[seen.firstRow]
            let facts = workers[worker]
            var role = facts?.role
            if role == nil {
                let said = (facts?.jobTitle ?? "").isEmpty ? "no role in the export" : "job title \"\(facts?.jobTitle ?? "")\" not recognised"
                issues.append(ImportRowIssue(
                    lineNumber: row.lineNumber, involvementId: row.involvementId, problem: .anomaly(.workerRoleUnknown),
                    field: file.columnNames[.workerId] ?? "",
                    detail: "worker \(worker): \(said); registered as \(mapping.defaultRole.displayName)"))
                role = mapping.defaultRole
            }
            let team = workerTeams[worker] ?? ImportMapping.unknownTeamId
            let startDate = facts?.startDate ?? LondonTime.localDate(of: seen.earliestStart)
            let resolvedRole = role ?? mapping.defaultRole
            workerRegistrations.append(ProposedEvent(
                event: .workerRegistered(WorkerRegistered(
                    workerId: worker, teamId: team, role: resolvedRole, startDate: startDate,
                    isAgency: facts?.isAgency ?? false, isQualified: resolvedRole.isQualifiedSocialWorkRole,
                    fullTimeEquivalentPercent: facts?.fullTimeEquivalentPercent ?? 100)),
                occurredAt: LondonTime.startOfDay(startDate), actor: actor,
                source: .importRow(batch: batchId, row: row.lineNumber), eventId: "\(batchId).worker.\(worker)"))
            expectations[.worker(worker)] = .noStream
            registeredTeams.insert(team)
        }
        var teamsNeeded = registeredTeams
        for team in teamsSeen.keys { teamsNeeded.insert(team) }
        let usesUnknownTeam = rows.indices.contains { index in
            let row = rows[index]
            return !isLiveCaseRow[index] && row.kind == .primary && row.workerId != nil && row.teamId == nil && workerTeams[row.workerId ?? ""] == nil
        }
        if usesUnknownTeam { teamsNeeded.insert(ImportMapping.unknownTeamId) }
        for team in teamsNeeded.sorted() where !history.teams.contains(team) {
            let start = teamsSeen[team]?.earliestStart ?? now
            let rowIndex = teamsSeen[team]?.row ?? 0
            let row = rows.isEmpty ? nil : rows[rowIndex]
            let name = teamNames[team] ?? (team == ImportMapping.unknownTeamId ? "Team not recorded in the legacy export" : team)
            events.append(ProposedEvent(
                event: .teamRegistered(TeamRegistered(teamId: team, name: name, serviceArea: mapping.defaultServiceArea, managerId: nil)),
                occurredAt: start, actor: actor, source: .importRow(batch: batchId, row: row?.lineNumber ?? 0),
                eventId: "\(batchId).team.\(team)"))
            expectations[.team(team)] = .noStream
        }
        events.append(contentsOf: workerRegistrations)

        // Corrections: each changed row's live earlier events retracted, each followed by its replacement.
        let managerId = request.authorisingManagerId ?? actor.id
        for (index, prior) in changedRows {
            let row = rows[Int(index)]
            let changed = row.fingerprint.changedFields(comparedWith: prior.fingerprint).map(\.displayName)
            let reason = "superseded by import \(batchId), row \(row.lineNumber): \(changed.isEmpty ? "values" : changed.joined(separator: ", ")) changed"
            let live = prior.sequences.indices.filter { !history.retracted.contains(prior.sequences[$0]) }
            let replacements = rowEvents(row)
            for position in 0..<max(live.count, replacements.count) {
                if position < live.count {
                    let eventIndex = live[position]
                    events.append(ProposedEvent(
                        event: .entryRetracted(EntryRetracted(
                            retractedSequenceNumber: prior.sequences[eventIndex],
                            retractedEventId: history.eventId(of: prior, at: eventIndex, key: row.involvementId),
                            retractedStream: .case(prior.caseId), reason: reason, authorisingManagerId: managerId,
                            replacementFollows: position < replacements.count)),
                        occurredAt: now, actor: actor, source: .importRow(batch: batchId, row: row.lineNumber),
                        eventId: ImportHistory.retractionId(batchId: batchId, sequence: prior.sequences[eventIndex])))
                }
                if position < replacements.count {
                    events.append(proposed(replacements[position], row: row))
                }
            }
        }

        // New rows, in valid-time order: at one instant, ends before starts, a zero-length row's own end last.
        // Packed keys: (time with the sign bit flipped, so it sorts unsigned) then (rank, row, event number).
        var order: [(time: UInt64, tie: UInt64)] = []
        order.reserveCapacity(newRows.count * 2)
        func key(_ instant: Instant) -> UInt64 { UInt64(bitPattern: instant.millisecondsSinceEpoch) ^ (1 << 63) }
        for index in newRows {
            let row = rows[Int(index)]
            order.append((key(row.start), 1 << 56 | UInt64(index) << 8 | 1))
            if row.isHolding, let end = row.end {
                let rank: UInt64 = end == row.start ? 2 : 0
                order.append((key(end), rank << 56 | UInt64(index) << 8 | 2))
            }
        }
        order.sort { $0.time != $1.time ? $0.time < $1.time : $0.tie < $1.tie }

        // One expectation per case stream (a row's events are all in its case's stream).
        var caseIds = Set<String>()
        for index in newRows { caseIds.insert(rows[Int(index)].caseId) }
        for (index, prior) in changedRows {
            caseIds.insert(rows[Int(index)].caseId)
            caseIds.insert(prior.caseId)
        }
        for caseId in caseIds { expectations[.case(caseId)] = .any }
        var flaggedLines = Set<Int>()
        for index in issues.indices where issues[index].flagsLoadedRow { flaggedLines.insert(issues[index].lineNumber) }
        events[0] = ProposedEvent(
            event: .importBatchRecorded(ImportBatchRecorded(
                batchId: batchId, fileName: summary.fileName, fileSHA256: summary.fileSHA256, preset: mapping.namespace,
                rowCountRead: summary.rowCountRead, rowCountImported: newRows.count + changedRows.count,
                rowCountRejected: summary.rowCountRejected, anomalyCount: flaggedLines.count,
                eventCount: events.count + order.count - 1)),
            occurredAt: now, actor: actor, source: .importRow(batch: batchId, row: 1), eventId: ImportHistory.batchRecordId(batchId: batchId, namespace: mapping.namespace))
        var eventCounts: [String: Int] = [:]
        var kindCounts: [LedgerEvent.Kind: Int] = [:]
        events.withUnsafeBufferPointer { buffer in
            for index in buffer.indices { kindCounts[buffer[index].event.kind, default: 0] += 1 }
        }
        for entry in order {
            kindCounts[rowEventKind(rows[Self.rowIndex(entry.tie)], number: Self.eventNumber(entry.tie)), default: 0] += 1
        }
        for (kind, count) in kindCounts { eventCounts[kind.typeName] = count }
        return Plan(leadingEvents: events, rowEventKeys: order, rows: rows, expectations: expectations,
                    eventCounts: eventCounts)
    }

    /// The batch's event `index` (0-based): built on demand, from any thread.
    package func event(at index: Int, of plan: Plan) -> ProposedEvent {
        if index < plan.leadingEvents.count { return plan.leadingEvents[index] }
        let tie = plan.rowEventKeys[index - plan.leadingEvents.count].tie
        let row = plan.rows[Self.rowIndex(tie)]
        return proposed(rowEvent(row, number: Self.eventNumber(tie)), row: row)
    }

    /// The type of the batch's event `index`, without building it.
    package func eventKind(at index: Int, of plan: Plan) -> LedgerEvent.Kind {
        if index < plan.leadingEvents.count { return plan.leadingEvents[index].event.kind }
        let tie = plan.rowEventKeys[index - plan.leadingEvents.count].tie
        return rowEventKind(plan.rows[Self.rowIndex(tie)], number: Self.eventNumber(tie))
    }

    private static func rowIndex(_ tie: UInt64) -> Int { Int(tie >> 8 & 0xFFFF_FFFF_FFFF) }
    private static func eventNumber(_ tie: UInt64) -> Int { Int(tie & 0xFF) }

    /// What the rows say about one worker: where they first appear, their first team, their earliest start.
    package struct WorkerSeen {
        package var firstRow: Int
        package var firstTeam: String?
        package var earliestStart: Instant

        package mutating func note(team: String?, start: Instant) {
            if firstTeam == nil { firstTeam = team }
            if start < earliestStart { earliestStart = start }
        }
    }

    /// A team's earliest involvement in the rows.
    package struct TeamSeen {
        package var earliestStart: Instant
        package var row: Int

        package mutating func note(start: Instant, row: Int) {
            if start < earliestStart {
                earliestStart = start
                self.row = row
            }
        }
    }

    /// One event of a row: number 1 is its start, number 2 its end.
    package struct RowEvent {
        package var number: Int
        package var occurredAt: Instant
        package var event: LedgerEvent
    }

    private func proposed(_ rowEvent: RowEvent, row: InvolvementRow) -> ProposedEvent {
        ProposedEvent(
            event: rowEvent.event, occurredAt: rowEvent.occurredAt, actor: actor,
            source: .importRow(batch: batchId, row: row.lineNumber),
            eventId: ImportedEventId(batchId: batchId, eventNumber: rowEvent.number, fingerprint: row.fingerprint,
                                     involvementId: row.involvementId).text)
    }

    /// Every event of a row, in order.
    package func rowEvents(_ row: InvolvementRow) -> [RowEvent] {
        var result = [rowEvent(row, number: 1)]
        if row.isHolding, row.end != nil { result.append(rowEvent(row, number: 2)) }
        return result
    }

    /// The type of event ``rowEvent(_:number:)`` makes, decided by the same conditions (counted
    /// for the summary without building every event; a test holds the two together).
    package func rowEventKind(_ row: InvolvementRow, number: Int) -> LedgerEvent.Kind {
        guard row.workerId != nil, row.kind != .other else { return .involvementRecorded }
        if number == 2, row.end != nil { return .caseDeallocated }
        return row.kind == .coWorker ? .caseCoAllocated : .caseAllocated
    }

    package func rowEvent(_ row: InvolvementRow, number: Int) -> RowEvent {
        let origin = "\(mapping.name) involvement \(row.involvementId)"
        guard let worker = row.workerId, row.kind != .other else {
            return RowEvent(number: 1, occurredAt: row.start, event: .involvementRecorded(InvolvementRecorded(
                caseId: row.caseId, workerId: row.workerId, teamId: row.teamId, involvementType: row.typeCode,
                startedAt: row.start, endedAt: row.end,
                // A team-only row of the case-holding type: the team held the case, unallocated.
                holdsCase: row.workerId == nil && row.kind == .primary)))
        }
        let team = row.teamId ?? workerTeams[worker]
        if number == 2, let end = row.end {
            return RowEvent(number: 2, occurredAt: end, event: .caseDeallocated(CaseDeallocated(
                caseId: row.caseId, workerId: worker, isPrimary: row.kind == .primary, reason: .other,
                rationale: "\(origin) ended (legacy export: no reason recorded for the end)", remainsWithTeamId: team)))
        }
        let why = "imported from \(origin), type \(row.typeCode)" + (row.reasonText.isEmpty ? "" : ", reason \(row.reasonText)")
            + (row.referralId.isEmpty ? "" : ", referral \(row.referralId)")
        if row.kind == .coWorker {
            return RowEvent(number: 1, occurredAt: row.start, event: .caseCoAllocated(CaseCoAllocated(
                caseId: row.caseId, workerId: worker, teamId: team, primaryWorkerId: nil, reason: row.reason,
                rationale: why, factorsConsidered: [], tasks: [], discussedWithWorker: false, overrides: [],
                caseloadAtAllocation: nil)))
        }
        return RowEvent(number: 1, occurredAt: row.start, event: .caseAllocated(CaseAllocated(
            caseId: row.caseId, workerId: worker, teamId: team ?? ImportMapping.unknownTeamId, previousWorkerId: nil,
            reason: row.reason, rationale: why, factorsConsidered: [], tasks: [], discussedWithWorker: false,
            overrides: [], caseloadAtAllocation: nil)))
    }
}
