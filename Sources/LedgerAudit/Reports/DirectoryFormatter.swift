import LedgerDomain
import LedgerEvents
import LedgerStore
import LedgerSupport

/// Text and CSV renderings of the listings (`cases`, `workers`, `teams`, `find`): one line per
/// item, in columns, so a manager can scan them and copy an exact id into the next question.
public enum DirectoryFormatter {
    // MARK: - Cases

    public static func text(_ answer: CaseListAnswer) -> String {
        var lines = AuditFormatter.header(title(answer), asOf: answer.asOf, asKnown: answer.asKnown, head: answer.head)
        lines.append("")
        guard !answer.cases.isEmpty else {
            lines.append("No case matches.")
            return lines.joined(separator: "\n")
        }
        let rows = answer.cases.map { listing -> [String] in
            var holders = listing.primaryWorkerId ?? "—"
            if !listing.coWorkerIds.isEmpty { holders += " +" + listing.coWorkerIds.joined(separator: ",") }
            let since: String
            switch listing.status {
            case .closed: since = listing.closedAt.map { "closed " + AuditFormatter.londonDate($0) } ?? "closed"
            case .unallocated: since = listing.unallocatedSince.map { "waiting since " + AuditFormatter.londonDate($0) } ?? "waiting"
            case .allocated: since = listing.openedAt.map { "open since " + AuditFormatter.londonDate($0) } ?? "open"
            }
            return [listing.caseId, listing.familyId ?? "—", listing.teamId ?? "—",
                    listing.category?.displayName ?? "no category", listing.riskLevel.map { "risk " + $0.rawValue } ?? "risk —",
                    listing.isStatutory ? "statutory" : "", listing.status.rawValue, holders, since]
        }
        lines.append(columns(["case", "family", "team", "category", "risk", "", "status", "held by", ""], rows))
        return lines.joined(separator: "\n")
    }

    package static func title(_ answer: CaseListAnswer) -> String {
        let filter = answer.filter
        var conditions: [String] = []
        if let status = filter.status { conditions.append(status.rawValue) }
        if let statutory = filter.isStatutory { conditions.append(statutory ? "statutory" : "not statutory") }
        if let category = filter.category { conditions.append(category.displayName) }
        if let team = filter.teamId { conditions.append("team \(team)") }
        if let worker = filter.workerId { conditions.append("held by \(worker)") }
        if let family = filter.familyId { conditions.append("family \(family)") }
        let count = answer.cases.count
        return "\(count) \(count == 1 ? "case" : "cases")" + (conditions.isEmpty ? "" : " (" + conditions.joined(separator: ", ") + ")")
    }

    public static func csv(_ answer: CaseListAnswer) -> String {
        var table = CSVTable(header: ["caseId", "familyId", "teamId", "category", "riskLevel", "flags", "isStatutory", "status",
                                      "primaryWorkerId", "coWorkerIds", "openedAt", "closedAt", "unallocatedSince", "asOf"])
        for listing in answer.cases {
            table.append([listing.caseId, listing.familyId ?? "", listing.teamId ?? "", listing.category?.rawValue ?? "",
                          listing.riskLevel?.rawValue ?? "", listing.flags.map(\.rawValue).joined(separator: ";"),
                          listing.isStatutory ? "true" : "false", listing.status.rawValue, listing.primaryWorkerId ?? "",
                          listing.coWorkerIds.joined(separator: ";"), listing.openedAt?.iso8601 ?? "",
                          listing.closedAt?.iso8601 ?? "", listing.unallocatedSince?.iso8601 ?? "", answer.asOf.iso8601])
        }
        return table.text
    }

    // MARK: - Workers

    public static func text(_ answer: WorkerListAnswer) -> String {
        let count = answer.workers.count
        var conditions: [String] = []
        if let team = answer.filter.teamId { conditions.append("team \(team)") }
        if let role = answer.filter.role { conditions.append(role.displayName) }
        if let agency = answer.filter.isAgency { conditions.append(agency ? "agency" : "not agency") }
        if let left = answer.filter.hasLeft { conditions.append(left ? "left" : "in post") }
        let title = "\(count) \(count == 1 ? "worker" : "workers")" + (conditions.isEmpty ? "" : " (" + conditions.joined(separator: ", ") + ")")
        var lines = AuditFormatter.header(title, asOf: answer.asOf, asKnown: answer.asKnown, head: answer.head)
        lines.append("")
        guard !answer.workers.isEmpty else {
            lines.append("No worker matches.")
            return lines.joined(separator: "\n")
        }
        let rows = answer.workers.map { worker -> [String] in
            var notes: [String] = []
            if worker.isAgency { notes.append("agency") }
            if worker.hasLeft {
                notes.append("left" + (worker.lastWorkingDate.map { " after \(AuditFormatter.londonDate($0))" } ?? ""))
            } else if let last = worker.lastWorkingDate {
                notes.append("leaving after \(AuditFormatter.londonDate(last))")
            }
            if worker.isOverCap { notes.append("OVER CAP") }
            let cap = worker.cap.map { cap in
                [cap.cases.map { "\($0) cases" }, cap.points.map { "\($0) points" }].compactMap { $0 }.joined(separator: " / ")
            }
            return [worker.workerId, worker.teamId ?? "—", worker.role?.displayName ?? "no role",
                    AuditFormatter.count(worker.caseCount, "case"), AuditFormatter.count(worker.weightedScore, "point"),
                    cap.map { "cap " + $0 } ?? "no cap", notes.joined(separator: ", ")]
        }
        lines.append(columns(["worker", "team", "role", "cases", "points", "cap", ""], rows))
        return lines.joined(separator: "\n")
    }

    public static func csv(_ answer: WorkerListAnswer) -> String {
        var table = CSVTable(header: ["workerId", "teamId", "role", "isQualified", "isAgency", "startDate", "lastWorkingDate",
                                      "hasLeft", "caseCount", "weightedScore", "capCases", "capPoints", "isOverCap", "asOf"])
        for worker in answer.workers {
            table.append([worker.workerId, worker.teamId ?? "", worker.role?.rawValue ?? "", String(worker.isQualified),
                          String(worker.isAgency), worker.startDate?.iso8601 ?? "", worker.lastWorkingDate?.iso8601 ?? "",
                          String(worker.hasLeft), String(worker.caseCount), String(worker.weightedScore),
                          worker.cap?.cases.map(String.init) ?? "", worker.cap?.points.map(String.init) ?? "",
                          String(worker.isOverCap), answer.asOf.iso8601])
        }
        return table.text
    }

    // MARK: - Teams

    public static func text(_ answer: TeamListAnswer) -> String {
        let count = answer.teams.count
        var lines = AuditFormatter.header("\(count) \(count == 1 ? "team" : "teams")", asOf: answer.asOf,
                                          asKnown: answer.asKnown, head: answer.head)
        lines.append("")
        let rows = answer.teams.map { team -> [String] in
            [team.teamId, team.name ?? "—", team.serviceArea?.displayName ?? "—", team.managerId.map { "manager " + $0 } ?? "no manager",
             AuditFormatter.count(team.workerCount, "worker"), AuditFormatter.count(team.heldCaseCount, "case") + " held",
             "\(team.unallocatedCount) unallocated", team.overCapWorkerCount > 0 ? "\(team.overCapWorkerCount) over cap" : ""]
        }
        lines.append(columns(["team", "name", "service area", "", "workers", "held", "waiting", ""], rows))
        return lines.joined(separator: "\n")
    }

    public static func csv(_ answer: TeamListAnswer) -> String {
        var table = CSVTable(header: ["teamId", "name", "serviceArea", "managerId", "workerCount", "heldCaseCount",
                                      "unallocatedCount", "overCapWorkerCount", "asOf"])
        for team in answer.teams {
            table.append([team.teamId, team.name ?? "", team.serviceArea?.rawValue ?? "", team.managerId ?? "",
                          String(team.workerCount), String(team.heldCaseCount), String(team.unallocatedCount),
                          String(team.overCapWorkerCount), answer.asOf.iso8601])
        }
        return table.text
    }

    // MARK: - Shared

    /// Rows padded into columns (two spaces apart), with a header line; trailing spaces trimmed.
    package static func columns(_ header: [String], _ rows: [[String]]) -> String {
        let all = [header] + rows
        var widths = Array(repeating: 0, count: header.count)
        for row in all { for (index, cell) in row.enumerated() where index < widths.count { widths[index] = max(widths[index], cell.count) } }
        return all.map { row in
            var line = ""
            for (index, cell) in row.enumerated() {
                line += cell
                if index < row.count - 1 { line += String(repeating: " ", count: widths[index] - cell.count + 2) }
            }
            while line.last == " " { line.removeLast() }
            return line
        }.joined(separator: "\n")
    }
}

extension AuditFormatter {
    /// A London date as people write it: `14 Mar 2025`.
    public static func londonDate(_ instant: Instant) -> String { londonDate(LondonTime.localDate(of: instant)) }

    /// A date as people write it: `14 Mar 2025`.
    public static func londonDate(_ date: LocalDate) -> String {
        "\(date.day) \(monthNames[date.month - 1]) \(date.year)"
    }

    /// A London date and time as people write it: `14 Mar 2025 09:30`.
    public static func londonDateTime(_ instant: Instant) -> String {
        let local = LondonTime.localDateTime(of: instant)
        return "\(londonDate(local.date)) \(pad(local.hour)):\(pad(local.minute))"
    }

    package static let monthNames = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// "1 case", "3 cases": a count with its noun agreeing.
    public static func count(_ value: Int, _ noun: String) -> String {
        "\(value) \(noun)\(value == 1 ? "" : "s")"
    }
}
