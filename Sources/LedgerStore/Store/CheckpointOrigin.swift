import Foundation
import LedgerSupport

/// The default origin line of a ledger's checkpoints: `caseledger/` and the ledger's id.
///
/// A manifest written since the tree was added records a random `ledgerId`. A format-1
/// manifest written before has none, and nothing already written changes, so such a ledger is
/// named by its first line's content hash instead (it includes that event's random id): stable,
/// and different for every ledger.
public enum CheckpointOrigin {
    package static let prefix = "caseledger/"

    /// The origin for the ledger in `directory`; `firstContentHash` is the content hash of its
    /// first line, nil for an empty log.
    public static func origin(directory: String, firstContentHash: SHA256Digest?) -> String {
        if let identifier = LedgerIdentity.identifier(directory: directory) { return prefix + identifier }
        guard let firstContentHash else { return prefix + "empty" }
        return prefix + "first-" + String(firstContentHash.hex.prefix(32))
    }
}
