import CaseLedger
import Foundation
import LedgerSimulation

/// `policy`: prints a policy file, so an authority starts its own from the built-in defaults.
enum PolicyCommand {
    static var all: [Subcommand] { [policy] }

    static let policy = Subcommand(
        specification: CommandSpecification(
            name: "policy", summary: "print a built-in profile (or check a policy file) as indented JSON, with its hash",
            options: [
                OptionSpecification("--profile", value: "NAME", help: "children (default) or adults"),
                OptionSpecification("--check", value: "FILE", help: "read FILE, report every problem naming its field, print its hash"),
            ],
            discussion: """
                Standard output is the policy as indented JSON, every rule's severity spelled out (block, justify, \
                finding or off), to edit and adopt with 'caseledger adopt-policy --file'. Standard error names \
                its SHA-256: the hash of its canonical form (sorted keys, no whitespace), which a PolicyAdopted \
                event records, so re-indenting a file never changes its identity. --check lists every unknown \
                or misspelt field, wrong type, missing field and impossible number, one per line.
                """)
    ) { invocation in
        let policy: Policy
        if let path = invocation.arguments.value("--check") {
            do { policy = try Policy.load(path: path) } catch {
                throw ToolFailure(code: .dataError, message: "\(error)")
            }
        } else {
            let name = invocation.arguments.value("--profile") ?? "children"
            guard let profile = Policy.profile(named: name) else {
                throw UsageError("--profile must be children or adults; got '\(name)'", command: "policy")
            }
            policy = profile
        }
        invocation.output.print(policy.readableJSON())
        invocation.output.error("policy \(policy.policyId): sha256 \(policy.contentHash.hex)")
        return .success
    }
}
