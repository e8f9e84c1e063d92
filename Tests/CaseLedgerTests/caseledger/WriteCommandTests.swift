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

/// The write subcommands and `apply`, run as the built binary against a real store.
@Suite("write commands and apply", .serialized)
struct WriteCommandTests {
    static let names = ["register-team", "register-worker", "change-role", "move-team", "absence", "leave", "adopt-policy",
                        "refer", "decide", "change-category", "assess-risk", "reopen", "allocate", "co-allocate",
                        "deallocate", "transfer", "request-closure", "close", "discuss", "oversee", "note", "monitor",
                        "letter", "review", "escalate", "workload-concern", "retract", "apply"]

    static func run(_ store: String, _ arguments: [String], input: String? = nil) throws -> ChildProcess.Result {
        try ChildProcess.run("caseledger", arguments + ["--store", store], input: input)
    }

    @Test("every write subcommand has --help, listing --wait", arguments: names + ["import", "generate"])
    func help(name: String) throws {
        let result = try ChildProcess.run("caseledger", [name, "--help"])
        #expect(result.status == 0)
        #expect(result.standardOutput.contains("usage: caseledger \(name)"))
        #expect(result.standardOutput.contains("--wait SECONDS"))
    }

    @Test("a bad option is a usage error naming it", arguments: names)
    func badOption(name: String) throws {
        let directory = TemporaryDirectory("write")
        let result = try Self.run(directory.store, [name, "--no-such-option", "x"])
        #expect(result.status == 64)
        #expect(result.standardError.contains("--no-such-option"))
    }

    @Test("a missing required option is a usage error naming it; nothing is created")
    func missingRequired() throws {
        let directory = TemporaryDirectory("write")
        let result = try Self.run(directory.store, ["allocate", "--case", "C1", "--actor", "TM1"])
        #expect(result.status == 64)
        #expect(result.standardError.contains("missing --worker"))
        let date = try Self.run(directory.store, ["absence", "--worker", "W1", "--absence", "A1", "--kind", "annualLeave",
                                                  "--from", "14/13/2024", "--actor", "TM1"])
        #expect(date.status == 64)
        #expect(date.standardError.contains("--from"))
    }

    /// One practice cycle through every write subcommand, each appending and printing its sequence numbers.
    @Test("a whole practice cycle through every write subcommand")
    func practiceCycle() throws {
        let directory = TemporaryDirectory("cycle")
        let store = directory.store
        let policyPath = directory.path + "/policy.json"
        try Data(Policy.children.canonicalJSON()).write(to: URL(fileURLWithPath: policyPath))
        let steps: [[String]] = [
            ["register-team", "--team", "T1", "--name", "Safeguarding", "--service-area", "safeguarding", "--actor", "HOS", "--actor-role", "headOfService", "--at", "2024-01-02"],
            ["register-team", "--team", "T2", "--name", "Children in Care", "--service-area", "childrenInCare", "--actor", "HOS", "--actor-role", "headOfService", "--at", "2024-01-02"],
            ["register-worker", "--worker", "HOS", "--team", "T1", "--role", "headOfService", "--start-date", "2015-01-05", "--qualified", "--actor", "HOS", "--actor-role", "headOfService", "--at", "2024-01-02"],
            ["register-worker", "--worker", "SM", "--team", "T1", "--role", "serviceManager", "--start-date", "2016-01-05", "--qualified", "--actor", "HOS", "--at", "2024-01-02"],
            ["register-worker", "--worker", "TM", "--team", "T1", "--role", "teamManager", "--start-date", "2018-01-05", "--qualified", "--actor", "HOS", "--at", "2024-01-02"],
            ["register-worker", "--worker", "W1", "--team", "T1", "--role", "socialWorker", "--start-date", "2020-01-06", "--qualified", "--actor", "TM", "--at", "2024-01-02"],
            ["register-worker", "--worker", "W2", "--team", "T1", "--role", "asye", "--start-date", "2023-01-09", "--qualified", "--actor", "TM", "--at", "2024-01-02"],
            ["register-worker", "--worker", "S1", "--team", "T1", "--role", "student", "--start-date", "2024-01-08", "--actor", "TM", "--at", "2024-01-02"],
            ["adopt-policy", "--file", policyPath, "--effective-from", "2024-01-01", "--actor", "HOS", "--at", "2024-01-02"],
            ["change-role", "--worker", "W2", "--role", "socialWorker", "--qualified", "--actor", "TM", "--at", "2024-01-15"],
            ["move-team", "--worker", "S1", "--team", "T2", "--actor", "TM", "--at", "2024-01-16"],
            ["move-team", "--worker", "S1", "--team", "T1", "--actor", "TM", "--at", "2024-01-17"],
            ["absence", "--worker", "W1", "--absence", "AL1", "--kind", "annualLeave", "--from", "2024-06-03", "--to", "2024-06-07", "--actor", "TM", "--at", "2024-02-01"],
            ["refer", "--case", "C1", "--referral", "R1", "--family", "F1", "--team", "T1", "--category", "childInNeed", "--source", "school", "--risk", "moderate", "--actor", "TM", "--at", "2024-03-01T09:00"],
            ["decide", "--case", "C1", "--outcome", "socialWorkAssessment", "--rationale", "neglect concerns", "--actor", "TM", "--at", "2024-03-01T11:00"],
            ["assess-risk", "--case", "C1", "--risk", "high", "--rationale", "new information from school", "--actor", "TM", "--at", "2024-03-01T12:00"],
            ["allocate", "--case", "C1", "--worker", "W1", "--reason", "newReferral", "--rationale", "capacity and experience", "--factors", "caseload,experience", "--task", "2024-03-05:Visit the child at home", "--discussed", "--actor", "TM", "--at", "2024-03-01T15:00"],
            ["discuss", "--case", "C1", "--worker", "W1", "--notes", "agreed first visit", "--task", "2024-03-05:Visit", "--actor", "TM", "--at", "2024-03-01T15:30"],
            ["co-allocate", "--case", "C1", "--worker", "S1", "--reason", "newReferral", "--rationale", "student learning", "--task", "2024-03-10:Shadow visit", "--actor", "TM", "--at", "2024-03-02"],
            ["note", "--case", "C1", "--text", "Visited; child seen alone.", "--actor", "W1", "--at", "2024-03-05"],
            ["oversee", "--case", "C1", "--summary", "open since March", "--working-well", "engagement", "--worried-about", "school attendance", "--needs-to-happen", "assessment", "--voice-of-child", "wants to stay at home", "--expectations", "visit weekly", "--actor", "TM", "--at", "2024-03-08"],
            ["change-category", "--case", "C1", "--category", "childProtection", "--flags", "section47", "--reason", "strategy meeting", "--actor", "TM", "--at", "2024-03-12"],
            ["transfer", "--case", "C1", "--to-worker", "W2", "--reason", "caseloadManagement", "--rationale", "W1 on leave in June", "--task", "2024-03-20:Introductory visit", "--discussed", "--work-done", "assessment", "--outstanding-work", "CP plan", "--responsibility", "W2", "--actor", "TM", "--at", "2024-03-15"],
            ["workload-concern", "--scope", "individual", "--worker", "W2", "--concern", "rising caseload", "--actor", "W2", "--at", "2024-03-18"],
            ["refer", "--case", "C2", "--referral", "R2", "--family", "F2", "--team", "T1", "--category", "childInNeed", "--source", "health", "--actor", "TM", "--at", "2024-04-01T09:00"],
            ["decide", "--case", "C2", "--outcome", "socialWorkAssessment", "--rationale", "assess", "--actor", "TM", "--at", "2024-04-01T10:00"],
            ["monitor", "--case", "C2", "--plan", "duty checks", "--visiting", "weekly", "--child-last-seen", "2024-04-01", "--actor", "TM", "--at", "2024-04-08"],
            ["letter", "--case", "C2", "--recipients", "family,school", "--sent-on", "2024-04-05", "--team-contact", "--actor", "TM", "--at", "2024-04-05"],
            ["review", "--case", "C2", "--outcome", "still awaiting allocation", "--next-due", "2024-05-13", "--actor", "TM", "--at", "2024-04-29"],
            ["escalate", "--case", "C2", "--level", "serviceManager", "--to", "SM", "--reason", "four weeks unallocated", "--actor", "TM", "--at", "2024-04-29"],
            ["request-closure", "--case", "C2", "--work-done", "checks", "--outstanding-work", "none", "--responsibility", "universal services", "--actor", "W1", "--at", "2024-05-01"],
            ["close", "--case", "C2", "--work-done", "checks", "--outstanding-work", "none", "--responsibility", "universal services", "--authorised-by", "TM", "--evidence", "needs met by early help", "--actor", "TM", "--at", "2024-05-02"],
            ["reopen", "--case", "C2", "--referral", "R3", "--reason", "new concerns", "--actor", "TM", "--at", "2024-05-20"],
            ["note", "--case", "C2", "--text", "recorded on the wrong case", "--actor", "W1", "--at", "2024-05-21"],
            ["leave", "--worker", "W1", "--last-working-date", "2024-09-30", "--reason", "moving away", "--actor", "TM", "--at", "2024-07-01"],
        ]
        for step in steps {
            let result = try Self.run(store, step)
            #expect(result.status == 0, "\(step[0]): \(result.standardError)")
            #expect(result.standardOutput.hasPrefix("appended "), "\(step[0]): \(result.standardOutput)")
        }
        // Retract the last note by its sequence number, printed by the command that appended it.
        let head = try #require(LedgerDigest(text: try Self.run(store, ["digest"]).standardOutput
            .trimmingCharacters(in: .whitespacesAndNewlines)))
        let retract = try Self.run(store, ["retract", "--sequence", String(head.sequence - 1), "--reason", "wrong case",
                                           "--authorised-by", "TM", "--actor", "TM", "--at", "2024-05-22"])
        #expect(retract.status == 0, "\(retract.standardError)")
        // Deallocate the co-worker, then check the log.
        let deallocate = try Self.run(store, ["deallocate", "--case", "C1", "--worker", "S1", "--reason", "other",
                                              "--rationale", "placement ended", "--actor", "TM", "--at", "2024-06-28"])
        #expect(deallocate.status == 0, "\(deallocate.standardError)")
        let types = Set(try LedgerReader(directory: store).readAll().map(\.envelope.type))
        for type in ["TeamRegistered", "WorkerRegistered", "WorkerRoleChanged", "WorkerMovedTeam", "WorkerAbsenceRecorded",
                     "WorkerLeft", "PolicyAdopted", "ReferralReceived", "ReferralDecisionRecorded", "CaseCategoryChanged",
                     "RiskLevelAssessed", "CaseAllocated", "CaseCoAllocated", "CaseDeallocated", "CaseTransferred",
                     "CaseClosureRequested", "CaseClosed", "CaseReopened", "AllocationDiscussionRecorded",
                     "OversightRecorded", "CaseNoteRecorded", "UnallocatedMonitoringRecorded", "FamilyLetterSent",
                     "UnallocatedReviewRecorded", "EscalationRecorded", "WorkloadConcernRaised", "EntryRetracted"] {
            #expect(types.contains(type), "\(type) missing")
        }
        #expect(try LedgerVerifier.verify(directory: store).isIntact)
    }

    @Test("a refused command exits 65 naming the rule, and the log is byte-for-byte unchanged")
    func refusalLeavesLogUnchanged() throws {
        let directory = TemporaryDirectory("refuse")
        let store = directory.store
        let setup = """
            {"command":"registerTeam","teamId":"T1","name":"Duty","serviceArea":"dutyAndAssessment","actor":"HOS","actorRole":"headOfService","at":"2024-01-02"}
            {"command":"registerWorker","workerId":"HOS","teamId":"T1","role":"headOfService","startDate":"2015-01-05","isAgency":false,"isQualified":true,"fullTimeEquivalentPercent":100,"actor":"HOS","actorRole":"headOfService","at":"2024-01-02"}
            {"command":"registerWorker","workerId":"TM","teamId":"T1","role":"teamManager","startDate":"2015-01-05","isAgency":false,"isQualified":true,"fullTimeEquivalentPercent":100,"actor":"HOS","at":"2024-01-02"}
            {"command":"registerWorker","workerId":"AG","teamId":"T1","role":"socialWorker","startDate":"2020-01-06","isAgency":true,"isQualified":true,"fullTimeEquivalentPercent":100,"actor":"TM","at":"2024-01-02"}
            {"command":"refer","caseId":"C1","referralId":"R1","familyId":"F1","teamId":"T1","category":"childInCare","flags":[],"source":"police","actor":"TM","at":"2024-02-01T09:00:00Z"}
            """
        let applied = try Self.run(store, ["apply", "-"], input: setup)
        try #require(applied.status == 0, "\(applied.standardError)")
        #expect(applied.status == 0, "\(applied.standardError)")
        #expect(applied.standardOutput.hasPrefix("appended 1-5"))
        let segment = store + "/" + (try StoreFixtures.segments(store)[0])
        let before = try StoreFixtures.bytes(segment)
        let refused = try Self.run(store, ["allocate", "--case", "C1", "--worker", "AG", "--reason", "newReferral", "--rationale", "r",
                                           "--task", "2024-02-05:Visit", "--actor", "TM", "--at", "2024-02-01T12:00"])
        #expect(refused.status == 65)
        #expect(refused.standardError.contains("AGENCY-COURT-CIC"), "\(refused.standardError)")
        // A malformed apply file names the line and field and appends nothing.
        let malformed = try Self.run(store, ["apply", "-"], input: """
            {"command":"recordCaseNote","caseId":"C1","text":"ok","actor":"TM","at":"2024-02-02"}
            {"command":"recordCaseNote","caseId":"C1","actor":"TM","at":"2024-02-02"}
            """)
        #expect(malformed.status == 65)
        #expect(malformed.standardError.contains("line 2"))
        #expect(malformed.standardError.contains("text"))
        let notJSON = try Self.run(store, ["apply", "-"], input: "{\"command\":\"recordCaseNote\",\"caseId\":\"C1\",\"text\":\"ok\",\"actor\":\"TM\"}\nnot json\n")
        #expect(notJSON.status == 65)
        #expect(notJSON.standardError.contains("line 2"))
        // A refusal on a later line of an apply file appends none of the earlier lines.
        let refusedLine = try Self.run(store, ["apply", "-"], input: """
            {"command":"recordCaseNote","caseId":"C1","text":"ok","actor":"TM","at":"2024-02-02"}
            {"command":"allocate","caseId":"C1","workerId":"AG","reason":"newReferral","rationale":"r","tasks":[{"description":"Visit","dueDate":"2024-02-05"}],"discussedWithWorker":true,"actor":"TM","at":"2024-02-02"}
            """)
        #expect(refusedLine.status == 65)
        #expect(refusedLine.standardError.contains("line 2: refused: AGENCY-COURT-CIC"), "\(refusedLine.standardError)")
        #expect(try StoreFixtures.bytes(segment) == before)
    }
}
