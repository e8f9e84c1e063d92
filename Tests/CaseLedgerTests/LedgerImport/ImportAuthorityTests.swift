import Testing
@testable import LedgerSupport
@testable import LedgerStore
@testable import LedgerEvents
@testable import LedgerDomain
@testable import LedgerAudit
@testable import LedgerImport
@testable import LedgerReturns
@testable import LedgerSimulation

/// The importer's half of the permission table: who may import into a live ledger, and the role
/// the import records (issue 17, item 1).
@Suite("Import authority by role")
struct ImportAuthorityTests {
    static func request(actor: String, manager: String? = nil) -> ImportRequest {
        var request = ImportRequest(filePath: "unused.csv", mapping: .ssd, storeDirectory: "unused")
        request.actor = Actor(id: actor, role: .dataOfficer)
        request.authorisingManagerId = manager
        return request
    }

    @Test("data officers and managers may import, in their registered role; nobody else may", arguments: Role.allCases)
    func byRole(role: Role) {
        var scenario = Scenario.standard()
        scenario.addWorker("ACTOR", role: role)
        let view = scenario.model.view(asOf: Scenario.at(Scenario.today))
        let mayImport = role == .dataOfficer || role.isManager
        #expect(PermissionPolicy.standard.permits(role, .legacyImport) == mayImport)
        do {
            let actor = try ImportAuthority.authorise(Self.request(actor: "ACTOR"), view: view)
            #expect(mayImport, "\(role) was allowed to import")
            #expect(actor == Actor(id: "ACTOR", role: role))
        } catch {
            #expect(!mayImport, "\(role): \(error)")
            guard case .notPermitted(let workerId, let option, _, _) = error else {
                Issue.record("\(role): \(error)")
                return
            }
            #expect(workerId == "ACTOR" && option == "--actor")
            #expect(error.description.contains("may not import legacy history"))
        }
    }

    @Test("an unregistered id is refused with how to register a data officer")
    func unregistered() {
        let view = Scenario.standard().model.view(asOf: Scenario.at(Scenario.today))
        #expect(throws: ImportError.self) { try ImportAuthority.authorise(Self.request(actor: "GHOST"), view: view) }
        do {
            _ = try ImportAuthority.authorise(Self.request(actor: "GHOST"), view: view)
        } catch {
            #expect(error.description.hasPrefix("PERMISSION: --actor GHOST is not a registered worker"))
            #expect(error.description.contains("--role dataOfficer"))
        }
    }

    @Test("corrections are authorised by a registered manager only")
    func authoriser() throws {
        var scenario = Scenario.standard()
        scenario.addWorker("DO", role: .dataOfficer)
        scenario.addWorker("SW")
        let view = scenario.model.view(asOf: Scenario.at(Scenario.today))
        try ImportAuthority.checkAuthoriser(.init(workerId: "TM1", isNamed: true), view: view)
        #expect(throws: ImportError.self) { try ImportAuthority.checkAuthoriser(.init(workerId: "SW", isNamed: true), view: view) }
        do {
            try ImportAuthority.checkAuthoriser(.init(workerId: "DO", isNamed: false), view: view)
            Issue.record("a data officer authorised corrections")
        } catch {
            #expect(error.description.contains("--actor DO (the default --authorised-by) is registered as data officer, not a manager"))
        }
    }
}
