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

/// `tools/check_ssda903.sh` on a demo store built by the real binary: the DfE's own validator
/// (csc-validator-be-903) over the demo's SSDA903 return joined with the demo's CMS side.
///
/// It runs in every `swift test` (so in CI) unless `CASELEDGER_VALIDATOR_CHECK=0`, and needs the
/// package index to install the validator once; the virtual environment is kept in the temporary directory, keyed
/// by the pinned version, so later runs need no network. Otherwise the test is skipped with the
/// reason in the test report, never passed silently.
@Suite("SSDA903 validator check", .serialized)
struct SSDA903ValidatorCheckTests {
    /// The validator version the expected counts were taken with (docs/returns.md).
    static let validatorVersion = "0.1.17"
    static let virtualEnvironment = NSTemporaryDirectory() + "caseledger-903-venv-\(validatorVersion)"
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().path
    /// Small enough for a debug build, with children looked after through the year ending 31 March 2025.
    static let demoOptions = "--teams 4 --workers 20"
    /// SW rules that may flag rows on the demo, each only in ways the runner explains and
    /// docs/returns.md shows: SW11b on a case closed by 31 March, SW12 as its code reads it.
    static let documentedRules: Set<String> = ["SW11bSTG2", "SW12STG2"]

    /// Whether the validator can be had: already installed in the cached environment, or the
    /// package index answers within 5 seconds.
    static let validatorAvailable: Bool = {
        if FileManager.default.fileExists(atPath: virtualEnvironment + "/bin/python"),
           (try? ChildProcess.run(path: virtualEnvironment + "/bin/python", ["-c", "import lac_validator"], timeLimitSeconds: 60))?.status == 0 {
            return true
        }
        let probe = "import urllib.request; urllib.request.urlopen('https://pypi.org/simple/csc-validator-be-903/', timeout=5)"
        return (try? ChildProcess.run(path: "/usr/bin/env", ["python3", "-c", probe], timeLimitSeconds: 10))?.status == 0
    }()

    /// The error count per rule from the runner's lines `  SW12STG2   23 errors   message`.
    static func counts(_ section: Substring) -> [String: Int] {
        var counts: [String: Int] = [:]
        for line in section.split(separator: "\n") {
            let words = line.split(separator: " ", omittingEmptySubsequences: true)
            guard words.count >= 3, line.hasPrefix("  SW"), words[2] == "errors", let count = Int(words[1]) else { continue }
            counts[String(words[0])] = count
        }
        return counts
    }

    /// On by default, as the issue asks of CI: the check runs whenever the validator can be had.
    /// It takes one and a half minutes with the environment cached and about four on a loaded
    /// two-core machine when it must install first; `CASELEDGER_VALIDATOR_CHECK=0` turns it off.
    static let requested = ProcessInfo.processInfo.environment["CASELEDGER_VALIDATOR_CHECK"] != "0"

    @Test("the demo's 2025 return with its CMS side: SW errors only where documented and explained, none from the CMS side, planted faults caught",
          .enabled(if: requested, "the DfE validator check did NOT run: CASELEDGER_VALIDATOR_CHECK=0 turned it off"),
          .enabled(if: !requested || validatorAvailable,
                   "the DfE validator check did NOT run: pypi.org did not answer within 5 s and no validator is cached"),
          .timeLimit(.minutes(10)))
    func demoReturnPassesTheValidator() throws {
        let work = TemporaryDirectory("ssda903-check")
        let started = Date()
        let result = try ChildProcess.run(
            path: "/bin/bash",
            [Self.repository + "/tools/check_ssda903.sh", "--work", work.path, "--caseledger", ChildProcess.executable("caseledger"),
             "--demo-options", Self.demoOptions],
            environment: ProcessInfo.processInfo.environment.merging(
                ["CASELEDGER_903_VENV": Self.virtualEnvironment, "CASELEDGER_903_VERSION": Self.validatorVersion]) { $1 },
            timeLimitSeconds: 540)
        let seconds = Date().timeIntervalSince(started)
        let output = result.standardOutput
        #expect(result.status == 0, "\(output)\n\(result.standardError)")
        #expect(!output.contains("SKIPPED"), "the check skipped although the validator was available: \(output)")
        #expect(output.contains("validator: csc-validator-be-903 \(Self.validatorVersion)"))
        #expect(output.contains("ALL CHECKS PASSED"))

        // The year's own run: the first section, before the planted faults.
        let sections = output.components(separatedBy: "\n== ")
        let year = try #require(sections.first { $0.hasPrefix("return ssda903 --year 2025") }, "\(output)")
        #expect(year.contains("with the CMS side in"), "the demo's Header and Episodes were not joined: \(year)")
        #expect(year.contains("files: SWEpisodes.csv, Header.csv, Episodes.csv"))
        let counts = Self.counts(Substring(year))
        #expect(counts["SW12STG2"] != nil, "SW12 did not run: it needs the Episodes table")
        for (rule, count) in counts where count > 0 {
            #expect(Self.documentedRules.contains(rule), "\(rule) flagged \(count) rows on the demo's return")
        }
        #expect(year.contains("\nother: 0\n"), "a flagged row the runner cannot explain: \(year)")
        #expect(year.contains("total other errors: 0 "), "the CMS side broke a non-SW rule: \(year)")

        for (rule, fault) in [("SW10STG2", "planted-gap"), ("SW10STG2", "planted-same-day"), ("SW10aSTG2", "planted-gap"),
                              ("SW19STG2", "planted-same-day"), ("SW17STG2", "planted-closed-last")] {
            #expect(output.contains("planted fault caught by \(rule): yes"), "\(fault) not caught by \(rule)")
        }
        print("SSDA903 validator check: \(Int(seconds)) s, SW counts \(counts.filter { $0.value > 0 })")
    }

    @Test("the runner's counts are read from its own lines", arguments: [
        ("  SW12STG2   23 errors                          If a child ...\n  SW13STG1   0 errors   x", ["SW12STG2": 23, "SW13STG1": 0]),
        ("  SW12STG2   skipped (needs a table not given)  If a child ...", [:]),
    ])
    func countsAreParsed(text: String, expected: [String: Int]) {
        #expect(Self.counts(Substring(text)) == expected)
    }
}
