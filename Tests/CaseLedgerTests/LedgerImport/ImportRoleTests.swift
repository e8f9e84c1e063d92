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

/// Issue 17, finding 1: imports obey roles. Once a worker is registered in CaseLedger, only a
/// registered data officer, or a team manager or above, in post may import, recorded in their
/// own role; and an import never changes a case opened by a referral in CaseLedger.
@Suite("import obeys roles and never changes a live case (CLI)", .serialized)
struct ImportRoleTests {
    /// A team, a head of service, a team manager, a social worker W1 and a live case C1 (referred,
    /// unallocated), built through `apply`.
    static let lines = """
        {"command":"registerTeam","teamId":"T1","name":"Duty","serviceArea":"dutyAndAssessment","actor":"HOS","actorRole":"headOfService","at":"2024-01-02"}
        {"command":"registerWorker","workerId":"HOS","teamId":"T1","role":"headOfService","startDate":"2015-01-05","isAgency":false,"isQualified":true,"fullTimeEquivalentPercent":100,"actor":"HOS","actorRole":"headOfService","at":"2024-01-02"}
        {"command":"registerWorker","workerId":"TM","teamId":"T1","role":"teamManager","startDate":"2015-01-05","isAgency":false,"isQualified":true,"fullTimeEquivalentPercent":100,"actor":"HOS","at":"2024-01-02"}
        {"command":"registerWorker","workerId":"W1","teamId":"T1","role":"socialWorker","startDate":"2019-01-07","isAgency":false,"isQualified":true,"fullTimeEquivalentPercent":100,"actor":"TM","at":"2024-01-02"}
        {"command":"refer","caseId":"C1","referralId":"R1","familyId":"F1","teamId":"T1","category":"childInNeed","flags":[],"source":"school","actor":"TM","at":"2024-03-01T09:00:00Z"}
        """

    static func makeStore(_ label: String) throws -> TemporaryDirectory {
        let directory = TemporaryDirectory(label)
        let result = try HardeningFixtures.run(directory, ["apply", "-"], input: lines)
        try #require(result.status == 0, "\(result.standardError)")
        return directory
    }

    /// The attack's file: one row allocating live case C1 to W1.
    static let selfAllocation = ImportFixtures.Row(id: "9001", person: "C1", worker: "W1", team: "T1", type: "CW",
                                                   start: "2024-03-02", end: "", reason: "")

    static func export(_ rows: [ImportFixtures.Row], in directory: TemporaryDirectory, name: String) throws -> String {
        try ImportFixtures.write(ImportFixtures.export(rows, preset: "ssd"), in: directory, name: name)
    }

    static func lastSegmentText(_ directory: TemporaryDirectory) throws -> String {
        let segment = try #require(try StoreFixtures.segments(directory.store).last)
        return String(decoding: try StoreFixtures.bytes(directory.store + "/" + segment), as: UTF8.self)
    }

    static func registerDataOfficer(_ directory: TemporaryDirectory, _ id: String = "DO1") throws {
        let result = try HardeningFixtures.run(directory, ["register-worker", "--worker", id, "--team", "T1", "--role", "dataOfficer",
                                                           "--start-date", "2024-01-02", "--actor", "TM", "--at", "2024-01-02"])
        try #require(result.status == 0, "\(result.standardError)")
    }

    @Test("the attack: a social worker allocating a live case to themselves through a one-row CSV is refused, log and holders unchanged")
    func socialWorkerSelfAllocation() throws {
        let directory = try Self.makeStore("roles-attack")
        let path = try Self.export([Self.selfAllocation], in: directory, name: "self.csv")
        let before = try HardeningFixtures.storeBytes(directory)
        let holdersBefore = try HardeningFixtures.run(directory, ["holders", "C1"])
        #expect(holdersBefore.status == 0 && !holdersBefore.standardOutput.contains("Primary: W1"))
        let result = try HardeningFixtures.run(directory, ["import", path, "--preset", "ssd", "--actor", "W1"])
        #expect(result.status == 65, "\(result.standardOutput) \(result.standardError)")
        #expect(result.standardError.contains("PERMISSION: --actor W1 is registered as social worker and may not import legacy history; a data officer, or a team manager or above, must"),
                "\(result.standardError)")
        #expect(result.standardError.contains("--role dataOfficer"), "\(result.standardError)")
        #expect(try HardeningFixtures.storeBytes(directory) == before)
        let holdersAfter = try HardeningFixtures.run(directory, ["holders", "C1"])
        #expect(holdersAfter.status == 0)
        #expect(!holdersAfter.standardOutput.contains("Primary: W1"), "\(holdersAfter.standardOutput)")
        #expect(!holdersAfter.standardOutput.contains("data officer"), "\(holdersAfter.standardOutput)")
        // A dry run by the same actor is refused the same way: it predicts the real run.
        let dry = try HardeningFixtures.run(directory, ["import", path, "--preset", "ssd", "--actor", "W1", "--dry-run"])
        #expect(dry.status == 65 && dry.standardError.contains("PERMISSION: --actor W1"), "\(dry.standardError)")
    }

    @Test("an unregistered --actor, or the default data-officer, is refused once workers are registered", arguments: [
        ["--actor", "NOBODY"], [],
    ])
    func unregisteredActor(actorArguments: [String]) throws {
        let directory = try Self.makeStore("roles-unregistered")
        let path = try Self.export(ImportFixtures.rows(holding: "CW"), in: directory, name: "legacy.csv")
        let before = try HardeningFixtures.storeBytes(directory)
        let result = try HardeningFixtures.run(directory, ["import", path, "--preset", "ssd"] + actorArguments)
        let id = actorArguments.last ?? "data-officer"
        #expect(result.status == 65, "\(result.standardOutput) \(result.standardError)")
        #expect(result.standardError.contains("PERMISSION: --actor \(id) is not a registered worker"), "\(result.standardError)")
        #expect(result.standardError.contains("caseledger register-worker --worker ID --team TEAM --role dataOfficer"), "\(result.standardError)")
        #expect(try HardeningFixtures.storeBytes(directory) == before)
    }

    @Test("a data officer registered with register-worker imports, and the events record them as a data officer")
    func registeredDataOfficer() throws {
        let directory = try Self.makeStore("roles-data-officer")
        try Self.registerDataOfficer(directory)
        let path = try Self.export(ImportFixtures.rows(holding: "CW"), in: directory, name: "legacy.csv")
        let result = try HardeningFixtures.run(directory, ["import", path, "--preset", "ssd", "--actor", "DO1"])
        #expect(result.status == 0, "\(result.standardOutput) \(result.standardError)")
        #expect(result.standardOutput.contains("appended sequences"))
        let text = try Self.lastSegmentText(directory)
        #expect(text.contains(#""actor":{"id":"DO1","role":"dataOfficer"}"#))
        #expect(try LedgerVerifier.verify(directory: directory.store).isIntact)
    }

    @Test("a manager imports, recorded in their own role, not as a data officer")
    func managerImports() throws {
        let directory = try Self.makeStore("roles-manager")
        let path = try Self.export(ImportFixtures.rows(holding: "CW"), in: directory, name: "legacy.csv")
        let result = try HardeningFixtures.run(directory, ["import", path, "--preset", "ssd", "--actor", "TM"])
        #expect(result.status == 0, "\(result.standardOutput) \(result.standardError)")
        let text = try Self.lastSegmentText(directory)
        #expect(text.contains(#""actor":{"id":"TM","role":"teamManager"}"#))
        #expect(!text.contains(#""actor":{"id":"TM","role":"dataOfficer"}"#))
    }

    @Test("a worker who has left may not import")
    func leaverRefused() throws {
        let directory = try Self.makeStore("roles-leaver")
        try Self.registerDataOfficer(directory)
        let left = try HardeningFixtures.run(directory, ["leave", "--worker", "DO1", "--last-working-date", "2024-06-30", "--actor", "TM", "--at", "2024-06-01"])
        try #require(left.status == 0, "\(left.standardError)")
        let path = try Self.export(ImportFixtures.rows(holding: "CW"), in: directory, name: "legacy.csv")
        let before = try HardeningFixtures.storeBytes(directory)
        let result = try HardeningFixtures.run(directory, ["import", path, "--preset", "ssd", "--actor", "DO1"])
        #expect(result.status == 65, "\(result.standardError)")
        #expect(result.standardError.contains("PERMISSION: --actor DO1 left the service after 2024-06-30"), "\(result.standardError)")
        #expect(try HardeningFixtures.storeBytes(directory) == before)
    }

    @Test("--authorised-by must name a registered manager once workers are registered")
    func authorisedByNonManager() throws {
        let directory = try Self.makeStore("roles-authoriser")
        try Self.registerDataOfficer(directory)
        let path = try Self.export(ImportFixtures.rows(holding: "CW"), in: directory, name: "legacy.csv")
        let before = try HardeningFixtures.storeBytes(directory)
        let result = try HardeningFixtures.run(directory, ["import", path, "--preset", "ssd", "--actor", "DO1", "--authorised-by", "W1"])
        #expect(result.status == 65, "\(result.standardError)")
        #expect(result.standardError.contains("PERMISSION: --authorised-by W1 is registered as social worker, not a manager"), "\(result.standardError)")
        #expect(try HardeningFixtures.storeBytes(directory) == before)
        let managed = try HardeningFixtures.run(directory, ["import", path, "--preset", "ssd", "--actor", "DO1", "--authorised-by", "TM"])
        #expect(managed.status == 0, "\(managed.standardError)")
    }

    @Test("rows naming a live case are reported and not appended; the other rows of the file load")
    func liveCaseRowsNotAppended() throws {
        let directory = try Self.makeStore("roles-live")
        try Self.registerDataOfficer(directory)
        let rows = ImportFixtures.rows(holding: "CW") + [Self.selfAllocation]
        let path = try Self.export(rows, in: directory, name: "mixed.csv")
        let report = directory.path + "/rows.csv"
        let result = try HardeningFixtures.run(directory, ["import", path, "--preset", "ssd", "--actor", "DO1", "--report", report])
        #expect(result.status == 0, "\(result.standardOutput) \(result.standardError)")
        #expect(result.standardOutput.contains("new 9, changed 0, unchanged 0, rejected 0"), "\(result.standardOutput)")
        #expect(result.standardOutput.contains("not appended: 1 row names a case opened by a referral in CaseLedger"), "\(result.standardOutput)")
        #expect(result.standardOutput.contains("live-case: 1 (case opened by a referral in CaseLedger (live): row not appended)"), "\(result.standardOutput)")
        let lines = try CSVReader.records(in: String(decoding: try StoreFixtures.bytes(report), as: UTF8.self))
        let live = lines.filter { $0.count == 6 && $0[3] == "live-case" }
        #expect(live.map(\.[1]) == ["9001"])
        #expect(live.first?[5].contains("case C1 was opened by a referral recorded in CaseLedger") == true)
        let text = try Self.lastSegmentText(directory)
        #expect(text.contains("involvement 1,"), "the other rows' events are in the log")
        #expect(!text.contains("involvement 9001"), "no event carries the live-case row")
        let holders = try HardeningFixtures.run(directory, ["holders", "C1"])
        #expect(!holders.standardOutput.contains("Primary: W1"), "\(holders.standardOutput)")
        let legacy = try HardeningFixtures.run(directory, ["holders", "P1"])
        #expect(legacy.standardOutput.contains("Primary: W2"), "\(legacy.standardOutput)")
        #expect(try LedgerVerifier.verify(directory: directory.store).isIntact)
    }

    @Test("a fresh ledger with no registered worker is backfilled as before, export after export, by any id")
    func freshLedgerBackfill() throws {
        let directory = TemporaryDirectory("roles-fresh")
        let first = try Self.export(ImportFixtures.rows(holding: "CW"), in: directory, name: "first.csv")
        let result = try HardeningFixtures.run(directory, ["import", first, "--preset", "ssd", "--actor", "anyone"])
        #expect(result.status == 0, "\(result.standardError)")
        #expect(try Self.lastSegmentText(directory).contains(#""actor":{"id":"anyone","role":"dataOfficer"}"#))
        // The first export registered legacy workers; they are caseload holders, not people given
        // access, so the backfill goes on with the default actor.
        var rows = ImportFixtures.rows(holding: "CW")
        rows.append(ImportFixtures.Row(id: "10", person: "P4", worker: "W1", team: "T1", type: "CW", start: "2024-04-01", end: "", reason: ""))
        let second = try Self.export(rows, in: directory, name: "second.csv")
        let again = try HardeningFixtures.run(directory, ["import", second, "--preset", "ssd"])
        #expect(again.status == 0, "\(again.standardError)")
        #expect(again.standardOutput.contains("new 1, changed 0, unchanged 9"), "\(again.standardOutput)")
    }

    @Test("a correction of imported history on a case later referred in CaseLedger still goes through; a new row on it does not")
    func correctionOfLiveCase() throws {
        let directory = TemporaryDirectory("roles-correction")
        let first = try Self.export(ImportFixtures.rows(holding: "CW"), in: directory, name: "first.csv")
        #expect(try HardeningFixtures.run(directory, ["import", first, "--preset", "ssd"]).status == 0)
        // Go-live: a team and managers registered by commands, and legacy case P1 referred here.
        let goLive = """
            {"command":"registerTeam","teamId":"TX","name":"Duty","serviceArea":"dutyAndAssessment","actor":"HOSX","actorRole":"headOfService","at":"2024-05-01"}
            {"command":"registerWorker","workerId":"HOSX","teamId":"TX","role":"headOfService","startDate":"2015-01-05","isAgency":false,"isQualified":true,"fullTimeEquivalentPercent":100,"actor":"HOSX","actorRole":"headOfService","at":"2024-05-01"}
            {"command":"registerWorker","workerId":"TMX","teamId":"TX","role":"teamManager","startDate":"2015-01-05","isAgency":false,"isQualified":true,"fullTimeEquivalentPercent":100,"actor":"HOSX","at":"2024-05-01"}
            {"command":"refer","caseId":"P1","referralId":"R9","familyId":"F9","teamId":"TX","category":"childInNeed","flags":[],"source":"school","actor":"TMX","at":"2024-05-02T09:00:00Z"}
            """
        let applied = try HardeningFixtures.run(directory, ["apply", "-"], input: goLive)
        try #require(applied.status == 0, "\(applied.standardError)")
        var rows = ImportFixtures.rows(holding: "CW")
        rows[1].end = "2024-04-30"  // P1's second involvement now ended: a correction of imported history
        rows.append(ImportFixtures.Row(id: "11", person: "P1", worker: "W3", team: "T1", type: "CW", start: "2024-05-03", end: "", reason: ""))
        let second = try Self.export(rows, in: directory, name: "second.csv")
        let refused = try HardeningFixtures.run(directory, ["import", second, "--preset", "ssd"])
        #expect(refused.status == 65 && refused.standardError.contains("PERMISSION: --actor data-officer is not a registered worker"),
                "\(refused.standardError)")
        let result = try HardeningFixtures.run(directory, ["import", second, "--preset", "ssd", "--actor", "TMX"])
        #expect(result.status == 0, "\(result.standardOutput) \(result.standardError)")
        #expect(result.standardOutput.contains("new 0, changed 1, unchanged 8"), "\(result.standardOutput)")
        #expect(result.standardOutput.contains("live-case: 1"), "\(result.standardOutput)")
        #expect(result.standardOutput.contains("EntryRetracted: 1"), "\(result.standardOutput)")
        let text = try Self.lastSegmentText(directory)
        #expect(text.contains(#""authorisingManagerId":"TMX""#))
    }
}
