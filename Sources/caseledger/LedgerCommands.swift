import CaseLedger
import Foundation
import LedgerSimulation

/// `verify` and `digest`: the inspector's integrity commands.
enum LedgerCommands {
    static var all: [Subcommand] { [verify, digest] }

    static let formatOption = OptionSpecification("--format", value: "FORMAT", help: "text (default) or json")

    static let verify = Subcommand(
        specification: CommandSpecification(
            name: "verify", summary: "re-read every byte of the log and check hashes, chain and order",
            options: [
                OptionSpecification("--digest", value: "SEQ:HASH", help: "also prove the log up to SEQ still ends in HASH"),
                OptionSpecification("--since", value: "CHECKPOINT_FILE",
                                    help: "instead, prove from the tree sidecar alone that today's log extends that checkpoint"),
                OptionSpecification("--check-snapshots",
                                    help: "also rebuild from the log and compare every snapshot with it (facts and indexes)"),
                formatOption,
            ],
            discussion: """
                Intact: exit 0, the events and head, the checkpoint verified (origin, tree size, base64 \
                root: note it) and what was proved. Otherwise exit 1 naming the first bad sequence \
                number, segment and byte offset. Without --digest or --since the log is shown to be \
                self-consistent only: a digest (caseledger digest) or checkpoint (caseledger checkpoint) \
                noted earlier proves it was not rewritten or truncated since. --since reads only the \
                tree sidecar, checked against the log whenever the ledger is opened for writing.                 --check-snapshots folds the whole log once and compares each snapshot with the state at                 its position: a snapshot rewritten with consistent checksums (they are public) is named                 here, exit 1; it is not changed or removed.
                """)
    ) { invocation in
        let format = try invocation.format()
        if let since = invocation.arguments.value("--since") {
            guard invocation.arguments.value("--digest") == nil else {
                throw UsageError("--since and --digest are separate checks; give one", command: "verify")
            }
            return try TreeCommands.verifySince(since, format: format, invocation: invocation)
        }
        var digest: LedgerDigest?
        if let text = invocation.arguments.value("--digest") {
            guard let parsed = LedgerDigest(text: text) else {
                let problem = LedgerDigest.problem(parsing: text) ?? "malformed"
                throw UsageError("--digest must be SEQ:HASH (as 'caseledger digest' prints it): \(problem); got '\(text)'",
                                 command: "verify")
            }
            digest = parsed
        }
        let report = try LedgerVerifier.verify(directory: invocation.storeDirectory, digest: digest)
        // Snapshots are compared only with a log that verified: a rebuild from a damaged one means nothing.
        let snapshotFindings = invocation.arguments.has("--check-snapshots") && report.isIntact
            ? try SnapshotVerifier.verify(storeDirectory: invocation.storeDirectory, snapshotDirectory: invocation.snapshotDirectory)
            : nil
        switch format {
        case .json:
            invocation.output.print(try JSONOutput.line(JSONOutput.Verification(report, snapshots: snapshotFindings)))
        default:
            if let fault = report.fault {
                invocation.output.print("FAILED: \(fault)")
            } else {
                var line = "intact: \(report.eventCount) events, head \(report.head)"
                if let checked = report.checkedDigest { line += ", digest \(checked) matches" }
                if let pending = report.pendingTail { line += " (a writer is appending: \(pending))" }
                invocation.output.print(line)
                invocation.output.print("checkpoint verified (C2SP tlog-checkpoint body; note it, or sign it):")
                invocation.output.print(String(report.checkpoint.text.dropLast()))
                if let checked = report.checkedDigest {
                    invocation.output.print("proved: the log up to sequence \(checked.sequence) is unaltered since digest \(checked) was noted")
                } else {
                    invocation.output.print("""
                        proved: the log is self-consistent (every hash, the chain, sequence, batches, recorded times). \
                        Only a digest or checkpoint noted earlier (--digest, --since) proves it was not rewritten or truncated.
                        """)
                }
                if report.sidecarState != .matches { invocation.output.print("note: \(report.sidecarState)") }
            }
        }
        guard let findings = snapshotFindings else { return report.isIntact ? .success : .failure }
        if format != .json {
            if findings.isEmpty { invocation.output.print("snapshots: none in \(invocation.snapshotDirectory)") }
            for finding in findings {
                invocation.output.print("snapshot at \(finding.sequence): "
                    + (finding.difference.map { "DIFFERS from the log: \($0) (\(finding.path))" } ?? "matches the log"))
            }
        }
        return findings.allSatisfy(\.matches) ? .success : .failure
    }

    static let digest = Subcommand(
        specification: CommandSpecification(
            name: "digest", summary: "print the log's head as SEQ:HASH, to note now and verify later",
            options: [formatOption])
    ) { invocation in
        let format = try invocation.format()
        let report = try LedgerVerifier.verify(directory: invocation.storeDirectory)
        if let fault = report.fault {
            throw ToolFailure(code: .failure, message: "the log does not verify, so it has no trustworthy digest: \(fault)")
        }
        switch format {
        case .json:
            invocation.output.print(try JSONOutput.line(JSONOutput.Digest(sequence: report.head.sequence, hash: report.head.hash.hex)))
        default:
            invocation.output.print(report.head.description)
        }
        return .success
    }
}
