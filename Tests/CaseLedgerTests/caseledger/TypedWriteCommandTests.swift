import Foundation
import Testing
@testable import LedgerSupport
@testable import LedgerEvents
@testable import LedgerDomain
@testable import caseledger

/// Issue 16 item 3: each write subcommand builds its ``DomainCommand`` straight from the parsed
/// options, and for every option set gives what the JSON route gave (``LegacyWriteCommandRoute``):
/// the same command value, or the same exit code and message, naming the same option.
@Suite("typed write commands")
struct TypedWriteCommandTests {
    /// A policy file the `adopt-policy` rows name as `{policy}`.
    static let policyPath: String = {
        let path = NSTemporaryDirectory() + "typed-write-policy-\(ProcessInfo.processInfo.processIdentifier).json"
        FileManager.default.createFile(atPath: path, contents: Data(Policy.children.canonicalJSON()))
        return path
    }()

    /// Option sets for every write subcommand: complete, minimal, and each kind of mistake.
    static let optionSets: [[String]] = [
        ["register-team", "--team", "T1", "--name", "Duty", "--service-area", "safeguarding", "--manager", "TM"],
        ["register-team", "--team", "T1", "--name", "Duty", "--service-area", "moon"],
        ["register-team", "--team", "T/1", "--name", "Duty", "--service-area", "moon"],
        ["register-team", "--name", "Duty"],
        ["register-worker", "--worker", "W1", "--team", "T1", "--role", "asye", "--start-date", "2024-01-08", "--qualified", "--agency", "--fte-percent", "80"],
        ["register-worker", "--worker", "W1", "--team", "T1", "--role", "socialWorker", "--start-date", "8/1/2024"],
        ["register-worker", "--worker", "W1", "--team", "T1", "--role", "wizard", "--start-date", "2024-01-08"],
        ["register-worker", "--worker", "W1", "--team", "T1", "--role", "asye", "--start-date", "2024-13-08"],
        ["register-worker", "--worker", "W1", "--team", "T1", "--role", "asye", "--start-date", "2024-01-08", "--fte-percent", "half"],
        ["change-role", "--worker", "W1", "--role", "socialWorker"],
        ["change-role", "--worker", "W1", "--role", "socialWorker", "--qualified", "--effective-date", "2024-02-01"],
        ["change-role", "--worker", "..", "--role", "nobody"],
        ["move-team", "--worker", "W1", "--team", "T2"],
        ["move-team", "--worker", "W1", "--team", ""],
        ["absence", "--worker", "W1", "--absence", "A1", "--kind", "sickness", "--from", "2024-03-04", "--to", "2024-03-08", "--notified-at", "2024-03-04T08:15"],
        ["absence", "--worker", "W1", "--absence", "A1", "--kind", "annualLeave", "--from", "2024-03-04", "--notified-at", "2024-03-04T08:15:30.250+01:00"],
        ["absence", "--worker", "W1", "--absence", "A1", "--kind", "holiday", "--from", "2024-03-04", "--notified-at", "yesterday"],
        ["leave", "--worker", "W1", "--last-working-date", "2024-09-30", "--reason", "moving away"],
        ["leave", "--worker", "W1"],
        ["adopt-policy", "--file", "{policy}", "--effective-from", "2024-01-01"],
        ["adopt-policy", "--file", "/nonexistent/policy.json", "--effective-from", "2024-01-01"],
        ["adopt-policy", "--file", "{policy}", "--effective-from", "soon"],
        ["refer", "--case", "C1", "--referral", "R1", "--family", "F1", "--team", "T1", "--category", "childInNeed", "--source", "school",
         "--service-area", "safeguarding", "--flags", "section47, courtProceedings,", "--risk", "high"],
        ["refer", "--case", "C1", "--referral", "R1", "--family", "F1", "--team", "T1", "--category", "childInNeed", "--source", "school"],
        ["refer", "--case", "C1", "--referral", "R1", "--family", "F1", "--team", "T1", "--category", "childInNeed", "--source", "owl", "--flags", "secret"],
        ["refer", "--case", "C1", "--referral", "R1", "--family", "F1", "--team", "T1", "--category", "adult", "--source", "owl", "--risk", "extreme"],
        ["refer", "--case", "C 1", "--referral", "R/1", "--family", "F1", "--team", "T1", "--category", "childInNeed", "--source", "school"],
        ["decide", "--case", "C1", "--outcome", "earlyHelp", "--rationale", "support", "--referral", "R1"],
        ["decide", "--case", "C1", "--outcome", "ignore", "--rationale", "support"],
        ["change-category", "--case", "C1", "--category", "childProtection", "--flags", "section47", "--reason", "strategy"],
        ["change-category", "--case", "C1", "--category", "childProtection", "--reason", "strategy"],
        ["change-category", "--case", "C1", "--category", "childProtection", "--flags", "", "--reason", "strategy"],
        ["change-category", "--case", "C1", "--category", "childProtection", "--flags", "section47,secret", "--reason", "strategy"],
        ["assess-risk", "--case", "C1", "--risk", "moderate", "--rationale", "school"],
        ["assess-risk", "--case", "C1", "--risk", "Moderate", "--rationale", "school"],
        ["reopen", "--case", "C1", "--referral", "R2", "--reason", "new concerns"],
        ["reopen", "--case", "C1", "--referral", "R..2"],
        ["allocate", "--case", "C1", "--worker", "W1", "--reason", "newReferral", "--rationale", "capacity", "--factors", "caseload,experience",
         "--task", "2024-03-05:Visit the child at home", "--task", "2024-03-09:Call school: attendance", "--discussed",
         "--justify", "CAP=sibling of a child W1 holds", "--justify", "LEAVE-SOON=back before the visit"],
        ["allocate", "--case", "C1", "--worker", "W1", "--reason", "newReferral"],
        ["allocate", "--case", "C1", "--worker", "W1", "--reason", "because"],
        ["allocate", "--case", "C1", "--worker", "W1", "--reason", "newReferral", "--factors", "caseload,luck"],
        ["allocate", "--case", "C1", "--worker", "W1", "--reason", "newReferral", "--task", "tomorrow:visit"],
        ["allocate", "--case", "C1", "--worker", "W1", "--reason", "newReferral", "--task", "no date"],
        ["allocate", "--case", "C1", "--worker", "W1", "--reason", "newReferral", "--justify", "NOPE=x"],
        ["allocate", "--case", "C1", "--worker", "W1", "--reason", "newReferral", "--justify", "CAP"],
        ["allocate", "--case", "-rf", "--worker", ".W", "--reason", "because"],
        ["allocate", "--case", "C1"],
        ["co-allocate", "--case", "C1", "--worker", "S1", "--reason", "newReferral", "--rationale", "learning", "--task", "2024-03-10:Shadow visit"],
        ["co-allocate", "--case", "C1", "--worker", "S1", "--reason", "other", "--factors", "skills,moon"],
        ["deallocate", "--case", "C1", "--worker", "S1", "--reason", "other", "--rationale", "placement ended", "--justify", "STATUTORY-ALLOCATED=court"],
        ["deallocate", "--case", "C1", "--worker", "S1", "--reason", "bored"],
        ["transfer", "--case", "C1", "--to-worker", "W2", "--to-team", "T2", "--reason", "caseloadManagement", "--rationale", "leave",
         "--factors", "continuity", "--task", "2024-03-20:Introductory visit", "--discussed", "--work-done", "assessment",
         "--outstanding-work", "CP plan", "--responsibility", "W2", "--justify", "CAP=temporary"],
        ["transfer", "--case", "C1", "--reason", "restructure"],
        ["transfer", "--case", "C1", "--reason", "restructure", "--work-done", "assessment"],
        ["transfer", "--case", "C1", "--reason", "restructure", "--work-done", "assessment", "--outstanding-work", "plan"],
        ["transfer", "--case", "C1", "--reason", "whim", "--work-done", "assessment"],
        ["transfer", "--case", "C1", "--reason", "restructure", "--responsibility", "W2", "--factors", "moon"],
        ["request-closure", "--case", "C1", "--work-done", "checks", "--outstanding-work", "none", "--responsibility", "universal services"],
        ["request-closure", "--case", "C1"],
        ["request-closure", "--case", "C1", "--outstanding-work", "none"],
        ["close", "--case", "C1", "--work-done", "checks", "--outstanding-work", "none", "--responsibility", "universal", "--authorised-by", "TM",
         "--evidence", "needs met", "--continuing-support", "early help", "--justify", "CLOSURE-AUTHORISED=absent manager"],
        ["close", "--case", "C1"],
        ["close", "--case", "C1", "--authorised-by", "T M"],
        ["discuss", "--case", "C1", "--worker", "W1", "--notes", "first visit", "--discussed-at", "2024-03-01T15:30", "--task", "2024-03-05:Visit"],
        ["discuss", "--case", "C1", "--worker", "W1", "--notes", ""],
        ["discuss", "--case", "C1", "--worker", "W1"],
        ["oversee", "--case", "C1", "--summary", "s", "--working-well", "w", "--worried-about", "a", "--needs-to-happen", "n",
         "--voice-of-child", "v", "--expectations", "e", "--risk-assessment", "fire", "--risk-assessment", "water", "--next-due", "2024-04-01"],
        ["oversee", "--case", "C1", "--summary", "s", "--working-well", "w", "--worried-about", "a", "--needs-to-happen", "n",
         "--voice-of-child", "v", "--expectations", "e"],
        ["oversee", "--case", "C1", "--summary", "s"],
        ["note", "--case", "C1", "--text", "Visited; child seen alone.", "--kind", "supervision"],
        ["note", "--case", "C1", "--text", "Visited"],
        ["note", "--case", "C1", "--text", "Visited", "--kind", "diary"],
        ["monitor", "--case", "C1", "--plan", "duty checks", "--visiting", "weekly", "--visiting-detail", "Mondays",
         "--child-last-seen", "2024-04-01", "--partner-monitoring", "school"],
        ["monitor", "--case", "C1", "--plan", "duty checks", "--visiting", "hourly"],
        ["letter", "--case", "C1", "--recipients", "family,school", "--sent-on", "2024-04-05", "--team-contact", "--visiting-arrangements"],
        ["letter", "--case", "C1", "--recipients", "", "--sent-on", "2024-04-05"],
        ["letter", "--case", "C1", "--recipients", "family,press", "--sent-on", "2024-04-05"],
        ["review", "--case", "C1", "--outcome", "keep monitoring", "--next-due", "2024-05-13"],
        ["review", "--case", "C1", "--outcome", "keep monitoring", "--next-due", "13/05/2024"],
        ["review", "--case", "C1", "--outcome", "keep monitoring", "--next-due", "2024-02-30"],
        ["escalate", "--case", "C1", "--level", "serviceManager", "--to", "SM", "--reason", "four weeks"],
        ["escalate", "--case", "C1", "--level", "mayor", "--to", "SM/1", "--reason", "four weeks"],
        ["workload-concern", "--scope", "individual", "--worker", "W2", "--concern", "rising caseload", "--review-due", "2024-04-01"],
        ["workload-concern", "--scope", "team", "--team", "T1", "--concern", "vacancies"],
        ["workload-concern", "--scope", "galaxy", "--concern", "vacancies"],
        ["retract", "--sequence", "41", "--reason", "wrong case", "--authorised-by", "TM"],
        ["retract", "--sequence", "forty", "--reason", "wrong case"],
        ["retract", "--reason", "wrong case"],
    ]

    static func specification(_ name: String) throws -> WriteCommands.Specification {
        try #require(WriteCommands.specifications.first { $0.name == name }, "no write subcommand \(name)")
    }

    static func parse(_ optionSet: [String]) throws -> (WriteCommands.Specification, ParsedArguments) {
        let specification = try specification(optionSet[0])
        let subcommand = try #require(WriteCommands.all.first { $0.specification.name == optionSet[0] })
        let arguments = optionSet.dropFirst().map { $0 == "{policy}" ? policyPath : $0 }
        return (specification, try ArgumentParser.parse(arguments, command: subcommand.specification, globalOptions: []))
    }

    static func typedOutcome(_ specification: WriteCommands.Specification, _ arguments: ParsedArguments) -> LegacyWriteCommandRoute.Outcome {
        do { return .command(try WriteCommands.command(specification, arguments)) } catch {
            return LegacyWriteCommandRoute.stopped(error)
        }
    }

    @Test("the typed command equals the JSON route's command, or stops with the same exit code and message",
          arguments: optionSets)
    func sameAsJSONRoute(optionSet: [String]) throws {
        let (specification, arguments) = try Self.parse(optionSet)
        let typed = Self.typedOutcome(specification, arguments)
        let legacy = LegacyWriteCommandRoute.outcome(specification, arguments)
        #expect(typed == legacy, "typed: \(typed)\nJSON route: \(legacy)")
        if case .command(let command) = typed {
            #expect(command.name == specification.command)
        }
    }

    @Test("the table reaches every write subcommand, each both building a command and stopping")
    func tableCoversEverySubcommand() throws {
        var built: Set<String> = []
        var stopped: Set<String> = []
        for optionSet in Self.optionSets {
            let (specification, arguments) = try Self.parse(optionSet)
            switch Self.typedOutcome(specification, arguments) {
            case .command: built.insert(specification.name)
            case .stopped: stopped.insert(specification.name)
            }
        }
        let names = Set(WriteCommands.specifications.map(\.name))
        #expect(built == names, "no command built for \(names.subtracting(built).sorted())")
        #expect(stopped == names, "no mistake tried for \(names.subtracting(stopped).sorted())")
    }

    @Test("instants and dates arrive as values, not text: milliseconds and offsets survive")
    func typedInstants() throws {
        let (specification, arguments) = try Self.parse(["absence", "--worker", "W1", "--absence", "A1", "--kind", "sickness",
                                                         "--from", "2024-03-04", "--notified-at", "2024-03-04T08:15:30.250+01:00"])
        guard case .recordAbsence(let absence) = try WriteCommands.command(specification, arguments) else {
            Issue.record("not an absence")
            return
        }
        #expect(absence.notifiedAt == Instant(iso8601: "2024-03-04T07:15:30.250Z"))
        #expect(absence.startDate == LocalDate(year: 2024, month: 3, day: 4))
        #expect(absence.endDate == nil)
    }

    /// The one deliberate difference: the JSON route turned a negative sequence number into
    /// "The given data was not valid JSON."; the typed route names the option and the value.
    @Test("a negative sequence number is a usage error naming --sequence")
    func negativeSequence() throws {
        let (specification, arguments) = try Self.parse(["retract", "--sequence", "-3", "--reason", "wrong case"])
        let typed = Self.typedOutcome(specification, arguments)
        #expect(typed == .stopped(code: 64, message: "--sequence must be a whole number from 0; got '-3'"))
        #expect(LegacyWriteCommandRoute.outcome(specification, arguments) != typed)
    }
}
