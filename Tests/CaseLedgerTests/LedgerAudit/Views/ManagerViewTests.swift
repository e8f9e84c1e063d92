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

/// What a manager and an inspector see: urgency order, the one-line-per-worker team caseload, the
/// HTML views, the audit page and its JSON, the demo store's default date, flags in messages.
@Suite("manager and inspector views", .serialized)
struct ManagerViewTests {
    @Test("unallocated: a child-protection case comes before an older child-in-need case (text and JSON)")
    func urgencyOrder() throws {
        let directory = try ManagerViewFixture.makeStore("views-urgency")
        let text = try ManagerViewFixture.run(directory, ["unallocated", "--as-of", "2024-03-14"])
        let protection = try #require(text.standardOutput.range(of: "C3, team T1, child protection"))
        let inNeed = try #require(text.standardOutput.range(of: "C2, team T1, child in need"))
        #expect(protection.lowerBound < inNeed.lowerBound)
        #expect(text.standardOutput.contains("2 working days") && !text.standardOutput.contains(" 1 working days"))
        let json = try ManagerViewFixture.run(directory, ["unallocated", "--as-of", "2024-03-14", "--format", "json"])
        let ids = (try ManagerViewFixture.json(json.standardOutput)["cases"] as? [[String: Any]])?.compactMap { $0["caseId"] as? String }
        #expect(ids == ["C3", "C2"])
    }

    @Test("caseload --team: one line per worker; --cases adds every case")
    func teamSummary() throws {
        let directory = try ManagerViewFixture.makeStore("views-summary")
        let summary = try ManagerViewFixture.run(directory, ["caseload", "--team", "T1", "--as-of", "2024-03-14"])
        #expect(summary.status == 0, "\(summary.standardError)")
        let workerLines = summary.standardOutput.split(separator: "\n").filter { $0.hasPrefix("  W1 ") || $0.hasPrefix("  W2 ") }
        #expect(workerLines.count == 2, "\(summary.standardOutput)")
        #expect(!summary.standardOutput.contains("C01239"), "no per-case lines without --cases")
        let detail = try ManagerViewFixture.run(directory, ["caseload", "--team", "T1", "--as-of", "2024-03-14", "--cases"])
        #expect(detail.standardOutput.contains("C01239"))
    }

    @Test("report team, unallocated and caseload as HTML: self-contained, charts, London dates, repeated headers")
    func htmlViews() throws {
        let directory = try ManagerViewFixture.makeStore("views-html")
        let report = try ManagerViewFixture.run(directory, ["report", "team", "T1", "--as-of", "2024-03-14", "--format", "html"])
        #expect(report.status == 0, "\(report.standardError)")
        #expect(report.standardOutput.contains("wrote team-T1-report.html"))
        let weekly = try ManagerViewFixture.run(directory, ["report", "weekly", "--week-of", "2024-03-11", "--as-of", "2024-03-14", "--format", "html"])
        #expect(weekly.status == 0 && weekly.standardOutput.contains("wrote weekly-report-2024-03-11.html"), "\(weekly.standardError)")
        let unallocated = try ManagerViewFixture.run(directory, ["unallocated", "--as-of", "2024-03-14", "--format", "html", "--output", "waiting.html"])
        #expect(unallocated.status == 0, "\(unallocated.standardError)")
        let caseload = try ManagerViewFixture.run(directory, ["caseload", "--team", "T1", "--as-of", "2024-03-14", "--format", "html"])
        #expect(caseload.status == 0, "\(caseload.standardError)")
        for name in ["team-T1-report.html", "waiting.html", "caseload-T1.html", "weekly-report-2024-03-11.html"] {
            let html = try String(contentsOfFile: directory.path + "/" + name, encoding: .utf8)
            #expect(html.hasPrefix("<!DOCTYPE html>"), "\(name)")
            #expect(!html.contains("<script") && !html.contains("http://") && !html.contains("https://") && !html.contains("src="), "\(name)")
            #expect(html.contains("<thead>") && html.contains("thead{display:table-header-group}") && html.contains("break-inside:avoid"), "\(name)")
            #expect(html.contains("14 Mar 2024"), "\(name): dates as people write them")
            #expect(html.firstMatch(of: ManagerViewFixture.isoMilliseconds) == nil, "\(name): no UTC instants with milliseconds")
        }
        let team = try String(contentsOfFile: directory.path + "/team-T1-report.html", encoding: .utf8)
        #expect(team.components(separatedBy: "<svg").count - 1 == 3, "bars against caps and two weekly line charts")
        #expect(team.contains("Waiting for allocation, most urgent first"))
        let protection = try #require(team.range(of: ">C3<"))
        let inNeed = try #require(team.range(of: ">C2<"))
        #expect(protection.lowerBound < inNeed.lowerBound)
        let json = try ManagerViewFixture.run(directory, ["report", "team", "T1", "--as-of", "2024-03-14", "--format", "json"])
        let weeks = try #require(try ManagerViewFixture.json(json.standardOutput)["weeks"] as? [[String: Any]])
        // T1 was registered on 2 Jan 2024: weekly points from then on (14 Mar back to 4 Jan), no
        // zeros for the months before it existed.
        #expect(weeks.count == 11)
        #expect(weeks.first?["at"] as? String == "2024-01-04T23:59:59.999Z", "\(String(describing: weeks.first))")
        #expect(weeks.last?["unallocatedCount"] as? Int == 2)
        #expect(team.contains("since it was registered") && team.contains("the team was registered on 2 Jan 2024"))
        let text = try ManagerViewFixture.run(directory, ["report", "team", "T1", "--as-of", "2024-03-14"])
        #expect(text.standardOutput.contains("Since the team was registered: "), "\(text.standardOutput)")
        #expect(text.standardOutput.contains("Waiting for allocation, most urgent first: 2"))
        let missing = try ManagerViewFixture.run(directory, ["report", "team"])
        #expect(missing.status == 64 && missing.standardError.contains("caseledger report team T"))
    }

    @Test("audit HTML: case summary, closure summary, timeline with a date axis, holders in time order, no UTC milliseconds")
    func auditPage() throws {
        let directory = try ManagerViewFixture.makeStore("views-audit")
        let closed = try ManagerViewFixture.run(directory, ["audit", "C4", "--as-of", "2024-03-14", "--format", "html"])
        #expect(closed.status == 0, "\(closed.standardError)")
        let page = try String(contentsOfFile: directory.path + "/C4-audit.html", encoding: .utf8)
        for expected in ["<dt>Family</dt>", "F3", "<dt>Statutory</dt>", "closed on 8 Mar 2024 16:00", "Closure summary",
                         "Family support plan completed", "School to monitor attendance", "Head teacher, St Mary&#39;s"] {
            #expect(page.contains(expected), "\(expected)")
        }
        #expect(page.firstMatch(of: ManagerViewFixture.isoMilliseconds) == nil)
        #expect(!page.contains("22:59:59") && !page.contains("23:59:59"))
        let waiting = try ManagerViewFixture.run(directory, ["audit", "C01239", "--as-of", "2024-03-14", "--format", "html"])
        #expect(waiting.status == 0)
        let timeline = try String(contentsOfFile: directory.path + "/C01239-audit.html", encoding: .utf8)
        #expect(timeline.contains("<svg") && timeline.contains(">4 Mar<"), "dates on the axis of a short timeline")
        let unallocatedRow = try #require(timeline.range(of: "<td>(unallocated)</td>"))
        let workerRow = try #require(timeline.range(of: "<td><span class=\"id\">W1</span></td>"))
        #expect(unallocatedRow.lowerBound < workerRow.lowerBound, "the unallocated hour before W1 comes first")
        #expect(timeline.contains("<span class=\"hash\">"), "hashes in unbroken groups")
    }

    @Test("audit --format json: one JSON document with every section")
    func auditJSON() throws {
        let directory = try ManagerViewFixture.makeStore("views-audit-json")
        let result = try ManagerViewFixture.run(directory, ["audit", "C4", "--as-of", "2024-03-14", "--format", "json"])
        #expect(result.status == 0, "\(result.standardError)")
        let document = try ManagerViewFixture.json(result.standardOutput)
        for key in ["summary", "holders", "timeline", "closures", "trail", "breaches", "verifiedDigest", "verifiedEventCount"] {
            #expect(document[key] != nil, "\(key)")
        }
        let closures = try #require(document["closures"] as? [[String: Any]])
        #expect(closures.first?["workDone"] as? String == "Family support plan completed")
    }

    @Test("a demo store's queries default to its last day; CASELEDGER_NOW and --as-of still win")
    func demoDefaultDate() throws {
        let directory = try ManagerViewFixture.makeStore("views-demo")
        try DemoStoreMarker(lastDay: try #require(LocalDate(year: 2024, month: 3, day: 14)), seed: 1).write(storeDirectory: directory.store)
        let result = try ManagerViewFixture.run(directory, ["unallocated"])
        #expect(result.standardOutput.contains("as of     2024-03-14 23:59:59 GMT"), "\(result.standardOutput)")
        #expect(result.standardOutput.contains("2 working days (2 calendar)"))
        let asked = try ManagerViewFixture.run(directory, ["unallocated", "--as-of", "2024-03-13"])
        #expect(asked.standardOutput.contains("as of     2024-03-13 23:59:59 GMT"))
    }

    @Test("refusals name flags: --justify RULE=…, options for fields; a blocking rule says it cannot be overridden; JSON errors")
    func messages() throws {
        let directory = try ManagerViewFixture.makeStore("views-messages")
        let noSummary = try ManagerViewFixture.run(directory, ["close", "--case", "C01239", "--actor", "TM", "--at", "2024-03-14T10:00"])
        #expect(noSummary.status == 65)
        #expect(noSummary.standardError.contains("--work-done") && !noSummary.standardError.contains("closureSummary"), "\(noSummary.standardError)")
        let justified = try ManagerViewFixture.run(directory, ["close", "--case", "C01239", "--actor", "TM", "--at", "2024-03-14T10:00",
                                                              "--justify", "CLOSURE-SUMMARY=in a hurry"])
        #expect(justified.standardError.contains("CLOSURE-SUMMARY cannot be overridden"), "\(justified.standardError)")
        let unallocated = try ManagerViewFixture.run(directory, ["close", "--case", "C2", "--actor", "TM", "--at", "2024-03-14T10:00",
                                                                "--work-done", "assessed", "--outstanding-work", "none", "--responsibility", "school"])
        #expect(unallocated.status == 65)
        #expect(unallocated.standardError.contains("--justify UNALLOCATED-CLOSURE="), "\(unallocated.standardError)")
        #expect(!unallocated.standardError.contains("pass a justification"))
        let json = try ManagerViewFixture.run(directory, ["close", "--case", "C01239", "--actor", "TM", "--at", "2024-03-14T10:00", "--format", "json"])
        #expect(json.status == 65)
        let error = try ManagerViewFixture.json(json.standardError)
        #expect(error["rule"] as? String == "CLOSURE-SUMMARY")
        #expect(error["exitCode"] as? Int == 65)
        #expect((error["message"] as? String)?.contains("nothing was appended") == true)
        let absence = try ManagerViewFixture.run(directory, ["absence", "--worker", "W2", "--absence", "A1", "--kind", "annualLeave",
                                                            "--from", "2024-03-11", "--to", "2024-03-22", "--actor", "TM", "--at", "2024-03-08T10:00"])
        #expect(absence.status == 0, "\(absence.standardError)")
        let onLeave = try ManagerViewFixture.run(directory, ["allocate", "--case", "C2", "--worker", "W2", "--reason", "newReferral",
                                                            "--rationale", "knows the family", "--task", "2024-03-15:Visit", "--discussed",
                                                            "--justify", "ON-LEAVE=urgent", "--actor", "TM", "--at", "2024-03-13T10:00"])
        #expect(onLeave.status == 65)
        #expect(onLeave.standardError.contains("ON-LEAVE cannot be overridden"), "\(onLeave.standardError)")
        #expect(onLeave.standardError.contains("(caseledger absence … --to DATE)") && !onLeave.standardError.contains("recordAbsence"))
        let version = try ChildProcess.run("caseledger", ["--version"])
        #expect(version.status == 0 && version.standardOutput.hasPrefix("caseledger 0.") && version.standardOutput.contains("log format 1"))
    }

    @Test("apply reports every malformed line, not only the first, and appends nothing")
    func applyReportsEveryLine() throws {
        let directory = TemporaryDirectory("views-apply")
        let lines = """
            {"command":"registerTeam","teamId":"T1","name":"Duty","serviceArea":"dutyAndAssessment","actor":"HOS","actorRole":"headOfService","at":"2024-01-02"}
            not json at all
            {"command":"registerTeam","teamId":"T2","name":"Duty","serviceArea":"nowhere","actor":"HOS","actorRole":"headOfService","at":"2024-01-02"}
            """
        let result = try ChildProcess.run("caseledger", ["apply", "-", "--store", directory.store], input: lines)
        #expect(result.status == 65)
        #expect(result.standardError.contains("2 lines cannot be read"), "\(result.standardError)")
        #expect(result.standardError.contains("line 2:") && result.standardError.contains("line 3:"))
        #expect(!FileManager.default.fileExists(atPath: directory.store + "/segment-0000000000000001.jsonl"))
    }
}
