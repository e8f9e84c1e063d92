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

/// The fast fold (lean headers, hand-extracted facts, parallel preparation) must give exactly
/// what the generic path gives: the full envelope decoder and ``FactDetail/init(capturing:)``.
@Suite("Fast fold agrees with the generic decoder")
struct FastFoldTests {
    /// Kinds the extractor deliberately leaves to the generic decoder.
    static let genericOnly: Set<LedgerEvent.Kind> = [.involvementRecorded, .workloadConcernRaised]

    static func envelope(_ event: LedgerEvent, sequence: UInt64 = 1) -> EventEnvelope {
        EventEnvelope(
            sequence: sequence, eventId: "e\(sequence)", stream: event.stream,
            occurredAt: Instant(millisecondsSinceEpoch: 1_710_000_000_000),
            recordedAt: Instant(millisecondsSinceEpoch: 1_710_000_100_000), actor: Actor(id: "TM1", role: .teamManager),
            source: .command, correlationId: "c\(sequence)", batch: BatchPosition(index: 1, size: 1), event: event)
    }

    static func content(_ event: LedgerEvent) throws -> [UInt8] {
        try envelope(event).encodeContent()
    }

    /// The generic path's fact detail for a payload, or nil if it does not decode.
    static func genericDetail(type: String, schemaVersion: Int, data: [UInt8]) -> FactDetail? {
        let event = data.withUnsafeBytes { bytes in
            try? LedgerEvent.decodeData(type: type, schemaVersion: schemaVersion, bytes: bytes, using: LedgerJSONDecoder())
        }
        return event.map(FactDetail.init(capturing:))
    }

    static func fastDetail(type: String, schemaVersion: Int, data: [UInt8]) -> FactDetail? {
        let name = Array(type.utf8)
        return name.withUnsafeBytes { nameBytes in
            data.withUnsafeBytes { FactExtractor().detail(type: nameBytes, schemaVersion: schemaVersion, data: $0) }
        }
    }

    @Test("every sample event: the extractor's fact equals the generic one", arguments: EventSamples.all)
    func sampleAgrees(event: LedgerEvent) throws {
        let data = try event.encodeData(using: LedgerEvent.makeLedgerEncoder())
        let bytes = [UInt8](data)
        let generic = try #require(Self.genericDetail(type: event.typeName, schemaVersion: event.schemaVersion, data: bytes))
        #expect(generic == FactDetail(capturing: event))
        let fast = Self.fastDetail(type: event.typeName, schemaVersion: event.schemaVersion, data: bytes)
        if Self.genericOnly.contains(event.kind) {
            #expect(fast == nil, "\(event.typeName) is left to the generic decoder")
        } else {
            #expect(fast == generic, "\(event.typeName)")
        }
    }

    @Test("every kind but the generic-only ones has a sample the extractor handles")
    func everyKindCovered() throws {
        var handled = Set<LedgerEvent.Kind>()
        for event in EventSamples.all {
            let data = [UInt8](try event.encodeData(using: LedgerEvent.makeLedgerEncoder()))
            if Self.fastDetail(type: event.typeName, schemaVersion: event.schemaVersion, data: data) != nil {
                handled.insert(event.kind)
            }
        }
        #expect(handled == Set(LedgerEvent.Kind.allCases).subtracting(Self.genericOnly))
    }

    /// Payloads the writer would not produce but a reader must read the same way: unknown
    /// fields, keys out of order, escapes where the writer writes plain text, null optionals,
    /// blank prose written with escapes, non-ASCII identifiers.
    static let variants: [(type: String, json: String)] = [
        ("CaseAllocated", #"{"zz":{"nested":[1,{"a":null}]},"workerId":"W\u00e9","teamId":"T\/1","caseId":"C1","previousWorkerId":null,"reason":"newReferral","rationale":"\n\t ","factorsConsidered":[],"tasks":[],"discussedWithWorker":true,"overrides":[{"ruleId":"CAP","finding":"f","justification":"j"}],"caseloadAtAllocation":null}"#),
        ("CaseAllocated", #"{"caseId":"C1","workerId":"Zoë 👩‍👧","teamId":"T1","reason":"newReferral","rationale":" \u00a0x","factorsConsidered":[],"tasks":[{"description":"d","dueDate":"2024-01-01"}],"discussedWithWorker":false,"overrides":[],"extra":true}"#),
        ("CaseAllocated", #"{"caseId":"C1","workerId":"W1","teamId":"T1","reason":"newReferral","rationale":"\u2003","factorsConsidered":[],"tasks":[],"discussedWithWorker":false,"overrides":[]}"#),
        ("CaseClosed", #"{"caseId":"C1","closureSummary":{"workDone":"done","outstandingWork":"  ","responsibility":"\r\n"},"authorisingManagerId":"M\"1","evidenceNeedsAddressed":null,"overrides":[]}"#),
        ("CaseClosed", #"{"caseId":"C1","closureSummary":{"workDone":"a","outstandingWork":"b","responsibility":"c"},"authorisingManagerId":"M1","evidenceNeedsAddressed":"\u00e9","overrides":[]}"#),
        ("ReferralReceived", #"{"caseId":"C1","referralId":"R\\1","familyId":"F1","teamId":"T1","serviceArea":"safeguarding","category":"childProtection","flags":["section47","courtProceedings"],"source":"police","isReReferral":false}"#),
        ("WorkerAbsenceRecorded", #"{"workerId":"W1","absenceId":"A1","kind":"annualLeave","startDate":"2024-01-01","endDate":null,"notifiedAt":"2023-12-01T09:00:00.000Z"}"#),
        ("EntryRetracted", #"{"retractedSequenceNumber":42,"retractedStream":"case/C1","reason":"r","authorisingManagerId":"M1","replacementFollows":true}"#),
        // Forms the extractor leaves to the generic decoder: it must not answer differently.
        ("EntryRetracted", #"{"retractedSequenceNumber":42.0,"retractedStream":"case/C1","reason":"r","authorisingManagerId":"M1","replacementFollows":true}"#),
        ("WorkerLeft", #"{"workerId":"W1","lastWorkingDate":"2024-1-1"}"#),
        ("CaseAllocated", #"{"caseId":"C1","workerId":"W1","teamId":"T1","reason":"notAReason","rationale":"x","factorsConsidered":[],"tasks":[],"discussedWithWorker":false,"overrides":[]}"#),
        ("CaseAllocated", #"{"caseId":"C1","workerId":7,"teamId":"T1","reason":"newReferral","rationale":"x","factorsConsidered":[],"tasks":[],"discussedWithWorker":false,"overrides":[]}"#),
    ]

    @Test("odd but readable payloads: the extractor agrees or steps aside", arguments: variants.indices)
    func variantAgrees(index: Int) {
        let (type, json) = Self.variants[index]
        let data = Array(json.utf8)
        let kind = try? #require(LedgerEvent.Kind(typeName: type))
        let version = kind?.schemaVersion ?? 1
        let generic = Self.genericDetail(type: type, schemaVersion: version, data: data)
        let fast = Self.fastDetail(type: type, schemaVersion: version, data: data)
        if let fast {
            #expect(fast == generic, "variant \(index)")
        }
        // The escaped and non-ASCII variants (the first eight) must take the fast path, or this test would prove nothing.
        if index < 8 {
            #expect(fast != nil, "variant \(index) should be extracted")
            #expect(generic != nil, "variant \(index) should decode")
        }
    }

    @Test("an old schema version goes through the upcaster, giving the upcast fact")
    func upcastOldVersion() throws {
        let content = Array(#"{"sequence":1,"eventId":"e1","type":"WorkerRegistered","schemaVersion":1,"stream":"worker/W1","occurredAt":"2024-01-01T09:00:00.000Z","recordedAt":"2024-01-01T09:00:00.000Z","actor":{"id":"TM1","role":"teamManager"},"source":"command","correlationId":"c1","batch":{"index":1,"size":1},"data":{"fte":"0.8","isAgency":false,"isQualified":true,"role":"socialWorker","startDate":"2020-09-01","teamId":"T1","workerId":"W1"}}"#.utf8)
        let input = try Self.prepare(content)
        guard case .fact(let kind, let identifier, _, let detail) = input else {
            Issue.record("expected a fact, got \(input)")
            return
        }
        #expect(kind == .worker && identifier == "W1")
        #expect(detail == .workerRegistered(teamId: "T1", role: .socialWorker, startDate: EventSamples.date("2020-09-01"),
                                            isAgency: false, isQualified: true, fullTimeEquivalentPercent: 80))
    }

    static func prepare(_ content: [UInt8]) throws -> ProjectionState.FoldInput {
        try content.withUnsafeBytes { bytes in
            let header = try #require(LineHeader.parse(bytes))
            return ProjectionState.foldInput(content: bytes, header: header, extractor: FactExtractor(),
                                             decoder: LedgerJSONDecoder())
        }
    }

    @Test("the lean header reads what the full header decoder reads", arguments: EventSamples.all)
    func leanHeaderAgrees(event: LedgerEvent) throws {
        let content = try Self.content(event)
        try content.withUnsafeBytes { bytes in
            let lean = try #require(LineHeader.parse(bytes))
            let full = try EnvelopeHeader.decode(bytes)
            var expected = LineHeader(full)
            expected.typeRange = lean.typeRange
            expected.streamRange = lean.streamRange
            expected.roleRange = lean.roleRange
            #expect(lean == expected)
            let type = try #require(lean.typeRange)
            #expect(String(decoding: bytes[type], as: UTF8.self) == full.type)
            let role = try #require(lean.roleRange)
            #expect(String(decoding: bytes[role], as: UTF8.self) == full.actorRole)
        }
    }

    @Test("the lean header steps aside for escapes and unusual sources, and the full decoder decides")
    func leanHeaderStepsAside() throws {
        let base = String(decoding: try Self.content(EventSamples.all[0]), as: UTF8.self)
        for (from, to) in [(#""eventId":"e1""#, #""eventId":"e\u0031""#), (#""source":"command""#, #""source":"import:b:+3""#),
                           (#""source":"command""#, #""source":"bogus""#)] {
            let changed = Array(base.replacingOccurrences(of: from, with: to).utf8)
            #expect(changed != Array(base.utf8))
            changed.withUnsafeBytes { bytes in
                #expect(LineHeader.parse(bytes) == nil, "\(to)")
            }
        }
    }

    @Test("a whole log with every sample, in many segments and blocks, folds to exactly the generic fold")
    func wholeLogAgrees() throws {
        let directory = TemporaryDirectory("fastfold")
        let clock = ManualClock(Instant(millisecondsSinceEpoch: 0))
        let ledger = try StoreFixtures.openLedger(directory.path, segmentSizeBytesMax: 64 << 10, clock: clock)
        let generator = HistoryGenerator(configuration: .sized(eventCount: 3_000, years: 1, seed: 5))
        try generator.append(to: ledger, clock: clock, eventCount: 1_500)
        let samples = EventSamples.all.map { StoreFixtures.proposed($0) }
        try ledger.append(samples, expecting: StoreFixtures.anyExpectations(samples))
        try generator.append(to: ledger, clock: clock, eventCount: 1_500)
        ledger.close()
        #expect(try StoreFixtures.segments(directory.path).count > 3)

        var generic = ProjectionState()
        try LedgerReader(directory: directory.path).read { stored in
            generic.apply(stored.envelope, chain: stored.chain, lineOffset: Int64(stored.byteOffset))
        }
        for blockLineCount in [7, 8_192] {
            let fast = try ProjectionState.foldingWholeLog(in: directory.path, blockLineCount: blockLineCount)
            #expect(fast.count == generic.eventCount)
            #expect(fast.state.position == generic.position)
            #expect(fast.state.anomalies == generic.anomalies)
            // The stored body includes line offsets and indexes as well as every fact.
            #expect(fast.state.snapshotBody() == generic.snapshotBody(), "block size \(blockLineCount)")
        }
    }
}
