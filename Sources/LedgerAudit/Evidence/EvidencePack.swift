import Foundation
import LedgerDomain
import LedgerEvents
import LedgerStore
import LedgerSupport

/// One case's history with the proof that travels with it: a checkpoint, every stored line of
/// the case's stream up to that tree size, and each line's inclusion proof, as JSON lines
/// (format 1, specified in `events/README.md`; checked by `tools/verify_pack.py`).
public struct EvidencePack: Sendable {
    public static let formatName = "caseledger-evidence-pack"
    public static let formatVersion = 1

    /// What the pack proves, stated in the pack itself.
    public static let proves = """
        Each listed line is, byte for byte, the log line at its sequence number in the tree whose head is the \
        checkpoint: its content hash is recomputed from its bytes, and its leaf and inclusion proof lead to the \
        checkpoint's root. The checkpoint proves the log unaltered only against a checkpoint the recipient \
        noted or received signed earlier.
        """
    /// What it does not prove, stated in the pack itself.
    public static let doesNotProve = """
        It does not prove that the case has no other events: the tree commits to lines, not to a per-stream \
        index, so a line left out would not be noticed. It does not authenticate each line's chain value \
        (checked only against previousChain, which the pack supplies); verify the whole log for the chain.
        """

    public var caseId: String
    public var stream: StreamName
    public var checkpoint: Checkpoint
    public var asOf: Instant?
    public var entries: [Entry]

    /// One line of the case and its proof.
    public struct Entry: Sendable, Hashable {
        public var sequence: UInt64
        /// The stored line, without its LF.
        public var line: [UInt8]
        public var previousChain: SHA256Digest
        public var inclusionProof: [SHA256Digest]
    }

    /// The pack for `caseId`'s stream in `index`, proved against `checkpoint` (checked to be a tree
    /// head of this log) or the whole log's; with `asOf`, only lines that occurred by then.
    public static func make(index: LedgerTreeIndex, caseId: String, checkpoint: Checkpoint? = nil,
                            asOf: Instant? = nil) throws(EvidenceError) -> EvidencePack {
        let checkpoint = checkpoint ?? index.checkpoint()
        try index.check(checkpoint)
        let stream = StreamName.case(caseId)
        var entries: [Entry] = []
        for location in index.lines[stream] ?? [] where location.sequence <= checkpoint.size {
            if let asOf, location.occurredAt > asOf { continue }
            entries.append(Entry(
                sequence: location.sequence, line: try index.storedLine(location), previousChain: location.previousChain,
                inclusionProof: index.tree.inclusionProof(index: location.sequence - 1, size: checkpoint.size)))
        }
        return EvidencePack(caseId: caseId, stream: stream, checkpoint: checkpoint, asOf: asOf, entries: entries)
    }

    /// The pack as JSON lines: a header, then one line per entry, each ending in LF.
    public var text: String {
        var header = [
            #""format":\#(Self.quote(Self.formatName))"#,
            #""formatVersion":\#(Self.formatVersion)"#,
            #""caseId":\#(Self.quote(caseId))"#,
            #""stream":\#(Self.quote(stream.rawValue))"#,
            #""checkpoint":\#(Self.quote(checkpoint.text))"#,
            #""lineCount":\#(entries.count)"#,
        ]
        header.append(#""asOf":\#(asOf.map { Self.quote($0.description) } ?? "null")"#)
        header.append(#""proves":\#(Self.quote(Self.proves))"#)
        header.append(#""doesNotProve":\#(Self.quote(Self.doesNotProve))"#)
        var text = "{" + header.joined(separator: ",") + "}\n"
        for entry in entries {
            let proof = entry.inclusionProof.map { Self.quote(Data($0.bytes).base64EncodedString()) }
            text += #"{"sequence":\#(entry.sequence),"previousChain":"\#(entry.previousChain.hex)","line":\#(Self.quote(String(decoding: entry.line, as: UTF8.self))),"inclusionProof":[\#(proof.joined(separator: ","))]}"#
            text += "\n"
        }
        return text
    }

    /// `text` as a JSON string, escaped exactly as the log's own encoder escapes it.
    package static func quote(_ text: String) -> String {
        // Encoding a string cannot fail; the fallback only satisfies the type checker.
        (try? LedgerJSONEncoder.shared.text(text)) ?? "\"\""
    }
}

