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

/// `tools/render_check.sh` in `swift test`, so CI renders every HTML view in a real browser:
/// each page of a small demo to PNG and A4 PDF in headless Chromium, failing on any request a
/// page makes. It runs wherever `chromium` and `pdfinfo` are installed (the script installs them
/// from the distribution when run by hand; a test does not install packages). Elsewhere it is
/// skipped with the reason in the test report, never passed silently.
@Suite("HTML views in a real browser")
struct RenderCheckTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().path

    static func installed(_ program: String) -> Bool {
        ["/usr/bin/", "/usr/local/bin/", "/bin/"].contains { FileManager.default.isExecutableFile(atPath: $0 + program) }
    }

    static let browserAvailable = installed("chromium") && installed("pdfinfo")

    @Test("every view of a demo renders to PNG and A4 PDF with no request outside the page",
          .enabled(if: browserAvailable,
                   "the render check did NOT run: chromium and pdfinfo (poppler-utils) are not installed; run tools/render_check.sh by hand, which installs them"),
          .timeLimit(.minutes(5)))
    func everyViewRenders() throws {
        let directory = TemporaryDirectory("render-check")
        let demo = try ChildProcess.run("caseledger", ["demo", "--seed", "9", "--years", "1", "--teams", "2", "--workers", "12",
                                                       "--store", directory.store])
        try #require(demo.status == 0, "\(demo.standardError)")
        let output = directory.path + "/pages"
        let started = Date()
        let result = try ChildProcess.run(
            path: "/bin/sh", [Self.repository + "/tools/render_check.sh", directory.store, output],
            environment: ProcessInfo.processInfo.environment.merging(["CASELEDGER_BIN": ChildProcess.executable("caseledger")]) { $1 },
            timeLimitSeconds: 280)
        #expect(result.status == 0, "\(result.standardOutput)\n\(result.standardError)")
        #expect(!result.standardOutput.contains("FAIL"), "\(result.standardOutput)")
        let pages = result.standardOutput.split(separator: "\n").filter { $0.contains(" A4 pages, ") }
        // The waiting list, all caseloads, the weekly report, each team's report and caseload, and case audits.
        #expect(pages.count >= 3 + 2 * 2 + 1, "\(result.standardOutput)")
        for view in ["unallocated.html", "caseload-all.html", "weekly-report.html", "team-T01-report.html"] {
            #expect(pages.contains { $0.hasPrefix(view + ": ") }, "\(view) not rendered: \(result.standardOutput)")
        }
        for line in pages {
            let count = line.split(separator: " ").dropFirst().first.flatMap { Int($0) } ?? 0
            #expect(count >= 1, "\(line)")
        }
        print("render check: \(pages.count) pages in \(Int(Date().timeIntervalSince(started))) s\n" + pages.joined(separator: "\n"))
    }
}
