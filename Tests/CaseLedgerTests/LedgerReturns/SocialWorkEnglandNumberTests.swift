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

/// The optional Social Work England registration number on worker registration: recorded,
/// refused when malformed, absent from (and not required of) entries written before it existed,
/// and written as SW_ID by the SSDA903 return.
@Suite("Social Work England number on registration")
struct SocialWorkEnglandNumberTests {
    static func register(_ number: String?) -> DomainCommand {
        .registerWorker(.init(workerId: "W9", teamId: "T1", role: .socialWorker, startDate: Scenario.day("2024-01-08"),
                              isAgency: false, isQualified: true, socialWorkEnglandNumber: number))
    }

    @Test("a registration records the number it is given")
    func recorded() throws {
        let decision = try Scenario.standard().decide(Self.register("SW123456")).get()
        guard case .workerRegistered(let payload)? = decision.events.first?.event else {
            Issue.record("expected WorkerRegistered, got \(decision.events)")
            return
        }
        #expect(payload.socialWorkEnglandNumber == "SW123456")
    }

    @Test("a number that is not SW and digits is refused, naming the field", arguments: ["123456", "sw123456", "SW", "SW12A4", "XX1234"])
    func refused(number: String) {
        let result = Scenario.standard().decide(Self.register(number))
        guard case .failure(.invalidCommand(let field, _)) = result else {
            Issue.record("expected a refusal, got \(result)")
            return
        }
        #expect(field == "socialWorkEnglandNumber")
    }

    @Test("an entry written before the field existed reads as having no number; one with it round-trips")
    func oldEntriesRead() throws {
        let old = #"{"fullTimeEquivalentPercent":100,"isAgency":false,"isQualified":true,"role":"socialWorker","startDate":"2020-09-01","teamId":"T1","workerId":"W1"}"#
        let decoded = try LedgerJSONDecoder().decode(WorkerRegistered.self, from: Array(old.utf8))
        #expect(decoded.socialWorkEnglandNumber == nil)
        let encoded = try LedgerJSONEncoder().encode(decoded)
        #expect(String(decoding: encoded, as: UTF8.self) == old, "no number writes the old bytes")
        let withNumber = WorkerRegistered(workerId: "W1", teamId: "T1", role: .socialWorker, startDate: decoded.startDate,
                                          isAgency: false, isQualified: true, fullTimeEquivalentPercent: 100,
                                          socialWorkEnglandNumber: "SW42")
        let again = try LedgerJSONDecoder().decode(WorkerRegistered.self, from: try LedgerJSONEncoder().encode(withNumber))
        #expect(again.socialWorkEnglandNumber == "SW42")
    }

    @Test("the return writes the registration number as SW_ID, and XX and the worker id without one")
    func swIdInTheReturn() throws {
        let scenario = try AuditScenario()
        let start = AuditScenario.instant("2023-01-02T09:00:00Z")
        scenario.record(.workerRegistered(WorkerRegistered(workerId: "W7", teamId: "T1", role: .socialWorker,
                                                           startDate: AuditScenario.date("2021-09-01"), isAgency: false,
                                                           isQualified: true, fullTimeEquivalentPercent: 100,
                                                           socialWorkEnglandNumber: "SW98765")), at: start)
        scenario.record(AuditScenario.referral("C1", category: .childInCare), at: AuditScenario.instant("2024-05-01T09:00:00Z"))
        scenario.record(AuditScenario.allocate("C1", to: "W7"), at: AuditScenario.instant("2024-05-02T09:00:00Z"))
        scenario.record(AuditScenario.referral("C2", category: .childInCare), at: AuditScenario.instant("2024-05-01T09:00:00Z"))
        scenario.record(AuditScenario.allocate("C2", to: "W1"), at: AuditScenario.instant("2024-05-02T09:00:00Z"))
        let answer = try scenario.audit().ssda903Return(year: CollectionYear(endingYear: 2025)!)
        #expect(answer.episodesTable.rows.map { $0[2] } == ["SW98765", "XXW1"])
    }
}
