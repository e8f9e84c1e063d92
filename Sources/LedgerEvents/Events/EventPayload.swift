import LedgerStore
import LedgerSupport

/// One kind of event. Conformers are the payload structs.
///
/// A payload holds identifiers and practice facts only: no names, no addresses. The envelope
/// (sequence, event id, times, actor, source) is written by the store; the payload is the JSON
/// object under `"data"`, encoded with ``LedgerEvent/makeLedgerEncoder()``. Because the store
/// hashes those bytes, decoding and re-encoding a payload must give identical bytes, so payloads
/// use no floating-point numbers, no sets and no dictionaries with non-`String` keys, and never
/// use the keys `sequence` or `recordedAt`.
public protocol EventPayload: Sendable, Hashable, Codable {
    /// The stored `type`, such as `"CaseAllocated"`. It never changes once an event is in a log.
    static var typeName: String { get }
    /// The current schema version. Older stored versions are upcast by ``EventUpcaster``.
    static var schemaVersion: Int { get }
    /// The stream the event belongs to: `case/…`, `worker/…`, `team/…`, `policy/…`, `import/…`.
    var stream: StreamName { get }
}

/// Payloads whose fields must agree with each other beyond what their types say.
///
/// ``LedgerEvent/decodeData(type:schemaVersion:data:using:)`` reports a problem as
/// ``EventDecodingError/malformedData(type:detail:)`` rather than letting a half-formed event
/// reach the projections.
protocol ValidatedPayload: EventPayload {
    /// A sentence naming the field at fault, or nil when the payload is consistent.
    var validationProblem: String? { get }
}

/// Puts set-like arrays (flags, factors, recipients) into one canonical order without
/// duplicates, so two events meaning the same thing encode to the same bytes.
@inline(__always)
package func canonicalSet<Element: RawRepresentable & Hashable>(_ elements: [Element]) -> [Element]
where Element.RawValue == String {
    var seen = Set<Element>()
    return elements.filter { seen.insert($0).inserted }.sorted { $0.rawValue < $1.rawValue }
}
