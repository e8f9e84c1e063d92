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

/// Issue 11's write path, through the command line as a user runs it: a write command opens from
/// the snapshot beside the store and reads only the log's tail; two people recording at once both
/// succeed.
@Suite("write path: snapshot plus tail, and concurrent writers")
struct WritePathCommandTests {
    static let setup = [
        #"{"command":"registerTeam","teamId":"T1","name":"Duty","serviceArea":"safeguarding","managerId":"TM1","actor":"TM1","actorRole":"teamManager","at":"2024-01-02"}"#,
        #"{"command":"registerWorker","workerId":"TM1","teamId":"T1","role":"teamManager","startDate":"2020-01-06","isAgency":false,"isQualified":true,"fullTimeEquivalentPercent":100,"actor":"TM1","actorRole":"teamManager","at":"2024-01-02"}"#,
        #"{"command":"refer","caseId":"C1","referralId":"R1","familyId":"F1","teamId":"T1","category":"childInNeed","flags":[],"source":"school","actor":"TM1","at":"2024-01-03"}"#,
    ]

    static func notes(_ count: Int, from first: Int) -> String {
        (first..<first + count).map { index in
            #"{"command":"recordCaseNote","caseId":"C1","text":"Visit \#(index)","actor":"TM1","at":"2024-02-01"}"#
        }.joined(separator: "\n")
    }

    static func logBytes(_ store: String) throws -> Int {
        try StoreFixtures.segments(store).reduce(0) { $0 + (try StoreFixtures.bytes(store + "/" + $1).count) }
    }

    @Test("after 1,000 appends a write command reads the snapshot and the 1,000-event tail, not the log")
    func readsOnlyTheTail() throws {
        let directory = TemporaryDirectory("cli-tail")
        let environment = ProcessInfo.processInfo.environment.merging(["CASELEDGER_OPEN_STATISTICS": "1"]) { $1 }
        let base = ["--store", directory.store]
        // A history of 3,003 events, then one write command, which writes the snapshot as it opens.
        let history = try ChildProcess.run("caseledger", ["apply", "-"] + base,
                                           input: Self.setup.joined(separator: "\n") + "\n" + Self.notes(3_000, from: 0))
        #expect(history.status == 0, "\(history.standardError)")
        let logAtSnapshot = try Self.logBytes(directory.store)
        let first = try ChildProcess.run("caseledger", ["note", "--case", "C1", "--text", "x", "--actor", "TM1"] + base,
                                         environment: environment)
        #expect(first.status == 0, "\(first.standardError)")
        #expect(first.standardError.contains("opened from no snapshot, resumed false"), "\(first.standardError)")
        #expect(FileManager.default.fileExists(atPath: directory.defaultSnapshots + "/" + SnapshotStore.fileName(sequence: 3_003)))

        // 1,000 appends through the command line, then one more write command.
        let tail = try ChildProcess.run("caseledger", ["apply", "-"] + base, input: Self.notes(1_000, from: 3_000))
        #expect(tail.status == 0, "\(tail.standardError)")
        let logBytes = try Self.logBytes(directory.store)
        let tailBytes = logBytes - logAtSnapshot
        let second = try ChildProcess.run("caseledger", ["note", "--case", "C1", "--text", "y", "--actor", "TM1"] + base,
                                          environment: environment)
        #expect(second.status == 0, "\(second.standardError)")
        #expect(second.standardOutput.hasPrefix("appended 4005: CaseNoteRecorded"))
        let line = second.standardError
        #expect(line.contains("opened from snapshot at 3003, resumed true"), "\(line)")
        #expect(line.contains("folded 1001 events"), "\(line)")
        let read = line.split(separator: " ").firstIndex(of: "read").flatMap { index in
            Int(line.split(separator: " ")[index + 1])
        }
        let bytesRead = try #require(read, "\(line)")
        // The tail plus the snapshot position's line (and the first chunk read to find it).
        #expect(bytesRead >= tailBytes)
        #expect(bytesRead <= tailBytes + 8_192, "read \(bytesRead) bytes; the tail is \(tailBytes), the log \(logBytes)")
        #expect(bytesRead * 3 < logBytes)
        #expect(try LedgerReader(directory: directory.store).readAll().count == 4_005)
    }

    @Test("two managers recording at the same moment both succeed: the second waits for the first")
    func concurrentWriters() throws {
        let directory = TemporaryDirectory("cli-concurrent")
        let base = ["--store", directory.store]
        let setup = try ChildProcess.run("caseledger", ["apply", "-"] + base, input: Self.setup.joined(separator: "\n"))
        #expect(setup.status == 0, "\(setup.standardError)")
        let results = ResultBox()
        let threads = (0..<2).map { index in
            Thread {
                let result = try? ChildProcess.run("caseledger", ["note", "--case", "C1", "--text", "writer \(index)",
                                                                  "--actor", "TM1"] + base)
                results.append(result?.status ?? -1, result?.standardError ?? "did not run")
            }
        }
        for thread in threads { thread.start() }
        while results.count < 2 { usleep(10_000) }
        #expect(results.statuses == [0, 0], "\(results.errors)")
        let events = try LedgerReader(directory: directory.store).readAll()
        #expect(events.count == 5)
        #expect(Set(events.suffix(2).compactMap { stored -> String? in
            if case .caseNoteRecorded(let note) = stored.envelope.event { return note.text }
            return nil
        }) == ["writer 0", "writer 1"])
    }

    /// Results of child processes run on other threads.
    final class ResultBox: @unchecked Sendable {
        private let lock = NSLock()
        private var entries: [(Int32, String)] = []

        func append(_ status: Int32, _ error: String) {
            lock.lock()
            entries.append((status, error))
            lock.unlock()
        }

        var count: Int { lock.lock(); defer { lock.unlock() }; return entries.count }
        var statuses: [Int32] { lock.lock(); defer { lock.unlock() }; return entries.map(\.0) }
        var errors: [String] { lock.lock(); defer { lock.unlock() }; return entries.map(\.1) }
    }
}
