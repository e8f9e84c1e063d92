import Foundation
import Testing
@testable import LedgerSupport
@testable import LedgerStore
@testable import LedgerEvents
@testable import LedgerDomain
@testable import LedgerAudit
@testable import LedgerImport
@testable import LedgerReturns
@testable import LedgerSimulation

/// The SSDA903 return built from hand-made ledgers on disk: the cohort, co-allocation, closures,
/// backfilled transfers, retractions, imported histories and the join with the CMS's tables.
@Suite("SSDA903 return from a ledger")
struct SSDA903ReturnTests {
    static let year = CollectionYear(endingYear: 2025)!

    static func at(_ text: String) -> Instant { AuditScenario.instant(text) }
    static func day(_ text: String) -> LocalDate { AuditScenario.date(text) }

    static func categoryChanged(_ caseId: String, to category: CaseCategory) -> LedgerEvent {
        .caseCategoryChanged(CaseCategoryChanged(caseId: caseId, fromCategory: nil, toCategory: category, flags: [],
                                                 reason: "child accommodated"))
    }

    static func transfer(_ caseId: String, from: String?, to: String?, reason: AllocationReason = .transfer) -> LedgerEvent {
        .caseTransferred(CaseTransferred(
            caseId: caseId, fromWorkerId: from, toWorkerId: to, fromTeamId: "T1", toTeamId: "T1", reason: reason,
            transferSummary: TransferSummary(workDone: "assessment", outstandingWork: "plan", responsibility: "W2"),
            rationale: "caseload", factorsConsidered: [.caseload],
            tasks: [AllocationTask(description: "visit", dueDate: day("2025-12-31"))], discussedWithWorker: true,
            overrides: [], caseloadAtAllocation: nil))
    }

    static func rows(_ answer: SSDA903Return) -> [[String]] { answer.episodesTable.rows }

    @Test("a child in care with a co-worker: only the primary worker makes episodes; a closure ends the last one")
    func coAllocationAndClosure() throws {
        let scenario = try AuditScenario()
        scenario.record(AuditScenario.referral("C1", category: .childInCare), at: Self.at("2024-03-01T09:00:00Z"))
        let allocation = scenario.record(AuditScenario.allocate("C1", to: "W1"), at: Self.at("2024-03-02T09:00:00Z"))
        scenario.record(AuditScenario.coAllocate("C1", to: "W2"), at: Self.at("2024-05-02T09:00:00Z"))
        let closure = scenario.record(AuditScenario.close("C1"), at: Self.at("2024-11-20T09:00:00Z"))
        let answer = try scenario.audit().ssda903Return(year: Self.year)
        #expect(answer.childIds == ["C1"])
        #expect(Self.rows(answer) == [["C1", "", "XXW1", "02/03/2024", "20/11/2024", "FCONTA"]])
        #expect(answer.episodesTable.header == ["CHILD", "DOB", "SW_ID", "SW_DECOM", "SW_DEC", "SW_REASON"])
        // The allocation and the closure are the events the row rests on.
        #expect(answer.citationsTable.rows.first?[3] == "\(allocation) \(closure)")
        // The closed last episode is what the validator's SW17 flags: the note names the closure.
        let note = answer.disagreements.first { $0.kind == .lastEpisodeEndedInYear }
        #expect(note?.ledgerSide == "closed")
        #expect(note?.firstDate == Self.day("2024-11-20"))
        #expect(note?.citations.map(\.sequence) == [closure])
    }

    @Test("a child never in care is not in the return; one in care only before the year is not either")
    func cohortFromTheLedger() throws {
        let scenario = try AuditScenario()
        scenario.record(AuditScenario.referral("C1", category: .childInNeed), at: Self.at("2024-05-01T09:00:00Z"))
        scenario.record(AuditScenario.allocate("C1", to: "W1"), at: Self.at("2024-05-02T09:00:00Z"))
        scenario.record(AuditScenario.referral("C2", category: .childInCare), at: Self.at("2023-05-01T09:00:00Z"))
        scenario.record(AuditScenario.allocate("C2", to: "W1"), at: Self.at("2023-05-02T09:00:00Z"))
        scenario.record(AuditScenario.close("C2"), at: Self.at("2024-02-01T09:00:00Z"))
        scenario.record(AuditScenario.referral("C3", category: .childInNeed), at: Self.at("2024-01-01T09:00:00Z"))
        scenario.record(AuditScenario.allocate("C3", to: "W2"), at: Self.at("2024-01-02T09:00:00Z"))
        scenario.record(Self.categoryChanged("C3", to: .childInCare), at: Self.at("2025-01-10T09:00:00Z"))
        let answer = try scenario.audit().ssda903Return(year: Self.year)
        #expect(answer.childIds == ["C3"])
        // All of the year's episodes are written, including those before the child came into care (SW12).
        #expect(Self.rows(answer) == [["C3", "", "XXW2", "02/01/2024", "", "FCONTA"]])
    }

    @Test("a transfer backfilled later lands where it happened, and as-known before it the return is the old one")
    func backfilledTransfer() throws {
        let scenario = try AuditScenario()
        scenario.record(AuditScenario.referral("C1", category: .childInCare), at: Self.at("2024-04-10T09:00:00Z"))
        scenario.record(AuditScenario.allocate("C1", to: "W1"), at: Self.at("2024-04-11T09:00:00Z"))
        scenario.record(Self.transfer("C1", from: "W1", to: "W2", reason: .restructure), at: Self.at("2024-09-02T09:00:00Z"),
                        recordedAt: Self.at("2024-12-01T09:00:00Z"))
        let audit = try scenario.audit()
        let now = try audit.ssda903Return(year: Self.year)
        #expect(Self.rows(now) == [
            ["C1", "", "XXW1", "11/04/2024", "02/09/2024", "FCONTA"],
            ["C1", "", "XXW2", "02/09/2024", "", "ORGRST"],
        ])
        let before = try audit.ssda903Return(year: Self.year, asKnown: Self.at("2024-11-30T09:00:00Z"))
        #expect(Self.rows(before) == [["C1", "", "XXW1", "11/04/2024", "", "FCONTA"]])
    }

    @Test("a retracted allocation makes no episode; its replacement does")
    func retraction() throws {
        let scenario = try AuditScenario()
        scenario.record(AuditScenario.referral("C1", category: .childInCare), at: Self.at("2024-04-10T09:00:00Z"))
        let wrong = scenario.record(AuditScenario.allocate("C1", to: "W1"), at: Self.at("2024-04-11T09:00:00Z"))
        scenario.record([AuditScenario.retract(wrong, caseId: "C1", replacementFollows: true),
                         AuditScenario.allocate("C1", to: "W2")], at: Self.at("2024-04-11T09:00:00Z"),
                        recordedAt: Self.at("2024-04-12T09:00:00Z"))
        let answer = try scenario.audit().ssda903Return(year: Self.year)
        #expect(Self.rows(answer) == [["C1", "", "XXW2", "11/04/2024", "", "FCONTA"]])
    }

    @Test("a child leaving care mid-year: the episodes of the year are written and the last is closed by the closure")
    func leavingCareMidYear() throws {
        let scenario = try AuditScenario()
        scenario.record(AuditScenario.referral("C1", category: .childInCare), at: Self.at("2024-02-01T09:00:00Z"))
        scenario.record(AuditScenario.allocate("C1", to: "W1"), at: Self.at("2024-02-02T09:00:00Z"))
        scenario.record(Self.transfer("C1", from: "W1", to: "W2", reason: .workerLeft), at: Self.at("2024-06-14T09:00:00Z"))
        scenario.record(Self.categoryChanged("C1", to: .careLeaver), at: Self.at("2024-10-01T09:00:00Z"))
        scenario.record(AuditScenario.deallocate("C1", from: "W2"), at: Self.at("2025-01-06T09:00:00Z"))
        let answer = try scenario.audit().ssda903Return(year: Self.year)
        #expect(Self.rows(answer) == [
            ["C1", "", "XXW1", "02/02/2024", "14/06/2024", "FCONTA"],
            ["C1", "", "XXW2", "14/06/2024", "06/01/2025", "LEFTRL"],
        ])
        #expect(answer.disagreements.map(\.kind) == [.lastEpisodeEndedInYear])
        #expect(answer.disagreements.first?.ledgerSide == "open, care leaver, unallocated")
    }

    @Test("an imported history joins the CMS's tables by child id; every disagreement is reported with its events")
    func importedHistoryAndTheCMS() throws {
        let scenario = try AuditScenario()
        // An imported involvement: an allocation reaching a case no referral opened (legacy history).
        let imported = scenario.record(AuditScenario.allocate("C1", to: "W1", reason: .other), at: Self.at("2024-04-01T09:00:00Z"))
        let gapStart = scenario.record(AuditScenario.deallocate("C1", from: "W1"), at: Self.at("2024-07-01T09:00:00Z"))
        scenario.record(AuditScenario.allocate("C1", to: "W2", reason: .caseloadManagement), at: Self.at("2024-07-15T09:00:00Z"))
        let cms = CMSTables(
            datesOfBirth: ["C1": "04/05/2015"],
            careEpisodes: [
                .init(childId: "C1", startDate: Self.day("2024-04-01"), endDate: nil, legalStatus: "C2", lineNumber: 2),
                .init(childId: "C9", startDate: Self.day("2024-06-01"), endDate: nil, legalStatus: "C2", lineNumber: 3),
                .init(childId: "C8", startDate: Self.day("2024-06-01"), endDate: nil, legalStatus: "V3", lineNumber: 4),
            ],
            workerEpisodes: [
                .init(childId: "C1", socialWorkerId: "XXW1", startDate: Self.day("2024-04-01"), endDate: Self.day("2024-07-20"), lineNumber: 2),
                .init(childId: "C1", socialWorkerId: "XXW3", startDate: Self.day("2024-07-20"), endDate: nil, lineNumber: 3),
            ])
        let answer = try scenario.audit().ssda903Return(year: Self.year, cms: cms)
        #expect(answer.childIds == ["C1", "C9"], "a short-break child (V3) is not looked after for these rules")
        #expect(Self.rows(answer) == [
            ["C1", "04/05/2015", "XXW1", "01/04/2024", "01/07/2024", "OTHERS"],
            ["C1", "04/05/2015", "XXW2", "15/07/2024", "", "MANAGE"],
        ])
        let found = answer.disagreements.map { [$0.childId, $0.kind.rawValue, $0.firstDate?.ukText ?? "", $0.lastDate?.ukText ?? "",
                                                 $0.ledgerSide, $0.cmsSide] }
        #expect(found.contains(["C9", "childNotInLedger", "", "", "", "looked after in the year"]))
        // The ledger's case has no category: the CMS alone says the child is looked after.
        #expect(found.contains(["C1", "lookedAfterOnlyInCMS", "01/04/2024", "30/06/2024", "no category", "looked after"]))
        #expect(found.contains(["C1", "lookedAfterOnlyInCMS", "15/07/2024", "31/03/2025", "no category", "looked after"]))
        // An imported history has no closures: nobody holding it closes it "in the legacy system".
        #expect(found.contains(["C1", "noWorkerInLedger", "01/07/2024", "14/07/2024", "closed", "looked after"]))
        #expect(found.contains(["C1", "differentWorker", "15/07/2024", "19/07/2024", "XXW2", "XXW1"]))
        #expect(found.contains(["C1", "differentWorker", "20/07/2024", "31/03/2025", "XXW2", "XXW3"]))
        let gap = answer.disagreements.first { $0.kind == .noWorkerInLedger }
        #expect(gap?.citations.map(\.sequence) == [gapStart], "the deallocation proves the ledger's gap")
        #expect(answer.citationsTable.rows.first?[3] == "\(imported) \(gapStart)")
    }

    @Test("the CMS's tables are read by their DfE column names; a bad date names the file, line and column")
    func loadingTheCMSTables() throws {
        let directory = TemporaryDirectory("cms")
        let header = directory.path + "/header.csv"
        let episodes = directory.path + "/episodes.csv"
        try "CHILD,SEX,DOB\r\nC1,1,04/05/2015\r\n".write(toFile: header, atomically: true, encoding: .utf8)
        try "CHILD,DECOM,RNE,LS,DEC\nC1,01/04/2024,S,C2,\nC2,01/05/2024,S,V3,02/06/2024\n".write(toFile: episodes, atomically: true, encoding: .utf8)
        let tables = try CMSTables.load(headerPath: header, episodesPath: episodes, workerEpisodesPath: nil)
        #expect(tables.datesOfBirth == ["C1": "04/05/2015"])
        #expect(tables.careEpisodes.map(\.childId) == ["C1", "C2"])
        #expect(tables.careEpisodes[1].endDate == Self.day("2024-06-02"))
        #expect(tables.careEpisodes[1].isShortBreak)
        #expect(tables.workerEpisodes == nil)
        try "CHILD,DECOM,LS,DEC\nC1,31/02/2024,C2,\n".write(toFile: episodes, atomically: true, encoding: .utf8)
        #expect(throws: ReturnInputError.badDate(path: episodes, line: 2, column: "DECOM", value: "31/02/2024")) {
            try CMSTables.load(headerPath: nil, episodesPath: episodes, workerEpisodesPath: nil)
        }
        try "CHILD,DECOM\nC1,01/04/2024\n".write(toFile: episodes, atomically: true, encoding: .utf8)
        #expect(throws: ReturnInputError.missingColumn(path: episodes, column: "DEC")) {
            try CMSTables.load(headerPath: nil, episodesPath: episodes, workerEpisodesPath: nil)
        }
    }
}
