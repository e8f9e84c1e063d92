import CaseLedger
import Dispatch
import Foundation
import LedgerSimulation

/// `checkpoint`, `prove` and `consistency`, and `verify --since`: the Merkle tree's commands.
enum TreeCommands {
    static var all: [Subcommand] { [checkpoint, prove, consistency] }

    static let originOption = OptionSpecification(
        "--origin", value: "NAME", help: "the checkpoint's origin line (default: caseledger/ and the ledger's id)")
    static let outputOption = OptionSpecification("--output", value: "FILE", help: "write to FILE instead of standard output")

    static let checkpoint = Subcommand(
        specification: CommandSpecification(
            name: "checkpoint", summary: "print the log's tree head as a C2SP tlog-checkpoint note body",
            options: [originOption, outputOption],
            discussion: """
                Re-reads and checks every line (as verify does), then prints three lines: the origin, \
                the tree size (the head sequence) and the base64 RFC 6962 root hash. Note it, or sign it \
                as a C2SP signed note (README: Checkpoints); later, verify --since FILE proves the log \
                still extends it and prove --checkpoint FILE proves a case's lines against it.
                """)
    ) { invocation in
        let index = try LedgerTreeIndex.open(directory: invocation.storeDirectory)
        let checkpoint = index.checkpoint(origin: try origin(invocation))
        try write(checkpoint.text, invocation: invocation, summary: "checkpoint of tree size \(checkpoint.size)")
        return .success
    }

    static let prove = Subcommand(
        specification: CommandSpecification(
            name: "prove", summary: "write a case's evidence pack: its log lines with inclusion proofs to a checkpoint",
            positionals: [("CASE", "the case id")],
            options: [
                OptionSpecification("--checkpoint", value: "FILE", help: "prove against this tree head (one the recipient trusts) instead of today's"),
                OptionSpecification("--as-of", value: "D", help: "only the case's events that occurred by D"),
                originOption,
                OptionSpecification("--output", value: "FILE", help: "where to write the pack (required)"),
            ],
            discussion: """
                The pack (JSON lines, events/README.md) holds the checkpoint, every stored line of the \
                stream case/CASE up to its tree size, exactly as stored, and each line's RFC 6962 \
                inclusion proof; tools/verify_pack.py PACK [CHECKPOINT] checks it with the Python \
                standard library alone. It states what it proves and what it does not (that the case \
                has no other events).
                """)
    ) { invocation in
        guard let caseId = invocation.arguments.positional(0) else {
            throw UsageError("name the case: caseledger prove CASE --output FILE", command: "prove")
        }
        guard invocation.arguments.value("--output") != nil else {
            throw UsageError("--output FILE is required: a pack is a file to hand over", command: "prove")
        }
        let trusted = try invocation.arguments.value("--checkpoint").map { path throws(ToolFailure) in try readCheckpoint(path) }
        let asOf = try AuditCommands.instant(invocation, "--as-of", startOfDay: false)
        let opened = DispatchTime.now()
        let index = try LedgerTreeIndex.open(directory: invocation.storeDirectory)
        let made = DispatchTime.now()
        let chosenOrigin = try origin(invocation)
        let checkpoint = trusted ?? index.checkpoint(origin: chosenOrigin)
        let pack: EvidencePack
        do throws(EvidenceError) { pack = try EvidencePack.make(index: index, caseId: caseId, checkpoint: checkpoint, asOf: asOf) } catch {
            throw ToolFailure(code: error.exitCode, message: "\(error)")
        }
        let text = pack.text
        let finished = DispatchTime.now()
        // Said on standard error with the file written: what reading the log cost, and what the pack cost after it.
        let timing = String(format: "log read and tree built in %.0f ms, pack made in %.1f ms",
                            Double(made.uptimeNanoseconds - opened.uptimeNanoseconds) / 1e6,
                            Double(finished.uptimeNanoseconds - made.uptimeNanoseconds) / 1e6)
        guard !pack.entries.isEmpty else {
            throw ToolFailure(code: .dataError, message: "the log holds no line of case/\(caseId) up to tree size \(checkpoint.size)")
        }
        try write(text, invocation: invocation,
                  summary: "evidence pack: \(pack.entries.count) lines of case/\(caseId), tree size \(checkpoint.size); \(timing)")
        return .success
    }

    static let consistency = Subcommand(
        specification: CommandSpecification(
            name: "consistency", summary: "write the proof that a later tree head extends an earlier checkpoint",
            options: [
                OptionSpecification("--from", value: "FILE", help: "the earlier checkpoint (required)"),
                OptionSpecification("--to", value: "FILE", help: "the later checkpoint (default: today's tree head)"),
                originOption, outputOption,
            ],
            discussion: """
                Reads only the tree sidecar, not the log. Writes caseledger-consistency-proof 1, both \
                tree sizes and the base64 proof hashes (events/README.md); without --to the new \
                checkpoint is written to standard error (or beside --output as FILE.checkpoint). \
                tools/verify_consistency.py OLD NEW PROOF checks it.
                """)
    ) { invocation in
        guard let fromPath = invocation.arguments.value("--from") else {
            throw UsageError("--from FILE is required: the checkpoint to prove consistency from", command: "consistency")
        }
        let old = try readCheckpoint(fromPath)
        let new = try invocation.arguments.value("--to").map { path throws(ToolFailure) in try readCheckpoint(path) }
        let made: (proof: ConsistencyProof, new: Checkpoint)
        let chosenOrigin = try origin(invocation)
        do throws(EvidenceError) {
            made = try ConsistencyProof.make(directory: invocation.storeDirectory, from: old, to: new,
                                             origin: chosenOrigin)
        } catch {
            throw ToolFailure(code: error.exitCode, message: "\(error)")
        }
        if new == nil {
            if let output = invocation.arguments.value("--output") {
                try writeFile(made.new.text, to: output + ".checkpoint")
            } else {
                FileHandle.standardError.write(Data(made.new.text.utf8))
            }
        }
        try write(made.proof.text, invocation: invocation,
                  summary: "consistency proof from tree size \(made.proof.oldSize) to \(made.proof.newSize), \(made.proof.hashes.count) hashes")
        return .success
    }

    /// `verify --since FILE`: the consistency proof from the checkpoint to today's tree, made and
    /// checked from the sidecar alone.
    static func verifySince(_ path: String, format: OutputFormat, invocation: Invocation) throws -> ExitCode {
        let old = try readCheckpoint(path)
        let made: (proof: ConsistencyProof, new: Checkpoint)
        do {
            made = try ConsistencyProof.make(directory: invocation.storeDirectory, from: old)
            try MerkleTree.verifyConsistency(oldSize: old.size, newSize: made.new.size, oldRoot: old.rootHash,
                                             newRoot: made.new.rootHash, proof: made.proof.hashes)
        } catch let error as EvidenceError {
            if case .io = error { throw ToolFailure(code: .cannotCreate, message: "\(error)") }
            if case .sidecarMissing = error { throw ToolFailure(code: .dataError, message: "\(error)") }
            return failed("\(error)", format: format, invocation: invocation)
        } catch {
            return failed("\(error)", format: format, invocation: invocation)
        }
        switch format {
        case .json:
            invocation.output.print(try JSONOutput.line(JSONOutput.Consistency(
                consistent: true, since: old.text, checkpoint: made.new.text, proofHashes: made.proof.hashes.count)))
        default:
            invocation.output.print("consistent: tree size \(made.new.size) extends the checkpoint of tree size \(old.size) (\(old.origin)); consistency proof of \(made.proof.hashes.count) hashes checked")
            invocation.output.print("checkpoint verified (C2SP tlog-checkpoint body):")
            invocation.output.print(String(made.new.text.dropLast()))
            invocation.output.print("""
                proved: the first \(old.size) lines are unchanged since that checkpoint. Read from the tree sidecar \
                only; caseledger verify re-reads the log and checks the sidecar against it.
                """)
        }
        return .success
    }

    private static func failed(_ message: String, format: OutputFormat, invocation: Invocation) -> ExitCode {
        switch format {
        case .json:
            // A value of strings alone always encodes; the text is the fallback the type asks for.
            let consistency = JSONOutput.Consistency(consistent: false, fault: message)
            invocation.output.print((try? JSONOutput.line(consistency)) ?? "FAILED: \(message)")
        default: invocation.output.print("FAILED: \(message)")
        }
        return .failure
    }

    private static func origin(_ invocation: Invocation) throws(UsageError) -> String? {
        guard let origin = invocation.arguments.value("--origin") else { return nil }
        guard !origin.isEmpty, !origin.contains(where: { $0.isNewline || $0 == "\t" }) else {
            throw UsageError("--origin must be one non-empty line", command: invocation.command.name)
        }
        return origin
    }

    private static func readCheckpoint(_ path: String) throws(ToolFailure) -> Checkpoint {
        do { return try Checkpoint(contentsOf: path) } catch {
            throw ToolFailure(code: .dataError, message: "\(path): \(error)")
        }
    }

    private static func write(_ text: String, invocation: Invocation, summary: String) throws(ToolFailure) {
        if let destination = invocation.arguments.value("--output") {
            try writeFile(text, to: destination)
            FileHandle.standardError.write(Data("wrote \(destination): \(summary)\n".utf8))
        } else {
            invocation.output.print(String(text.dropLast()))
        }
    }

    private static func writeFile(_ text: String, to destination: String) throws(ToolFailure) {
        do { try Data(text.utf8).write(to: URL(fileURLWithPath: destination), options: .atomic) } catch {
            throw ToolFailure(code: .cannotCreate, message: "cannot write \(destination): \(error.localizedDescription)")
        }
    }
}

extension EvidenceError {
    /// Exit code: a checkpoint that is not of this log fails like a failed verification.
    var exitCode: ExitCode {
        switch self {
        case .checkpointBeyondLog, .checkpointNotOfThisLog, .lineChanged: return .failure
        case .io: return .cannotCreate
        case .checkpointsOutOfOrder, .sidecarMissing: return .dataError
        }
    }
}
