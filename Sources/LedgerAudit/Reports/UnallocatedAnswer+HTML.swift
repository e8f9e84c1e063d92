import LedgerDomain
import LedgerEvents
import LedgerStore
import LedgerSupport

/// The cases waiting for allocation as one printable page, most urgent first: what a team
/// manager takes to the allocation meeting and an inspector asks to see.
extension UnallocatedAnswer {
    public func html() -> String {
        let title = "Cases waiting for allocation" + (teamId.map { " in team \($0)" } ?? "")
        var body = "<h1>\(HTMLDocument.escape(title))</h1>\n"
        body += HTMLDocument.meta(asOf: asOf, asKnown: asKnown, head: head,
                                  extra: [("Policy", HTMLDocument.escape(policy.policyId) + (policy.citation.map { " " + HTMLDocument.citation($0) } ?? " (built-in default)"))])
        let urgent = cases.filter { $0.urgencyRank == 0 }.count
        let overdue = cases.filter { $0.deadlines.contains { $0.status == .overdue } }.count
        body += "<dl class=\"summary\"><dt>Waiting</dt><dd>\(cases.count)</dd>"
            + "<dt>Statutory or child protection</dt><dd\(urgent > 0 ? " class=\"urgent\"" : "")>\(urgent)</dd>"
            + "<dt>With an overdue deadline</dt><dd\(overdue > 0 ? " class=\"over\"" : "")>\(overdue)</dd></dl>\n"
        body += "<p class=\"note\">Ordered by urgency: statutory, child protection and child-in-care cases first, then cases "
            + "with an overdue deadline, then high risk, then the rest; within each, the longest wait first. "
            + "Ages count working days (Monday to Friday, less bank holidays).</p>\n"
        body += cases.isEmpty ? "<p>No case was waiting for allocation.</p>\n" : Self.rowsTable(cases)
        return HTMLDocument(title: title, body: body).html
    }

    /// One row per waiting case: the case, why it is urgent, how long it has waited, and every
    /// deadline still due or overdue (met ones are summarised).
    package static func rowsTable(_ cases: [UnallocatedCase]) -> String {
        let rows = cases.map { entry -> [String] in
            var about = [entry.category?.displayName ?? "no category"]
            if let risk = entry.riskLevel { about.append("risk \(risk.rawValue)") }
            if entry.isStatutory { about.append("<b>statutory</b>") }
            // Overdue first: it is what the reader must act on.
            let order: [TimescaleStatus.State: Int] = [.overdue: 0, .missed: 1, .due: 2, .met: 3]
            let open = entry.deadlines.filter { $0.status != .met }
                .sorted { (order[$0.status] ?? 9, $0.dueAt) < (order[$1.status] ?? 9, $1.dueAt) }
            let deadlines = open.map { deadline in
                "<span class=\"\(deadline.status.rawValue)\">\(deadline.status.rawValue)</span> "
                    + HTMLDocument.escape(deadline.subject) + ", due " + HTMLDocument.dateTime(deadline.dueAt)
            }
            let met = entry.deadlines.filter { $0.status == .met }.count
            var cell = deadlines.joined(separator: "<br>")
            if met > 0 { cell += (cell.isEmpty ? "" : "<br>") + "<span class=\"met\">\(met) met</span>" }
            cell += entry.findings.map { "<br><span class=\"urgent\">\(HTMLDocument.escape($0))</span>" }.joined()
            return [HTMLDocument.id(entry.caseId), HTMLDocument.id(entry.teamId ?? "—"), about.joined(separator: ", "),
                    HTMLDocument.dateTime(entry.since), "\(entry.workingDays)", cell.isEmpty ? "—" : cell]
        }
        let classes = cases.map { $0.urgencyRank == 0 ? "urgent-row" : nil }
        return HTMLDocument.table(["Case", "Team", "Category", "Waiting since", "Working days", "Deadlines"], rows,
                                  numeric: [4], rowClasses: classes)
    }
}
