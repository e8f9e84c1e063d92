import LedgerAudit
import LedgerDomain
import LedgerImport
import LedgerEvents
import LedgerStore
import LedgerSupport
extension AuditLedger {
    /// The Annex A `Allocated Team` / `Allocated Worker` columns for `list` at `inspectionDate`.
    ///
    /// `children` is the list as the CMS produced it (child id and, if it has one, the event date);
    /// nil lists every case the ledger had on the list on some day from `from` (default: ever) to
    /// the inspection date, dated when it last came onto it. A date means the end of that London
    /// day; `asKnown` defaults to everything the ledger has recorded.
    public func annexA(list: AnnexAList, inspectionDate: LocalDate, children: [(childId: String, eventDate: LocalDate?)]? = nil,
                       from: LocalDate? = nil, asKnown: Instant? = nil) throws -> AnnexAReturn {
        let known = asKnown ?? state.position.recordedAt ?? LondonTime.endOfDay(inspectionDate)
        let inspection = LondonTime.endOfDay(inspectionDate)
        var wanted: [(childId: String, eventDate: LocalDate?)]
        if let children {
            wanted = children
        } else {
            wanted = []
            for caseId in state.cases.ids.sorted() {
                guard let timeline = caseTimeline(caseId, asKnown: known),
                      let date = Self.lastEntry(onto: list, timeline: timeline, through: inspection),
                      from.map({ date >= $0 }) ?? true
                else { continue }
                wanted.append((caseId, date))
            }
        }
        var rows: [AnnexAReturn.Row] = []
        for (childId, listedDate) in wanted {
            guard state.cases[childId] != nil else {
                let nobody = AnnexAReturn.Allocation(team: AnnexAReturn.unallocated, worker: AnnexAReturn.unallocated, citations: [])
                rows.append(AnnexAReturn.Row(childId: childId, eventDate: listedDate, atEventDate: listedDate == nil ? nil : nobody,
                                             atInspectionDate: nobody, isUnknown: true))
                continue
            }
            var eventDate = listedDate
            if eventDate == nil, let timeline = caseTimeline(childId, asKnown: known) {
                eventDate = Self.lastEntry(onto: list, timeline: timeline, through: inspection)
            }
            let atEvent = try eventDate.map { try allocation(of: childId, at: LondonTime.endOfDay($0), asKnown: known) }
            rows.append(AnnexAReturn.Row(childId: childId, eventDate: eventDate, atEventDate: atEvent,
                                         atInspectionDate: try allocation(of: childId, at: inspection, asKnown: known),
                                         isUnknown: false))
        }
        return AnnexAReturn(list: list, inspectionDate: inspectionDate, head: Citation(sequence: head.sequence, hash: head.hash),
                            rows: rows)
    }

    /// The team and primary worker holding the case at `instant`, from the same holders answer
    /// the audit gives: the team by name, the worker by id (the ledger holds no names).
    func allocation(of caseId: String, at instant: Instant, asKnown: Instant) throws -> AnnexAReturn.Allocation {
        let time = QueryTime(asOf: instant, asKnown: asKnown)
        let answer = try holders(caseId: caseId, at: time)
        guard answer.isOpen, let teamId = answer.teamId else {
            return AnnexAReturn.Allocation(team: AnnexAReturn.unallocated, worker: AnnexAReturn.unallocated,
                                           citations: answer.citations)
        }
        let team = teamInfo(teamId, at: time)?.name ?? teamId
        return AnnexAReturn.Allocation(team: team, worker: answer.primary?.workerId ?? AnnexAReturn.unallocated,
                                       citations: answer.citations)
    }

    /// The London date the case last came onto `list` by `end`, if it ever was on it.
    static func lastEntry(onto list: AnnexAList, timeline: CaseTimeline, through end: Instant) -> LocalDate? {
        var entered: Instant?
        var wasOn = false
        for index in timeline.facts.indices where timeline.facts[index].occurredAt <= end {
            let isOn = list.includes(timeline.states[index])
            if isOn, !wasOn { entered = timeline.facts[index].occurredAt }
            wasOn = isOn
        }
        return entered.map { LondonTime.localDate(of: $0) }
    }
}
