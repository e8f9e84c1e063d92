import Testing
@testable import LedgerSupport
@testable import LedgerStore
@testable import LedgerEvents
@testable import LedgerDomain
@testable import LedgerAudit
@testable import LedgerImport
@testable import LedgerReturns
@testable import LedgerSimulation

/// Episode building from primary-worker spans at its boundaries: same-day reallocations, episodes
/// shorter than a day, gaps, the 1 April / 31 March edges and episodes still open at year end.
@Suite("SSDA903 episode building")
struct SocialWorkerEpisodeBuilderTests {
    static let year = CollectionYear(endingYear: 2025)!

    static func at(_ text: String) -> Instant { AuditScenario.instant(text) }
    static func day(_ text: String) -> LocalDate { AuditScenario.date(text) }
    static func cite(_ sequence: UInt64) -> Citation {
        Citation(sequence: sequence, hash: SHA256.hash(Array("\(sequence)".utf8)))
    }

    static func span(_ worker: String, _ start: String, _ end: String?, _ reason: AllocationReason = .newReferral,
                     from sequence: UInt64) -> PrimaryWorkerSpan {
        PrimaryWorkerSpan(workerId: worker, start: at(start), end: end.map(at), reason: reason,
                          startCitation: cite(sequence), endCitation: end == nil ? nil : cite(sequence + 1))
    }

    static func build(_ spans: [PrimaryWorkerSpan]) -> SocialWorkerEpisodeBuilder.Outcome {
        SocialWorkerEpisodeBuilder.episodes(childId: "C1", spans: spans, year: year)
    }

    @Test("the collection year runs from the London start of 1 April to the end of 31 March")
    func collectionYearEdges() {
        #expect(Self.year.firstDate == Self.day("2024-04-01"))
        #expect(Self.year.lastDate == Self.day("2025-03-31"))
        #expect(Self.year.start == Self.at("2024-04-01T00:00:00+01:00"))
        #expect(Self.year.end == Self.at("2025-03-31T23:59:59.999+01:00"))
        #expect(Self.year.validatorRuleSet == "lac2024_25")
        #expect(CollectionYear(endingYear: 2026)!.validatorRuleSet == "lac2025_26")
        #expect(CollectionYear(endingYear: 10_000) == nil)
    }

    @Test("a worker who held the case for an hour on the day of a reallocation is left out, and the two sides merge")
    func sameDayReallocationMerged() {
        let outcome = Self.build([
            Self.span("W1", "2024-05-01T09:00:00Z", "2024-06-03T10:00:00Z", from: 10),
            Self.span("W2", "2024-06-03T10:00:00Z", "2024-06-03T11:00:00Z", .caseloadManagement, from: 20),
            Self.span("W1", "2024-06-03T11:00:00Z", nil, .caseloadManagement, from: 30),
        ])
        #expect(outcome.episodes.count == 1)
        #expect(outcome.episodes.first?.workerId == "W1")
        #expect(outcome.episodes.first?.startDate == Self.day("2024-05-01"))
        #expect(outcome.episodes.first?.endDate == nil)
        #expect(outcome.episodes.first?.citations.map(\.sequence) == [10, 20, 30])
        #expect(outcome.leftOut.map(\.workerId) == ["W2"])
    }

    @Test("a same-day handover to a third worker ends the first episode on that date and starts the third's")
    func sameDayHandoverToAnother() {
        let outcome = Self.build([
            Self.span("W1", "2024-05-01T09:00:00Z", "2024-06-03T10:00:00Z", from: 10),
            Self.span("W2", "2024-06-03T10:00:00Z", "2024-06-03T11:00:00Z", .caseloadManagement, from: 20),
            Self.span("W3", "2024-06-03T11:00:00Z", nil, .workerLeft, from: 30),
        ])
        #expect(outcome.episodes.map(\.workerId) == ["W1", "W3"])
        #expect(outcome.episodes[0].endDate == Self.day("2024-06-03"))
        #expect(outcome.episodes[1].startDate == Self.day("2024-06-03"))
        #expect(outcome.episodes[1].reason == .workerLeftRole)
    }

    @Test("an episode shorter than 24 hours that crosses midnight is left out too (SW09)")
    func shorterThanADayAcrossMidnight() {
        let outcome = Self.build([
            Self.span("W1", "2024-05-01T09:00:00Z", "2024-06-03T20:00:00Z", from: 10),
            Self.span("W2", "2024-06-03T20:00:00Z", "2024-06-04T08:00:00Z", .absenceCover, from: 20),
            Self.span("W3", "2024-06-04T08:00:00Z", nil, .absenceCover, from: 30),
        ])
        #expect(outcome.episodes.map(\.workerId) == ["W1", "W3"])
        #expect(outcome.leftOut.count == 1)
        let exactlyADay = Self.build([Self.span("W2", "2024-06-03T08:00:00Z", "2024-06-04T08:00:00Z", from: 20)])
        #expect(exactlyADay.episodes.count == 1, "24 hours is not shorter than 24 hours")
    }

    @Test("a gap of more than 7 days is kept as a gap, never closed up", arguments: [3, 8, 30])
    func gapKept(days: Int) {
        let end = Self.day("2024-06-03")
        let restart = end.adding(days: days)
        let outcome = Self.build([
            Self.span("W1", "2024-05-01T09:00:00Z", "2024-06-03T10:00:00Z", from: 10),
            Self.span("W2", "\(restart)T10:00:00Z", nil, .caseloadManagement, from: 20),
        ])
        #expect(outcome.episodes.count == 2)
        #expect(outcome.episodes[0].endDate == end)
        #expect(outcome.episodes[1].startDate == restart)
    }

    struct Edge: Sendable, CustomTestStringConvertible {
        var label: String
        var start: String
        var end: String?
        /// Expected (start, end) dates, or nil if the episode is outside the year.
        var expected: (String, String?)?
        var testDescription: String { label }
    }

    @Test("year boundaries", arguments: [
        Edge(label: "ended on 31 March 2024, before the year", start: "2024-01-10T10:00:00Z", end: "2024-03-31T12:00:00+01:00", expected: nil),
        Edge(label: "ended on 1 April 2024, the first day", start: "2024-01-10T10:00:00Z", end: "2024-04-01T09:00:00+01:00",
             expected: ("2024-01-10", "2024-04-01")),
        Edge(label: "started 31 March 2025 and still open", start: "2025-03-31T15:00:00+01:00", end: nil, expected: ("2025-03-31", nil)),
        Edge(label: "started 1 April 2025, after the year", start: "2025-04-01T00:30:00+01:00", end: nil, expected: nil),
        Edge(label: "ended 31 March 2025 at 23:30 London", start: "2024-10-01T10:00:00Z", end: "2025-03-31T23:30:00+01:00",
             expected: ("2024-10-01", "2025-03-31")),
        Edge(label: "ended 1 April 2025, so open on 31 March", start: "2024-10-01T10:00:00Z", end: "2025-04-01T09:00:00+01:00",
             expected: ("2024-10-01", nil)),
        Edge(label: "began two years earlier and still open", start: "2022-06-01T10:00:00Z", end: nil, expected: ("2022-06-01", nil)),
    ])
    func yearBoundaries(edge: Edge) {
        let outcome = Self.build([Self.span("W1", edge.start, edge.end, from: 10)])
        guard let (start, end) = edge.expected else {
            #expect(outcome.episodes.isEmpty)
            return
        }
        #expect(outcome.episodes.count == 1)
        #expect(outcome.episodes.first?.startDate == Self.day(start))
        #expect(outcome.episodes.first?.endDate == end.map(Self.day))
        // The end event is cited only when the return writes an end date.
        #expect(outcome.episodes.first?.citations.map(\.sequence) == (end == nil ? [10] : [10, 11]))
    }

    @Test("the reason written is the one recorded on the event that began the episode", arguments: [
        (AllocationReason.newReferral, SocialWorkerChangeReason.firstContact),
        (.reReferral, .firstContact),
        (.transfer, .transferBetweenTeams),
        (.absenceCover, .workerAbsence),
        (.workerLeft, .workerLeftRole),
        (.caseloadManagement, .caseloadManagement),
        (.restructure, .organisationalRestructure),
        (.familyRequest, .parentOrCarerRequest),
        (.childCircumstancesChanged, .childCircumstancesChanged),
        (.placementChanged, .childCircumstancesChanged),
        (.workerDied, .workerDied),
        (.other, .other),
    ])
    func reasonMapping(reason: AllocationReason, expected: SocialWorkerChangeReason) {
        #expect(SocialWorkerChangeReason(allocationReason: reason) == expected)
        let outcome = Self.build([Self.span("W1", "2024-05-01T09:00:00Z", nil, reason, from: 10)])
        #expect(outcome.episodes.first?.reason == expected)
    }

    @Test("every ledger reason maps to one of the DfE's ten codes")
    func reasonsAreTheDfEList() {
        let codes = Set(AllocationReason.allCases.map { SocialWorkerChangeReason(allocationReason: $0).rawValue })
        let dfe: Set = ["MANAGE", "FCONTA", "LEFTRL", "ORGRST", "TSPROC", "ABSENC", "CHCHAN", "PCCHAN", "SWDIED", "OTHERS"]
        #expect(codes.isSubset(of: dfe))
        #expect(Set(SocialWorkerChangeReason.allCases.map(\.rawValue)) == dfe)
    }

    @Test("SW_ID: the registration number when known, else XX and the worker id")
    func socialWorkerId() {
        #expect(SSDA903Return.socialWorkerId(for: "W7", registrationNumbers: [:]) == "XXW7")
        #expect(SSDA903Return.socialWorkerId(for: "W7", registrationNumbers: ["W7": "SW123456"]) == "SW123456")
    }

    @Test("the audit's national code and the return's SW_REASON are the same code for every reason", arguments: AllocationReason.allCases)
    func nationalCodeIsTheReturnsCode(reason: AllocationReason) {
        #expect(reason.nationalCode == SocialWorkerChangeReason(allocationReason: reason).rawValue)
        // An import reading the code back gets a reason that maps to the same code.
        let code = SocialWorkerChangeReason(allocationReason: reason).rawValue
        #expect(AllocationReason(nationalCode: code)?.nationalCode == code)
    }
}
