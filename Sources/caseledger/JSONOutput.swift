import CaseLedger
import LedgerSimulation

/// Command output as JSON: one line, keys sorted, absent values left out, written by the
/// ledger's own encoder (``LedgerJSONEncoder/shared``) as every audit answer is, so the command
/// line has one JSON writer and no JSON built by hand (README: "JSON is one line with sorted
/// keys").
///
/// The shapes are the nested types of `JSONOutput+Shapes.swift`: each names its fields once, so
/// the text cannot disagree with the value.
enum JSONOutput {
    /// `value` as one line of JSON.
    static func line(_ value: some Encodable) throws -> String {
        try LedgerJSONEncoder.shared.text(value)
    }
}
