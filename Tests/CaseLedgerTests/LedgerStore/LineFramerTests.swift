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

@Suite("Line framing on all cores and the pre-write check")
struct LineFramerTests {
    static let recordedAt = Instant(millisecondsSinceEpoch: 1_710_000_123_456)

    /// Envelopes of every sample type, with awkward text in the envelope's own strings too, and
    /// enough of them that the framer splits the batch into several parts.
    static func envelopes(count: Int) -> [EventEnvelope] {
        (0..<count).map { index in
            let event = EventSamples.all[index % EventSamples.all.count]
            let source: EventSource = index % 3 == 0 ? .command : .importRow(batch: "b\"\\\u{01}é\(index)", row: index * 7)
            return EventEnvelope(
                sequence: UInt64(1_000 + index), eventId: index % 5 == 0 ? EventSamples.awkwardText : "E\(index)",
                stream: event.stream, occurredAt: Instant(millisecondsSinceEpoch: 1_600_000_000_000 + Int64(index) * 61_001),
                recordedAt: recordedAt, actor: Actor(id: index % 4 == 0 ? "T/\"M\"\t1" : "TM1", role: .teamManager),
                source: source, correlationId: "corr-\(index % 2 == 0 ? "Zoë 👩‍👧‍👦" : "x")",
                batch: BatchPosition(index: index + 1, size: count), event: event)
        }
    }

    static func framer(decodesAndCompares: Bool = true) -> LineFramer {
        LineFramer(decoder: LedgerJSONDecoder(), eventSizeBytesMax: 128 << 10,
                   decodesAndCompares: decodesAndCompares)
    }

    static func bytes(_ parts: [FramedPart]) -> [UInt8] {
        parts.flatMap { Array($0.elements) }
    }

    /// The line as an independent writer would build it: the envelope header from Foundation's
    /// string escaping and the payload from Foundation's ledger encoder.
    static func referenceLine(_ envelope: EventEnvelope, chain: SHA256Digest) throws -> [UInt8] {
        let strings = JSONEncoder()
        strings.outputFormatting = [.withoutEscapingSlashes]
        func quoted(_ text: String) throws -> String { String(decoding: try strings.encode(text), as: UTF8.self) }
        let payload = String(decoding: try envelope.event.encodeData(using: LedgerEvent.makeLedgerEncoder()), as: UTF8.self)
        let content = #"{"sequence":\#(envelope.sequence),"eventId":\#(try quoted(envelope.eventId)),"type":\#(try quoted(envelope.type)),"#
            + #""schemaVersion":\#(envelope.schemaVersion),"stream":\#(try quoted(envelope.stream.rawValue)),"#
            + #""occurredAt":\#(try quoted(envelope.occurredAt.iso8601)),"recordedAt":\#(try quoted(envelope.recordedAt.iso8601)),"#
            + #""actor":{"id":\#(try quoted(envelope.actor.id)),"role":\#(try quoted(envelope.actor.role.rawValue))},"#
            + #""source":\#(try quoted(envelope.source.description)),"correlationId":\#(try quoted(envelope.correlationId)),"#
            + #""batch":{"index":\#(envelope.batch.index),"size":\#(envelope.batch.size)},"data":\#(payload)}"#
        let contentBytes = Array(content.utf8)
        var line: [UInt8] = []
        LineFrame.appendLine(content: contentBytes, contentHash: SHA256.hash(contentBytes), chain: chain, to: &line)
        return line
    }

    @Test("lines framed in parallel parts are byte-identical to lines framed one at a time and to an independent writer, on every event type")
    func parallelMatchesSequentialAndReference() throws {
        let envelopes = Self.envelopes(count: EventSamples.all.count * 5)
        #expect(LineFramer.partCount(for: envelopes.count) > 1 || ProcessInfo.processInfo.activeProcessorCount == 1)
        let framer = Self.framer()
        let parts = try framer.frame(envelopes.map { (draft: $0.lineDraft, entry: $0.logEntry) })
        var chains: [SHA256Digest]? = []
        let last = LineFramer.fillChains(parts, from: LedgerFormat.genesis, collecting: &chains)
        let parallel = Self.bytes(parts)

        var sequential: [UInt8] = []
        var reference: [UInt8] = []
        var chain = LedgerFormat.genesis
        for envelope in envelopes {
            let single = try framer.frame([(draft: envelope.lineDraft, entry: envelope.logEntry)])
            #expect(single.count == 1)
            var none: [SHA256Digest]? = nil
            let before = chain
            chain = LineFramer.fillChains(single, from: chain, collecting: &none)
            sequential += Self.bytes(single)
            reference += try Self.referenceLine(envelope, chain: SHA256.chain(previous: before, content: single[0].contentHashes[0]))
        }
        #expect(parallel == sequential)
        #expect(parallel == reference)
        #expect(last == chain)
        #expect(chains?.count == envelopes.count)
        #expect(chains?.last == chain)
        #expect(Set(envelopes.map(\.type)) == Set(LedgerEvent.allTypeNames))
    }

    @Test("a failure reports the earliest bad event of the batch, whichever part it falls in")
    func earliestFailureWins() throws {
        var envelopes = Self.envelopes(count: 300)
        let big = LedgerEvent.caseNoteRecorded(CaseNoteRecorded(caseId: "C1", authorId: "W1", noteKind: nil,
                                                                 text: String(repeating: "x", count: 3_000)))
        for index in [40, 170, 290] { envelopes[index].event = big }
        let framer = LineFramer(decoder: LedgerJSONDecoder(), eventSizeBytesMax: 2_500,
                                decodesAndCompares: false)
        let error = try #require(throws: LedgerError.self) { try framer.frame(envelopes.map { (draft: $0.lineDraft, entry: $0.logEntry) }) }
        guard case .eventTooLarge(let index, _, _, _) = error else {
            Issue.record("expected eventTooLarge, got \(error)")
            return
        }
        #expect(index == 41)
    }

    static func content(_ envelope: EventEnvelope) throws -> [UInt8] {
        try envelope.encodeContent()
    }

    static func problem(_ content: [UInt8], _ envelope: EventEnvelope, full: Bool) -> String? {
        content.withUnsafeBytes {
            LineCheck.problem(in: $0, entry: envelope.logEntry, draft: envelope.lineDraft, decoder: LedgerJSONDecoder(),
                              decodesAndCompares: full)
        }
    }

    @Test("both checks pass every correctly encoded sample", arguments: [false, true])
    func goodContentPasses(full: Bool) throws {
        for envelope in Self.envelopes(count: EventSamples.all.count) {
            #expect(Self.problem(try Self.content(envelope), envelope, full: full) == nil, "\(envelope.type)")
        }
    }

    /// Ways a content could come out wrong, each of which must stop the line being written.
    static let defects: [String] = [
        "raw newline", "truncated payload", "payload not JSON", "payload an array", "header field differs",
        "invalid UTF-8", "missing closing brace", "trailing garbage in payload",
    ]

    @Test("the structural check and the full check both refuse a malformed line", arguments: defects, [false, true])
    func malformedContentIsRefused(defect: String, full: Bool) throws {
        let envelope = Self.envelopes(count: 12)[10]
        let good = try Self.content(envelope)
        let text = String(decoding: good, as: UTF8.self)
        let dataStart = try #require(text.range(of: #""data":"#)).upperBound
        let header = String(text[..<dataStart])
        let payload = String(text[dataStart...].dropLast())
        var bad: [UInt8]
        switch defect {
        case "raw newline": bad = Array((header + payload.replacingOccurrences(of: ",", with: ",\n") + "}").utf8)
        case "truncated payload": bad = Array((header + payload.dropLast(3) + "}").utf8)
        case "payload not JSON": bad = Array((header + "{\"a\":tru}" + "}").utf8)
        case "payload an array": bad = Array((header + "[1,2]" + "}").utf8)
        case "header field differs": bad = Array((header.replacingOccurrences(of: "\"sequence\":1010", with: "\"sequence\":1011") + payload + "}").utf8)
        case "invalid UTF-8": bad = Array((header + payload + "}").utf8); bad.insert(0xFF, at: bad.count - 4)
        case "missing closing brace": bad = Array((header + payload).utf8)
        default: bad = Array((header + payload.dropLast() + ",}}").utf8)
        }
        #expect(bad != good)
        #expect(Self.problem(bad, envelope, full: full) != nil, "\(defect) passed the \(full ? "full" : "structural") check")
    }

    @Test("only the full check notices a well-formed payload that is not the envelope's (so tests run the full check)")
    func fullCheckComparesPayloads() throws {
        let claimed = Self.envelopes(count: 12)[0]
        var other = claimed
        other.event = EventSamples.all[1]
        #expect(claimed.type == other.type)
        #expect(claimed.event != other.event)
        // The same header, with a valid payload of the same type but other values.
        let content = try Self.content(other)
        #expect(Self.problem(content, claimed, full: true) == "the payload decodes to a different value")
        #expect(Self.problem(content, claimed, full: false) == nil)
    }

    @Test("a ledger refuses a malformed line under either check and writes nothing", arguments: [false, true])
    func ledgerRefusesBeforeWriting(full: Bool) throws {
        let directory = TemporaryDirectory("check")
        var options = LedgerOptions()
        options.checkEncodingBeforeWrite = full
        let ledger = try Ledger(directory: directory.store, options: options, clock: ManualClock(StoreFixtures.start),
                                identifiers: SeededIdentifierGenerator(seed: 1))
        try ledger.append([StoreFixtures.note("C1")], expecting: [.case("C1"): .any])
        let before = try StoreFixtures.bytes(directory.store + "/" + (try StoreFixtures.segments(directory.store)[0]))
        // An actor id with a raw newline is escaped by the writer, so it is fine...
        let escaped = ProposedEvent(event: .caseNoteRecorded(CaseNoteRecorded(caseId: "C1", authorId: "W1", noteKind: nil, text: "a\nb")),
                                    occurredAt: StoreFixtures.start, actor: Actor(id: "T\nM", role: .teamManager))
        try ledger.append([escaped], expecting: [.case("C1"): .any])
        // ...but an id the header reader cannot give back (a lone surrogate cannot exist in a
        // Swift string, so use an instant outside the four-digit years the reader accepts).
        let unreadable = ProposedEvent(event: .caseNoteRecorded(CaseNoteRecorded(caseId: "C1", authorId: "W1", noteKind: nil, text: "x")),
                                       occurredAt: Instant(millisecondsSinceEpoch: Instant.fourDigitYearsEnd + 1), actor: StoreFixtures.actor)
        let middle = try StoreFixtures.bytes(directory.store + "/" + (try StoreFixtures.segments(directory.store)[0]))
        #expect(middle.count > before.count)
        let error = try #require(throws: LedgerError.self) { try ledger.append([unreadable], expecting: [.case("C1"): .any]) }
        guard case .encodingFailed(let index, _, _) = error else {
            Issue.record("expected encodingFailed, got \(error)")
            return
        }
        #expect(index == 1)
        #expect(try StoreFixtures.bytes(directory.store + "/" + (try StoreFixtures.segments(directory.store)[0])) == middle)
    }

    @Test("an import batch name the header grammar refuses is never written", arguments: ["", "a:b"])
    func badImportBatchIsRefused(batch: String) throws {
        let directory = TemporaryDirectory("bad-batch")
        let ledger = try Ledger(directory: directory.store, clock: ManualClock(StoreFixtures.start),
                                identifiers: SeededIdentifierGenerator(seed: 1))
        var event = StoreFixtures.note("C1")
        event.source = .importRow(batch: batch, row: 1)
        let error = try #require(throws: LedgerError.self) { try ledger.append([event], expecting: [.case("C1"): .any]) }
        guard case .encodingFailed(let index, _, let detail) = error else {
            Issue.record("expected encodingFailed, got \(error)")
            return
        }
        #expect(index == 1 && detail.contains("import batch name"))
        #expect(ledger.digest.sequence == 0)
        try ledger.append([StoreFixtures.note("C1")], expecting: [.case("C1"): .any])
        #expect(try LedgerVerifier.verify(directory: directory.store).fault == nil)
    }
}
