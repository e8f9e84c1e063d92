import Foundation
import LedgerSupport

/// The random id a ledger's manifest records (`ledgerId`), read for the things that must tell
/// one ledger from another without reading its log: checkpoint origins and snapshot directories.
public enum LedgerIdentity {
    /// The manifest's `ledgerId`, or nil when the directory has no manifest, the manifest
    /// predates ids (format 1 as first written) or the id is not plain letters, digits and `-`
    /// (it becomes part of a path and an origin line, so nothing else is trusted).
    public static func identifier(directory: String) -> String? {
        guard let data = FileManager.default.contents(atPath: directory + "/" + LedgerFormat.manifestFileName),
              let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              let identifier = object["ledgerId"] as? String, !identifier.isEmpty,
              identifier.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") })
        else { return nil }
        return identifier
    }
}
