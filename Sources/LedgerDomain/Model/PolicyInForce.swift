import Foundation
import LedgerEvents
import LedgerStore
import LedgerSupport

/// A policy and where it came from: the adoption event, or the built-in default.
public struct PolicyInForce: Sendable {
    public var policy: Policy
    /// The `PolicyAdopted` event, or nil for the configured default.
    public var citation: Citation?
    public var adoptedFrom: Instant?
    public let calendar: WorkingCalendar

    package init(policy: Policy, citation: Citation?, adoptedFrom: Instant?) {
        self.policy = policy
        self.citation = citation
        self.adoptedFrom = adoptedFrom
        self.calendar = policy.calendar
    }
}
