import Foundation
import Testing
@testable import LedgerSupport
@testable import LedgerStore
@testable import LedgerEvents
@testable import LedgerDomain
@testable import LedgerAudit
@testable import LedgerImport
@testable import LedgerReturns
@testable import LedgerSimulation

@Suite("Importer: presets, anomalies, atomicity, idempotency")
struct ImporterTests {
    @Test("each preset loads a small export with every anomaly, flagged per row", arguments: ["ssd", "liquidlogic", "mosaic"])
    func presetExport(preset: String) throws {
        let directory = TemporaryDirectory("import-\(preset)")
        var rows = ImportFixtures.rows(holding: ImportFixtures.holdingType(preset))
        if preset == "ssd" {
            // The SSD carries the source system's codes: Mosaic's ALLWKR holds a case too.
            rows.append(.init(id: "10", person: "P4", worker: "W9", team: "T3", type: "ALLWKR", start: "2023-12-01", end: "", reason: "TSPROC"))
        }
        let path = try ImportFixtures.write(ImportFixtures.export(rows, preset: preset), in: directory)
        let summary = try ImportFixtures.run(try ImportFixtures.request(path, preset: preset, store: directory.store))

        guard case .appended(let first, let last) = summary.outcome else {
            Issue.record("expected an append, got \(summary.outcome)")
            return
        }
        #expect(first == 1)
        #expect(summary.rowCountRead == rows.count)
        #expect(summary.rowCountNew == rows.count)
        // The planner counts types without building every event; the log says what was built.
        var written: [String: Int] = [:]
        for event in try ImportFixtures.events(directory.store) { written[event.envelope.type, default: 0] += 1 }
        #expect(written == summary.eventCounts)
        #expect(UInt64(written.values.reduce(0, +)) == last)
        #expect(summary.rowCountRejected == 0)
        var expectedKinds: Set<ImportAnomalyKind> = [
            .teamOnlyInvolvement, .noTeam, .openEndMarker, .zeroLength, .overlappingAllocation, .unknownInvolvementType,
            .unknownReason, .workerRoleUnknown,
        ]
        if preset == "mosaic" {
            expectedKinds.remove(.noTeam)
            #expect(summary.anomalyCounts[.noTeam] == nil, "no team column: said once, not per row")
            #expect(summary.warnings.map(\.field) == [.teamId], "no team column: one warning, nothing else missing")
        }
        #expect(expectedKinds.isSubset(of: Set(summary.anomalyCounts.keys)), "\(summary.anomalyCounts)")
        #expect(summary.issues.contains { $0.lineNumber == 7 && $0.kind == "overlapping-allocation" })
        #expect(summary.issues.contains { $0.lineNumber == 5 && $0.kind == "zero-length" })
        #expect(summary.issues.contains { $0.lineNumber == 3 && $0.kind == "open-end-marker" })

        let events = try ImportFixtures.events(directory.store)
        #expect(UInt64(events.count) == last)
        #expect(events.first?.envelope.type == "ImportBatchRecorded")
        let batchId = summary.batchId
        func rowEvents(_ line: Int) -> [EventEnvelope] {
            events.map(\.envelope).filter { $0.source == .importRow(batch: batchId, row: line) && $0.stream.category == "case" }
        }
        // Row 1 (line 2): allocated at the start of 1 Feb (London), deallocated at the start of 10 March.
        let first1 = rowEvents(2)
        #expect(first1.count == 2)
        if case .caseAllocated(let allocation) = first1.first?.event {
            #expect(allocation.caseId == "P1")
            #expect(allocation.workerId == "W1")
            #expect(allocation.reason == .newReferral)
            #expect(first1[0].occurredAt == ImportFixtures.date("2024-02-01"))
        } else { Issue.record("line 2 should start with CaseAllocated: \(first1)") }
        if case .caseDeallocated(let deallocation) = first1.last?.event {
            #expect(deallocation.isPrimary)
            #expect(first1[1].occurredAt == ImportFixtures.date("2024-03-10"))
        } else { Issue.record("line 2 should end with CaseDeallocated") }
        // Row 2 (line 3): London wall-clock time, still open (1900-01-01), reason MANAGE.
        let second = rowEvents(3)
        #expect(second.count == 1)
        #expect(second.first?.occurredAt == Instant(iso8601: "2024-03-10T09:30:00Z"))
        if case .caseAllocated(let allocation) = second.first?.event {
            #expect(allocation.reason == .caseloadManagement)
        } else { Issue.record("line 3 should be a CaseAllocated") }
        // Row 3 (line 4): team-only, recorded as an involvement with no worker: unallocated in T2.
        if case .involvementRecorded(let involvement) = rowEvents(4).first?.event {
            #expect(involvement.workerId == nil)
            #expect(involvement.teamId == (preset == "mosaic" ? nil : "T2"))
            #expect(involvement.endedAt == nil)
        } else { Issue.record("line 4 should be an InvolvementRecorded") }
        // Row 4 (line 5): zero length: allocated and deallocated at the same instant, in that order.
        let zero = rowEvents(5)
        #expect(zero.map(\.type) == ["CaseAllocated", "CaseDeallocated"])
        #expect(zero.first?.occurredAt == zero.last?.occurredAt)
        #expect((zero.first?.sequence ?? 0) < (zero.last?.sequence ?? 0))
        // Rows 7–9: IRO, PA and an unknown code are involvements, never allocations.
        for line in 8...10 {
            #expect(rowEvents(line).map(\.type) == ["InvolvementRecorded"], "line \(line)")
        }
        if preset == "ssd" {
            #expect(rowEvents(11).map(\.type) == ["CaseAllocated"])
        }
        // Within the batch, row events are in valid-time order.
        let caseEvents = events.map(\.envelope).filter { $0.stream.category == "case" }
        #expect(caseEvents.map(\.occurredAt) == caseEvents.map(\.occurredAt).sorted())
        // Workers and teams it had never seen are registered in the same batch.
        let registered = Set(events.compactMap { stored -> String? in
            if case .workerRegistered(let worker) = stored.envelope.event { return worker.workerId }
            return nil
        })
        #expect(registered.isSuperset(of: ["W1", "W2", "W3", "W4", "W5", "W6", "W7", "W8"]))
        #expect(!registered.contains("-1"))
        #expect(try LedgerVerifier.verify(directory: directory.store).isIntact)
    }

    @Test("importing the same file again appends nothing and says so")
    func idempotentReimport() throws {
        let directory = TemporaryDirectory("import-again")
        let path = try ImportFixtures.write(ImportFixtures.export(ImportFixtures.rows(holding: "CW"), preset: "ssd"), in: directory)
        let request = try ImportFixtures.request(path, preset: "ssd", store: directory.store)
        let first = try ImportFixtures.run(request)
        #expect(first.didAppend)
        let before = try ImportFixtures.storeBytes(directory.store)
        let second = try ImportFixtures.run(request)
        guard case .alreadyImported(let batch, _, let sequence) = second.outcome else {
            Issue.record("expected already imported, got \(second.outcome)")
            return
        }
        #expect(batch == first.batchId)
        #expect(sequence == 1)
        #expect(second.lines.contains { $0.contains("already imported as batch \(batch)") })
        #expect(try ImportFixtures.storeBytes(directory.store) == before)
        // The same file through another preset is a different batch (and a different key space).
        #expect(Importer.batchId(fileSHA256: SHA256.hash([1]), mappingIdentity: "ssd")
                != Importer.batchId(fileSHA256: SHA256.hash([1]), mappingIdentity: "liquidlogic"))
    }

    @Test("a later export appends only new rows and corrects changed ones, naming the changed fields")
    func extendedExport() throws {
        let directory = TemporaryDirectory("import-extended")
        let original = Array(ImportFixtures.rows(holding: "CW").prefix(6))
        let firstPath = try ImportFixtures.write(ImportFixtures.export(original, preset: "ssd"), in: directory, name: "v1.csv")
        let first = try ImportFixtures.run(try ImportFixtures.request(firstPath, preset: "ssd", store: directory.store))
        #expect(first.didAppend)
        let before = try ImportFixtures.events(directory.store)

        var later = original
        later[1].end = "2024-05-01"  // row 2 closed since
        later[4].team = "T9"  // row 5 moved team
        later.append(.init(id: "11", person: "P1", worker: "W10", team: "T1", type: "CW", start: "2024-05-01", end: "", reason: "LEFTRL"))
        let laterPath = try ImportFixtures.write(ImportFixtures.export(later, preset: "ssd"), in: directory, name: "v2.csv")
        // Corrections retract events in someone's name: the request names who.
        var secondRequest = try ImportFixtures.request(laterPath, preset: "ssd", store: directory.store)
        secondRequest.actor = Actor(id: "DO1", role: .dataOfficer)
        let second = try ImportFixtures.run(secondRequest)
        #expect(second.didAppend)
        #expect(second.rowCountNew == 1)
        #expect(second.rowCountChanged == 2)
        #expect(second.rowCountUnchanged == 4)

        let appended = try ImportFixtures.events(directory.store).dropFirst(before.count).map(\.envelope)
        let retractions = appended.compactMap { envelope -> EntryRetracted? in
            if case .entryRetracted(let retraction) = envelope.event { return retraction }
            return nil
        }
        // Row 2 had one live event (open allocation); row 5 had two (allocation and end).
        #expect(retractions.count == 3)
        let byId = Dictionary(uniqueKeysWithValues: before.map { ($0.envelope.eventId, $0.envelope) })
        for retraction in retractions {
            let original = try #require(byId[retraction.retractedEventId ?? ""])
            #expect(original.sequence == retraction.retractedSequenceNumber)
            #expect(original.stream == retraction.retractedStream)
            #expect(retraction.reason.hasPrefix("superseded by import \(second.batchId), row "))
        }
        #expect(retractions.contains { $0.reason.contains("row 3: end date changed") })
        #expect(retractions.contains { $0.reason.contains("row 6: team id changed") })
        // Each retraction is followed straight away by its replacement when it has one.
        for (index, envelope) in appended.enumerated() {
            guard case .entryRetracted(let retraction) = envelope.event, retraction.replacementFollows else { continue }
            #expect(appended[index + 1].stream == retraction.retractedStream)
            #expect(appended[index + 1].type != "EntryRetracted")
        }
        // Unchanged rows appended nothing; the new row did.
        #expect(!appended.contains { $0.source == .importRow(batch: second.batchId, row: 2) })
        #expect(appended.contains { $0.source == .importRow(batch: second.batchId, row: 8) && $0.type == "CaseAllocated" })
        #expect(appended.contains { stored in
            if case .workerRegistered(let worker) = stored.event { return worker.workerId == "W10" }
            return false
        })
        #expect(!appended.contains { stored in
            if case .workerRegistered(let worker) = stored.event { return worker.workerId == "W1" }
            return false
        })

        // A third export going back to the first values corrects the corrections, never the same event twice.
        let thirdPath = try ImportFixtures.write(ImportFixtures.export(original + [later[6]], preset: "ssd"), in: directory, name: "v3.csv")
        var thirdRequest = try ImportFixtures.request(thirdPath, preset: "ssd", store: directory.store)
        thirdRequest.actor = Actor(id: "DO1", role: .dataOfficer)
        let third = try ImportFixtures.run(thirdRequest)
        #expect(third.rowCountChanged == 2)
        let all = try ImportFixtures.events(directory.store).map(\.envelope)
        var retracted: [UInt64] = []
        for envelope in all { if case .entryRetracted(let retraction) = envelope.event { retracted.append(retraction.retractedSequenceNumber) } }
        #expect(Set(retracted).count == retracted.count, "an event was retracted twice")
        #expect(try LedgerVerifier.verify(directory: directory.store).isIntact)
    }

    @Test("a manager's retraction of an imported event is honoured: a later import never retracts it again")
    func managerRetraction() throws {
        let directory = TemporaryDirectory("import-manager")
        let original = Array(ImportFixtures.rows(holding: "CW").prefix(3))
        let firstPath = try ImportFixtures.write(ImportFixtures.export(original, preset: "ssd"), in: directory, name: "v1.csv")
        let first = try ImportFixtures.run(try ImportFixtures.request(firstPath, preset: "ssd", store: directory.store))
        let allocation = try #require(try ImportFixtures.events(directory.store).first {
            $0.envelope.source == .importRow(batch: first.batchId, row: 3) && $0.envelope.type == "CaseAllocated"
        })
        do {
            let ledger = try StoreFixtures.openLedger(directory.store, clock: ManualClock(ImportFixtures.clockStart.adding(hours: 1)))
            defer { ledger.close() }
            let retraction = EntryRetracted(
                retractedSequenceNumber: allocation.envelope.sequence, retractedEventId: allocation.envelope.eventId,
                retractedStream: allocation.envelope.stream, reason: "entered against the wrong child", authorisingManagerId: "TM1",
                replacementFollows: false)
            let proposed = StoreFixtures.proposed(.entryRetracted(retraction))
            try ledger.append([proposed], expecting: [proposed.stream: .any])
        }
        var later = original
        later[1].end = "2024-05-01"
        let laterPath = try ImportFixtures.write(ImportFixtures.export(later, preset: "ssd"), in: directory, name: "v2.csv")
        for dryRun in [true, false] {
            var request = try ImportFixtures.request(laterPath, preset: "ssd", store: directory.store)
            request.isDryRun = dryRun
            request.actor = Actor(id: "DO1", role: .dataOfficer)
            let second = try ImportFixtures.run(request, clock: ManualClock(ImportFixtures.clockStart.adding(hours: 2)))
            #expect(second.rowCountChanged == 1)
            // The allocation was already retracted by the manager: only the new events are added.
            #expect(second.eventCounts["EntryRetracted"] == nil, "dry run \(dryRun)")
            #expect(second.eventCounts["CaseAllocated"] == 1)
            #expect(second.eventCounts["CaseDeallocated"] == 1)
        }
    }

    @Test("a failing import leaves the log byte for byte unchanged", arguments: ["bad-rows", "unterminated", "append-fails", "append-fails-midway"])
    func failingImportChangesNothing(failure: String) throws {
        let directory = TemporaryDirectory("import-fail")
        let goodPath = try ImportFixtures.write(ImportFixtures.export(ImportFixtures.rows(holding: "CW"), preset: "ssd"), in: directory, name: "good.csv")
        _ = try ImportFixtures.run(try ImportFixtures.request(goodPath, preset: "ssd", store: directory.store))
        let before = try ImportFixtures.storeBytes(directory.store)
        #expect(!before.isEmpty)

        var rows = ImportFixtures.rows(holding: "CW").map { row -> ImportFixtures.Row in
            var row = row
            row.id = "N" + row.id
            return row
        }
        var text: String
        switch failure {
        case "bad-rows":
            rows[2].start = "31/02/2024"
            rows[4].person = ""
            rows[6].end = "2023-01-01"
            text = ImportFixtures.export(rows, preset: "ssd") + "X1,W1,CW\r\n"
        case "unterminated":
            text = ImportFixtures.export(rows, preset: "ssd") + "X2,W1,CW,T1,2024-01-01,,\"never closed,P9,\r\nX3,W1,CW,T1,2024-01-01,,,P9,\r\n"
        default:
            text = ImportFixtures.export(rows, preset: "ssd")
        }
        let path = try ImportFixtures.write(text, in: directory, name: "bad.csv")
        var request = try ImportFixtures.request(path, preset: "ssd", store: directory.store)
        if failure.hasPrefix("append-fails") {
            request.ledgerOptions.eventSizeBytesMax = 600  // the batch record fits; an allocation does not
            // Midway: the streamed batch has written its first chunks (batch record, registrations)
            // before the first allocation fails, so the log must be cut back, not merely left alone.
            if failure == "append-fails-midway" { request.appendChunkEventCount = 1 }
            #expect(throws: ImportError.self) { try ImportFixtures.run(request) }
        } else {
            let summary = try ImportFixtures.run(request)
            guard case .refused(let reason) = summary.outcome else {
                Issue.record("expected a refusal, got \(summary.outcome)")
                return
            }
            #expect(!reason.isEmpty)
            let rejected = summary.issues.filter(\.isRejection)
            if failure == "bad-rows" {
                #expect(Set(rejected.map(\.lineNumber)) == [4, 6, 8, 11])
                #expect(Set(rejected.map(\.kind)) == ["unreadable-date", "missing-value", "end-before-start", "ragged-row"])
                #expect(rejected.allSatisfy { !$0.detail.isEmpty })
                #expect(rejected.first { $0.lineNumber == 4 }?.field == "invo_involvement_start_date")
            } else {
                #expect(rejected.map(\.lineNumber) == [11])
                #expect(rejected.first?.kind == "unterminated-quote")
            }
        }
        #expect(try ImportFixtures.storeBytes(directory.store) == before)
    }

    @Test("--skip-rejected loads the good rows and records the rejected count in the batch")
    func acceptRejectedRows() throws {
        let directory = TemporaryDirectory("import-skip")
        var rows = ImportFixtures.rows(holding: "CW")
        rows[0].start = "not a date"
        let path = try ImportFixtures.write(ImportFixtures.export(rows, preset: "ssd"), in: directory)
        var request = try ImportFixtures.request(path, preset: "ssd", store: directory.store)
        request.acceptsRejectedRows = true
        let summary = try ImportFixtures.run(request)
        #expect(summary.didAppend)
        #expect(summary.rejectionCounts[.unreadableDate] == 1)
        let events = try ImportFixtures.events(directory.store)
        guard case .importBatchRecorded(let batch) = events.first?.envelope.event else {
            Issue.record("the batch record comes first")
            return
        }
        #expect(batch.rowCountRead == rows.count)
        #expect(batch.rowCountRejected == 1)
        #expect(batch.rowCountImported == rows.count - 1)
        #expect(batch.eventCount == events.count - 1)
        #expect(batch.preset == "ssd")
        #expect(batch.fileSHA256 == summary.fileSHA256)
    }

    @Test("a dry run appends nothing and does not even create the store")
    func dryRun() throws {
        let directory = TemporaryDirectory("import-dry")
        let path = try ImportFixtures.write(ImportFixtures.export(ImportFixtures.rows(holding: "CW"), preset: "liquidlogic"), in: directory)
        var request = try ImportFixtures.request(path, preset: "liquidlogic", store: directory.store)
        request.isDryRun = true
        let summary = try ImportFixtures.run(request)
        #expect(summary.outcome == .dryRun)
        #expect(summary.eventCount > summary.rowCountRead)
        #expect(!FileManager.default.fileExists(atPath: directory.store))
    }

    @Test("a missing required column is an error naming it; names match case-insensitively")
    func missingColumn() throws {
        let directory = TemporaryDirectory("import-columns")
        let path = try ImportFixtures.write("ID,person_id,TYPE,START_DATE\r\n1,P1,ALLWKR,2024-01-01\r\n", in: directory)
        #expect(throws: ImportError.missingColumns(path: path, columns: ["WORKER_ID (worker id)"], found: ["ID", "person_id", "TYPE", "START_DATE"])) {
            try ImportFixtures.run(try ImportFixtures.request(path, preset: "mosaic", store: directory.store))
        }
        let empty = try ImportFixtures.write("", in: directory, name: "empty.csv")
        #expect(throws: ImportError.emptyFile(path: empty)) {
            try ImportFixtures.run(try ImportFixtures.request(empty, preset: "mosaic", store: directory.store))
        }
        let headerOnly = try ImportFixtures.write("id,person_id,worker_id,type,start_date,end_date\n", in: directory, name: "header.csv")
        let summary = try ImportFixtures.run(try ImportFixtures.request(headerOnly, preset: "mosaic", store: directory.store))
        #expect(summary.rowCountRead == 0)
        #expect(summary.eventCount == 1)
    }

    @Test("a mapping file describes any other system: value maps, sentinels, co-workers, defaults")
    func mappingFile() throws {
        let directory = TemporaryDirectory("import-mapping")
        let mappingJSON = """
            {"name": "eclipse",
             "columns": {"involvementId": "INV", "personId": ["CLIENT", "PERSON"], "workerId": "WORKER", "teamId": "TEAM",
                         "involvementType": "ROLE", "startDate": "FROM", "endDate": "TO", "reason": "WHY"},
             "dateFormats": ["dd.MM.yyyy", "iso8601"],
             "caseHoldingTypes": ["KEY"], "coWorkerTypes": ["CO"], "otherTypes": ["IRO"],
             "involvementTypes": {"Key Worker": "KEY", "Co-worker": "CO"},
             "reasons": {"Caseload": "MANAGE"},
             "noWorkerValues": ["0", ""], "openEndDates": ["9999-12-31"],
             "defaultServiceArea": "adultServices"}
            """
        let mappingPath = try ImportFixtures.write(mappingJSON, in: directory, name: "eclipse.json")
        let mapping = try ImportMapping.load(path: mappingPath)
        #expect(mapping.namespace == "mapping:eclipse")
        let csv = """
            INV,PERSON,WORKER,TEAM,ROLE,FROM,TO,WHY
            a1,C1,S1,TA,Key Worker,01.03.2024,31.12.9999,Caseload
            a2,C1,S2,TA,Co-worker,02.03.2024,10.03.2024,
            a3,C1,0,TA,Key Worker,2024-01-01,,
            """
        let path = try ImportFixtures.write(csv, in: directory)
        let summary = try ImportFixtures.run(ImportRequest(filePath: path, mapping: mapping, storeDirectory: directory.store))
        #expect(summary.didAppend)
        #expect(summary.preset == "mapping:eclipse")
        let envelopes = try ImportFixtures.events(directory.store).map(\.envelope)
        #expect(envelopes.contains { envelope in
            if case .caseAllocated(let allocation) = envelope.event {
                return allocation.workerId == "S1" && allocation.reason == .caseloadManagement
            }
            return false
        })
        #expect(envelopes.contains { $0.type == "CaseCoAllocated" })
        #expect(envelopes.contains { envelope in
            if case .caseDeallocated(let end) = envelope.event { return end.workerId == "S2" && !end.isPrimary }
            return false
        })
        #expect(summary.anomalyCounts[.openEndMarker] == 1)
        #expect(summary.anomalyCounts[.teamOnlyInvolvement] == 1)
        #expect(envelopes.contains { envelope in
            if case .teamRegistered(let team) = envelope.event { return team.serviceArea == .adultServices }
            return false
        })

        #expect(throws: ImportMappingError.unknownField(section: "mapping", field: "colums", known: ImportMapping.fileKeys.sorted())) {
            try ImportMapping.parse(Array(#"{"name":"x","colums":{}}"#.utf8), path: "m.json")
        }
        #expect(throws: ImportMappingError.missingColumn(field: "startDate")) {
            try ImportMapping.parse(Array(#"{"name":"x","columns":{"involvementId":"a","personId":"b","workerId":"c"},"caseHoldingTypes":["K"]}"#.utf8), path: "m.json")
        }
        #expect(throws: ImportMappingError.unknownRole(value: "wizard", mappedFrom: "W")) {
            try ImportMapping.parse(Array(#"{"name":"x","columns":{"involvementId":"a","personId":"b","workerId":"c","startDate":"d"},"caseHoldingTypes":["K"],"roles":{"W":"wizard"}}"#.utf8), path: "m.json")
        }
    }

    @Test("workers and teams files give roles, agency flags, hours and team names")
    func sideFiles() throws {
        let directory = TemporaryDirectory("import-side")
        let path = try ImportFixtures.write(ImportFixtures.export(ImportFixtures.rows(holding: "CW"), preset: "ssd"), in: directory)
        let workers = try ImportFixtures.write("""
            prof_professional_id,prof_professional_job_title,prof_agency_worker_flag,prof_professional_team,prof_full_time_equivalency
            W1,Senior Practitioner,N,T1,0.8
            W2,Social Worker (ASYE),Y,T1,1
            W3,Wizard,,,
            """, in: directory, name: "professionals.csv")
        let teams = try ImportFixtures.write("dept_team_id,dept_team_name\nT1,Safeguarding East\n", in: directory, name: "department.csv")
        var request = try ImportFixtures.request(path, preset: "ssd", store: directory.store)
        request.workersFilePath = workers
        request.teamsFilePath = teams
        let summary = try ImportFixtures.run(request)
        var registered: [String: WorkerRegistered] = [:]
        var teamNames: [String: String] = [:]
        for stored in try ImportFixtures.events(directory.store) {
            if case .workerRegistered(let worker) = stored.envelope.event { registered[worker.workerId] = worker }
            if case .teamRegistered(let team) = stored.envelope.event { teamNames[team.teamId] = team.name }
        }
        #expect(registered["W1"]?.role == .seniorPractitioner)
        #expect(registered["W1"]?.fullTimeEquivalentPercent == 80)
        #expect(registered["W1"]?.isAgency == false)
        #expect(registered["W2"]?.role == .asye)
        #expect(registered["W2"]?.isAgency == true)
        #expect(registered["W3"]?.role == .socialWorker)
        #expect(registered["W1"]?.startDate == LocalDate(year: 2024, month: 2, day: 1))
        #expect(teamNames["T1"] == "Safeguarding East")
        #expect(teamNames["T2"] == "T2")
        let unknownRoles = summary.issues.filter { $0.kind == "worker-role-unknown" }
        #expect(unknownRoles.contains { $0.detail.contains("W3") && $0.detail.contains("Wizard") })
        #expect(!unknownRoles.contains { $0.detail.contains("worker W1:") })
    }

    @Test("date layouts: UK, ISO, with and without time and zone, month names", arguments: [
        ("14/03/2024", "2024-03-14T00:00:00Z"),
        ("1/3/2024", "2024-03-01T00:00:00Z"),
        ("2024-03-14", "2024-03-14T00:00:00Z"),
        ("2024-07-14", "2024-07-13T23:00:00Z"),  // a bare date is the start of the London day (BST)
        ("2024-07-14 09:30:00.000", "2024-07-14T08:30:00Z"),
        ("2024-07-14T09:30", "2024-07-14T08:30:00Z"),
        ("2024-07-14T09:30:00Z", "2024-07-14T09:30:00Z"),
        ("2024-07-14T09:30:00+02:00", "2024-07-14T07:30:00Z"),
        ("14/07/2024 09:30", "2024-07-14T08:30:00Z"),
        ("14-JUL-2024", "2024-07-13T23:00:00Z"),
    ])
    func dateLayouts(text: String, expected: String) throws {
        let time = ImportDateFormat.standard.lazy.compactMap { $0.parse(text) }.first
        #expect(time?.instant == Instant(iso8601: expected))
    }

    @Test("impossible dates are not read", arguments: ["31/02/2024", "2024-13-01", "2024-02-30", "14/03/24", "yesterday", "2024-03-14T25:00"])
    func impossibleDates(text: String) {
        #expect(ImportDateFormat.standard.allSatisfy { $0.parse(text) == nil })
    }
}

@Suite("Importer: generated exports")
struct GeneratedExportTests {
    @Test("an extended export appends only its new rows; the generator extends with the same seed and worker pool")
    func extendedGeneratedExport() throws {
        let directory = TemporaryDirectory("import-generated")
        let small = InvolvementExportGenerator(presetName: "liquidlogic", rowCount: 300, seed: 5, workerCount: 25)
        let large = InvolvementExportGenerator(presetName: "liquidlogic", rowCount: 360, seed: 5, workerCount: 25)
        let smallBytes = small.bytes()
        #expect(large.bytes().starts(with: smallBytes))
        let first = try ImportFixtures.write(String(decoding: smallBytes, as: UTF8.self), in: directory, name: "v1.csv")
        let second = directory.path + "/v2.csv"
        try large.write(to: second)
        let one = try ImportFixtures.run(try ImportFixtures.request(first, preset: "liquidlogic", store: directory.store))
        #expect(one.didAppend)
        #expect(one.rowCountRejected == 0)
        let two = try ImportFixtures.run(try ImportFixtures.request(second, preset: "liquidlogic", store: directory.store))
        #expect(two.didAppend)
        #expect(two.rowCountNew == 60)
        #expect(two.rowCountChanged == 0)
        #expect(two.rowCountUnchanged == 300)
        #expect(two.eventCounts["EntryRetracted"] == nil)
    }

    @Test("a generated export with bad rows is refused and every bad row is named", arguments: ["ssd", "liquidlogic", "mosaic"])
    func malformedGeneratedExport(preset: String) throws {
        let directory = TemporaryDirectory("import-generated-bad")
        let path = directory.path + "/bad.csv"
        try InvolvementExportGenerator(presetName: preset, rowCount: 500, seed: 9, malformedRowInterval: 50).write(to: path)
        let summary = try ImportFixtures.run(try ImportFixtures.request(path, preset: preset, store: directory.store))
        guard case .refused = summary.outcome else {
            Issue.record("expected a refusal, got \(summary.outcome)")
            return
        }
        // Ten malformed rows; two of them repeat row 1's id, so row 1 is rejected with them (item 7).
        #expect(summary.rowCountRejected == 11)
        #expect(summary.issues.filter { $0.kind == "duplicate-involvement-id" }.map(\.involvementId) == ["1", "1", "1"])
        #expect(Set(summary.issues.filter(\.isRejection).map(\.kind)).count >= 4)
        #expect(!FileManager.default.fileExists(atPath: directory.store))
    }
}
