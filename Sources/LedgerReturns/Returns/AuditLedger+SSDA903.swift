import LedgerAudit
import LedgerDomain
import LedgerImport
import LedgerEvents
import LedgerStore
import LedgerSupport
extension AuditLedger {
    /// The SSDA903 `SWEpisodes` return for `year`, as the ledger knew it at `asKnown` (default:
    /// everything), joined with the CMS's tables where given.
    ///
    /// The children are those the CMS's `Episodes` table has looked after on some day of the year
    /// (short breaks aside) or, without that table, those whose ledger case was child in care on
    /// some day of it. Every episode of theirs that overlaps the year is written, including
    /// those while not looked after (the DfE's rule SW12 asks for the full year). `SW_ID` is the
    /// worker's Social Work England number as registered, else `XX` and the worker id.
    /// Throws when a registration's line cannot be read back from the log.
    public func ssda903Return(year: CollectionYear, cms: CMSTables? = nil, asKnown: Instant? = nil) throws -> SSDA903Return {
        let known = asKnown ?? state.position.recordedAt ?? year.end
        let registrationNumbers = try socialWorkEnglandNumbers(asKnown: known)
        let careByChild = Dictionary(grouping: cms?.careEpisodes ?? [], by: \.childId)
        let cmsWorkersByChild = Dictionary(grouping: cms?.workerEpisodes ?? [], by: \.childId)
        let usesCMSCohort = !(cms?.careEpisodes.isEmpty ?? true)
        var timelines: [String: CaseTimeline] = [:]
        var cohort = usesCMSCohort ? cms?.childrenLookedAfter(in: year) ?? [] : []
        for caseId in state.cases.ids where Self.wasEverInCare(state.cases[caseId] ?? []) {
            guard let timeline = caseTimeline(caseId, asKnown: known) else { continue }
            timelines[caseId] = timeline
            if !usesCMSCohort, Self.days(of: year).contains(where: { Self.isInCare(timeline, on: $0) }) {
                cohort.insert(caseId)
            }
        }
        var rows: [SSDA903Return.Row] = []
        var disagreements: [ReturnDisagreement] = []
        let compared = usesCMSCohort ? cohort.union(timelines.keys.filter { id in
            Self.days(of: year).contains { Self.isInCare(timelines[id]!, on: $0) }
        }) : cohort
        for childId in compared.sorted() {
            if timelines[childId] == nil, let facts = state.cases[childId] {
                // A child the CMS has in care whose case was never child in care in the ledger.
                timelines[childId] = CaseTimeline(caseId: childId, streamFacts: facts, asKnown: known)
            }
            guard let timeline = timelines[childId] else {
                disagreements.append(ReturnDisagreement(childId: childId, kind: .childNotInLedger,
                                                        cmsSide: "looked after in the year"))
                continue
            }
            let outcome = SocialWorkerEpisodeBuilder.episodes(
                childId: childId, spans: SocialWorkerEpisodeBuilder.primarySpans(of: timeline), year: year)
            let inReturn = cohort.contains(childId)
            if inReturn {
                let birth = cms?.datesOfBirth[childId] ?? ""
                if cms != nil, birth.isEmpty, !(cms?.datesOfBirth.isEmpty ?? true) {
                    disagreements.append(ReturnDisagreement(childId: childId, kind: .noDateOfBirth, cmsSide: "no DOB in the header"))
                }
                for episode in outcome.episodes {
                    rows.append(SSDA903Return.Row(
                        episode: episode, dateOfBirth: birth,
                        socialWorkerId: SSDA903Return.socialWorkerId(for: episode.workerId, registrationNumbers: registrationNumbers)))
                }
                if let last = outcome.episodes.last, let ended = last.endDate {
                    disagreements.append(Self.lastEpisodeNote(childId: childId, episode: last, ended: ended, timeline: timeline,
                                                              year: year, cms: usesCMSCohort ? cms : nil, careByChild: careByChild))
                }
                for span in outcome.leftOut {
                    disagreements.append(ReturnDisagreement(
                        childId: childId, kind: .episodeShorterThanADayLeftOut, firstDate: LondonTime.localDate(of: span.start),
                        lastDate: span.end.map { LondonTime.localDate(of: $0) },
                        ledgerSide: SSDA903Return.socialWorkerId(for: span.workerId, registrationNumbers: registrationNumbers),
                        citations: [span.startCitation] + (span.endCitation.map { [$0] } ?? [])))
                }
            }
            guard let cms else { continue }
            disagreements += Self.compare(
                childId: childId, timeline: timeline, episodes: outcome.episodes, year: year,
                careEpisodes: usesCMSCohort ? careByChild : nil, cms: cms,
                cmsWorkers: cms.workerEpisodes == nil ? nil : cmsWorkersByChild[childId] ?? [],
                registrationNumbers: registrationNumbers)
        }
        return SSDA903Return(year: year, head: Citation(sequence: head.sequence, hash: head.hash), rows: rows,
                             disagreements: disagreements, childIds: cohort.sorted())
    }

    /// Why a child's last episode of the year has an end date: what the case was at the end of
    /// 31 March (closed, another category, unallocated), and the event that ended the episode.
    static func lastEpisodeNote(childId: String, episode: SocialWorkerEpisode, ended: LocalDate, timeline: CaseTimeline,
                                year: CollectionYear, cms: CMSTables?, careByChild: [String: [CMSTables.CareEpisode]]) -> ReturnDisagreement {
        let view = timeline.state(at: year.end)
        let ledgerSide: String
        if let view, view.isOpen {
            let category = view.category?.displayName ?? "no category"
            ledgerSide = view.primary == nil ? "open, \(category), unallocated" : "open, \(category)"
        } else {
            ledgerSide = "closed"
        }
        let cmsSide = cms.map { $0.isLookedAfter(childId, on: year.lastDate, episodesByChild: careByChild) ? "looked after" : "not looked after" } ?? ""
        return ReturnDisagreement(childId: childId, kind: .lastEpisodeEndedInYear, firstDate: ended, lastDate: ended,
                                  ledgerSide: ledgerSide, cmsSide: cmsSide, citations: episode.citations.suffix(1).map { $0 })
    }

    /// Whether a case stream ever names the child-in-care category: only those can be in the cohort.
    package static func wasEverInCare(_ facts: [Fact]) -> Bool {
        facts.contains { fact in
            switch fact.detail {
            case .referralReceived(_, _, _, _, let category, _, _, _, _), .categoryChanged(let category, _):
                return category == .childInCare
            default:
                return false
            }
        }
    }

    /// The case is open as child in care at the end of `date`.
    static func isInCare(_ timeline: CaseTimeline, on date: LocalDate) -> Bool {
        guard let view = timeline.state(at: LondonTime.endOfDay(date)) else { return false }
        return view.isOpen && view.category == .childInCare
    }

    static func days(of year: CollectionYear) -> StrideThrough<LocalDate> {
        stride(from: year.firstDate, through: year.lastDate, by: 1)
    }

    /// The day-by-day comparison of one child, grouped into runs of days that disagree the same way.
    static func compare(childId: String, timeline: CaseTimeline, episodes: [SocialWorkerEpisode], year: CollectionYear,
                        careEpisodes: [String: [CMSTables.CareEpisode]]?, cms: CMSTables,
                        cmsWorkers: [CMSTables.WorkerEpisode]?, registrationNumbers: [String: String]) -> [ReturnDisagreement] {
        // One run list per kind, so two kinds noted on the same days do not break each other's runs.
        var found: [ReturnDisagreement.Kind: [ReturnDisagreement]] = [:]
        func note(_ kind: ReturnDisagreement.Kind, _ date: LocalDate, ledger: String, cms: String, citations: [Citation]) {
            if var last = found[kind]?.last, last.ledgerSide == ledger, last.cmsSide == cms,
               let lastDate = last.lastDate, lastDate.adding(days: 1) == date {
                last.lastDate = date
                last.citations = Array(Set(last.citations + citations)).sorted()
                found[kind]![found[kind]!.count - 1] = last
            } else {
                found[kind, default: []].append(ReturnDisagreement(childId: childId, kind: kind, firstDate: date, lastDate: date,
                                                                   ledgerSide: ledger, cmsSide: cms, citations: citations.sorted()))
            }
        }
        for date in days(of: year) {
            let index = timeline.lastIndex(atOrBefore: LondonTime.endOfDay(date))
            let view = index.map { timeline.states[$0] }
            let ledgerInCare = view.map { $0.isOpen && $0.category == .childInCare } ?? false
            // Half-open days: the worker who ends on a date has handed over by the end of it.
            let episode = episodes.last { $0.startDate <= date && ($0.endDate.map { date < $0 } ?? true) }
            if let careEpisodes {
                let cmsInCare = cms.isLookedAfter(childId, on: date, episodesByChild: careEpisodes)
                let categoryCitation = view.flatMap { $0.categoryFactIndex ?? $0.closingFactIndex }.map { timeline.facts[$0].citation }
                if cmsInCare, !ledgerInCare {
                    let side = view.map { $0.isOpen ? ($0.category?.displayName ?? "no category") : "closed" } ?? "not yet referred"
                    note(.lookedAfterOnlyInCMS, date, ledger: side, cms: "looked after", citations: categoryCitation.map { [$0] } ?? [])
                } else if ledgerInCare, !cmsInCare {
                    note(.lookedAfterOnlyInLedger, date, ledger: "child in care", cms: "no care episode",
                         citations: categoryCitation.map { [$0] } ?? [])
                }
                if cmsInCare, episode == nil {
                    let cause = view.flatMap { $0.unallocatedSinceFactIndex ?? $0.closingFactIndex } ?? index
                    note(.noWorkerInLedger, date, ledger: view?.isOpen == true ? "unallocated" : "closed",
                         cms: "looked after", citations: cause.map { [timeline.facts[$0].citation] } ?? [])
                }
            }
            guard let cmsWorkers else { continue }
            let covering = cmsWorkers.filter { $0.startDate <= date && ($0.endDate.map { date < $0 } ?? true) }
            let ledgerId = episode.map { socialWorkerId(for: $0, registrationNumbers) }
            let cited = episode?.citations ?? []
            if covering.count > 1 {
                note(.overlapInCMS, date, ledger: ledgerId ?? "", cms: covering.map(\.socialWorkerId).joined(separator: " "),
                     citations: cited)
            } else if let cmsWorker = covering.first {
                if ledgerId == nil, careEpisodes == nil || !cms.isLookedAfter(childId, on: date, episodesByChild: careEpisodes ?? [:]) {
                    note(.noWorkerInLedger, date, ledger: "", cms: cmsWorker.socialWorkerId, citations: cited)
                } else if let ledgerId, ledgerId != cmsWorker.socialWorkerId {
                    note(.differentWorker, date, ledger: ledgerId, cms: cmsWorker.socialWorkerId, citations: cited)
                }
            } else if let ledgerId {
                note(.noWorkerInCMS, date, ledger: ledgerId, cms: "", citations: cited)
            }
        }
        return ReturnDisagreement.Kind.allCases.flatMap { found[$0] ?? [] }
    }

    private static func socialWorkerId(for episode: SocialWorkerEpisode, _ numbers: [String: String]) -> String {
        SSDA903Return.socialWorkerId(for: episode.workerId, registrationNumbers: numbers)
    }
}
