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

/// Commands as JSON lines: a `command` discriminator plus the payload's fields, 1:1.
@Suite("Commands as JSON lines")
struct DomainCommandCodingTests {
    static let day = Scenario.day("2024-05-01")
    static let instant = Scenario.at(day)

    /// One of every command, with optional fields filled in.
    static let samples: [DomainCommand] = [
        .registerTeam(.init(teamId: "T1", name: "Safeguarding \"East\"", serviceArea: .safeguarding, managerId: "TM1")),
        .registerWorker(.init(workerId: "W1", teamId: "T1", role: .asye, startDate: day, isAgency: true, isQualified: true,
                              fullTimeEquivalentPercent: 80)),
        .changeRole(.init(workerId: "W1", toRole: .socialWorker, isQualified: true, effectiveDate: day)),
        .moveTeam(.init(workerId: "W1", toTeamId: "T2")),
        .recordAbsence(.init(workerId: "W1", absenceId: "A1", kind: .annualLeave, startDate: day, endDate: day,
                             notifiedAt: instant)),
        .recordLeaving(.init(workerId: "W1", lastWorkingDate: day, reason: "End of contract")),
        .adoptPolicy(.init(policy: .children, effectiveFrom: instant)),
        .refer(.init(caseId: "C1", referralId: "R1", familyId: "F1", teamId: "T1", serviceArea: .dutyAndAssessment,
                     category: .childProtection, flags: [.section47, .preBirthAssessment], source: .police, riskLevel: .high)),
        .recordReferralDecision(.init(caseId: "C1", referralId: "R1", outcome: .section47Enquiry, rationale: "Threshold met")),
        .changeCategory(.init(caseId: "C1", toCategory: .childInCare, flags: [.courtProceedings], reason: "ICO")),
        .assessRisk(.init(caseId: "C1", riskLevel: .moderate, rationale: "Engaging")),
        .reopen(.init(caseId: "C1", referralId: "R2", reason: "Police notification")),
        .allocate(Scenario.allocation("C1", to: "W1", justifications: [.cap: "Sibling", .leaveSoon: "Cover agreed"])),
        .coAllocate(Scenario.coAllocation("C1", to: "S1")),
        .deallocate(.init(caseId: "C1", workerId: "S1", reason: .other, rationale: "Placement ended",
                          justifications: [.statutoryAllocated: "x"])),
        .transfer(.init(caseId: "C1", toTeamId: "T2", toWorkerId: "W2", reason: .transfer,
                        transferSummary: Scenario.transferSummary, rationale: "CIC team", factorsConsidered: [.skills],
                        tasks: [Scenario.task()], discussedWithWorker: true, justifications: [.nqswRamp: "y"])),
        .requestClosure(.init(caseId: "C1", closureSummary: Scenario.summary)),
        .close(.init(caseId: "C1", closureSummary: Scenario.summary, authorisingManagerId: "SM1",
                     evidenceNeedsAddressed: "Seen", continuingSupport: "Early help",
                     justifications: [.unallocatedClosure: "z"])),
        .recordAllocationDiscussion(.init(caseId: "C1", workerId: "W1", discussedAt: instant, notes: "1:1",
                                          agreedTasks: [Scenario.task()])),
        .recordOversight(.init(caseId: "C1", summaryHistory: "a", workingWell: "b", worriedAbout: "c", needsToHappen: "d",
                               voiceOfChild: "e", expectationsAndTimeframes: "f", riskAssessmentsNeeded: ["Lone working"],
                               nextOversightDue: day)),
        .recordCaseNote(.init(caseId: "C1", noteKind: .management, text: "Cover: W2\nurgent only")),
        .recordUnallocatedMonitoring(.init(caseId: "C1", managementPlan: "Duty visits", visitingFrequency: .other,
                                           visitingFrequencyDetail: "Twice weekly", childLastSeen: day,
                                           partnerAgencyMonitoring: "School")),
        .sendFamilyLetter(.init(caseId: "C1", recipients: [.family, .school], sentOn: day, includesTeamContactDetails: true,
                                includesVisitingArrangements: true)),
        .recordUnallocatedReview(.init(caseId: "C1", outcome: "Keep monitoring", nextReviewDue: day)),
        .escalate(.init(caseId: "C1", level: .headOfService, escalatedToId: "HOS", reason: "6 weeks unallocated")),
        .raiseWorkloadConcern(.init(scope: .individual, workerId: "W1", teamId: "T1", concern: "Court work", reviewDue: day)),
        .retract(.init(sequenceNumber: 42, reason: "Wrong worker", authorisingManagerId: "TM1",
                       replacement: .allocate(Scenario.allocation("C1", to: "W2")))),
    ]

    @Test("the samples cover every command")
    func coverage() {
        #expect(Set(Self.samples.map(\.name)) == Set(DomainCommand.names))
        #expect(DomainCommand.names.count == 27)
    }

    @Test("encode then decode gives the same command, with the discriminator first-class", arguments: samples)
    func roundTrip(command: DomainCommand) throws {
        let data = try LedgerEvent.makeLedgerEncoder().encode(command)
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(object["command"] as? String == command.name)
        let decoded = try JSONDecoder().decode(DomainCommand.self, from: data)
        #expect(decoded == command)
    }

    @Test("a JSON line as a person writes it, with lists left out")
    func handWritten() throws {
        let line = #"{"command":"allocate","caseId":"C12","workerId":"W7","reason":"newReferral","rationale":"W7 knows the school","tasks":[{"description":"Visit","dueDate":"2024-03-15"}],"discussedWithWorker":true,"justifications":{"CAP":"Sibling of a child W7 holds"}}"#
        let command = try JSONDecoder().decode(DomainCommand.self, from: Data(line.utf8))
        #expect(command == .allocate(.init(
            caseId: "C12", workerId: "W7", reason: .newReferral, rationale: "W7 knows the school", factorsConsidered: [],
            tasks: [AllocationTask(description: "Visit", dueDate: Scenario.day("2024-03-15"))], discussedWithWorker: true,
            justifications: [.cap: "Sibling of a child W7 holds"])))
        let encoded = String(decoding: try LedgerEvent.makeLedgerEncoder().encode(command), as: UTF8.self)
        #expect(encoded.contains(#""justifications":{"CAP":"Sibling of a child W7 holds"}"#))
    }

    @Test("unknown commands, unknown fields and unknown rule ids are refused, naming them", arguments: [
        (#"{"command":"alocate","caseId":"C1"}"#, "unknown command \"alocate\""),
        (#"{"command":"recordCaseNote","caseId":"C1","text":"x","author":"W1"}"#, "\"recordCaseNote\" has no field \"author\""),
        (#"{"command":"deallocate","caseId":"C1","workerId":"W1","reason":"other","justification":{"CAP":"x"}}"#,
         "has no field \"justification\""),
        (#"{"command":"allocate","caseId":"C1","workerId":"W1","reason":"other","justifications":{"CAPS":"x"}}"#, "CAPS"),
        (#"{"caseId":"C1"}"#, "command"),
    ])
    func refusals(line: String, mentions: String) {
        do {
            _ = try JSONDecoder().decode(DomainCommand.self, from: Data(line.utf8))
            Issue.record("decoded \(line)")
        } catch {
            #expect("\(error)".contains(mentions), "\(error)")
        }
    }
}
