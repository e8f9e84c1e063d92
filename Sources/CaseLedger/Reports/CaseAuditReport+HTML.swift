/// One self-contained HTML page: inline styles, no scripts, no network; readable on screen and
/// printable. Every piece of text from the log is escaped.
extension CaseAuditReport {
    public func html() -> String {
        var page = """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8">
            <title>Case audit \(Self.escape(caseId))</title>
            <style>
            body{font-family:system-ui,sans-serif;margin:2em;color:#111;max-width:70em}
            h1{font-size:1.5em}h2{font-size:1.15em;margin-top:1.6em;border-bottom:1px solid #999}
            table{border-collapse:collapse;width:100%;font-size:.9em}th,td{border:1px solid #bbb;padding:.3em .5em;text-align:left;vertical-align:top}
            th{background:#eee}.mono{font-family:ui-monospace,monospace;font-size:.85em;word-break:break-all}
            .timeline{position:relative;margin:.5em 0 1.5em}.row{position:relative;height:1.6em;margin:.2em 0;background:#f4f4f4}
            .label{position:absolute;left:0;width:9em;font-size:.85em;line-height:1.6em;padding-left:.3em}
            .track{position:absolute;left:9.5em;right:0;top:0;bottom:0}
            .bar{position:absolute;top:.2em;bottom:.2em;background:#2b5d8a;color:#fff;font-size:.7em;overflow:hidden;white-space:nowrap;padding-left:.2em}
            .bar.co{background:#7fa7c9}.bar.gap{background:#c0392b}
            .retracted{text-decoration:line-through;color:#777}.correction{background:#fff4d6}
            .missed,.overdue{color:#a00;font-weight:bold}.met{color:#060}
            @media print{.bar{-webkit-print-color-adjust:exact;print-color-adjust:exact}tr{break-inside:avoid}thead{display:table-header-group}}
            </style></head><body>
            <h1>Case \(Self.escape(caseId)): audit</h1>
            <p>As of <b>\(Self.escape(asOf.iso8601))</b>, as known at <b>\(Self.escape(asKnown.iso8601))</b>.
            Log verified: \(verifiedEventCount) events, digest <span class="mono">\(Self.escape(verifiedDigest.description))</span>.</p>

            """
        page += currentHoldersSection()
        page += timelineSection()
        page += trailSection()
        page += breachesSection()
        page += "</body></html>\n"
        return page
    }

    private func currentHoldersSection() -> String {
        var html = "<h2>Who held the case at \(Self.escape(asOf.iso8601)), and why</h2>\n"
        html += "<p>Case: <b>\(Self.escape(AuditFormatter.caseSummary(holders)))</b>"
            + (holders.closedNote.map { ". Closed: " + Self.escape($0) } ?? "") + ".</p>\n"
        let records = [holders.primary].compactMap { $0 } + holders.coWorkers
        if records.isEmpty {
            html += "<p>No worker held the case"
            if let since = holders.unallocatedSince { html += " (unallocated since \(Self.escape(since.iso8601)))" }
            html += ".</p>\n"
        }
        for record in records {
            let decision = record.allocation
            html += "<table><tr><th>\(record.holding == .primary ? "Primary worker" : "Co-worker")</th><td>\(Self.escape(record.workerId)) since \(Self.escape(record.since.iso8601))</td></tr>\n"
            html += "<tr><th>Decided by</th><td>\(Self.escape(decision.actor.id)) (\(Self.escape(decision.actor.role.displayName))), \(Self.escape(decision.eventType)) at \(Self.escape(decision.occurredAt.iso8601)), recorded \(Self.escape(decision.recordedAt.iso8601))</td></tr>\n"
            html += "<tr><th>Reason</th><td>\(Self.escape(decision.reason.rawValue))\(decision.nationalCode.map { " (" + Self.escape($0) + ")" } ?? "")</td></tr>\n"
            html += "<tr><th>Rationale</th><td>\(Self.escape(decision.rationale))</td></tr>\n"
            if !decision.factorsConsidered.isEmpty {
                html += "<tr><th>Factors considered</th><td>\(Self.escape(decision.factorsConsidered.map(\.rawValue).joined(separator: ", ")))</td></tr>\n"
            }
            if !decision.tasks.isEmpty {
                let tasks = decision.tasks.map { "\(Self.escape($0.description)) (due \(Self.escape($0.dueDate.iso8601)))" }
                html += "<tr><th>Tasks</th><td>\(tasks.joined(separator: "<br>"))</td></tr>\n"
            }
            for override in decision.overrides {
                html += "<tr><th>Override \(Self.escape(override.ruleId))</th><td>\(Self.escape(override.finding))<br><i>Justification:</i> \(Self.escape(override.justification))</td></tr>\n"
            }
            html += "<tr><th>Evidence</th><td class=\"mono\">\(Self.escape(decision.citation.description))</td></tr></table>\n"
        }
        if let oversight = holders.latestOversight {
            html += "<p>Latest oversight: \(Self.escape(oversight.managerId)) at \(Self.escape(oversight.occurredAt.iso8601)): worried about \(Self.escape(oversight.worriedAbout)); needs to happen: \(Self.escape(oversight.needsToHappen)). <span class=\"mono\">\(Self.escape(oversight.citation.description))</span></p>\n"
        }
        return html
    }

    private func timelineSection() -> String {
        var html = "<h2>Timeline of holders</h2>\n"
        let starts = holdings.map(\.start) + unallocatedIntervals.map(\.start)
        guard let first = starts.min() else { return html + "<p>No holdings recorded.</p>\n" }
        let last = max(asOf, first.adding(milliseconds: Instant.millisecondsPerDay))
        let span = Double(last.millisecondsSinceEpoch - first.millisecondsSinceEpoch)
        func position(_ start: Instant, _ end: Instant?) -> (Double, Double) {
            let clippedEnd = min(end ?? last, last)
            let left = Double(start.millisecondsSinceEpoch - first.millisecondsSinceEpoch) / span * 100
            let width = max(0.4, Double(clippedEnd.millisecondsSinceEpoch - start.millisecondsSinceEpoch) / span * 100)
            return (left, min(width, 100 - left))
        }
        html += "<p>From \(Self.escape(LondonTime.localDate(of: first).iso8601)) to \(Self.escape(LondonTime.localDate(of: last).iso8601)). Dark: primary; light: co-worker; red: unallocated. A bar reaching the right edge was still running at the as-of time.</p>\n<div class=\"timeline\">\n"
        var workers: [String] = []
        for holding in holdings where !workers.contains(holding.workerId) { workers.append(holding.workerId) }
        for worker in workers {
            html += "<div class=\"row\"><span class=\"label\">\(Self.escape(worker))</span><div class=\"track\">"
            for holding in holdings where holding.workerId == worker {
                let (left, width) = position(holding.start, holding.end)
                let title = "\(holding.isPrimary ? "primary" : "co-worker") \(holding.start.iso8601) – \(holding.end?.iso8601 ?? Self.openAtAsOf)"
                html += "<div class=\"bar\(holding.isPrimary ? "" : " co")\" style=\"left:\(Self.percent(left));width:\(Self.percent(width))\" title=\"\(Self.escape(title))\">\(Self.escape(LondonTime.localDate(of: holding.start).iso8601))</div>"
            }
            html += "</div></div>\n"
        }
        if !unallocatedIntervals.isEmpty {
            html += "<div class=\"row\"><span class=\"label\">unallocated</span><div class=\"track\">"
            for interval in unallocatedIntervals {
                let (left, width) = position(interval.start, interval.end)
                let title = "unallocated \(interval.start.iso8601) – \(interval.end?.iso8601 ?? Self.openAtAsOf)"
                html += "<div class=\"bar gap\" style=\"left:\(Self.percent(left));width:\(Self.percent(width))\" title=\"\(Self.escape(title))\"></div>"
            }
            html += "</div></div>\n"
        }
        html += "</div>\n<table><thead><tr><th>Worker</th><th>Holding</th><th>From</th><th>To</th></tr></thead>\n"
        for holding in holdings {
            html += "<tr><td>\(Self.escape(holding.workerId))</td><td>\(holding.isPrimary ? "primary" : "co-worker")</td><td>\(Self.escape(holding.start.iso8601))</td><td>\(Self.escape(holding.end?.iso8601 ?? Self.openAtAsOf))</td></tr>\n"
        }
        for interval in unallocatedIntervals {
            html += "<tr><td>—</td><td>unallocated</td><td>\(Self.escape(interval.start.iso8601))</td><td>\(Self.escape(interval.end?.iso8601 ?? Self.openAtAsOf))</td></tr>\n"
        }
        return html + "</table>\n"
    }

    private func trailSection() -> String {
        var html = "<h2>Decision trail</h2>\n<table><thead><tr><th>Seq</th><th>Occurred</th><th>Recorded</th><th>Actor</th><th>Event</th><th>Status</th><th>Hash</th></tr></thead>\n"
        for entry in trail.entries {
            let rowClass = entry.status == .retracted ? " class=\"retracted\"" : (entry.status == .correction ? " class=\"correction\"" : "")
            var status = entry.status.rawValue
            if let retraction = entry.retraction {
                status += " by \(retraction.citation.sequence) (\(retraction.reason), authorised by \(retraction.authorisingManagerId))"
            }
            if let retracts = entry.retracts { status += " of \(retracts.sequence)" }
            if entry.recordedOutOfOrder { status += "; recorded late" }
            html += "<tr\(rowClass)><td>\(entry.citation.sequence)</td><td>\(Self.escape(entry.occurredAt.iso8601))</td><td>\(Self.escape(entry.recordedAt.iso8601))</td><td>\(Self.escape(entry.actor.id)) (\(Self.escape(entry.actor.role.displayName)))</td><td>\(Self.escape(entry.summary))</td><td>\(Self.escape(status))</td><td class=\"mono\">\(Self.escape(String(entry.citation.hash.hex.prefix(16))))…</td></tr>\n"
        }
        html += "</table>\n"
        if !trail.timescales.isEmpty {
            html += "<h2>Timescales</h2>\n<table><thead><tr><th>Timescale</th><th>Subject</th><th>Due</th><th>Status</th><th>Met at</th></tr></thead>\n"
            for timescale in trail.timescales {
                html += "<tr><td>\(Self.escape(timescale.timescale.rawValue))</td><td>\(Self.escape(timescale.subject))</td><td>\(Self.escape(timescale.dueAt.iso8601))</td><td class=\"\(timescale.status.rawValue)\">\(timescale.status.rawValue)</td><td>\(Self.escape(timescale.satisfiedAt?.iso8601 ?? "—"))</td></tr>\n"
            }
            html += "</table>\n"
        }
        return html
    }

    private func breachesSection() -> String {
        var html = "<h2>Breaches and findings</h2>\n"
        guard !breaches.isEmpty else { return html + "<p>None.</p>\n" }
        html += "<table><thead><tr><th>Rule</th><th>At</th><th>Finding</th><th>Justification</th><th>Evidence</th></tr></thead>\n"
        for breach in breaches {
            let evidence = breach.evidence.map { String($0.sequence) }.joined(separator: ", ")
            html += "<tr><td>\(Self.escape(breach.ruleId))</td><td>\(Self.escape(breach.at.iso8601))</td><td>\(Self.escape(breach.summary))</td><td>\(Self.escape(breach.justification ?? "—"))</td><td>\(Self.escape(evidence))</td></tr>\n"
        }
        return html + "</table>\n"
    }

    /// The end of a spell still running at the as-of time: what came after is not part of the answer.
    public static let openAtAsOf = "open at as-of"

    static func percent(_ value: Double) -> String {
        String(Double(Int(value * 100)) / 100) + "%"
    }

    /// HTML text and attribute escaping: `&`, `<`, `>`, `"`, `'`, and control characters (other
    /// than line feed and tab) shown as `\u001b`-style text, as on a terminal
    /// (``TerminalText``): they are invalid in HTML and invisible in print.
    public static func escape(_ text: String) -> String {
        var output = ""
        output.reserveCapacity(text.utf8.count)
        for character in text.unicodeScalars {
            switch character {
            case "&": output += "&amp;"
            case "<": output += "&lt;"
            case ">": output += "&gt;"
            case "\"": output += "&quot;"
            case "'": output += "&#39;"
            case _ where TerminalText.isControl(character) && character != "\n" && character != "\t":
                output += TerminalText.escapeScalar(character)
            default: output.unicodeScalars.append(character)
            }
        }
        return output
    }
}
