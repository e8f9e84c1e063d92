import Foundation
import LedgerDomain
import LedgerEvents
import LedgerStore
import LedgerSupport

/// Text, JSON and CSV renderings of the audit answers. The answers are values; this is the only
/// place that decides how they look, so the command line stays thin and every format is testable.
///
/// JSON is the answer value encoded with sorted keys and no insignificant whitespace (one line),
/// instants as ISO 8601 UTC with milliseconds, dates as `yyyy-MM-dd`; absent optional values are
/// omitted. The shapes are documented in `docs/audit.md` and are stable: fields are only added.
public enum AuditFormatter {
    /// One line of JSON for any answer.
    public static func json(_ value: some Encodable) -> String {
        // The answers hold no floating-point value that is not finite, so this cannot fail.
        (try? LedgerJSONEncoder.shared.text(value)) ?? "{}"
    }

    /// An instant as London wall-clock time with its zone: `2024-03-14 09:30:00 GMT`.
    public static func london(_ instant: Instant) -> String {
        let local = LondonTime.localDateTime(of: instant)
        let zone = LondonTime.isSummerTime(at: instant) ? "BST" : "GMT"
        return "\(local.date) \(pad(local.hour)):\(pad(local.minute)):\(pad(local.second)) \(zone)"
    }

    package static func pad(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }

    package static func cite(_ citation: Citation) -> String { "#\(citation.sequence) \(citation.hash.hex.prefix(16))…" }

    package static func citeFull(_ citations: [Citation]) -> String { citations.map(\.description).joined(separator: " ") }

    package static func header(_ title: String, asOf: Instant?, asKnown: Instant, head: Citation) -> [String] {
        var lines = [title]
        if let asOf { lines.append("  as of     \(london(asOf))") }
        lines.append("  as known  \(london(asKnown))")
        lines.append("  ledger    \(head.sequence):\(head.hash.hex)")
        return lines
    }

    package static func citationsFooter(_ citations: [Citation]) -> [String] {
        ["", "cites \(citations.count) event\(citations.count == 1 ? "" : "s"):"]
            + stride(from: 0, to: citations.count, by: 4).map { start in
                "  " + citations[start..<min(start + 4, citations.count)].map { cite($0) }.joined(separator: "  ")
            }
    }

    // MARK: - Holders

    public static func text(_ answer: HoldersAnswer) -> String {
        var lines = header("Holders of case \(answer.caseId)", asOf: answer.asOf, asKnown: answer.asKnown, head: answer.head)
        lines.append("")
        guard answer.caseKnown else {
            lines.append("Nothing about \(answer.caseId) had happened by then, as known then.")
            return lines.joined(separator: "\n")
        }
        lines.append("Case: \(caseSummary(answer))")
        if let note = answer.closedNote { lines.append("Closed: \(TerminalText.inline(note))") }
        if let since = answer.unallocatedSince { lines.append("Unallocated (held by the team) since \(london(since))") }
        for holder in (answer.primary.map { [$0] } ?? []) + answer.coWorkers {
            lines.append("")
            lines += holderLines(holder)
        }
        if answer.isOpen && answer.primary == nil && answer.coWorkers.isEmpty { lines.append("No worker holds the case.") }
        if let oversight = answer.latestOversight {
            lines.append("")
            lines.append("Latest oversight: \(london(oversight.occurredAt)) by \(TerminalText.inline(oversight.managerId)) \(cite(oversight.citation))")
            lines.append("  worried about: \(TerminalText.inline(oversight.worriedAbout))")
            lines.append("  needs to happen: \(TerminalText.inline(oversight.needsToHappen))")
            lines.append("  expectations: \(TerminalText.inline(oversight.expectationsAndTimeframes))")
            if let next = oversight.nextOversightDue { lines.append("  next oversight due: \(next)") }
        }
        lines += citationsFooter(answer.citations)
        return lines.joined(separator: "\n")
    }

    /// The case at the answer's as-of time in a few words: open or closed, team, category, flags,
    /// risk; shared by the text answer and the HTML page so they cannot describe it differently.
    public static func caseSummary(_ answer: HoldersAnswer) -> String {
        var status = answer.isOpen ? "open" : "closed"
        if let team = answer.teamId { status += ", team \(team)" }
        if let category = answer.category { status += ", \(category.displayName)" }
        if !answer.flags.isEmpty { status += " (" + answer.flags.map(\.rawValue).joined(separator: ", ") + ")" }
        if let risk = answer.riskLevel { status += ", risk \(risk.rawValue)" }
        if answer.isStatutory { status += ", statutory" }
        return status
    }

    package static func holderLines(_ holder: HolderRecord) -> [String] {
        let decision = holder.allocation
        var lines = [
            "\(holder.holding == .primary ? "Primary" : "Co-worker"): \(TerminalText.inline(holder.workerId))"
                + (holder.roleAtAsOf.map { " (\($0.displayName))" } ?? "") + " since \(london(holder.since))"
                + (holder.leftServiceAfter.map { "; LEFT THE SERVICE after \($0), not reallocated" } ?? ""),
            "  by \(decision.eventType) \(cite(decision.citation)), recorded \(london(decision.recordedAt)) by \(TerminalText.inline(decision.actor.id)) (\(decision.actor.role.displayName)), source \(TerminalText.inline(decision.source))",
            "  reason: \(decision.reason.rawValue)" + (decision.nationalCode.map { " (\(TerminalText.inline($0)))" } ?? "")
                + (decision.previousWorkerId.map { ", replacing \(TerminalText.inline($0))" } ?? ""),
            "  rationale: \(TerminalText.inline(decision.rationale))",
        ]
        if !decision.factorsConsidered.isEmpty {
            lines.append("  factors: \(decision.factorsConsidered.map(\.rawValue).joined(separator: ", "))")
        }
        for task in decision.tasks { lines.append("  task: \(TerminalText.inline(task.description)), due \(task.dueDate)") }
        if let discussed = decision.discussedWithWorker { lines.append("  discussed with worker: \(discussed ? "yes" : "no")") }
        for override in decision.overrides {
            lines.append("  override \(override.ruleId): \(TerminalText.inline(override.finding)) — justified: \(TerminalText.inline(override.justification))")
        }
        if let corrects = decision.corrects { lines.append("  corrects retracted entry \(cite(corrects))") }
        return lines
    }

    public static func csv(_ answer: HoldersAnswer) -> String {
        var table = CSVTable(header: ["caseId", "asOf", "asKnown", "holding", "workerId", "since", "role", "eventType",
                                      "sequence", "hash", "actorId", "actorRole", "recordedAt", "reason", "nationalCode",
                                      "rationale", "tasks", "overrides", "latestOversightSequence"])
        let oversight = answer.latestOversight.map { String($0.citation.sequence) } ?? ""
        for holder in (answer.primary.map { [$0] } ?? []) + answer.coWorkers {
            let decision = holder.allocation
            table.append([
                answer.caseId, answer.asOf.iso8601, answer.asKnown.iso8601, holder.holding.rawValue, holder.workerId,
                holder.since.iso8601, holder.roleAtAsOf?.rawValue ?? "", decision.eventType,
                String(decision.citation.sequence), decision.citation.hash.hex, decision.actor.id,
                decision.actor.role.rawValue, decision.recordedAt.iso8601, decision.reason.rawValue,
                decision.nationalCode ?? "", decision.rationale,
                decision.tasks.map { "\($0.description) (due \($0.dueDate))" }.joined(separator: "; "),
                decision.overrides.map { "\($0.ruleId): \($0.justification)" }.joined(separator: "; "), oversight,
            ])
        }
        if answer.caseKnown && answer.isOpen && answer.primary == nil {
            table.append([answer.caseId, answer.asOf.iso8601, answer.asKnown.iso8601, "team", answer.teamId ?? "",
                          answer.unallocatedSince?.iso8601 ?? "", "", "", "", "", "", "", "", "", "", "", "", "", oversight])
        }
        return table.text
    }

    // MARK: - Caseload

    public static func text(_ answer: CaseloadAnswer) -> String {
        let title: String
        switch answer.scope {
        case .worker: title = "Caseload of \(answer.subject ?? "")"
        case .team: title = "Caseloads in team \(answer.subject ?? "")"
        case .all: title = "Caseloads, all teams"
        }
        var lines = header(title, asOf: answer.asOf, asKnown: answer.asKnown, head: answer.head)
        lines.append("  policy    \(answer.policy.policyId)" + (answer.policy.citation.map { " \(cite($0))" } ?? " (built-in default)"))
        for team in answer.teams {
            lines.append("")
            lines.append("Team \(team.teamId)" + (team.name.map { " — \($0)" } ?? "")
                + ": \(team.workerCount) workers, \(team.heldCaseCount) cases held (\(team.weightedScore) points), "
                + "\(team.unallocatedCount) unallocated, \(team.overCapWorkerCount) over cap")
        }
        for worker in answer.workers {
            lines.append("")
            var line = "\(worker.workerId)"
            if let role = worker.role { line += " (\(role.displayName)" + (worker.isAgency ? ", agency" : "") + ")" }
            if let team = worker.teamId { line += ", team \(team)" }
            if !worker.inService { line += ", not in service" }
            lines.append(line)
            var figures = "  \(count(worker.caseCount, "case")) (\(worker.primaryCount) primary, \(worker.coWorkerCount) co-worker), "
                + "\(count(worker.weightedScore, "point")), \(worker.statutoryCount) statutory, \(count(worker.childrenCount, "child").replacingOccurrences(of: "childs", with: "children")) in \(worker.familyCount == 1 ? "1 family" : "\(worker.familyCount) families")"
            if let cap = worker.cap, let headroom = worker.headroom {
                figures += "; cap " + [cap.cases.map { "\($0) cases" }, cap.points.map { "\($0) points" }].compactMap { $0 }.joined(separator: " / ")
                figures += ", headroom " + [headroom.cases.map { "\($0) cases" }, headroom.points.map { "\($0) points" }]
                    .compactMap { $0 }.joined(separator: " / ")
            }
            lines.append(figures)
            if let ramp = worker.nqswRamp {
                let target: String
                switch ramp.target {
                case .noCases: target = "no cases yet (from week \(ramp.fromWeek ?? 3))"
                case .limit: target = "limit \(AuditLedger.describe(ramp))"
                case .decidedInTeam: target = "decided in the team"
                case .beyondRamp: target = "beyond the ramp (the ASYE cap applies)"
                }
                lines.append("  NQSW week \(ramp.week): \(target)")
            }
            if let absence = worker.absence {
                lines.append("  absent: \(absence.kind.rawValue) \(absence.startDate)…\(absence.endDate?.description ?? "open-ended")")
            }
            for finding in worker.findings { lines.append("  ! \(finding)") }
            for entry in worker.cases {
                lines.append("    \(entry.caseId) \(entry.holding == .primary ? "primary " : "co-worker") since \(london(entry.since)), "
                    + "\(entry.category?.displayName ?? "no category"), risk \(entry.riskLevel?.rawValue ?? "unassessed") (\(entry.weight))"
                    + (entry.isStatutory ? ", statutory" : "") + " \(cite(entry.allocation))")
            }
        }
        lines += citationsFooter(answer.citations)
        return lines.joined(separator: "\n")
    }

    public static func csv(_ answer: CaseloadAnswer) -> String {
        var table = CSVTable(header: ["workerId", "teamId", "role", "inService", "asOf", "asKnown", "cases", "primary",
                                      "coWorker", "weightedScore", "statutory", "children", "families", "capCases",
                                      "capPoints", "headroomCases", "headroomPoints", "overCap", "nqswWeek", "nqswTarget",
                                      "nqswMaximumChildren", "findings", "caseIds"])
        for worker in answer.workers {
            table.append([
                worker.workerId, worker.teamId ?? "", worker.role?.rawValue ?? "", String(worker.inService),
                answer.asOf.iso8601, answer.asKnown.iso8601, String(worker.caseCount), String(worker.primaryCount),
                String(worker.coWorkerCount), String(worker.weightedScore), String(worker.statutoryCount),
                String(worker.childrenCount), String(worker.familyCount), worker.cap?.cases.map(String.init) ?? "",
                worker.cap?.points.map(String.init) ?? "", worker.headroom?.cases.map(String.init) ?? "",
                worker.headroom?.points.map(String.init) ?? "", String(worker.isOverCap),
                worker.nqswRamp.map { String($0.week) } ?? "", worker.nqswRamp?.target.rawValue ?? "",
                worker.nqswRamp?.maximumChildren.map(String.init) ?? "", worker.findings.joined(separator: "; "),
                worker.cases.map(\.caseId).joined(separator: " "),
            ])
        }
        return table.text
    }

    // MARK: - Unallocated

    public static func text(_ answer: UnallocatedAnswer) -> String {
        var lines = header("Unallocated cases" + (answer.teamId.map { " in team \($0)" } ?? ""), asOf: answer.asOf,
                           asKnown: answer.asKnown, head: answer.head)
        lines.append("")
        lines.append(answer.cases.isEmpty ? "None." : "\(answer.cases.count) case\(answer.cases.count == 1 ? "" : "s"):")
        for entry in answer.cases {
            lines.append("")
            lines.append("\(entry.caseId), team \(entry.teamId ?? "none"), \(entry.category?.displayName ?? "no category")"
                + (entry.isStatutory ? ", statutory" : "") + ": unallocated since \(london(entry.since)) — "
                + "\(count(entry.workingDays, "working day")) (\(entry.calendarDays) calendar) — by \(entry.startedByType) \(cite(entry.startedBy))")
            for finding in entry.findings { lines.append("  ! \(finding)") }
            for deadline in entry.deadlines { lines.append("  " + timescaleLine(deadline)) }
            for interval in entry.earlierIntervals {
                lines.append("  earlier: \(london(interval.start)) – \(london(interval.end)) (\(interval.workingDays) working days)")
            }
        }
        lines += citationsFooter(answer.citations)
        return lines.joined(separator: "\n")
    }

    package static func timescaleLine(_ status: TimescaleStatus) -> String {
        let state: String
        switch status.status {
        case .due: state = "due"
        case .met: state = "met"
        case .missed: state = "MISSED"
        case .overdue: state = "OVERDUE"
        }
        return "\(status.timescale.rawValue) \(status.subject): due \(london(status.dueAt)) — \(state)"
            + (status.satisfiedAt.map { " (at \(london($0)))" } ?? "")
            + " [" + status.evidence.map { "#\($0.sequence)" }.joined(separator: " ") + "]"
    }

    public static func csv(_ answer: UnallocatedAnswer) -> String {
        var table = CSVTable(header: ["caseId", "teamId", "category", "statutory", "since", "workingDays", "calendarDays",
                                      "startedBySequence", "startedByHash", "timescale", "subject", "dueAt", "status",
                                      "satisfiedAt", "evidence"])
        for entry in answer.cases {
            let base = [entry.caseId, entry.teamId ?? "", entry.category?.rawValue ?? "", String(entry.isStatutory),
                        entry.since.iso8601, String(entry.workingDays), String(entry.calendarDays),
                        String(entry.startedBy.sequence), entry.startedBy.hash.hex]
            if entry.deadlines.isEmpty { table.append(base + ["", "", "", "", "", ""]) }
            for deadline in entry.deadlines {
                table.append(base + [deadline.timescale.rawValue, deadline.subject, deadline.dueAt.iso8601,
                                     deadline.status.rawValue, deadline.satisfiedAt?.iso8601 ?? "",
                                     citeFull(deadline.evidence)])
            }
        }
        return table.text
    }

    // MARK: - Trail

    public static func text(_ answer: TrailAnswer) -> String {
        var lines = header("Decision trail of case \(answer.caseId)", asOf: nil, asKnown: answer.asKnown, head: answer.head)
        if answer.from != nil || answer.to != nil {
            lines.append("  period    \(answer.from.map(london) ?? "beginning") – \(answer.to.map(london) ?? "now")")
        }
        lines.append("")
        for entry in answer.entries {
            var marker = ""
            switch entry.status {
            case .current: marker = ""
            case .retracted: marker = " [RETRACTED]"
            case .correction: marker = " [CORRECTION]"
            case .replacement: marker = " [REPLACEMENT]"
            }
            lines.append("\(london(entry.occurredAt))  #\(entry.citation.sequence) \(entry.type)\(marker)")
            lines.append("    \(TerminalText.inline(entry.summary))")
            lines.append("    by \(TerminalText.inline(entry.actor.id)) (\(entry.actor.role.displayName)), recorded \(london(entry.recordedAt))"
                + (entry.recordedOutOfOrder ? " (recorded late)" : "") + ", source \(TerminalText.inline(entry.source)), hash \(entry.citation.hash.hex)")
            if let retraction = entry.retraction {
                lines.append("    retracted by #\(retraction.citation.sequence) on \(london(retraction.recordedAt)) (\(TerminalText.inline(retraction.authorisingManagerId))): \(TerminalText.inline(retraction.reason))")
            }
            if let retracts = entry.retracts { lines.append("    withdraws #\(retracts.sequence)") }
            if let replaces = entry.replaces { lines.append("    corrects #\(replaces.sequence)") }
        }
        if !answer.timescales.isEmpty {
            lines.append("")
            lines.append("Timescales:")
            for status in answer.timescales { lines.append("  " + timescaleLine(status)) }
        }
        lines += citationsFooter(answer.citations)
        return lines.joined(separator: "\n")
    }

    public static func csv(_ answer: TrailAnswer) -> String {
        var table = CSVTable(header: ["sequence", "hash", "occurredAt", "recordedAt", "type", "actorId", "actorRole",
                                      "source", "status", "retractedBy", "retracts", "replaces", "recordedOutOfOrder",
                                      "summary"])
        for entry in answer.entries {
            table.append([
                String(entry.citation.sequence), entry.citation.hash.hex, entry.occurredAt.iso8601, entry.recordedAt.iso8601,
                entry.type, entry.actor.id, entry.actor.role.rawValue, entry.source, entry.status.rawValue,
                entry.retraction.map { String($0.citation.sequence) } ?? "", entry.retracts.map { String($0.sequence) } ?? "",
                entry.replaces.map { String($0.sequence) } ?? "", String(entry.recordedOutOfOrder), entry.summary,
            ])
        }
        return table.text
    }

    // MARK: - Breaches

    public static func text(_ answer: BreachesAnswer) -> String {
        var lines = header("Breaches", asOf: answer.asOf, asKnown: answer.asKnown, head: answer.head)
        lines.append("  period    \(answer.from.map(london) ?? "beginning") – \(answer.to.map(london) ?? "now")")
        lines.append("")
        if answer.breaches.isEmpty { lines.append("None.") }
        for count in answer.counts { lines.append("  \(count.ruleId) (\(count.kind.rawValue)): \(count.count)") }
        for breach in answer.breaches {
            lines.append("")
            lines.append("\(london(breach.at))  \(breach.ruleId) \(breach.kind.rawValue)"
                + (breach.severity.map { " (\($0.rawValue))" } ?? "") + (breach.caseId.map { " case \($0)" } ?? "")
                + (breach.workerId.map { " worker \($0)" } ?? ""))
            lines.append("    \(TerminalText.inline(breach.summary))")
            if let justification = breach.justification { lines.append("    justified: \(TerminalText.inline(justification))") }
            lines.append("    evidence: " + breach.evidence.map { cite($0) }.joined(separator: "  "))
        }
        return lines.joined(separator: "\n")
    }

    public static func csv(_ answer: BreachesAnswer) -> String {
        var table = CSVTable(header: ["at", "kind", "ruleId", "severity", "caseId", "workerId", "status", "dueAt",
                                      "summary", "justification", "evidence"])
        for breach in answer.breaches {
            table.append([
                breach.at.iso8601, breach.kind.rawValue, breach.ruleId, breach.severity?.rawValue ?? "", breach.caseId ?? "",
                breach.workerId ?? "", breach.timescale?.status.rawValue ?? "", breach.timescale?.dueAt.iso8601 ?? "",
                breach.summary, breach.justification ?? "", citeFull(breach.evidence),
            ])
        }
        return table.text
    }

    // MARK: - Weekly report

    public static func text(_ report: WeeklyReport) -> String {
        var lines = header("Weekly case allocation report, week \(report.weekStart) – \(report.weekEnd)", asOf: report.asOf,
                           asKnown: report.asKnown, head: report.head)
        lines.append("")
        let columns = "open  allocated  unallocated  (>20wd)  referrals  allocations  closures"
        lines.append(CommandColumns.pad("team", 28) + columns)
        for row in report.teams + [report.total] {
            let name = row.teamId + (row.name.map { " \($0)" } ?? "")
            // A long name is cut where it is marked cut, never silently.
            let shown = name.count > 27 ? String(name.prefix(26)) + "…" : name
            lines.append(CommandColumns.pad(shown, 28)
                + CommandColumns.pad(String(row.open), 6) + CommandColumns.pad(String(row.allocated), 11)
                + CommandColumns.pad(String(row.unallocated), 13) + CommandColumns.pad(String(row.unallocatedOver20WorkingDays), 9)
                + CommandColumns.pad(String(row.referralsReceived), 11) + CommandColumns.pad(String(row.allocationsMade), 13)
                + String(row.closures))
            for count in row.byCategory {
                let category = CaseCategory(rawValue: count.category)?.displayName ?? count.category
                lines.append("    " + CommandColumns.pad(category, 24) + CommandColumns.pad(String(count.open), 6)
                    + CommandColumns.pad(String(count.allocated), 11) + String(count.unallocated))
            }
        }
        lines.append("")
        lines.append("cites \(report.citations.count) events (see --format json)")
        return lines.joined(separator: "\n")
    }

    public static func csv(_ report: WeeklyReport) -> String {
        var table = CSVTable(header: ["weekStart", "weekEnd", "teamId", "teamName", "category", "open", "allocated",
                                      "unallocated", "unallocatedOver20WorkingDays", "referralsReceived", "allocationsMade",
                                      "closures"])
        for row in report.teams + [report.total] {
            let base = [report.weekStart.iso8601, report.weekEnd.iso8601, row.teamId, row.name ?? ""]
            table.append(base + ["ALL", String(row.open), String(row.allocated), String(row.unallocated),
                                 String(row.unallocatedOver20WorkingDays), String(row.referralsReceived),
                                 String(row.allocationsMade), String(row.closures)])
            for count in row.byCategory {
                table.append(base + [count.category, String(count.open), String(count.allocated), String(count.unallocated),
                                     "", "", "", ""])
            }
        }
        return table.text
    }
}

/// Fixed-width columns for text tables.
package enum CommandColumns {
    package static func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text + " " : text + String(repeating: " ", count: width - text.count)
    }
}
