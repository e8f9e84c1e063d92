import CaseLedger
import LedgerSimulation

/// Checks on a command's JSON object that the domain types cannot make, shared by the write
/// subcommands and `apply`: every id a command would store follows ``IdentifierGrammar``.
enum CommandInputChecks {
    /// The first id field (a key ending in `Id`, or `Ids` for a list, at any depth) whose value
    /// breaks the grammar: its key path and why.
    static func idProblem(in object: [String: Any], path: String = "") -> (key: String, problem: String)? {
        for key in object.keys.sorted() {
            let value = object[key]
            let keyPath = path.isEmpty ? key : path + "." + key
            if key.hasSuffix("Id"), let text = value as? String, let problem = IdentifierGrammar.problem(text) {
                return (keyPath, problem)
            }
            if key.hasSuffix("Ids"), let list = value as? [Any] {
                for case let text as String in list {
                    if let problem = IdentifierGrammar.problem(text) { return (keyPath, problem) }
                }
            }
            if let nested = value as? [String: Any], let found = idProblem(in: nested, path: keyPath) { return found }
        }
        return nil
    }
}
