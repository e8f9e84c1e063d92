import LedgerAudit
import LedgerDomain
import LedgerEvents
import LedgerImport
import LedgerReturns
import LedgerStore
import LedgerSupport

/// The demo authority's case management system (CMS) side of the SSDA903 return: each looked-after
/// child's header (sex, date of birth, ethnicity, UPN) and care episodes (legal status, category of
/// need, placement), made up to match the ledger.
///
/// Why: the returns join the ledger with the CMS's own tables, and a newcomer has no CMS. The ledger
/// must not hold dates of birth, legal statuses or placements, so these live only in the files the
/// demo writes beside its store. The periods of care are read back from the ledger (a case open as
/// child in care at the end of a day is looked after that day), so the two sides agree; everything
/// else is drawn from its own seeded stream, so the ledger's bytes do not change and the same seed
/// writes the same files.
public struct DemoCareRecords: Sendable, Hashable {
    /// One child of the SSDA903 `Header` table, with all their episodes of care.
    public struct Child: Sendable, Hashable {
        public var childId: String
        /// `SEX`: male or female (written 1 or 2 before 2024/25, M or F from it).
        public var isFemale: Bool
        public var dateOfBirth: LocalDate
        /// `ETHNIC`, the DfE's ethnicity code.
        public var ethnicity: String
        /// `UPN`: a unique pupil number with its check letter.
        public var uniquePupilNumber: String
        public var episodes: [CareEpisode]
    }

    /// One row of the SSDA903 `Episodes` table.
    public struct CareEpisode: Sendable, Hashable {
        /// `DECOM`.
        public var startDate: LocalDate
        /// `RNE`: S started to be looked after, P placement change, L legal status change.
        public var reasonNewEpisode: String
        /// `LS`: C1 interim care order, C2 full care order, V2 accommodated under section 20.
        public var legalStatus: String
        /// `CIN`, the category of need (N1 … N8).
        public var categoryOfNeed: String
        /// `PLACE`: U1–U6 foster placements.
        public var placement: String
        /// `PLACE_PROVIDER`: PR1 the authority's own carers, PR4 an independent agency.
        public var placementProvider: String
        /// `DEC`: the day the episode ceased; nil while it is open.
        public var endDate: LocalDate?
        /// `REC`: X1 a new episode follows the same day; otherwise why care ended.
        public var reasonCeased: String?
        /// `REASON_PLACE_CHANGE`, for an episode ending in a change of placement.
        public var reasonPlaceChange: String?
        /// `HOME_POST` and `PL_POST`: the child's home and placement postcodes.
        public var homePostcode: String
        public var placementPostcode: String
        /// `URN`: the Ofsted reference of the fostering service.
        public var urn: String
    }

    /// How a period of care ended in the ledger.
    package enum Ending: Sendable, Hashable {
        /// The case closed while the child was in care.
        case closed
        /// The case became a care leaver's ("turned eighteen").
        case leftAtEighteen
        /// Another change of category.
        case other
    }

    /// A run of days the ledger has the child looked after: `startDate` up to the day before `endDate`.
    package struct CarePeriod: Sendable, Hashable {
        package var startDate: LocalDate
        package var endDate: LocalDate?
        package var ending: Ending?
        package var courtProceedings: Bool
    }

    public var children: [Child]
    /// The last day of the demo's history: later episodes are open.
    public var lastDay: LocalDate
    /// The authority's three-digit DfE number, in every UPN.
    public static let localAuthorityNumber = "318"

    /// Reads the periods of care from `ledger` (as known at its head) and makes up the rest from `seed`.
    public static func build(from ledger: AuditLedger, seed: UInt64, lastDay: LocalDate) -> DemoCareRecords {
        // Its own stream: drawing from the simulation's would change the ledger a seed writes.
        var random = DemoRandom(seed: seed ^ 0x434D_535F_5349_4445)
        let known = ledger.state.position.recordedAt ?? LondonTime.endOfDay(lastDay)
        var children: [Child] = []
        for caseId in ledger.state.cases.ids.sorted() where AuditLedger.wasEverInCare(ledger.state.cases[caseId] ?? []) {
            guard let timeline = ledger.caseTimeline(caseId, asKnown: known) else { continue }
            let periods = carePeriods(of: timeline, lastDay: lastDay)
            guard !periods.isEmpty else { continue }
            children.append(child(caseId, periods: periods, lastDay: lastDay, random: &random))
        }
        return DemoCareRecords(children: children, lastDay: lastDay)
    }

    /// The runs of days on which `timeline` has the case open as child in care at the end of the day.
    package static func carePeriods(of timeline: CaseTimeline, lastDay: LocalDate) -> [CarePeriod] {
        guard let first = timeline.facts.first else { return [] }
        var periods: [CarePeriod] = []
        var current: CarePeriod?
        for day in stride(from: LondonTime.localDate(of: first.occurredAt), through: lastDay, by: 1) {
            let view = timeline.state(at: LondonTime.endOfDay(day))
            let inCare = view.map { $0.isOpen && $0.category == .childInCare } ?? false
            if inCare, current == nil {
                current = CarePeriod(startDate: day, endDate: nil, ending: nil,
                                     courtProceedings: view?.flags.contains(.courtProceedings) ?? false)
            } else if !inCare, var period = current {
                period.endDate = day
                if let view, view.isOpen {
                    period.ending = view.category == .careLeaver ? .leftAtEighteen : .other
                } else {
                    period.ending = .closed
                }
                periods.append(period)
                current = nil
            }
        }
        if let current { periods.append(current) }
        return periods
    }

    private static func child(_ childId: String, periods: [CarePeriod], lastDay: LocalDate, random: inout DemoRandom) -> Child {
        let isFemale = !random.chance(0.55)
        let dateOfBirth = dateOfBirth(periods: periods, lastDay: lastDay, random: &random)
        let ethnicity = random.weighted([("WBRI", 60), ("WOTH", 6), ("MWBC", 6), ("MOTH", 4), ("AOTH", 3), ("APKN", 3),
                                         ("BAFR", 5), ("BCRB", 3), ("BOTH", 2), ("OOTH", 4), ("WIRI", 2), ("CHNE", 2)])
        let upn = uniquePupilNumber(childId: childId, dateOfBirth: dateOfBirth, random: &random)
        let homePostcode = random.element(of: homePostcodes) ?? "TW9 1PX"
        var episodes: [CareEpisode] = []
        for period in periods {
            episodes += self.episodes(of: period, dateOfBirth: dateOfBirth, homePostcode: homePostcode, lastDay: lastDay,
                                      random: &random)
        }
        return Child(childId: childId, isFemale: isFemale, dateOfBirth: dateOfBirth, ethnicity: ethnicity, uniquePupilNumber: upn, episodes: episodes)
    }

    /// A date of birth that fits every period: eighteen years before the day care ended at
    /// eighteen, else a child under 18 on the last day of their last period.
    private static func dateOfBirth(periods: [CarePeriod], lastDay: LocalDate, random: inout DemoRandom) -> LocalDate {
        if let leaving = periods.first(where: { $0.ending == .leftAtEighteen }), let endDate = leaving.endDate {
            return yearsBefore(endDate, 18)
        }
        let firstStart = periods[0].startDate
        let lastEnd = periods.last?.endDate ?? lastDay
        let ageInDays = random.between(0, 15) * 365 + random.below(365)
        var birth = firstStart.adding(days: -ageInDays)
        // Under 18 on the last day looked after, with some months to spare.
        let earliest = yearsBefore(lastEnd, 18).adding(days: 30 + random.below(300))
        if birth < earliest { birth = min(earliest, firstStart) }
        return birth
    }

    /// The same day `years` years earlier (28 February for 29 February in a common year).
    package static func yearsBefore(_ date: LocalDate, _ years: Int) -> LocalDate {
        LocalDate(year: date.year - years, month: date.month, day: date.day)
            ?? LocalDate(year: date.year - years, month: date.month, day: date.day - 1)
            ?? date.adding(days: -365 * years)
    }

    private static func episodes(of period: CarePeriod, dateOfBirth: LocalDate, homePostcode: String, lastDay: LocalDate,
                                 random: inout DemoRandom) -> [CareEpisode] {
        let categoryOfNeed = random.weighted([("N1", 60), ("N2", 6), ("N3", 4), ("N4", 8), ("N5", 14), ("N6", 2), ("N8", 6)])
        var legalStatus = period.courtProceedings ? "C1" : "V2"
        var episode = newPlacement(startDate: period.startDate, reason: "S", legalStatus: legalStatus, categoryOfNeed: categoryOfNeed,
                                   homePostcode: homePostcode, random: &random)
        var episodes: [CareEpisode] = []
        // A period still open on the demo's last day has no change after it: the CMS side records
        // nothing the ledger's history has not reached.
        let lastDate = period.endDate?.adding(days: -1) ?? lastDay
        // Changes within the period (a new placement, the final care order), each a new row that
        // begins the day the last one ceased (REC X1), at least a month from either end.
        var day = period.startDate
        while true {
            let next = day.adding(days: 60 + random.below(240))
            guard next.adding(days: 30) <= lastDate else { break }
            episode.endDate = next
            episode.reasonCeased = "X1"
            if legalStatus == "C1", random.chance(0.6) {
                legalStatus = "C2"
                episodes.append(episode)
                episode.startDate = next
                episode.reasonNewEpisode = "L"
                episode.legalStatus = legalStatus
            } else if random.chance(0.5) {
                episode.reasonPlaceChange = random.weighted([("CARPL", 50), ("CHILD", 15), ("STAND", 10), ("PLACE", 15), ("LAREQ", 10)])
                episodes.append(episode)
                episode = newPlacement(startDate: next, reason: "P", legalStatus: legalStatus, categoryOfNeed: categoryOfNeed,
                                       homePostcode: homePostcode, random: &random)
            } else {
                break
            }
            episode.endDate = nil
            episode.reasonCeased = nil
            episode.reasonPlaceChange = nil
            day = next
        }
        if let endDate = period.endDate {
            episode.endDate = endDate
            switch period.ending {
            case .leftAtEighteen:
                episode.reasonCeased = episode.placement == "U1" || episode.placement == "U4" ? "E17" : "E5"
            case .closed:
                episode.reasonCeased = random.weighted([("E4A", 55), ("E13", 20), ("E41", 15), ("E8", 10)])
            case .other, nil:
                episode.reasonCeased = "E8"
            }
        }
        episodes.append(episode)
        return episodes
    }

    private static func newPlacement(startDate: LocalDate, reason: String, legalStatus: String, categoryOfNeed: String,
                                     homePostcode: String, random: inout DemoRandom) -> CareEpisode {
        let placement = random.weighted([("U1", 10), ("U3", 12), ("U4", 30), ("U6", 48)])
        let provider = ["U1", "U3"].contains(placement) ? "PR1" : random.weighted([("PR1", 60), ("PR4", 40)])
        return CareEpisode(startDate: startDate, reasonNewEpisode: reason, legalStatus: legalStatus, categoryOfNeed: categoryOfNeed,
                           placement: placement, placementProvider: provider, endDate: nil, reasonCeased: nil, reasonPlaceChange: nil,
                           homePostcode: homePostcode, placementPostcode: random.element(of: placementPostcodes) ?? "TW1 3DH",
                           urn: provider == "PR1" ? "SC999001" : random.element(of: agencyReferences) ?? "SC999002")
    }

    /// A UPN: check letter, the authority's number, a school number, the year allocated, a serial.
    private static func uniquePupilNumber(childId: String, dateOfBirth: LocalDate, random: inout DemoRandom) -> String {
        let school = String(2000 + random.below(7999))
        let allocated = (dateOfBirth.year + 4) % 100
        let serial = random.below(1000)
        let body = localAuthorityNumber + school + (allocated < 10 ? "0" : "") + String(allocated)
            + String(repeating: "0", count: 3 - String(serial).count) + String(serial)
        return checkLetter(body) + body
    }

    /// The UPN check letter over its last twelve characters (DfE, "Unique pupil numbers").
    package static func checkLetter(_ body: String) -> String {
        let letters = Array("ABCDEFGHJKLMNPQRTUVWXYZ")
        var sum = 0
        for (offset, character) in body.enumerated() {
            sum += (character.wholeNumberValue ?? 0) * (offset + 2)
        }
        return String(letters[sum % 23])
    }

    /// Postcodes in the authority's area (the London Borough of Richmond upon Thames, whose code the
    /// check script gives the validator) and, for placements, its neighbours'. Real postcodes: the
    /// validator looks each one up (rules 169, 179, 392c) to place the child; no person is linked.
    static let homePostcodes = ["TW11 8EA", "TW2 6HP", "SW14 7PT", "SW13 0DY", "TW11 8FU", "TW11 9PS", "SW13 0PL",
                                "TW12 3UN", "SW14 8FJ", "TW9 1PX", "SW14 8UX", "TW12 3BQ"]
    static let placementPostcodes = ["TW12 3XN", "TW1 3DH", "TW7 4WF", "TW4 6WB", "TW3 4LQ", "KT1 3RF", "KT7 0ZS",
                                     "KT2 5TX", "SW12 8PB", "TW11 8GB"]
    static let agencyReferences = ["SC999101", "SC999102", "SC999103"]
}
