import LedgerStore
import LedgerSupport

/// An earlier entry is withdrawn, with the reason and the manager who authorised it; the corrected
/// event, if any, follows. Bytes are never rewritten: as-known queries before this event still
/// see the original.
public struct EntryRetracted: EventPayload {
    public static let typeName = "EntryRetracted"
    public static let schemaVersion = 1

    /// The sequence number of the retracted entry (named so, not `sequence`, which is an envelope key).
    public let retractedSequenceNumber: UInt64
    /// The retracted entry's event id, as a cross-check on the sequence number.
    public let retractedEventId: String?
    /// The stream of the retracted entry; this event belongs to the same stream.
    public let retractedStream: StreamName
    public let reason: String
    public let authorisingManagerId: String
    /// Whether a corrected event is appended straight after this one.
    public let replacementFollows: Bool

    public init(
        retractedSequenceNumber: UInt64, retractedEventId: String?, retractedStream: StreamName, reason: String,
        authorisingManagerId: String, replacementFollows: Bool
    ) {
        self.retractedSequenceNumber = retractedSequenceNumber
        self.retractedEventId = retractedEventId
        self.retractedStream = retractedStream
        self.reason = reason
        self.authorisingManagerId = authorisingManagerId
        self.replacementFollows = replacementFollows
    }

    public var stream: StreamName { retractedStream }
}
