import Foundation
import LedgerAudit
import LedgerDomain
import LedgerEvents
import LedgerImport
import LedgerStore
import LedgerSupport

/// `demo.json` in a demo's store: says the ledger is a simulated authority whose history ends on
/// `lastDay`, so queries default their as-of time to that day instead of today.
///
/// Why: the demo's history is simulated up to a fixed day (so a seed always writes the same
/// bytes); asked "as of now" months later, every waiting case reads as hundreds of working days
/// old and every case the demo talks about as closed. A real ledger never has this file, and its
/// queries keep defaulting to now. The verifier reads only segment files, so the marker is inert.
public struct DemoStoreMarker: Sendable, Hashable, Codable {
    public static let fileName = "demo.json"

    /// The last simulated day: the demo's "today".
    public var lastDay: LocalDate
    public var seed: UInt64

    public init(lastDay: LocalDate, seed: UInt64) {
        self.lastDay = lastDay
        self.seed = seed
    }

    /// The marker in `storeDirectory`, or nil if there is none (or it cannot be read as one).
    public static func read(storeDirectory: String) -> DemoStoreMarker? {
        let path = storeDirectory + "/" + fileName
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        return try? JSONDecoder().decode(DemoStoreMarker.self, from: data)
    }

    /// Writes the marker into `storeDirectory`.
    public func write(storeDirectory: String) throws(IOFailure) {
        let path = storeDirectory + "/" + Self.fileName
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        do {
            try encoder.encode(self).write(to: URL(fileURLWithPath: path))
        } catch {
            throw IOFailure(operation: "write", path: path, errorNumber: EIO)
        }
    }
}
