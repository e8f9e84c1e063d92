import Foundation
import Testing
@testable import LedgerSupport
@testable import LedgerStore
@testable import LedgerEvents
@testable import LedgerDomain
@testable import LedgerAudit
@testable import LedgerImport
@testable import LedgerSimulation
@testable import caseledger

/// Every error type the library throws maps to its documented exit code (README, "Exit codes");
/// only an error nobody anticipated is reported as an internal error.
@Suite("exit code mapping")
struct ExitCodeMappingTests {
    struct Unanticipated: Error {}

    static let io = IOFailure(operation: "write", path: "/x", errorNumber: 28)

    static let cases: [(String, any Error, ExitCode)] = [
        ("locked", LedgerError.locked(directory: "events", holder: "pid 1"), .locked),
        ("io", LedgerError.io(io), .cannotCreate),
        ("stale expectation", LedgerError.wrongExpectedVersion(stream: .case("C1"), expected: .noStream, actual: 1), .dataError),
        ("refusal", CommandError.refused(.unknownCase(caseId: "C1")), .dataError),
        ("command over a locked ledger", CommandError.ledger(.locked(directory: "events", holder: "pid 1")), .locked),
        ("batch over a full disk", BatchError.ledger(.io(io)), .cannotCreate),
        ("import over a locked ledger", ImportError.ledger(.locked(directory: "events", holder: "pid 1")), .locked),
        ("demo on a non-empty store", DemoError.storeNotEmpty(directory: "events", eventCount: 3), .dataError),
        ("bare I/O failure", io, .cannotCreate),
        ("unknown case", AuditError.unknownCase("C9"), .dataError),
        ("checkpoint of another log", EvidenceError.checkpointNotOfThisLog(size: 3, expected: .zero, found: .zero), .failure),
        ("no tree sidecar", EvidenceError.sidecarMissing(path: "events/tree-hashes"), .dataError),
        ("inconsistent proof", MerkleProofError.oldRootMismatch(computed: .zero, expected: .zero), .failure),
        ("unreadable checkpoint", CheckpointError.badSize(line: "x"), .dataError),
        ("unanticipated", Unanticipated(), .software),
    ]

    @Test("errors map to their documented exit codes", arguments: cases.indices)
    func mapping(index: Int) {
        let (label, error, expected) = Self.cases[index]
        #expect(Tool.exitCode(for: error) == expected, "\(label)")
    }
}
