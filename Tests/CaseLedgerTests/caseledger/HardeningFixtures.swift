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

/// A small ledger built through `apply` by the real binary, for the issue-17 hardening tests: a
/// team, a manager, a worker and one allocated case whose note holds terminal control codes.
enum HardeningFixtures {
    /// ESC [2J (clear screen), a carriage return and a forged line, as a note's text (JSON-escaped).
    static let hostileNote = #"ok\u001b[2J\rPrimary: W666 (forged)\nsecond line\u009b"#

    static let lines = """
        {"command":"registerTeam","teamId":"T1","name":"Duty","serviceArea":"dutyAndAssessment","actor":"HOS","actorRole":"headOfService","at":"2024-01-02"}
        {"command":"registerWorker","workerId":"HOS","teamId":"T1","role":"headOfService","startDate":"2015-01-05","isAgency":false,"isQualified":true,"fullTimeEquivalentPercent":100,"actor":"HOS","actorRole":"headOfService","at":"2024-01-02"}
        {"command":"registerWorker","workerId":"TM","teamId":"T1","role":"teamManager","startDate":"2015-01-05","isAgency":false,"isQualified":true,"fullTimeEquivalentPercent":100,"actor":"HOS","at":"2024-01-02"}
        {"command":"registerWorker","workerId":"W1","teamId":"T1","role":"socialWorker","startDate":"2019-01-07","isAgency":false,"isQualified":true,"fullTimeEquivalentPercent":100,"actor":"TM","at":"2024-01-02"}
        {"command":"refer","caseId":"C1","referralId":"R1","familyId":"F1","teamId":"T1","category":"childInNeed","flags":[],"source":"school","actor":"TM","at":"2024-03-01T09:00:00Z"}
        {"command":"recordReferralDecision","caseId":"C1","outcome":"socialWorkAssessment","rationale":"assess","actor":"TM","at":"2024-03-01T10:00:00Z"}
        {"command":"allocate","caseId":"C1","workerId":"W1","reason":"newReferral","rationale":"capacity","tasks":[{"description":"Visit","dueDate":"2024-03-05"}],"discussedWithWorker":true,"actor":"TM","at":"2024-03-01T11:00:00Z"}
        {"command":"recordCaseNote","caseId":"C1","text":"\(hostileNote)","actor":"W1","at":"2024-03-02T11:00:00Z"}
        """

    static func makeStore(_ label: String = "harden") throws -> TemporaryDirectory {
        let directory = TemporaryDirectory(label)
        let result = try ChildProcess.run("caseledger", ["apply", "-", "--store", directory.store], input: lines)
        try #require(result.status == 0, "\(result.standardError)")
        return directory
    }

    /// Runs the binary with the store and snapshots of `directory`, in `directory`.
    static func run(_ directory: TemporaryDirectory, _ arguments: [String], input: String? = nil) throws -> ChildProcess.Result {
        try ChildProcess.run("caseledger", arguments + ["--store", directory.store, "--snapshots", directory.path + "/snapshots"],
                             input: input, currentDirectory: directory.path)
    }

    /// Every byte of every file in the store, by name: compared before and after a refusal.
    static func storeBytes(_ directory: TemporaryDirectory) throws -> [String: [UInt8]] {
        var result: [String: [UInt8]] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: directory.store) where name != "LOCK" {
            result[name] = try StoreFixtures.bytes(directory.store + "/" + name)
        }
        return result
    }

    static func mode(_ path: String) throws -> Int {
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        return (attributes[.posixPermissions] as? Int ?? -1) & 0o777
    }

    static func firstSegment(_ directory: TemporaryDirectory) throws -> String {
        try #require(try StoreFixtures.segments(directory.store).first)
    }
}
