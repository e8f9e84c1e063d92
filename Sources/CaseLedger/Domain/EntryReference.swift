/// What the state remembers of every event: where it is, and whether it was retracted.
struct EntryReference: Sendable, Hashable {
    var stream: StreamName
    var eventId: String
    var typeName: String
    var isRetracted: Bool
}
