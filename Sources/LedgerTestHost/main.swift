import CaseLedger
import Foundation
import LedgerSimulation

// A child process for the store's crash, lock and concurrency tests.
//   append-loop DIR SEED         append random batches forever; print "ACK first last chainHex" after each
//   append-count DIR SEED COUNT  append COUNT random batches, then exit 0
//   hold-lock DIR                open the writer, print "LOCKED", sleep until killed
//   hold-lock-then-release DIR SECONDS
//                                open the writer, print "LOCKED", wait for a line on standard input,
//                                hold the lock SECONDS longer, print "RELEASED", release it and exit 0
//   open DIR                     open the writer once and exit (0 ok, 75 locked, 65 other)
//   generate-involvements PATH PRESET ROWS SEED [MALFORMED_EVERY (0 none)] [WORKERS]
//                                write a seeded involvements export (for the import benchmark)
//   read-csv PATH                read every record with CSVReader and print records, bytes and rows/s

func standardOutput(_ text: String) {
    FileHandle.standardOutput.write(Data((text + "\n").utf8))
}

/// Events the host appends: small, valid, varied in size so batches straddle write boundaries.
func makeBatch(size: Int, random: inout SeededRandomNumberGenerator, counter: inout Int) -> [ProposedEvent] {
    (0..<size).map { _ in
        counter += 1
        let text = String(repeating: "x", count: Int(random.next() % 600))
        let note = CaseNoteRecorded(caseId: "C\(counter % 97)", authorId: "W1", noteKind: nil, text: "note \(counter) \(text)")
        return ProposedEvent(event: .caseNoteRecorded(note),
                             occurredAt: Instant(millisecondsSinceEpoch: 1_700_000_000_000 + Int64(counter) * 1000),
                             actor: Actor(id: "W1", role: .socialWorker))
    }
}

let arguments = CommandLine.arguments
guard arguments.count >= 3 else {
    FileHandle.standardError.write(Data("usage: LedgerTestHost append-loop|append-count|hold-lock|open DIR ...\n".utf8))
    exit(64)
}
let directory = arguments[2]
var options = LedgerOptions()
options.segmentSizeBytesMax = Int(ProcessInfo.processInfo.environment["LEDGER_SEGMENT_BYTES"] ?? "") ?? 16 << 10

do {
    switch arguments[1] {
    case "append-loop", "append-count":
        let seed = arguments.count > 3 ? UInt64(arguments[3]) ?? 1 : 1
        let limit = arguments.count > 4 ? Int(arguments[4]) ?? Int.max : Int.max
        var random = SeededRandomNumberGenerator(seed: seed ^ UInt64(ProcessInfo.processInfo.processIdentifier))
        let ledger = try Ledger(directory: directory, options: options)
        var counter = Int(ledger.digest.sequence)
        var appended = 0
        while appended < limit {
            let batch = makeBatch(size: Int(random.next() % 40) + 1, random: &random, counter: &counter)
            let streams = Set(batch.map(\.stream))
            let receipt = try ledger.append(batch, expecting: Dictionary(uniqueKeysWithValues: streams.map { ($0, .any) }))
            standardOutput("ACK \(receipt.firstSequence) \(receipt.lastSequence) \(receipt.head.hash.hex)")
            appended += 1
        }
    case "generate-involvements":
        guard arguments.count >= 6, let rows = Int(arguments[4]), let seed = UInt64(arguments[5]) else { exit(64) }
        let generator = InvolvementExportGenerator(
            presetName: arguments[3], rowCount: rows, seed: seed,
            malformedRowInterval: arguments.count > 6 ? Int(arguments[6]).flatMap { $0 > 0 ? $0 : nil } : nil,
            workerCount: arguments.count > 7 ? Int(arguments[7]) : nil)
        do throws(IOFailure) { try generator.write(to: directory) } catch {
            FileHandle.standardError.write(Data("\(error)\n".utf8))
            exit(73)
        }
        standardOutput("WROTE \(rows) rows to \(directory)")
    case "read-csv":
        let started = Date()
        var records = 0
        var bytes = 0
        do throws(CSVError) {
            let reader = try CSVReader(path: directory)
            var record = CSVRecord()
            while try reader.readRecord(into: &record) { records += 1 }
            bytes = reader.byteCount
        } catch {
            FileHandle.standardError.write(Data("\(error)\n".utf8))
            exit(65)
        }
        let seconds = Date().timeIntervalSince(started)
        standardOutput("READ \(records) records, \(bytes) bytes in \(String(format: "%.3f", seconds)) s: \(Int(Double(records) / seconds)) records/s, \(Int(Double(bytes) / seconds / 1e6)) MB/s")
    case "hold-lock":
        let ledger = try Ledger(directory: directory, options: options)
        standardOutput("LOCKED \(ledger.digest)")
        while true { sleep(60) }
    case "hold-lock-then-release":
        // The hold is timed from a line the test sends, not from start-up, so a slow start cannot
        // eat into it: the test knows the lock is held until it has sent the line.
        let holdSeconds = arguments.count > 3 ? Double(arguments[3]) ?? 0.5 : 0.5
        let ledger = try Ledger(directory: directory, options: options)
        standardOutput("LOCKED \(ledger.digest)")
        _ = readLine()
        usleep(UInt32(holdSeconds * 1_000_000))
        // Said before letting go, so an opener that gets the lock has always been told.
        standardOutput("RELEASED")
        ledger.close()
    case "open":
        let ledger = try Ledger(directory: directory, options: options)
        standardOutput("OPENED \(ledger.digest)")
    default:
        exit(64)
    }
} catch {
    FileHandle.standardError.write(Data("\(error)\n".utf8))
    if case .locked = error { exit(75) }
    exit(65)
}
