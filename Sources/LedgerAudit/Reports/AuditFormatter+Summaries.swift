import LedgerDomain
import LedgerEvents
import LedgerStore
import LedgerSupport

extension AuditFormatter {
    /// A team's or everyone's caseload in one line per worker (the per-case detail is `text`):
    /// what a manager scans for who has room and who is over.
    public static func summaryText(_ answer: CaseloadAnswer) -> String {
        let title = answer.scope == .all ? "Caseloads, all teams" : "Caseloads in team \(answer.subject ?? "")"
        var lines = header(title, asOf: answer.asOf, asKnown: answer.asKnown, head: answer.head)
        lines.append("  policy    \(answer.policy.policyId)" + (answer.policy.citation.map { " \(cite($0))" } ?? " (built-in default)"))
        for team in answer.teams {
            lines.append("")
            lines.append("Team \(team.teamId)" + (team.name.map { " — \($0)" } ?? "")
                + ": \(count(team.workerCount, "worker")), \(count(team.heldCaseCount, "case")) held (\(count(team.weightedScore, "point"))), "
                + "\(team.unallocatedCount) unallocated, \(team.overCapWorkerCount) over cap")
            let workers = answer.workers.filter { $0.teamId == team.teamId }
            guard !workers.isEmpty else { continue }
            let rows = workers.map { worker -> [String] in
                let cap = worker.cap.map { cap in
                    [cap.cases.map { "\($0)" } ?? "—", cap.points.map { "\($0)" } ?? "—"].joined(separator: "/")
                } ?? "—"
                let headroom = worker.headroom.map { room in
                    [room.cases.map { "\($0)" } ?? "—", room.points.map { "\($0)" } ?? "—"].joined(separator: "/")
                } ?? "—"
                var notes: [String] = []
                if worker.isOverCap { notes.append("OVER CAP") }
                if let ramp = worker.nqswRamp {
                    notes.append("NQSW week \(ramp.week)" + (ramp.isOverTarget ? " over target" : ramp.isUnderTarget ? " under target" : ""))
                }
                if worker.isAgency { notes.append("agency") }
                if let absence = worker.absence { notes.append("absent (\(absence.kind.rawValue))") }
                return ["  " + worker.workerId, worker.role?.displayName ?? "—", "\(worker.caseCount)", "\(worker.primaryCount)/\(worker.coWorkerCount)",
                        "\(worker.weightedScore)", "\(worker.statutoryCount)", cap, headroom, notes.joined(separator: ", ")]
            }
            lines.append(DirectoryFormatter.columns(["  worker", "role", "cases", "prim/co", "points", "statutory", "cap c/p",
                                                     "headroom c/p", ""], rows))
        }
        lines.append("")
        lines.append("One line per worker; add --cases for every case, or give a worker id for one worker's detail.")
        return lines.joined(separator: "\n")
    }

    /// The team report as text: the headline figures, then one line per worker, waiting case,
    /// allocation and breach. The HTML page adds the charts.
    public static func text(_ report: TeamReport) -> String {
        var lines = header("Team report: \(report.teamId)" + (report.name.map { " — \($0)" } ?? ""), asOf: report.asOf,
                           asKnown: report.asKnown, head: report.head)
        lines.append("  period    \(london(report.periodStart)) to \(london(report.asOf))")
        lines.append("")
        lines.append(summaryText(report.caseload).split(separator: "\n", omittingEmptySubsequences: false)
            .dropFirst(5).dropLast(2).joined(separator: "\n"))
        if let first = report.weeks.first, let last = report.weeks.last {
            lines.append("")
            let span = report.weeksStartAtRegistration ? "Since the team was registered" : "Over the year"
            lines.append("\(span): \(first.heldCaseCount) cases held and \(first.unallocatedCount) waiting on \(londonDate(first.at)); "
                + "\(last.heldCaseCount) and \(last.unallocatedCount) on \(londonDate(last.at)) "
                + "(peak \(report.weeks.map(\.heldCaseCount).max() ?? 0) held, \(report.weeks.map(\.unallocatedCount).max() ?? 0) waiting)")
        }
        lines.append("")
        lines.append("Waiting for allocation, most urgent first: \(report.unallocated.cases.count)")
        for entry in report.unallocated.cases {
            let overdue = entry.deadlines.filter { $0.status == .overdue }.map { "\($0.timescale.rawValue) due \(londonDate($0.dueAt))" }
            lines.append("  \(entry.caseId)  \(entry.category?.displayName ?? "no category")" + (entry.isStatutory ? ", statutory" : "")
                + ", waiting since \(londonDate(entry.since)) (\(count(entry.workingDays, "working day")))"
                + (overdue.isEmpty ? "" : "; overdue: " + overdue.joined(separator: ", ")))
        }
        lines.append("")
        lines.append("Allocations in the period: \(report.allocations.count)")
        for allocation in report.allocations {
            lines.append("  \(londonDateTime(allocation.occurredAt))  \(allocation.caseId) → \(allocation.workerId) "
                + "(\(allocation.holding == .primary ? "primary" : "co-worker"), \(allocation.reason.displayText)) \(cite(allocation.citation))")
        }
        lines.append("")
        lines.append("Breaches in the period: \(report.breaches.count)")
        for breach in report.breaches {
            lines.append("  \(breach.ruleId) \(londonDateTime(breach.at)) \(breach.caseId ?? breach.workerId ?? ""): \(breach.summary)")
        }
        return lines.joined(separator: "\n")
    }
}
