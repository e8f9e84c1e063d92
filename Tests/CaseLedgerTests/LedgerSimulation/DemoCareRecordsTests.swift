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

/// The demo's CMS side (SSDA903 `Header` and `Episodes`): made from the seed, matching the
/// ledger's periods of care, in the validator's columns and codes.
@Suite("demo care records", .serialized)
struct DemoCareRecordsTests {
    /// Two years from January 2023: the collection year ending 31 March 2024 is covered whole.
    static let configuration = DemoConfiguration(seed: 5, years: 2, teams: 4, workers: 20)

    /// One demo ledger for the suite: building it is the slow part. Read-only once built, and the
    /// suite is serialized, so sharing it across the tests is safe.
    final class Built: @unchecked Sendable {
        let directory = TemporaryDirectory("demo-cms")
        let summary: DemoSummary
        let ledger: AuditLedger
        let records: DemoCareRecords

        init() throws {
            summary = try DemoAuthority.build(DemoCareRecordsTests.configuration, in: directory.store)
            ledger = try DemoAnswers.openLedger(directory.store, policy: DemoCareRecordsTests.configuration.policy)
            records = DemoCareRecords.build(from: ledger, seed: DemoCareRecordsTests.configuration.seed, lastDay: summary.lastDay)
        }
    }

    nonisolated(unsafe) static var shared: Built?
    static func built() throws -> Built {
        if let shared { return shared }
        let made = try Built()
        shared = made
        return made
    }

    static let year = CollectionYear(endingYear: 2024)!

    @Test("the same seed writes the same files; the tables have exactly the validator's columns")
    func deterministicAndShaped() throws {
        let built = try Self.built()
        let again = DemoCareRecords.build(from: built.ledger, seed: Self.configuration.seed, lastDay: built.summary.lastDay)
        #expect(again == built.records)
        #expect(!built.records.children.isEmpty, "the demo has children looked after")
        let header = built.records.headerTable(for: Self.year)
        let episodes = built.records.episodesTable(for: Self.year)
        #expect(header.header == ["CHILD", "SEX", "DOB", "ETHNIC", "UPN", "MOTHER", "MC_DOB"])
        #expect(episodes.header == ["CHILD", "DECOM", "RNE", "LS", "CIN", "PLACE", "PLACE_PROVIDER", "DEC", "REC",
                                    "REASON_PLACE_CHANGE", "HOME_POST", "PL_POST", "URN"])
        #expect(Set(header.rows.map { $0[0] }) == Set(episodes.rows.map { $0[0] }), "one header row per child with an episode")
        let other = DemoCareRecords.build(from: built.ledger, seed: Self.configuration.seed + 1, lastDay: built.summary.lastDay)
        #expect(other.headerTable(for: Self.year) != header, "another seed draws other dates of birth")
    }

    @Test("every episode's codes are the DfE's; DOB fits every period (18 on the day care ended at eighteen)")
    func codesAndAges() throws {
        let built = try Self.built()
        for child in built.records.children {
            #expect(DemoCareRecords.checkLetter(String(child.uniquePupilNumber.dropFirst())) == String(child.uniquePupilNumber.prefix(1)))
            for episode in child.episodes {
                #expect(["S", "P", "L"].contains(episode.reasonNewEpisode))
                #expect(["C1", "C2", "V2"].contains(episode.legalStatus))
                #expect(["U1", "U3", "U4", "U6"].contains(episode.placement))
                #expect(["PR1", "PR4"].contains(episode.placementProvider))
                #expect(episode.startDate >= child.dateOfBirth)
                // Nothing after the demo's history: the CMS side may not record what has not happened.
                #expect(episode.startDate <= built.summary.lastDay, "\(child.childId) episode from \(episode.startDate)")
                #expect(episode.endDate.map { $0 <= built.summary.lastDay } ?? true, "\(child.childId) episode to \(String(describing: episode.endDate))")
                #expect(DemoCareRecords.yearsBefore(episode.startDate, 18) < child.dateOfBirth,
                        "\(child.childId) is under 18 when \(episode.startDate) begins")
                if let endDate = episode.endDate {
                    #expect(endDate > episode.startDate)
                    let reason = try #require(episode.reasonCeased)
                    if ["E17", "E5"].contains(reason) {
                        #expect(DemoCareRecords.yearsBefore(endDate, 18) == child.dateOfBirth, "\(child.childId) left care at 18")
                    }
                } else {
                    #expect(episode.reasonCeased == nil)
                }
            }
            // Each change begins the day the last episode ceased (X1); a new period begins with S.
            for (earlier, later) in zip(child.episodes, child.episodes.dropFirst()) {
                if earlier.reasonCeased == "X1" {
                    #expect(later.startDate == earlier.endDate && later.reasonNewEpisode != "S")
                } else {
                    #expect(later.reasonNewEpisode == "S")
                }
            }
        }
    }

    @Test("joined with the return, the CMS side agrees with the ledger on every day of care")
    func agreesWithTheLedger() throws {
        let built = try Self.built()
        let directory = built.directory.path + "/tables"
        let written = try built.records.write(to: directory, firstDay: Self.configuration.startDate)
        #expect(written.contains(directory + "/ssda903-2024/Episodes.csv"))
        let tables = try CMSTables.load(headerPath: directory + "/ssda903-2024/Header.csv",
                                       episodesPath: directory + "/ssda903-2024/Episodes.csv", workerEpisodesPath: nil)
        let answer = try built.ledger.ssda903Return(year: Self.year, cms: tables)
        #expect(!answer.rows.isEmpty)
        let kinds = Set(answer.disagreements.map(\.kind))
        #expect(!kinds.contains(.lookedAfterOnlyInCMS), "\(answer.disagreements.filter { $0.kind == .lookedAfterOnlyInCMS })")
        #expect(!kinds.contains(.lookedAfterOnlyInLedger))
        #expect(!kinds.contains(.childNotInLedger))
        #expect(!kinds.contains(.noDateOfBirth))
        #expect(answer.rows.allSatisfy { !$0.dateOfBirth.isEmpty })
        // Written once: the demo never replaces a file.
        #expect(throws: DemoError.careRecordsExist(path: directory + "/ssda903-2023/Header.csv")) {
            _ = try built.records.write(to: directory, firstDay: Self.configuration.startDate)
        }
    }

    /// The validator's own sample UPN is H801200001001: 8·2 + 0·3 + 1·4 + 2·5 + 0·6 + 0·7 + 0·8 +
    /// 0·9 + 1·10 + 0·11 + 0·12 + 1·13 = 53 = 2·23 + 7, the eighth letter of ABCDEFGHJKLMNPQRTUVWXYZ
    /// (no I, O or S).
    @Test("the UPN check letter (DfE's modulus 23 over the twelve characters)", arguments: [
        ("801200001001", "H"), ("000000000000", "A"), ("000000000001", "P"),
    ])
    func checkLetter(body: String, letter: String) {
        #expect(DemoCareRecords.checkLetter(body) == letter)
    }

    @Test("sex is written 1/2 before 2024/25 and M/F from it, as the validator's rule 101 expects")
    func sexCodesByYear() throws {
        let built = try Self.built()
        let before = Set(built.records.headerTable(for: Self.year).rows.map { $0[1] })
        #expect(before.isSubset(of: ["1", "2"]))
        let after = Set(built.records.headerTable(for: CollectionYear(endingYear: 2025)!).rows.map { $0[1] })
        #expect(after.isSubset(of: ["M", "F"]))
    }
}
