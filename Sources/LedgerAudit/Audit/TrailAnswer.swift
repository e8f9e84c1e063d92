import LedgerDomain
import LedgerEvents
import LedgerStore
import LedgerSupport

/// The decision trail of a case: every event in valid-time order with who recorded it, when
/// (both times), why, and how it stands: current, retracted, a correction or a replacement.
public struct TrailAnswer: Sendable, Hashable, Codable {
    public var caseId: String
    /// Valid-time range asked for (inclusive); nil means open-ended.
    public var from: Instant?
    public var to: Instant?
    public var asKnown: Instant
    public var head: Citation
    public var entries: [TrailEntry]
    /// The case's timescales as they stood at `to`, with their status; with no `to`, at
    /// `asKnown` or the case's last event, whichever is later (never the clock).
    public var timescales: [TimescaleStatus]
    public var citations: [Citation]
}

/// One event of a trail.
public struct TrailEntry: Sendable, Hashable, Codable {
    public enum Status: String, Sendable, Hashable, Codable {
        /// Counts as recorded.
        case current
        /// Withdrawn by a later correction (see `retraction`); kept, shown, and not counted.
        case retracted
        /// An `EntryRetracted`: withdraws the entry in `retracts`.
        case correction
        /// Recorded straight after a correction as the corrected version of `replaces`.
        case replacement
    }

    public var citation: Citation
    public var type: String
    public var occurredAt: Instant
    public var recordedAt: Instant
    public var actor: Actor
    public var source: String
    public var correlationId: String
    /// One line in words.
    public var summary: String
    public var status: Status
    /// For a retracted entry: the correction that withdrew it.
    public var retraction: RetractionSummary?
    /// For a correction: the entry it withdraws.
    public var retracts: Citation?
    /// For a replacement: the entry it corrects.
    public var replaces: Citation?
    /// Recorded after an event of the case that happened later: a backfill.
    public var recordedOutOfOrder: Bool
    /// The payload exactly as stored.
    public var data: JSONValue
}

/// The correction that withdrew an entry.
public struct RetractionSummary: Sendable, Hashable, Codable {
    public var citation: Citation
    public var recordedAt: Instant
    public var reason: String
    public var authorisingManagerId: String
}
