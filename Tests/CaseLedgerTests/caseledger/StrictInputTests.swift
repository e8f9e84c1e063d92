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

/// Issue 17 items 7 and 10: `apply` and the write subcommands refuse ambiguous or hostile input
/// with the line and field named, append nothing, and never buffer an oversized line whole.
@Suite("Strict input", .serialized)
struct StrictInputTests {
    static let note = #"{"command":"recordCaseNote","caseId":"C1","text":"seen","actor":"W1","at":"2024-03-03T10:00:00Z"}"#

    /// Runs `apply FILE` on `bytes` and checks the refusal: exit 65, the message names the line
    /// and `expected`, and the store is byte-for-byte unchanged.
    static func expectRefused(_ directory: TemporaryDirectory, _ bytes: [UInt8], naming expected: String,
                              sourceLocation: SourceLocation = #_sourceLocation) throws {
        let before = try HardeningFixtures.storeBytes(directory)
        let path = directory.path + "/input.jsonl"
        try StoreFixtures.write(bytes, to: path)
        let result = try HardeningFixtures.run(directory, ["apply", path])
        #expect(result.status == 65, "\(result.standardError)", sourceLocation: sourceLocation)
        #expect(result.standardError.contains("line 2"), "\(result.standardError)", sourceLocation: sourceLocation)
        #expect(result.standardError.contains(expected), "\(result.standardError)", sourceLocation: sourceLocation)
        #expect(try HardeningFixtures.storeBytes(directory) == before, sourceLocation: sourceLocation)
    }

    static func lines(_ second: String) -> [UInt8] { Array((note + "\n" + second + "\n").utf8) }

    @Test("duplicate keys are refused, at any depth, including actor")
    func duplicateKeys() throws {
        let directory = try HardeningFixtures.makeStore("strict-dup")
        try Self.expectRefused(directory, Self.lines(#"{"command":"recordCaseNote","caseId":"C1","text":"x","actor":"W1","actor":"TM","at":"2024-03-03T10:00:00Z"}"#),
                               naming: "duplicate key \"actor\"")
        try Self.expectRefused(directory, Self.lines(#"{"command":"allocate","caseId":"C1","workerId":"W1","reason":"newReferral","rationale":"r","tasks":[],"discussedWithWorker":true,"justifications":{"CAP":"a","CAP":"b"},"actor":"TM","at":"2024-03-03T10:00:00Z"}"#),
                               naming: "duplicate key \"CAP\"")
    }

    @Test("at, actor and actorRole must be strings; every field has its JSON type", arguments: [
        (#""at":20240303"#, "field at"), (#""at":null"#, "field at"), (#""actorRole":1"#, "field actorRole"),
        (#""actorRole":["teamManager"]"#, "field actorRole"), (#""actor":{"id":"W1"}"#, "field actor"),
    ])
    func lineKeyTypes(member: String, expected: String) throws {
        let directory = try HardeningFixtures.makeStore("strict-types")
        let line = member.hasPrefix(#""actor":"#)
            ? #"{"command":"recordCaseNote","caseId":"C1","text":"x",\#(member),"at":"2024-03-03T10:00:00Z"}"#
            : #"{"command":"recordCaseNote","caseId":"C1","text":"x","actor":"W1",\#(member)}"#
        try Self.expectRefused(directory, Self.lines(line), naming: expected)
    }

    @Test("a command field of the wrong type is refused naming it")
    func fieldTypes() throws {
        let directory = try HardeningFixtures.makeStore("strict-fields")
        try Self.expectRefused(directory, Self.lines(#"{"command":"recordCaseNote","caseId":"C1","text":42,"actor":"W1","at":"2024-03-03T10:00:00Z"}"#),
                               naming: "text")
        try Self.expectRefused(directory, Self.lines(#"{"command":"recordCaseNote","caseId":7,"text":"x","actor":"W1","at":"2024-03-03T10:00:00Z"}"#),
                               naming: "caseId")
    }

    @Test("invalid UTF-8 is refused, never replaced")
    func invalidUTF8() throws {
        let directory = try HardeningFixtures.makeStore("strict-utf8")
        var bytes = Array((Self.note + "\n").utf8)
        bytes += Array(#"{"command":"recordCaseNote","caseId":"C1","text":"a"#.utf8) + [0xC3, 0x28]
            + Array(#"","actor":"W1","at":"2024-03-03T10:00:00Z"}"#.utf8) + [0x0A]
        try Self.expectRefused(directory, bytes, naming: "UTF-8")
    }

    @Test("ids outside the grammar are refused: control characters, '/', '..', too long", arguments: [
        (#"C1\u0000"#, "control character"), (#"C\u001b1"#, "control character"), ("../etc", "'/'"), (".hidden", "start with '.'"), ("-rf", "start with '-'"),
        ("a/../b", "'/'"), ("a..b", "'..'"), (String(repeating: "C", count: 65), "at most 64"), ("", "empty"), ("C 1", "' '"),
    ])
    func idGrammar(id: String, expected: String) throws {
        let directory = try HardeningFixtures.makeStore("strict-ids")
        try Self.expectRefused(directory, Self.lines(#"{"command":"recordCaseNote","caseId":"\#(id)","text":"x","actor":"W1","at":"2024-03-03T10:00:00Z"}"#),
                               naming: expected)
    }

    @Test("the write subcommands enforce the same id grammar (64 naming the option)")
    func writeCommandIds() throws {
        let directory = try HardeningFixtures.makeStore("strict-options")
        let before = try HardeningFixtures.storeBytes(directory)
        let traversal = try HardeningFixtures.run(directory, ["note", "--case", "../x", "--text", "x", "--actor", "W1", "--at", "2024-03-03"])
        #expect(traversal.status == 64)
        #expect(traversal.standardError.contains("--case"), "\(traversal.standardError)")
        let actor = try HardeningFixtures.run(directory, ["note", "--case", "C1", "--text", "x", "--actor", "W1\u{1b}", "--at", "2024-03-03"])
        #expect(actor.status == 64)
        #expect(!actor.standardError.utf8.contains(0x1B), "the refusal itself is inert")
        #expect(try HardeningFixtures.storeBytes(directory) == before)
    }

    @Test("queries refuse ids with control characters (64); import refuses an --actor outside the grammar")
    func queryAndImportIds() throws {
        let directory = try HardeningFixtures.makeStore("strict-queries")
        for arguments in [["holders", "C1\u{1b}[2J"], ["trail", "C1\r"], ["caseload", "--team", "T1\u{7}"], ["audit", "C\u{7}1"]] {
            let result = try HardeningFixtures.run(directory, arguments)
            #expect(result.status == 64, "\(arguments): \(result.standardError)")
            #expect(result.standardError.contains("control character"), "\(result.standardError)")
            #expect(!result.standardError.utf8.contains(0x1B) && !result.standardError.utf8.contains(0x0D))
        }
        let export = try ImportFixtures.write(ImportFixtures.export(ImportFixtures.rows(holding: "CW"), preset: "ssd"), in: directory)
        let before = try HardeningFixtures.storeBytes(directory)
        let result = try HardeningFixtures.run(directory, ["import", export, "--preset", "ssd", "--actor", "../admin"])
        #expect(result.status == 64, "\(result.standardError)")
        #expect(result.standardError.contains("--actor"))
        #expect(try HardeningFixtures.storeBytes(directory) == before)
    }

    @Test("an oversized line is refused after reading its first 256 KiB, not whole, and nothing is appended")
    func oversizedLine() throws {
        let directory = try HardeningFixtures.makeStore("strict-huge")
        let before = try HardeningFixtures.storeBytes(directory)
        // 40 MB of note text on stdin: a reader that buffers the line whole takes seconds and
        // hundreds of megabytes; one that stops at the limit answers at once.
        let huge = Self.note + "\n" + #"{"command":"recordCaseNote","caseId":"C1","actor":"W1","text":""# + String(repeating: "x", count: 40 << 20) + "\"}\n"
        let path = directory.path + "/huge.jsonl"
        try StoreFixtures.write(Array(huge.utf8), to: path)
        let start = Date()
        let result = try HardeningFixtures.run(directory, ["apply", path])
        #expect(result.status == 65, "\(result.standardError)")
        #expect(result.standardError.contains("line 2 is longer than 262144 bytes"), "\(result.standardError)")
        #expect(Date().timeIntervalSince(start) < 20)
        #expect(try HardeningFixtures.storeBytes(directory) == before)
    }

    @Test("strict JSON parser: RFC 8259 only, ambiguity refused")
    func parser() throws {
        for bad in [#"{"a":1,"a":2}"#, #"{"a":01}"#, #"{"a":NaN}"#, #"{"a":"\ud800"}"#, "\u{FEFF}{}", #"{"a":1} x"#, #"{"a":"x"#,
                    "{\"a\":\"\u{01}\"}", #"{'a':1}"#, #"[1,]"#, #"{"a":1,}"#, String(repeating: "[", count: 40) + String(repeating: "]", count: 40)] {
            #expect(throws: StrictJSONError.self, "\(bad.debugDescription)") { try StrictJSON.parse(Array(bad.utf8)) }
        }
        let value = try StrictJSON.parse(Array(#" {"b":[1,-0.5e3,true,null],"a":"\u00e9\ud83d\ude00\n"} "#.utf8))
        guard case .object(let members) = value else { Issue.record("not an object"); return }
        #expect(members.map(\.key) == ["b", "a"])
        #expect(members[1].value == .string("é😀\n"))
        #expect(members[0].value == .array([.number("1"), .number("-0.5e3"), .bool(true), .null]))
    }
}
