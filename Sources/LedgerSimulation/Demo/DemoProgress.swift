import LedgerAudit
import LedgerDomain
import LedgerEvents
import LedgerImport
import LedgerStore
import LedgerSupport

/// How far a demo run has got, for a progress line.
///
/// Building years of history takes a few seconds; a person at a terminal should see it move.
public struct DemoProgress: Sendable, Hashable {
    public var date: LocalDate
    public var lastDay: LocalDate
    public var eventCount: UInt64
}
