/// A fact with the position and valid time of the event it came from.
struct FactRecord: Sendable, Hashable {
    var sequence: UInt64
    var occurredAt: Instant
    var fact: StateFact
}
