import CaseLedger
import Foundation
import LedgerSimulation

/// `audit CASE`: the inspector's one-page view of a case, as text, JSON or a self-contained HTML file.
enum AuditReportCommand {
    static var all: [Subcommand] { [audit] }

    static let audit = Subcommand(
        specification: CommandSpecification(
            name: "audit", summary: "the inspector's view of one case: holders over time and why, trail, breaches, evidence",
            positionals: [("CASE", "the case id")],
            options: AuditCommands.timeOptions + [
                OptionSpecification("--format", value: "FORMAT", help: "text (default), json or html"),
                OptionSpecification("--output", value: "FILE", help: "write to FILE instead of standard output (html: default CASE-audit.html); created 0600, never inside the store or snapshots, never over an existing file without --force"),
                OutputFileOption.force,
            ],
            discussion: """
                Verifies the log first, then shows who held the case at --as-of and why (the allocation \
                decision, its rationale, tasks and overrides), a timeline of every holder, the decision trail \
                with corrections shown as corrections, timescales, and breaches, each citing sequence numbers \
                and hashes. Every section stops at --as-of: the trail ends there, timescales and breaches are \
                judged there, and a holding still running then is shown open. --format html writes one \
                self-contained, printable file with no scripts; --format json prints one JSON document with \
                every section (docs/audit.md). 
                """ + AuditCommands.discussionOfTimes)
    ) { invocation in
        let format = try invocation.format(allowed: [.text, .json, .html])
        let caseId = invocation.arguments.positional(0) ?? ""
        if let problem = IdentifierGrammar.queriedProblem(caseId) {
            throw UsageError("CASE: \(problem)", command: "audit")
        }
        // The default name is built from the id, so it is sanitised: `../x` must not leave the
        // current directory.
        let destination = invocation.arguments.value("--output")
            ?? (format == .html ? IdentifierGrammar.fileNameComponent(caseId) + "-audit.html" : nil)
        if let destination { try OutputFileOption.check(destination, option: "--output", invocation: invocation) }
        let time = try AuditCommands.queryTime(invocation)
        let ledger = try AuditCommands.open(invocation)
        let report = try AuditCommands.suggestingIds(ledger) { try CaseAuditReport.make(ledger: ledger, storeDirectory: invocation.storeDirectory, caseId: caseId,
                                              at: time(ledger)) }
        guard report.holders.caseKnown else {
            let hint = IdentifierSuggestions.sentence(ledger.suggestions(forCase: caseId)).map { "; " + $0 } ?? ""
            throw ToolFailure(code: .dataError, message: "no case \(caseId) is known as of \(report.asOf) (as known \(report.asKnown))\(hint)")
        }
        let text: String
        switch format {
        case .html: text = report.html()
        case .json: text = AuditFormatter.json(report.document)
        default: text = TerminalText.output(textReport(report))
        }
        if let destination {
            try OutputFileOption.write(Array(text.utf8), to: destination, option: "--output", invocation: invocation)
            invocation.output.print("wrote \(destination) (case \(caseId), log verified at \(report.verifiedDigest))")
        } else {
            invocation.output.print(text)
        }
        return .success
    }

    static func textReport(_ report: CaseAuditReport) -> String {
        let london = AuditFormatter.london
        var lines = ["Case \(report.caseId): audit as of \(london(report.asOf)), as known \(london(report.asKnown))",
                     "Log verified: \(report.verifiedEventCount) events, digest \(report.verifiedDigest)"]
        if let checkpoint = report.verifiedCheckpoint {
            lines.append("Checkpoint verified (keep it; check later with caseledger verify --since FILE):")
            lines += checkpoint.text.split(separator: "\n").map { "  " + $0 }
        }
        lines.append("")
        lines.append(AuditFormatter.text(report.holders))
        lines.append("")
        // One list in time order, the unallocated spans among the holdings, as the HTML timeline reads.
        lines.append("Holders over time, to \(london(report.asOf)):")
        let width = report.spans.map { ($0.workerId ?? "(unallocated)").count }.max() ?? 0
        for span in report.spans {
            let who = (span.workerId ?? "(unallocated)").padding(toLength: width, withPad: " ", startingAt: 0)
            let holding = span.holding == "unallocated" ? "         " : (span.holding == "primary" ? "primary  " : "co-worker")
            lines.append("  \(TerminalText.inline(who)) \(holding) \(london(span.start)) – \(span.end.map(london) ?? CaseAuditReport.openAtAsOf)")
        }
        lines.append("")
        lines.append(AuditFormatter.text(report.trail))
        if !report.breaches.isEmpty {
            lines.append("")
            lines.append("Breaches:")
            for breach in report.breaches {
                lines.append("  \(breach.ruleId) at \(london(breach.at)): \(TerminalText.inline(breach.summary))\(breach.justification.map { " (justified: \(TerminalText.inline($0)))" } ?? "") [\(breach.evidence.map { String($0.sequence) }.joined(separator: ", "))]")
            }
        }
        return lines.joined(separator: "\n")
    }
}
