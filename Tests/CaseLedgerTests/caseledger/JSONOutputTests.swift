import Foundation
import Testing
@testable import LedgerSupport
@testable import LedgerStore
@testable import LedgerEvents
@testable import LedgerDomain

/// Issue 16 item 3: every JSON the command line prints comes from one writer, the log's own
/// encoder: one line that `JSONSerialization` parses, keys sorted, at every depth.
@Suite("JSON output", .serialized)
struct JSONOutputTests {
    /// The same value written by Foundation with sorted keys: equal text means the output's keys
    /// were sorted at every depth and nothing was written by hand around them.
    static func sortedText(_ object: Any) throws -> String {
        String(decoding: try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes]),
               as: UTF8.self)
    }

    static func object(_ text: String) throws -> [String: Any] {
        let line = text.trimmingCharacters(in: .newlines)
        #expect(!line.contains("\n"), "more than one line: \(line)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], "\(line)")
        #expect(try sortedText(object) == line)
        return object
    }

    @Test("write commands, verify, digest and snapshot print one sorted JSON line; a failure prints one on standard error")
    func everyOutputParses() throws {
        let directory = try HardeningFixtures.makeStore("json-output")
        let note = ["note", "--case", "C1", "--text", "seen at home / school", "--actor", "W1", "--at", "2024-03-03", "--format", "json"]

        let dryRun = try HardeningFixtures.run(directory, note + ["--dry-run"])
        #expect(dryRun.status == 0, "\(dryRun.standardError)")
        let wouldAppend = try Self.object(dryRun.standardOutput)
        #expect(wouldAppend["appended"] as? Bool == false)
        let plannedEvent = try #require((wouldAppend["events"] as? [[String: Any]])?.first)
        #expect(plannedEvent["hash"] is NSNull, "a dry run has no hash yet, and says so: \(plannedEvent)")
        #expect(plannedEvent["type"] as? String == "CaseNoteRecorded")

        let appended = try Self.object(try HardeningFixtures.run(directory, note).standardOutput)
        #expect(appended["appended"] as? Bool == true)
        let event = try #require((appended["events"] as? [[String: Any]])?.first)
        #expect((event["hash"] as? String)?.count == 64)
        #expect(appended["findings"] is [Any] && appended["overrides"] is [Any])

        let verify = try Self.object(try HardeningFixtures.run(directory, ["verify", "--check-snapshots", "--format", "json"]).standardOutput)
        #expect(verify["intact"] as? Bool == true)
        #expect(verify["snapshots"] is [Any], "\(verify)")
        #expect((verify["checkpoint"] as? String)?.hasSuffix("\n") == true)

        let digest = try Self.object(try HardeningFixtures.run(directory, ["digest", "--format", "json"]).standardOutput)
        #expect(digest["sequence"] as? Int == (event["sequence"] as? Int))

        let snapshot = try Self.object(try HardeningFixtures.run(directory, ["snapshot", "--format", "json"]).standardOutput)
        #expect(snapshot["sequence"] as? Int == (event["sequence"] as? Int))
        #expect(snapshot["problems"] is [Any])

        let refused = try HardeningFixtures.run(directory, ["note", "--case", "C1", "--text", "x", "--actor", "NOBODY", "--format", "json"])
        #expect(refused.status == 65)
        let failure = try Self.object(refused.standardError)
        #expect(failure["exitCode"] as? Int == 65)
        #expect(failure["command"] as? String == "note")
        #expect((failure["message"] as? String)?.contains("NOBODY") == true)
        #expect(failure["rules"] as? [String] == [])
    }

    @Test("the shared writer is the log's encoder: sorted keys, slashes kept, escapes as the log writes them")
    func sharedWriter() throws {
        struct Shape: Encodable {
            var zebra = "a/b"
            var alpha = "line\nbreak \u{1B}"
            var middle: Int? = nil
        }
        let text = try LedgerJSONEncoder.shared.text(Shape())
        #expect(text == #"{"alpha":"line\nbreak \u001b","zebra":"a/b"}"#)
        #expect(text == String(decoding: try LedgerJSONEncoder().encode(Shape()), as: UTF8.self))
    }
}
