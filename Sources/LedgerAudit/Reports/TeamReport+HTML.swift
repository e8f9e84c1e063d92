import LedgerDomain
import LedgerEvents
import LedgerStore
import LedgerSupport

/// The team report as one printable page: a manager's view for supervision and for the
/// service manager's weekly meeting.
extension TeamReport {
    /// Colours of the caseload chart's lines, named in its legend.
    package static let heldColour = "#2b5d8a"
    package static let unallocatedColour = "#b3261e"
    package static let pointsColour = "#8a6d2b"

    public func html() -> String {
        let title = "Team \(teamId)" + (name.map { " — \($0)" } ?? "") + ": team report"
        var body = "<h1>\(HTMLDocument.escape(title))</h1>\n"
        var extra: [(String, String)] = []
        if let serviceArea { extra.append(("Service area", HTMLDocument.escape(serviceArea.displayName))) }
        if let managerId { extra.append(("Team manager", HTMLDocument.id(managerId))) }
        extra.append(("Period", "\(HTMLDocument.dateTime(periodStart)) to \(HTMLDocument.dateTime(asOf)) (allocations and breaches)"))
        extra.append(("Policy", HTMLDocument.escape(policy.policyId) + (policy.citation.map { " " + HTMLDocument.citation($0) } ?? " (built-in default)")))
        body += HTMLDocument.meta(asOf: asOf, asKnown: asKnown, head: head, extra: extra)
        body += headline()
        body += workersSection()
        body += trendSection()
        body += nqswSection()
        body += unallocatedSection()
        body += allocationsSection()
        body += breachesSection()
        return HTMLDocument(title: title, body: body).html
    }

    private var summary: TeamCaseloadSummary? { caseload.teams.first }

    private func headline() -> String {
        guard let summary else { return "" }
        let urgent = unallocated.cases.filter { $0.urgencyRank == 0 }.count
        return "<dl class=\"summary\">"
            + "<dt>Workers holding cases</dt><dd>\(summary.workerCount)</dd>"
            + "<dt>Cases held</dt><dd>\(summary.heldCaseCount) (\(summary.weightedScore) weighted points)</dd>"
            + "<dt>Waiting for allocation</dt><dd>\(summary.unallocatedCount)" + (urgent > 0 ? " — <span class=\"urgent\">\(urgent) statutory or child protection</span>" : "") + "</dd>"
            + "<dt>Workers over their cap</dt><dd\(summary.overCapWorkerCount > 0 ? " class=\"over\"" : "")>\(summary.overCapWorkerCount)</dd>"
            + "<dt>Breaches in the period</dt><dd>\(breaches.count)</dd></dl>\n"
    }

    private func workersSection() -> String {
        var html = "<section><h2>Caseloads against caps</h2>\n"
        let workers = caseload.workers
        guard !workers.isEmpty else { return html + "<p>No worker held cases in the team.</p></section>\n" }
        let bars = workers.map { worker in
            SVGChart.Bar(label: worker.workerId, value: worker.weightedScore, limit: worker.cap?.points, isOver: worker.isOverCap,
                         caption: "\(AuditFormatter.count(worker.caseCount, "case")) · \(worker.weightedScore)"
                            + (worker.cap?.points.map { " / \($0)" } ?? "") + " points")
        }
        html += "<div class=\"keep\">" + SVGChart.bars(bars, title: "Weighted caseload of each worker against the cap for their role")
        html += "<p class=\"legend note\"><span><span class=\"swatch\" style=\"background:#2b5d8a\"></span>weighted points held</span>"
            + "<span><span class=\"swatch\" style=\"background:#b3261e\"></span>over the cap</span>"
            + "<span>▮ black line: the cap in points for the worker's role</span></p></div>\n"
        let rows = workers.map { worker -> [String] in
            let cap = worker.cap.map { cap in [cap.cases.map { "\($0)" } ?? "—", cap.points.map { "\($0)" } ?? "—"].joined(separator: " / ") } ?? "—"
            let headroom = worker.headroom.map { room in [room.cases.map { "\($0)" } ?? "—", room.points.map { "\($0)" } ?? "—"].joined(separator: " / ") } ?? "—"
            var notes: [String] = []
            if worker.isAgency { notes.append("agency") }
            if let absence = worker.absence {
                notes.append("absent (\(absence.kind.displayText)) from \(HTMLDocument.date(absence.startDate))" + (absence.endDate.map { " to \(HTMLDocument.date($0))" } ?? ""))
            }
            notes += worker.findings.map { HTMLDocument.escape($0) }
            return [HTMLDocument.id(worker.workerId), HTMLDocument.escape(worker.role?.displayName ?? "—"), "\(worker.caseCount)",
                    "\(worker.primaryCount) / \(worker.coWorkerCount)", "\(worker.weightedScore)", "\(worker.statutoryCount)",
                    cap, worker.isOverCap ? "<span class=\"over\">\(headroom)</span>" : headroom, notes.joined(separator: "; ")]
        }
        html += HTMLDocument.table(["Worker", "Role", "Cases", "Primary / co-worker", "Points", "Statutory", "Cap (cases / points)",
                                    "Headroom", "Notes"], rows, numeric: [2, 4, 5])
        return html + "</section>\n"
    }

    /// The team's registration, when the weekly points begin there.
    private var registeredWithinChart: Instant? { weeksStartAtRegistration ? registeredAt : nil }

    private func trendSection() -> String {
        var html = registeredWithinChart == nil ? "<section><h2>The team's caseload over the last year</h2>\n"
            : "<section><h2>The team's caseload since it was registered</h2>\n"
        guard let first = weeks.first, let last = weeks.last else { return html + "<p>No history.</p></section>\n" }
        guard weeks.count > 1 else {
            let since = registeredWithinChart.map { "The team was registered on \(HTMLDocument.date($0)): " } ?? ""
            return html + "<p>\(since)one week's point is too little for a chart: \(first.heldCaseCount) cases held, "
                + "\(first.weightedScore) weighted points, \(first.unallocatedCount) waiting.</p></section>\n"
        }
        // Two charts, each on its own scale: a handful of waiting cases would be a flat line
        // drawn on the scale of hundreds held.
        let held = SVGChart.lines([
            SVGChart.Series(name: "cases held", colour: Self.heldColour, values: weeks.map(\.heldCaseCount)),
            SVGChart.Series(name: "weighted points", colour: Self.pointsColour, values: weeks.map(\.weightedScore)),
        ], dates: weeks.map(\.at), title: "Cases held and weighted points, one point a week")
        html += "<div class=\"keep\"><h3>Cases held and their weighted points</h3>" + held
        html += "<p class=\"legend note\"><span><span class=\"swatch\" style=\"background:\(Self.heldColour)\"></span>cases held</span>"
            + "<span><span class=\"swatch\" style=\"background:\(Self.pointsColour)\"></span>weighted points</span>"
            + " One point a week, from \(HTMLDocument.date(first.at)) to \(HTMLDocument.date(last.at))"
            + (registeredWithinChart.map { "; the team was registered on \(HTMLDocument.date($0)), so there are no earlier points." } ?? ".")
            + "</p></div>\n"
        let waiting = SVGChart.lines([
            SVGChart.Series(name: "waiting for allocation", colour: Self.unallocatedColour, values: weeks.map(\.unallocatedCount)),
        ], dates: weeks.map(\.at), title: "Cases waiting for allocation, one point a week")
        html += "<div class=\"keep\"><h3>Cases waiting for allocation</h3>" + waiting + "</div>\n"
        return html + "</section>\n"
    }

    private func nqswSection() -> String {
        let ramped = caseload.workers.filter { $0.nqswRamp != nil }
        guard !ramped.isEmpty else { return "" }
        var html = "<section><h2>Newly qualified social workers against their ramp</h2>\n"
        let rows = ramped.compactMap { worker -> [String]? in
            guard let ramp = worker.nqswRamp else { return nil }
            let range: String
            switch ramp.target {
            case .noCases: range = "no cases before week \(ramp.fromWeek ?? 3)"
            case .limit: range = HTMLDocument.escape(AuditLedger.describe(ramp))
            case .decidedInTeam: range = "decided in the team"
            case .beyondRamp: range = "beyond the ramp: the ASYE cap applies"
            }
            let state = ramp.isOverTarget ? "<span class=\"over\">over target</span>" : (ramp.isUnderTarget ? "under target (not enforced)" : "within")
            return [HTMLDocument.id(worker.workerId), "\(ramp.week)", "\(worker.childrenCount) in \(AuditFormatter.count(worker.familyCount, "family").replacingOccurrences(of: "familys", with: "families"))", range, state]
        }
        html += HTMLDocument.table(["Worker", "Week", "Children held", "Ramp for the week", "Status"], rows, numeric: [1])
        return html + "</section>\n"
    }

    private func unallocatedSection() -> String {
        var html = "<section class=\"page\"><h2>Waiting for allocation, most urgent first</h2>\n"
        guard !unallocated.cases.isEmpty else { return html + "<p>No case in the team was waiting for allocation.</p></section>\n" }
        html += UnallocatedAnswer.rowsTable(unallocated.cases)
        return html + "</section>\n"
    }

    private func allocationsSection() -> String {
        var html = "<section><h2>Allocations in the period</h2>\n"
        guard !allocations.isEmpty else { return html + "<p>None.</p></section>\n" }
        let rows = allocations.map { allocation in
            [HTMLDocument.dateTime(allocation.occurredAt), HTMLDocument.id(allocation.caseId), HTMLDocument.id(allocation.workerId),
             allocation.holding == .primary ? "primary" : "co-worker", HTMLDocument.escape(allocation.reason.displayText),
             HTMLDocument.citation(allocation.citation)]
        }
        html += HTMLDocument.table(["When", "Case", "Worker", "As", "Reason", "Evidence"], rows)
        return html + "</section>\n"
    }

    private func breachesSection() -> String {
        var html = "<section><h2>Breaches and findings in the period</h2>\n"
        guard !breaches.isEmpty else { return html + "<p>None.</p></section>\n" }
        html += HTMLDocument.breachesTable(breaches)
        return html + "</section>\n"
    }
}

extension HTMLDocument {
    /// Breaches with rule, when, case or worker, the finding, any justification and the evidence.
    package static func breachesTable(_ breaches: [Breach]) -> String {
        let rows = breaches.map { breach -> [String] in
            // A timescale's summary carries ISO instants; say it again in London time.
            let finding = breach.timescale.map { timescale in
                escape(timescale.subject) + ": due " + dateTime(timescale.dueAt) + ", "
                    + (timescale.status == .missed ? "met late" + (timescale.satisfiedAt.map { " on " + dateTime($0) } ?? "")
                                                   : "open and overdue")
            } ?? escape(breach.summary)
            return [id(breach.ruleId), dateTime(breach.at), [breach.caseId, breach.workerId].compactMap { $0 }.map(id).joined(separator: " "),
             finding, escape(breach.justification ?? "—"),
             breach.evidence.map { "<span class=\"id\">#\($0.sequence)</span>" }.joined(separator: " ")]
        }
        return table(["Rule", "When", "Case / worker", "Finding", "Justification", "Evidence"], rows)
    }
}

extension AllocationReason {
    /// The reason in words: `childCircumstancesChanged` reads "child circumstances changed".
    public var displayText: String {
        var words = ""
        for character in rawValue {
            if character.isUppercase { words += " " + character.lowercased() } else { words.append(character) }
        }
        return words
    }
}

extension AbsenceKind {
    /// The kind in words: `longTermSickness` reads "long-term sickness".
    public var displayText: String {
        switch self {
        case .annualLeave: return "annual leave"
        case .sickness: return "sickness"
        case .longTermSickness: return "long-term sickness"
        case .other: return "other absence"
        }
    }
}
