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

/// `audit`, `trail`, `holders` and `breaches` asked about 14 March of a case whose history runs on
/// (``AsOfCase``), run as the built binary: nothing after that instant is shown, and the same
/// question prints the same bytes however the clock has moved.
@Suite("audit commands stop at --as-of", .serialized)
struct AuditAsOfCommandTests {
    /// The case's ledger on disk, with what must not appear in an answer as of 14 March.
    final class Fixture {
        let directory = TemporaryDirectory("asof")
        var store: String { directory.path + "/events" }
        var snapshots: String { directory.path + "/snapshots" }
        let history: AsOfCase
        let forbidden: [String]
        let lastSequenceByAsOf: UInt64

        init() throws {
            history = try AsOfCase()
            let audit = try history.audit(clock: ManualClock(AuditScenario.instant("2030-01-01T00:00:00Z")))
            forbidden = history.forbiddenText(in: audit)
            lastSequenceByAsOf = try #require(history.before.last)
            try FileManager.default.moveItem(atPath: history.store, toPath: store)
        }
    }

    let fixture: Fixture
    static let asOf = "2025-03-14"
    static let headRecordedAt = AsOfCase.headRecordedAt.iso8601
    /// Two clocks far apart: with the old default (as-known = now) every answer differed.
    static let clocks = ["2030-01-01T00:00:00Z", "2031-06-01T08:00:00Z"]

    init() throws { fixture = try Fixture() }

    private func run(_ arguments: [String], now: String = clocks[0]) throws -> ChildProcess.Result {
        var environment = ProcessInfo.processInfo.environment
        environment["CASELEDGER_NOW"] = now
        let result = try ChildProcess.run("caseledger", arguments + ["--store", fixture.store, "--snapshots", fixture.snapshots],
                                          environment: environment, currentDirectory: fixture.directory.path)
        #expect(result.status == 0, "\(arguments): \(result.standardError)")
        return result
    }

    /// Runs the same question under both clocks and requires the same bytes; returns them.
    private func stable(_ arguments: [String]) throws -> String {
        let outputs = try Self.clocks.map { try run(arguments, now: $0).standardOutput }
        #expect(outputs[0] == outputs[1], "\(arguments) printed different bytes when only the clock moved")
        return outputs[0]
    }

    /// No later event's hash or instant; and in text, no citation `#N` of a later event (HTML
    /// has colours like `#777`: its sequence numbers are checked in their table cells).
    private func expectNothingLater(_ text: String, _ label: String, citesWithHash: Bool = true,
                                    sourceLocation: SourceLocation = #_sourceLocation) {
        for forbidden in fixture.forbidden {
            #expect(!text.contains(forbidden), "\(label) shows \(forbidden), after 14 March", sourceLocation: sourceLocation)
        }
        guard citesWithHash else { return }
        for match in text.matches(of: /#(\d+)/) {
            let sequence = UInt64(match.1) ?? 0
            #expect(sequence <= fixture.lastSequenceByAsOf, "\(label) cites #\(sequence), recorded after 14 March",
                    sourceLocation: sourceLocation)
        }
    }

    private func json(_ line: Substring) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
    }

    @Test("audit text: trail, timescales, breaches and spells stop at 14 March")
    func auditText() throws {
        let text = try stable(["audit", AsOfCase.caseId, "--as-of", Self.asOf])
        expectNothingLater(text, "audit text")
        #expect(text.contains("as known \(AuditFormatter.london(AsOfCase.headRecordedAt))"), "\(text)")
        #expect(text.contains("escalation to head of service (6 weeks): due 2025-03-17 23:59:59 GMT — due"), "\(text)")
        #expect(text.contains("UNALLOCATED-MONITORING monitoring record: due 2025-02-10 23:59:59 GMT — OVERDUE"))
        #expect(text.contains("open and overdue"))
        #expect(!text.contains("met late"))
        // One list in time order, London times.
        let spans = text.split(separator: "\n").map(String.init).filter {
            $0.contains(" – open at as-of") || $0.contains("GMT – 2025")
        }
        #expect(spans == [
            "  (unallocated)           2025-01-06 09:00:00 GMT – 2025-01-06 11:00:00 GMT",
            "  W1            primary   2025-01-06 11:00:00 GMT – 2025-02-03 11:00:00 GMT",
            "  S1            co-worker 2025-01-20 11:00:00 GMT – open at as-of",
            "  (unallocated)           2025-02-03 11:00:00 GMT – open at as-of",
        ], "\(spans)")
    }

    @Test("audit json: one document whose holders and trail end at 14 March, statuses as they stood")
    func auditJSON() throws {
        let output = try stable(["audit", AsOfCase.caseId, "--as-of", Self.asOf, "--format", "json"])
        expectNothingLater(output, "audit json")
        let lines = output.split(separator: "\n")
        try #require(lines.count == 1, "one JSON document")
        let document = try json(lines[0])
        let holders = try #require(document["holders"] as? [String: Any])
        let trail = try #require(document["trail"] as? [String: Any])
        #expect(holders["asKnown"] as? String == Self.headRecordedAt)
        #expect(trail["asKnown"] as? String == Self.headRecordedAt)
        #expect(trail["to"] as? String == AsOfCase.asOf.iso8601)
        #expect(holders["unallocatedSince"] as? String == "2025-02-03T11:00:00.000Z")
        #expect((holders["coWorkers"] as? [[String: Any]])?.compactMap { $0["workerId"] as? String } == ["S1"])
        let entries = try #require(trail["entries"] as? [[String: Any]])
        let sequences = entries.compactMap { ($0["citation"] as? [String: Any])?["sequence"] as? Int }.map(UInt64.init)
        #expect(sequences == fixture.history.before)
        let timescales = try #require(trail["timescales"] as? [[String: Any]])
        let escalation = try #require(timescales.first { ($0["subject"] as? String)?.contains("head of service") == true })
        #expect(escalation["status"] as? String == "due")
        #expect(escalation["satisfiedAt"] == nil)
        let monitoring = try #require(timescales.first { $0["timescale"] as? String == "UNALLOCATED-MONITORING" })
        #expect(monitoring["status"] as? String == "overdue")
    }

    @Test("audit html: the page reads as of 14 March, and is the same file whenever it is made")
    func auditHTML() throws {
        var pages: [String] = []
        for (index, now) in Self.clocks.enumerated() {
            let path = fixture.directory.path + "/page-\(index).html"
            _ = try run(["audit", AsOfCase.caseId, "--as-of", Self.asOf, "--format", "html", "--output", path], now: now)
            pages.append(try String(contentsOfFile: path, encoding: .utf8))
        }
        #expect(pages[0] == pages[1], "the HTML page changed when only the clock moved")
        let html = pages[0]
        expectNothingLater(html, "audit html", citesWithHash: false)
        for match in html.matches(of: /<td><span class="id">(\d+)<\/span><\/td>/) {
            #expect((UInt64(match.1) ?? 0) <= fixture.lastSequenceByAsOf, "the trail lists #\(match.1)")
        }
        let known = try #require(Instant(iso8601: Self.headRecordedAt))
        #expect(html.contains("<th>As known</th><td>\(HTMLDocument.dateTime(known)) "))
        // The case summary as it stood: open, though it was closed on the 25th.
        #expect(html.contains("<dt>Status</dt><dd><span class=\"urgent\">open, unallocated</span> since 3 Feb 2025 11:00</dd>"))
        #expect(html.contains("<dt>Category</dt><dd>child in need</dd><dt>Risk</dt><dd>moderate</dd>"))
        #expect(html.contains("<td><span class=\"id\">S1</span></td><td>co-worker</td><td>20 Jan 2025 11:00</td><td>open at as-of</td>"))
        #expect(html.contains("<td>(unallocated)</td><td>unallocated</td><td>3 Feb 2025 11:00</td><td>open at as-of</td>"))
        #expect(html.contains("<td>escalation to head of service (6 weeks)</td><td>17 Mar 2025</td><td><span class=\"due\">due</span></td><td>—</td>"))
        #expect(html.contains("<span class=\"overdue\">overdue</span>"))
    }

    @Test("trail --as-of, holders --as-of and breaches --to stop at 14 March and print the same bytes twice")
    func otherQueries() throws {
        let trail = try stable(["trail", AsOfCase.caseId, "--as-of", Self.asOf])
        expectNothingLater(trail, "trail")
        #expect(trail.contains("as known  2025-03-25 17:30:00 GMT"))
        #expect(trail.contains("escalation to head of service (6 weeks): due 2025-03-17 23:59:59 GMT — due"))
        // --as-of bounds --to: the earlier of the two ends the trail.
        let bounded = try stable(["trail", AsOfCase.caseId, "--to", "2025-03-31", "--as-of", Self.asOf, "--format", "json"])
        expectNothingLater(bounded, "trail --to --as-of")

        let holders = try stable(["holders", AsOfCase.caseId, "--as-of", Self.asOf])
        expectNothingLater(holders, "holders")
        #expect(holders.contains("as known  2025-03-25 17:30:00 GMT"))
        #expect(holders.contains("Co-worker: S1"), "\(holders)")
        let holdersJSON = try stable(["holders", AsOfCase.caseId, "--as-of", Self.asOf, "--format", "json"])
        expectNothingLater(holdersJSON, "holders json")

        let breaches = try stable(["breaches", "--to", Self.asOf])
        expectNothingLater(breaches, "breaches")
        #expect(breaches.contains("UNALLOCATED-MONITORING"))
        #expect(breaches.contains("open and overdue"))
        #expect(!breaches.contains("met late"))

        // With no end at all, the trail's timescales are judged at the log's last recorded time,
        // not the clock: the whole trail is the same bytes too.
        let whole = try stable(["trail", AsOfCase.caseId])
        #expect(whole.contains(AuditFormatter.london(AuditScenario.instant("2025-03-25T10:00:00Z"))))
    }
}
