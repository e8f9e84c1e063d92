import LedgerDomain
import LedgerEvents
import LedgerStore
import LedgerSupport

/// The weekly case allocation report as one printable page: the service manager's table of
/// every team, then each team's open cases by category.
extension WeeklyReport {
    public func html() -> String {
        let title = "Weekly case allocation report, week of \(HTMLDocument.date(weekStart))"
        var body = "<h1>\(HTMLDocument.escape(title))</h1>\n"
        body += HTMLDocument.meta(asOf: asOf, asKnown: asKnown, head: head,
                                  extra: [("Week", "Monday \(HTMLDocument.date(weekStart)) to Sunday \(HTMLDocument.date(weekEnd))")])
        let rows = (teams + [total]).map { team -> [String] in
            let name = team == total ? "<b>All teams</b>" : HTMLDocument.escape(team.name ?? "—")
            return [HTMLDocument.id(team.teamId), name, "\(team.open)", "\(team.allocated)",
                    team.unallocated > 0 ? "<b>\(team.unallocated)</b>" : "0",
                    team.unallocatedOver20WorkingDays > 0 ? "<span class=\"over\">\(team.unallocatedOver20WorkingDays)</span>" : "0",
                    "\(team.referralsReceived)", "\(team.allocationsMade)", "\(team.closures)"]
        }
        body += "<h2>Teams at the end of the week</h2>\n"
        body += HTMLDocument.table(["Team", "Name", "Open", "Allocated", "Unallocated", "Waiting &gt; 20 working days",
                                    "Referrals in", "Allocations", "Closures"], rows, numeric: [2, 3, 4, 5, 6, 7, 8])
        body += "<h2>Open cases by category</h2>\n"
        for team in teams + [total] where !team.byCategory.isEmpty {
            body += "<h3>\(HTMLDocument.id(team.teamId)) \(HTMLDocument.escape(team == total ? "All teams" : team.name ?? ""))</h3>\n"
            let categoryRows = team.byCategory.map { count in
                [HTMLDocument.escape(CaseCategory(rawValue: count.category)?.displayName ?? count.category), "\(count.open)",
                 "\(count.allocated)", count.unallocated > 0 ? "<b>\(count.unallocated)</b>" : "0"]
            }
            body += HTMLDocument.table(["Category", "Open", "Allocated", "Unallocated"], categoryRows, numeric: [1, 2, 3])
        }
        return HTMLDocument(title: title, body: body).html
    }
}
