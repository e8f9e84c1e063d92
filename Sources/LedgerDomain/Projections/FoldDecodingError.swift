import LedgerStore

/// A line that passed every check of the store but cannot be read as an event by this build: an
/// unknown actor role or event type (a newer version wrote it), or a payload of the wrong shape.
///
/// Not damage: `verify` says the log is intact, and the bytes are exactly what was written. So the
/// answer is refused naming the event, and the fix is to upgrade CaseLedger or report the line.
public struct FoldDecodingError: Error, Sendable, Hashable, CustomStringConvertible {
    public var sequence: UInt64
    public var segment: String
    public var byteOffset: Int
    public var detail: String

    public init(sequence: UInt64, segment: String, byteOffset: Int, detail: String) {
        self.sequence = sequence
        self.segment = segment
        self.byteOffset = byteOffset
        self.detail = detail
    }

    public var description: String {
        "event \(sequence) (\(segment), byte offset \(byteOffset)) cannot be read as an event: \(detail)"
    }
}
