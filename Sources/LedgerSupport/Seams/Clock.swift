import Foundation
import Synchronization

/// Where "now" comes from. The ledger never reads the system clock directly, so tests and
/// simulations can run a history of years in milliseconds and get the same bytes every time.
public protocol Clock: Sendable {
    func now() -> Instant
}

/// The machine's wall clock, truncated to milliseconds (the log's precision).
public struct SystemClock: Clock {
    public init() {}

    public func now() -> Instant {
        Instant(millisecondsSinceEpoch: Int64((Date().timeIntervalSince1970 * 1000).rounded(.down)))
    }
}

/// A clock that only moves when told to: for tests and deterministic generators.
public final class ManualClock: Clock {
    private let current: Mutex<Instant>

    public init(_ start: Instant) { current = Mutex(start) }

    public func now() -> Instant { current.withLock { $0 } }

    public func set(_ instant: Instant) { current.withLock { $0 = instant } }

    public func advance(milliseconds: Int64) {
        current.withLock { $0 = $0.adding(milliseconds: milliseconds) }
    }
}
