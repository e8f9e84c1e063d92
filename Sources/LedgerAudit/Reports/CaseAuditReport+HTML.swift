import LedgerDomain
import LedgerEvents
import LedgerStore
import LedgerSupport

/// One self-contained HTML page: inline styles and SVG, no scripts, no network; readable on
/// screen and printable on A4. Every piece of text from the log is escaped; every time is London
/// time as people write it (a date alone for date-only facts).
extension CaseAuditReport {
    package static let primaryColour = "#2b5d8a"
    package static let coWorkerColour = "#7fa7c9"
    package static let unallocatedColour = "#c0392b"

    public func html() -> String {
        var page = "<h1>Case \(Self.escape(caseId)): audit</h1>\n"
        page += HTMLDocument.meta(
            asOf: asOf, asKnown: asKnown, head: Citation(sequence: verifiedDigest.sequence, hash: verifiedDigest.hash),
            extra: [("Verified", "the whole log was re-read and every hash checked before this page was made: "
                + "\(verifiedEventCount) events, ending in the head above. Note it, and check it later with "
                + "<span class=\"id\">caseledger verify --digest \(verifiedDigest.sequence):…</span>")]
                + (verifiedCheckpoint.map { checkpoint in
                    [("Checkpoint", "the log's Merkle tree head, verified with it: "
                        + "<pre class=\"checkpoint\">\(Self.escape(checkpoint.text))</pre>"
                        + "Keep these three lines in a file. Later, <span class=\"id\">caseledger verify --since FILE</span> "
                        + "proves the log then still extends this one, and <span class=\"id\">caseledger prove \(Self.escape(caseId)) "
                        + "--checkpoint FILE</span> gives this case's events with inclusion proofs that "
                        + "<span class=\"id\">tools/verify_pack.py</span> checks without the rest of the log.")]
                } ?? []))
        page += summarySection()
        page += currentHoldersSection()
        page += closureSection()
        page += timelineSection()
        page += trailSection()
        page += breachesSection()
        return HTMLDocument(title: "Case audit \(caseId)", body: page).html
    }

    private func summarySection() -> String {
        var html = "<h2>The case</h2>\n<dl class=\"summary\">"
        func add(_ label: String, _ value: String) { html += "<dt>\(label)</dt><dd>\(value)</dd>" }
        add("Case", HTMLDocument.id(caseId))
        if let summary {
            let status: String
            switch summary.status {
            case .allocated: status = "open, allocated"
            case .unallocated: status = "<span class=\"urgent\">open, unallocated</span>" + (summary.unallocatedSince.map { " since \(HTMLDocument.dateTime($0))" } ?? "")
            case .closed: status = "closed" + (summary.closedAt.map { " on \(HTMLDocument.dateTime($0))" } ?? "")
            }
            add("Status", status)
            add("Category", Self.escape(summary.category?.displayName ?? "not recorded")
                + (summary.flags.isEmpty ? "" : " (" + Self.escape(summary.flags.map(\.rawValue).joined(separator: ", ")) + ")"))
            add("Risk", Self.escape(summary.riskLevel?.rawValue ?? "not assessed"))
            add("Statutory", summary.isStatutory ? "yes" : "no")
            add("Team", summary.teamId.map(HTMLDocument.id) ?? "—")
            add("Family", summary.familyId.map(HTMLDocument.id) ?? "—")
            if let opened = summary.openedAt { add("Open since", HTMLDocument.dateTime(opened)) }
        } else {
            add("Status", Self.escape(AuditFormatter.caseSummary(holders)))
        }
        if let note = holders.closedNote { add("Closed", Self.escape(note)) }
        return html + "</dl>\n"
    }

    private func currentHoldersSection() -> String {
        var html = "<h2>Who held the case on \(HTMLDocument.dateTime(asOf)), and why</h2>\n"
        let records = [holders.primary].compactMap { $0 } + holders.coWorkers
        if records.isEmpty {
            html += "<p>No worker held the case"
            if let since = holders.unallocatedSince { html += " (unallocated since \(HTMLDocument.dateTime(since)))" }
            html += ".</p>\n"
        }
        for record in records {
            let decision = record.allocation
            var rows: [(String, String)] = [
                (record.holding == .primary ? "Primary worker" : "Co-worker",
                 HTMLDocument.id(record.workerId) + (record.roleAtAsOf.map { " (\(Self.escape($0.displayName)))" } ?? "")
                    + " since \(HTMLDocument.dateTime(record.since))"
                    + (record.leftServiceAfter.map { "; <strong>left the service after \(HTMLDocument.date($0)), not reallocated</strong>" } ?? "")),
                ("Decided by", "\(HTMLDocument.id(decision.actor.id)) (\(Self.escape(decision.actor.role.displayName))) in \(Self.escape(decision.eventType)) on \(HTMLDocument.dateTime(decision.occurredAt)), recorded \(HTMLDocument.dateTime(decision.recordedAt))"),
                ("Reason", Self.escape(decision.reason.displayText) + (decision.nationalCode.map { " (" + Self.escape($0) + ")" } ?? "")
                    + (decision.previousWorkerId.map { ", replacing " + HTMLDocument.id($0) } ?? "")),
                ("Rationale", Self.escape(decision.rationale)),
            ]
            if !decision.factorsConsidered.isEmpty {
                rows.append(("Factors considered", Self.escape(decision.factorsConsidered.map(\.rawValue).joined(separator: ", "))))
            }
            if !decision.tasks.isEmpty {
                rows.append(("Tasks", decision.tasks.map { "\(Self.escape($0.description)) (due \(HTMLDocument.date($0.dueDate)))" }.joined(separator: "<br>")))
            }
            if let discussed = decision.discussedWithWorker { rows.append(("Discussed with the worker", discussed ? "yes" : "no")) }
            for override in decision.overrides {
                rows.append(("Override \(HTMLDocument.id(override.ruleId))", "\(Self.escape(override.finding))<br><i>Justification:</i> \(Self.escape(override.justification))"))
            }
            rows.append(("Evidence", HTMLDocument.citation(decision.citation)))
            html += "<table class=\"keep\"><tbody>" + rows.map { "<tr><th style=\"width:12em\">\($0.0)</th><td>\($0.1)</td></tr>" }.joined() + "</tbody></table>\n"
        }
        if let oversight = holders.latestOversight {
            html += "<p>Latest oversight: \(HTMLDocument.id(oversight.managerId)) on \(HTMLDocument.dateTime(oversight.occurredAt)): worried about \(Self.escape(oversight.worriedAbout)); needs to happen: \(Self.escape(oversight.needsToHappen)). \(HTMLDocument.citation(oversight.citation))</p>\n"
        }
        return html
    }

    private func closureSection() -> String {
        guard !closures.isEmpty else { return "" }
        // A case reopened since: its closures are history, not its present state.
        let reopened = summary.map { $0.status != .closed } ?? holders.isOpen
        var html = reopened ? "<h2>Earlier closure summary (the case has been reopened since)</h2>\n" : "<h2>Closure summary</h2>\n"
        for closure in closures {
            var rows: [(String, String)] = [
                ("Closed", "\(HTMLDocument.dateTime(closure.occurredAt)) by \(HTMLDocument.id(closure.actorId))"
                    + (closure.authorisingManagerId.map { ", authorised by \(HTMLDocument.id($0))" } ?? "")),
                ("Work done", Self.escape(closure.workDone ?? "— (not recorded)")),
                ("Outstanding work", Self.escape(closure.outstandingWork ?? "— (not recorded)")),
                ("Whose responsibility", Self.escape(closure.responsibility ?? "— (not recorded)")),
            ]
            if let evidence = closure.evidenceNeedsAddressed { rows.append(("Needs addressed (closed unallocated)", Self.escape(evidence))) }
            if let support = closure.continuingSupport { rows.append(("Continuing support", Self.escape(support))) }
            rows.append(("Evidence", HTMLDocument.citation(closure.citation)))
            html += "<table class=\"keep\"><tbody>" + rows.map { "<tr><th style=\"width:12em\">\($0.0)</th><td>\($0.1)</td></tr>" }.joined() + "</tbody></table>\n"
        }
        return html
    }

    private func timelineSection() -> String {
        var html = "<h2>Holders over time</h2>\n"
        let ordered = spans
        guard let first = ordered.map(\.start).min() else { return html + "<p>No holdings recorded.</p>\n" }
        // The axis ends at as-of while anything still runs; a history that had ended (a closed
        // case) ends where it ended, so its bars are not squeezed against years of nothing.
        let ended = ordered.contains { $0.end == nil } ? asOf : (ordered.compactMap(\.end).max() ?? asOf)
        let last = max(ended, first.adding(milliseconds: Instant.millisecondsPerDay))
        // One row per worker in the order they first held the case, with the unallocated row placed
        // where its first span falls, so the chart reads top to bottom as the case's history.
        var rows: [SVGChart.TimelineRow] = []
        for span in ordered {
            let label = span.workerId ?? "(unallocated)"
            let colour = span.holding == "unallocated" ? Self.unallocatedColour : (span.holding == "primary" ? Self.primaryColour : Self.coWorkerColour)
            let item = SVGChart.TimelineRow.Span(start: span.start, end: span.end, colour: colour)
            if let index = rows.firstIndex(where: { $0.label == label }) {
                rows[index].spans.append(item)
            } else {
                rows.append(SVGChart.TimelineRow(label: label, spans: [item]))
            }
        }
        html += "<div class=\"keep\">" + SVGChart.timeline(rows, from: first, to: last, title: "Who held case \(caseId), \(HTMLDocument.date(first)) to \(HTMLDocument.date(last))")
        html += "<p class=\"legend note\"><span><span class=\"swatch\" style=\"background:\(Self.primaryColour)\"></span>primary worker</span>"
            + "<span><span class=\"swatch\" style=\"background:\(Self.coWorkerColour)\"></span>co-worker</span>"
            + "<span><span class=\"swatch\" style=\"background:\(Self.unallocatedColour)\"></span>unallocated</span>"
            + (ordered.contains { $0.end == nil } ? "<span>▶ still running on \(HTMLDocument.dateTime(asOf))</span>" : "")
            + "</p></div>\n"
        let tableRows = ordered.map { span -> [String] in
            [span.workerId.map(HTMLDocument.id) ?? "(unallocated)",
             span.holding == "coWorker" ? "co-worker" : span.holding,
             HTMLDocument.dateTime(span.start), span.end.map(HTMLDocument.dateTime) ?? Self.openAtAsOf]
        }
        html += HTMLDocument.table(["Worker", "Holding", "From", "To"], tableRows)
        return html
    }

    private func trailSection() -> String {
        var html = "<h2>Decision trail</h2>\n"
        let rows = trail.entries.map { entry -> [String] in
            var status = entry.status.rawValue
            if let retraction = entry.retraction {
                status += " by #\(retraction.citation.sequence) (\(retraction.reason), authorised by \(retraction.authorisingManagerId))"
            }
            if let retracts = entry.retracts { status += " of #\(retracts.sequence)" }
            if entry.recordedOutOfOrder { status += "; recorded late" }
            return ["<span class=\"id\">\(entry.citation.sequence)</span>", HTMLDocument.dateTime(entry.occurredAt),
                    HTMLDocument.dateTime(entry.recordedAt), "\(HTMLDocument.id(entry.actor.id)) (\(Self.escape(entry.actor.role.displayName)))",
                    Self.escape(entry.summary), Self.escape(status), HTMLDocument.shortHash(entry.citation.hash.hex)]
        }
        let classes = trail.entries.map { entry -> String? in
            entry.status == .retracted ? "retracted" : (entry.status == .correction ? "correction" : nil)
        }
        html += HTMLDocument.table(["Seq", "Happened", "Recorded", "Actor", "Event", "Status", "Hash (first 16 digits)"], rows, rowClasses: classes)
        if !trail.timescales.isEmpty {
            html += "<h2>Timescales</h2>\n"
            let timescaleRows = trail.timescales.map { timescale in
                [HTMLDocument.id(timescale.timescale.rawValue), Self.escape(timescale.subject), HTMLDocument.dateTime(timescale.dueAt),
                 "<span class=\"\(timescale.status.rawValue)\">\(timescale.status.rawValue)</span>",
                 timescale.satisfiedAt.map(HTMLDocument.dateTime) ?? "—"]
            }
            html += HTMLDocument.table(["Timescale", "Subject", "Due", "Status", "Met on"], timescaleRows)
        }
        return html
    }

    private func breachesSection() -> String {
        let html = "<h2>Breaches and findings</h2>\n"
        guard !breaches.isEmpty else { return html + "<p>None.</p>\n" }
        return html + HTMLDocument.breachesTable(breaches)
    }

    /// The end of a spell still running at the as-of time: what came after is not part of the answer.
    public static let openAtAsOf = "open at as-of"

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
