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

/// Issue 14 item 8: the default snapshot directory belongs to the store (`snapshots/<ledgerId>`
/// beside it), so stores side by side never reject or evict each other's snapshots, and a
/// rejected snapshot is removed once a good one replaces it.
@Suite("snapshots belong to their store")
struct SnapshotPerStoreTests {
    static func files(_ path: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).sorted()
    }

    static func modified(_ path: String) throws -> Date {
        try #require(try FileManager.default.attributesOfItem(atPath: path)[.modificationDate] as? Date)
    }

    @Test("two stores in one directory keep their own snapshots: switching between them never warns, rebuilds or evicts")
    func twoStoresSideBySide() throws {
        let directory = TemporaryDirectory("two-stores")
        let one = directory.path + "/events"
        let two = directory.path + "/other-events"
        for (store, events, seed) in [(one, "3000", "7"), (two, "400", "8")] {
            let generated = try ChildProcess.run("caseledger", ["generate", "--events", events, "--seed", seed, "--store", store])
            #expect(generated.status == 0, "\(generated.standardError)")
        }
        let identifiers = try [one, two].map { try #require(LedgerIdentity.identifier(directory: $0)) }
        #expect(identifiers[0] != identifiers[1])

        var written: [String: Date] = [:]
        for round in 0..<3 {
            for store in [one, two] {
                let answer = try ChildProcess.run("caseledger", ["holders", "C000001", "--store", store])
                #expect(answer.status == 0, "\(answer.standardError)")
                #expect(answer.standardError.isEmpty, "round \(round), \(store): \(answer.standardError)")
            }
            for identifier in identifiers {
                let own = directory.path + "/snapshots/" + identifier
                let snapshots = Self.files(own)
                #expect(snapshots.count == 1 && snapshots[0].hasSuffix(".snapshot"), "\(identifier): \(snapshots)")
                let path = own + "/" + (snapshots.first ?? "")
                if round == 0 { written[identifier] = try Self.modified(path) } else {
                    #expect(try Self.modified(path) == written[identifier], "rewritten in round \(round)")
                }
            }
        }
        #expect(Self.files(directory.path + "/snapshots") == identifiers.sorted())
    }

    @Test("a rejected snapshot is removed once a good one replaces it")
    func rejectedRemovedOnceReplaced() throws {
        let directory = TemporaryDirectory("rejected-removed")
        let base = ["--store", directory.store]
        let now = ProcessInfo.processInfo.environment.merging(["CASELEDGER_NOW": "2018-06-01T12:00:00Z"]) { $1 }
        let generated = try ChildProcess.run("caseledger", ["generate", "--events", "1000", "--seed", "7"] + base)
        #expect(generated.status == 0, "\(generated.standardError)")
        let first = try ChildProcess.run("caseledger", ["holders", "C000001"] + base, environment: now)
        #expect(first.status == 0, "\(first.standardError)")
        let own = directory.defaultSnapshots
        let name = try #require(Self.files(own).first { $0.hasSuffix(".snapshot") })
        // One more event, so the snapshot that replaces the damaged one has another name.
        let note = try ChildProcess.run("caseledger", ["note", "--case", "C000001", "--text", "seen", "--actor", "TM01"] + base)
        #expect(note.status == 0, "\(note.standardError)")
        #expect(Self.files(own) == [name], "a single write does not refresh the snapshot")
        var bytes = try StoreFixtures.bytes(own + "/" + name)
        bytes[20] ^= 0x01  // the header's position: its header checksum no longer matches
        try StoreFixtures.write(bytes, to: own + "/" + name)

        let second = try ChildProcess.run("caseledger", ["holders", "C000001"] + base, environment: now)
        #expect(second.status == 0, "\(second.standardError)")
        #expect(second.standardOutput.contains("C000001"))
        #expect(second.standardError.contains(name), "the rejection is reported: \(second.standardError)")
        let left = Self.files(own)
        let replacement = SnapshotStore.fileName(sequence: UInt64(try LedgerReader(directory: directory.store).readAll().count))
        #expect(replacement != name)
        #expect(left == [replacement], "the damaged snapshot is gone, not set aside, once its replacement is written: \(left)")
        let verified = try ChildProcess.run("caseledger", ["verify", "--check-snapshots"] + base)
        #expect(verified.status == 0, "\(verified.standardOutput)\(verified.standardError)")
    }

    @Test("the directory holding a path, without Foundation's path splitting",
          arguments: [("s", "."), ("events", "."), ("a/events", "a"), ("/events", "/"), ("/srv/a/events/", "/srv/a"),
                      ("a/b", "a"), ("./s", "."), ("/", "/")])
    func parentDirectory(path: String, parent: String) {
        #expect(POSIXFile.parentDirectory(of: path) == parent)
    }

    @Test("a one-character relative store path (--store s) writes, answers and keeps its snapshots beside it")
    func oneCharacterStorePath() throws {
        let directory = TemporaryDirectory("store-s")
        let write = try ChildProcess.run("caseledger", ["register-team", "--team", "T1", "--name", "Duty", "--service-area", "dutyAndAssessment",
                                                        "--actor", "HOS", "--actor-role", "headOfService", "--store", "s"],
                                         currentDirectory: directory.path)
        #expect(write.status == 0, "\(write.standardError)")
        let teams = try ChildProcess.run("caseledger", ["teams", "--store", "s"], currentDirectory: directory.path)
        #expect(teams.status == 0, "\(teams.standardError)")
        #expect(teams.standardOutput.contains("T1"))
        #expect(FileManager.default.fileExists(atPath: directory.path + "/s/ledger.json"))
    }
}

