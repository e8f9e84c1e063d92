import LedgerDomain
import LedgerEvents
import LedgerStore
import LedgerSupport

/// Caseloads (a worker, a team, or every team) as one printable page: a chart of each worker's
/// points against the cap, then one row per worker. A single worker's page lists their cases.
extension CaseloadAnswer {
    public func html() -> String {
        let title: String
        switch scope {
        case .worker: title = "Caseload of \(subject ?? "")"
        case .team: title = "Caseloads in team \(subject ?? "")"
        case .all: title = "Caseloads, all teams"
        }
        var body = "<h1>\(HTMLDocument.escape(title))</h1>\n"
        body += HTMLDocument.meta(asOf: asOf, asKnown: asKnown, head: head,
                                  extra: [("Policy", HTMLDocument.escape(policy.policyId) + (policy.citation.map { " " + HTMLDocument.citation($0) } ?? " (built-in default)"))])
        if !teams.isEmpty {
            let rows = teams.map { team in
                [HTMLDocument.id(team.teamId), HTMLDocument.escape(team.name ?? "—"), "\(team.workerCount)", "\(team.heldCaseCount)",
                 "\(team.weightedScore)", "\(team.unallocatedCount)",
                 team.overCapWorkerCount > 0 ? "<span class=\"over\">\(team.overCapWorkerCount)</span>" : "0"]
            }
            body += HTMLDocument.table(["Team", "Name", "Workers", "Cases held", "Points", "Waiting", "Over cap"], rows,
                                       numeric: [2, 3, 4, 5, 6])
        }
        let ordered = workers.sorted { ($0.isOverCap ? 0 : 1, $0.teamId ?? "", $0.workerId) < ($1.isOverCap ? 0 : 1, $1.teamId ?? "", $1.workerId) }
        if !workers.isEmpty {
            // A chart taller than a page cannot be kept whole; a short one is never split.
            body += "<h2>Points against the cap</h2>\n<div\(workers.count <= 40 ? " class=\"keep\"" : "")>"
            body += SVGChart.bars(workers.map { worker in
                SVGChart.Bar(label: worker.workerId, value: worker.weightedScore, limit: worker.cap?.points, isOver: worker.isOverCap,
                             caption: "\(AuditFormatter.count(worker.caseCount, "case")) · \(worker.weightedScore)"
                                + (worker.cap?.points.map { " / \($0)" } ?? "") + " points")
            }, title: "Weighted caseload of each worker against their cap")
            body += "<p class=\"legend note\"><span><span class=\"swatch\" style=\"background:#2b5d8a\"></span>points held</span>"
                + "<span><span class=\"swatch\" style=\"background:#b3261e\"></span>over the cap</span><span>black line: the cap</span></p></div>\n"
            body += "<h2>Workers, those over their cap first</h2>\n"
            let rows = ordered.map { worker -> [String] in
                let cap = worker.cap.map { "\($0.cases.map(String.init) ?? "—") / \($0.points.map(String.init) ?? "—")" } ?? "—"
                let room = worker.headroom.map { "\($0.cases.map(String.init) ?? "—") / \($0.points.map(String.init) ?? "—")" } ?? "—"
                return [HTMLDocument.id(worker.workerId), HTMLDocument.id(worker.teamId ?? "—"), HTMLDocument.escape(worker.role?.displayName ?? "—"),
                        "\(worker.caseCount)", "\(worker.weightedScore)", "\(worker.statutoryCount)", cap,
                        worker.isOverCap ? "<span class=\"over\">\(room)</span>" : room,
                        worker.findings.map(HTMLDocument.escape).joined(separator: "<br>")]
            }
            body += HTMLDocument.table(["Worker", "Team", "Role", "Cases", "Points", "Statutory", "Cap (cases / points)", "Headroom", "Findings"],
                                       rows, numeric: [3, 4, 5])
        }
        if scope == .worker, let worker = workers.first, !worker.cases.isEmpty {
            body += "<h2>Cases held</h2>\n"
            let rows = worker.cases.map { entry in
                [HTMLDocument.id(entry.caseId), entry.holding == .primary ? "primary" : "co-worker", HTMLDocument.dateTime(entry.since),
                 HTMLDocument.escape(entry.category?.displayName ?? "no category"), entry.riskLevel?.rawValue ?? "not assessed",
                 "\(entry.weight)", entry.isStatutory ? "statutory" : "", HTMLDocument.citation(entry.allocation)]
            }
            body += HTMLDocument.table(["Case", "As", "Since", "Category", "Risk", "Weight", "", "Allocation"], rows, numeric: [5])
        }
        return HTMLDocument(title: title, body: body).html
    }
}
