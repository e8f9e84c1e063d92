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
        ("damaged log", LedgerError.corrupt(fault), .failure),
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
        ("tail damaged", LogTailError.corrupt(fault), .failure),
        ("tail unreadable", LogTailError.io(io), .cannotCreate),
        ("tail of another log", LogTailError.positionNotInLog(sequence: 3, reason: "x"), .dataError),
        ("bare scan fault", fault, .failure),
        ("unparsable frame", LineFrame.Problem.tooShort, .failure),
        ("usage", UsageError("--at must be a date"), .usage),
        ("failure with its code", ToolFailure(code: .locked, message: "x"), .locked),
        ("output path inside the store", OutputPathError.insideProtectedDirectory(path: "a", resolved: "b", directory: "c"), .usage),
        ("output path unwritable", OutputPathError.io(io), .cannotCreate),
        ("apply line too long", LineReadError.lineTooLong(lineNumber: 3, sizeBytesMax: 10), .dataError),
        ("apply input unreadable", LineReadError.io(io), .cannotCreate),
        ("apply line not strict JSON", StrictJSONError(offset: 0, problem: "x"), .dataError),
        ("payload not JSON", JSONSyntaxError(reason: .unexpectedEnd, offset: 0), .dataError),
        ("snapshot body", SnapshotDecodingError(offset: 0, detail: "x"), .dataError),
        ("snapshot refused", SnapshotProblem(path: "s", kind: .corrupt(detail: "x")), .dataError),
        ("snapshot refusal kind", SnapshotProblem.Kind.corrupt(detail: "x"), .dataError),
        ("resume point not in log", PositionLookupFailure.notInLog(sequence: 3), .dataError),
        ("header mismatch", JSONCursor.Mismatch(offset: 0, expected: "x"), .dataError),
        ("envelope", EnvelopeFormatError(offset: 0, detail: "x"), .dataError),
        ("domain", DomainError.unknownWorker(workerId: "W1"), .dataError),
        ("identity", IdentityError.loginMismatch(actorId: "TM1", login: "apatel", account: "jsmith"), .permissionDenied),
        ("identity refusal", DomainError.identity(refusal: .noLogin(actorId: "TM1", account: "jsmith")), .permissionDenied),
        ("identity refusal of a command", CommandError.refused(.identity(refusal: .accountUnknown(actorId: "TM1"))), .permissionDenied),
        ("identity refusal in a batch", BatchError.refused(index: 2, .identity(refusal: .accountUnknown(actorId: "TM1"))), .permissionDenied),
        ("identity refusal of an import", ImportError.identity(refusal: .noLogin(actorId: "DO", account: "jsmith")), .permissionDenied),
        ("policy", PolicyError(path: "p", detail: "x"), .dataError),
        ("csv", CSVError.unterminatedQuote(lineNumber: 3), .dataError),
        ("mapping", ImportMappingError.unknownRole(value: "wizard", mappedFrom: "W"), .dataError),
        ("event payload", EventDecodingError.unknownRole(role: "chiefWizard"), .dataError),
        ("time", TimeParseError(text: "x", expected: .date), .dataError),
        ("holidays", HolidayFileError(path: "h", line: 2, text: "x", message: "x"), .dataError),
        ("directory", DirectoryError.unknownFamily(familyId: "F9", suggestions: []), .dataError),
        ("return input", ReturnInputError.missingColumn(path: "Header.csv", column: "DOB"), .dataError),
        ("event this build cannot read", FoldDecodingError(sequence: 3, segment: "s", byteOffset: 0, detail: "x"), .dataError),
        ("unanticipated", Unanticipated(), .software),
    ]

    static let fault = ScanFault(kind: .emptySegment, segment: "segment-0000000000000001.jsonl", byteOffset: 0, sequence: 1)

    @Test("errors map to their documented exit codes", arguments: cases.indices)
    func mapping(index: Int) {
        let (label, error, expected) = Self.cases[index]
        #expect(Tool.exitCode(for: error) == expected, "\(label)")
    }

    /// Every error type declared in `Sources/`, by the name it is declared with.
    static func declaredErrorTypes() throws -> Set<String> {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Sources")
        let pattern = /(?m)^\s*(?:public |package |private |fileprivate )?(?:enum|struct|final class|class) (\w+)(?:<[^>]*>)?: [^{\n]*\bError\b/
        var names: Set<String> = []
        let files = try #require(FileManager.default.enumerator(atPath: root.path))
        for case let file as String in files where file.hasSuffix(".swift") {
            let text = try String(contentsOfFile: root.appendingPathComponent(file).path, encoding: .utf8)
            for match in text.matches(of: pattern) { names.insert(String(match.1)) }
        }
        return names
    }

    @Test("every error type the package declares has a row above, so a new one cannot fall through to 'internal error' unnoticed")
    func everyErrorTypeIsMapped() throws {
        let declared = try Self.declaredErrorTypes()
        #expect(declared.count >= 30)
        let mapped = Set(Self.cases.map { String(describing: type(of: $0.1)) })
        #expect(declared.subtracting(mapped).isEmpty, "no exit code row for \(declared.subtracting(mapped).sorted())")
        #expect(mapped.subtracting(declared) == ["Unanticipated"])
    }
}
