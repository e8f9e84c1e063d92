/// How far a demo run has got, for a progress line.
public struct DemoProgress: Sendable, Hashable {
    public var date: LocalDate
    public var lastDay: LocalDate
    public var eventCount: UInt64
}
