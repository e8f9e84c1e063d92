import LedgerDomain
import LedgerEvents
import LedgerStore
import LedgerSupport

extension AuditLedger {
    /// The weekly report for the Monday-to-Sunday week containing `weekOf` (a London date),
    /// as known at `asKnown`. Stock figures are as at the end of the week (or `asOf`, if earlier,
    /// for the week in progress); flow figures count events that happened during the week.
    public func weeklyReport(weekOf: LocalDate, asOf: Instant? = nil, asKnown: Instant) -> WeeklyReport {
        let weekStart = weekOf.adding(days: 1 - weekOf.isoWeekday)
        let weekEnd = weekStart.adding(days: 6)
        let start = LondonTime.startOfDay(weekStart)
        var end = LondonTime.endOfDay(weekEnd)
        if let asOf, asOf < end { end = max(asOf, start) }
        let time = QueryTime(asOf: end, asKnown: asKnown)
        let calendar = policy(at: time).calendar
        var teams: [String: TeamWeek] = [:]
        func blank(_ teamId: String) -> TeamWeek {
            let info = teamInfo(teamId, at: time)
            return TeamWeek(teamId: teamId, name: info?.name, serviceArea: info?.serviceArea, open: 0, allocated: 0,
                            unallocated: 0, unallocatedOver20WorkingDays: 0, byCategory: [], referralsReceived: 0,
                            allocationsMade: 0, closures: 0, citations: info.map { [$0.citation] } ?? [])
        }
        var categories: [String: [String: CategoryCount]] = [:]
        for teamId in state.teams.keys { teams[teamId] = blank(teamId) }
        for caseId in state.cases.ids.sorted() {
            guard let timeline = model.uncachedTimeline(caseId, asKnown: asKnown),
                  let first = timeline.facts.first, first.occurredAt <= end
            else { continue }
            if let index = timeline.lastIndex(atOrBefore: end) {
                let current = timeline.states[index]
                if current.isOpen, let teamId = current.teamId {
                    if teams[teamId] == nil { teams[teamId] = blank(teamId) }
                    let category = current.category?.rawValue ?? "unknown"
                    var count = categories[teamId, default: [:]][category]
                        ?? CategoryCount(category: category, open: 0, allocated: 0, unallocated: 0)
                    teams[teamId]?.open += 1
                    count.open += 1
                    if current.isUnallocated {
                        teams[teamId]?.unallocated += 1
                        count.unallocated += 1
                        if let since = current.unallocatedSince,
                           calendar.workingDays(from: LondonTime.localDate(of: since), to: LondonTime.localDate(of: end)) > 20 {
                            teams[teamId]?.unallocatedOver20WorkingDays += 1
                        }
                        if let startIndex = current.unallocatedSinceFactIndex {
                            teams[teamId]?.citations.append(timeline.facts[startIndex].citation)
                        }
                    } else {
                        teams[teamId]?.allocated += 1
                        count.allocated += 1
                        if let holder = current.primary { teams[teamId]?.citations.append(timeline.facts[holder.factIndex].citation) }
                    }
                    categories[teamId, default: [:]][category] = count
                }
            }
            for index in timeline.facts.indices {
                let fact = timeline.facts[index]
                guard fact.occurredAt >= start, fact.occurredAt <= end else { continue }
                let teamId = timeline.states[index].teamId ?? (index > 0 ? timeline.states[index - 1].teamId : nil)
                guard let teamId else { continue }
                if teams[teamId] == nil { teams[teamId] = blank(teamId) }
                switch fact.detail {
                case .referralReceived: teams[teamId]?.referralsReceived += 1
                case .allocated, .transferred(_, .some, _, _, _, _): teams[teamId]?.allocationsMade += 1
                case .closed: teams[teamId]?.closures += 1
                default: continue
                }
                teams[teamId]?.citations.append(fact.citation)
            }
        }
        var rows: [TeamWeek] = []
        for teamId in teams.keys.sorted() {
            guard var row = teams[teamId] else { continue }
            row.byCategory = (categories[teamId] ?? [:]).values.sorted { $0.category < $1.category }
            row.citations = row.citations.normalised()
            rows.append(row)
        }
        var total = TeamWeek(teamId: "ALL", name: nil, serviceArea: nil, open: 0, allocated: 0, unallocated: 0,
                             unallocatedOver20WorkingDays: 0, byCategory: [], referralsReceived: 0, allocationsMade: 0,
                             closures: 0, citations: [])
        var totalCategories: [String: CategoryCount] = [:]
        for row in rows {
            total.open += row.open
            total.allocated += row.allocated
            total.unallocated += row.unallocated
            total.unallocatedOver20WorkingDays += row.unallocatedOver20WorkingDays
            total.referralsReceived += row.referralsReceived
            total.allocationsMade += row.allocationsMade
            total.closures += row.closures
            for count in row.byCategory {
                var sum = totalCategories[count.category] ?? CategoryCount(category: count.category, open: 0, allocated: 0, unallocated: 0)
                sum.open += count.open
                sum.allocated += count.allocated
                sum.unallocated += count.unallocated
                totalCategories[count.category] = sum
            }
        }
        total.byCategory = totalCategories.values.sorted { $0.category < $1.category }
        total.citations = rows.flatMap(\.citations).normalised()
        return WeeklyReport(weekStart: weekStart, weekEnd: weekEnd, asOf: end, asKnown: asKnown,
                            head: Citation(sequence: head.sequence, hash: head.hash), teams: rows, total: total,
                            citations: total.citations)
    }
}
