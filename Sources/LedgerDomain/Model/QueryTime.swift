import Foundation
import LedgerEvents
import LedgerStore
import LedgerSupport

/// The times a query is asked at: the world as at valid time `asOf`, as the ledger knew it at
/// transaction time `asKnown`.
public struct QueryTime: Sendable, Hashable, Codable {
    public var asOf: Instant
    public var asKnown: Instant

    public init(asOf: Instant, asKnown: Instant) {
        self.asOf = asOf
        self.asKnown = asKnown
    }
}
