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

/// A fresh directory under the system temporary directory, removed when the test ends.
final class TemporaryDirectory {
    let path: String

    init(_ label: String = "ledger") {
        path = NSTemporaryDirectory() + "caseledger-test-\(label)-\(UUID().uuidString.prefix(8))"
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    var store: String { path + "/events" }

    /// Where the command line keeps `store`'s snapshots when no `--snapshots` is given:
    /// `snapshots/<ledgerId>` beside it (the store must exist).
    var defaultSnapshots: String { path + "/snapshots/" + (LedgerIdentity.identifier(directory: store) ?? "") }
}

enum StoreFixtures {
    static let start = Instant(millisecondsSinceEpoch: 1_710_000_000_000)
    static let actor = Actor(id: "TM1", role: .teamManager)

    static func proposed(_ event: LedgerEvent, at offsetSeconds: Int64 = 0) -> ProposedEvent {
        ProposedEvent(event: event, occurredAt: start.adding(milliseconds: offsetSeconds * 1000), actor: actor)
    }

    /// A note event on case `caseId`: small, and its stream is easy to control.
    static func note(_ caseId: String, _ text: String = "seen at home") -> ProposedEvent {
        proposed(.caseNoteRecorded(CaseNoteRecorded(caseId: caseId, authorId: "W1", noteKind: nil, text: text)))
    }

    static func anyExpectations(_ events: [ProposedEvent]) -> [StreamName: ExpectedVersion] {
        Dictionary(events.map { ($0.stream, ExpectedVersion.any) }, uniquingKeysWith: { first, _ in first })
    }

    static func openLedger(_ directory: String, segmentSizeBytesMax: Int = 64 << 20, clock: ManualClock? = nil,
                           resumingFrom resumePoint: LedgerResumePoint? = nil, lockWaitSeconds: Double = 0) throws -> Ledger {
        var options = LedgerOptions()
        options.segmentSizeBytesMax = segmentSizeBytesMax
        options.lockWaitSeconds = lockWaitSeconds
        // The store's tests run the full decode-and-compare check before every write.
        options.checkEncodingBeforeWrite = true
        return try Ledger(directory: directory, options: options, clock: clock ?? ManualClock(start),
                          identifiers: SeededIdentifierGenerator(seed: 7), resumingFrom: resumePoint)
    }

    /// Appends `batchCount` batches of notes (sizes cycling 1…5), returning the ledger's digest.
    @discardableResult
    static func fill(_ directory: String, batchCount: Int, segmentSizeBytesMax: Int = 64 << 20) throws -> LedgerDigest {
        let ledger = try openLedger(directory, segmentSizeBytesMax: segmentSizeBytesMax)
        defer { ledger.close() }
        for batch in 0..<batchCount {
            let events = (0...(batch % 5)).map { note("C\($0 + batch % 7)", "batch \(batch) item \($0)") }
            try ledger.append(events, expecting: anyExpectations(events))
        }
        return ledger.digest
    }

    static func segments(_ directory: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: directory)
            .filter { $0.hasPrefix("segment-") && $0.hasSuffix(".jsonl") }.sorted()
    }

    static func bytes(_ path: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
    }

    static func write(_ bytes: [UInt8], to path: String) throws {
        try Data(bytes).write(to: URL(fileURLWithPath: path))
    }
}

/// Runs the package's own executables as real child processes.
enum ChildProcess {
    /// The build products directory: where the test bundle itself lives.
    static var productsDirectory: String {
        let candidates = [CommandLine.arguments.first ?? "", Bundle.main.bundlePath, Bundle.main.executablePath ?? ""]
        for candidate in candidates where !candidate.isEmpty {
            var url = URL(fileURLWithPath: candidate)
            for _ in 0..<4 {
                url.deleteLastPathComponent()
                if FileManager.default.fileExists(atPath: url.path + "/caseledger") { return url.path }
            }
        }
        return FileManager.default.currentDirectoryPath + "/.build/debug"
    }

    static func executable(_ name: String) -> String { productsDirectory + "/" + name }

    struct Result {
        var status: Int32
        var standardOutput: String
        var standardError: String
    }

    /// Runs to completion with a time limit; a test never waits forever on a child.
    static func run(_ name: String, _ arguments: [String], input: String? = nil, environment: [String: String]? = nil,
                    currentDirectory: String? = nil, timeLimitSeconds: Double = 120) throws -> Result {
        try run(path: executable(name), arguments, input: input, environment: environment, currentDirectory: currentDirectory,
                timeLimitSeconds: timeLimitSeconds)
    }

    /// Runs the executable at `path` (a script's interpreter, a tool outside the build) likewise.
    static func run(path: String, _ arguments: [String], input: String? = nil, environment: [String: String]? = nil,
                    currentDirectory: String? = nil, timeLimitSeconds: Double = 120) throws -> Result {
        let name = URL(fileURLWithPath: path).lastPathComponent
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        if let environment { process.environment = environment }
        if let currentDirectory { process.currentDirectoryURL = URL(fileURLWithPath: currentDirectory) }
        let outputPipe = Pipe()
        let errorPipe = Pipe()
        let inputPipe = Pipe()
        process.standardOutput = outputPipe
        process.standardError = errorPipe
        process.standardInput = inputPipe
        try process.run()
        if let input { inputPipe.fileHandleForWriting.write(Data(input.utf8)) }
        try inputPipe.fileHandleForWriting.close()
        // Read both pipes concurrently so a chatty child cannot fill one and block.
        nonisolated(unsafe) var errorData = Data()
        let errorReader = Thread { errorData = errorPipe.fileHandleForReading.readDataToEndOfFile() }
        errorReader.start()
        let deadline = Date().addingTimeInterval(timeLimitSeconds)
        let outputData = outputPipe.fileHandleForReading.readDataToEndOfFile()
        while process.isRunning {
            if Date() > deadline {
                kill(process.processIdentifier, SIGKILL)
                Issue.record("child \(name) \(arguments) exceeded \(timeLimitSeconds)s")
                break
            }
            usleep(1000)
        }
        process.waitUntilExit()
        while !errorReader.isFinished { usleep(1000) }
        return Result(status: process.terminationStatus, standardOutput: String(decoding: outputData, as: UTF8.self),
                      standardError: String(decoding: errorData, as: UTF8.self))
    }
}

/// Expects `body` to throw exactly `expected`.
func expectLedgerError(_ expected: LedgerError, sourceLocation: SourceLocation = #_sourceLocation,
                       _ body: () throws -> Void) {
    do {
        try body()
        Issue.record("expected \(expected), nothing was thrown", sourceLocation: sourceLocation)
    } catch let error as LedgerError {
        #expect(error == expected, sourceLocation: sourceLocation)
    } catch {
        Issue.record("expected \(expected), got \(error)", sourceLocation: sourceLocation)
    }
}
