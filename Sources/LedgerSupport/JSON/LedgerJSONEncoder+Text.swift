/// The one JSON writer for everything CaseLedger prints: the encoder that writes the log, so an
/// answer, a receipt and a stored payload escape strings, order keys and spell numbers alike.
extension LedgerJSONEncoder {
    /// Shared by every report and command: the encoder is thread-safe and pools its buffers.
    public static let shared = LedgerJSONEncoder()

    /// `value` as one line of JSON text: keys sorted by their UTF-8 bytes, no whitespace, slashes
    /// not escaped (Foundation's `JSONEncoder` with `.sortedKeys, .withoutEscapingSlashes`).
    ///
    /// Throws only for a value no JSON can hold (a non-finite floating-point number).
    public func text<Value: Encodable>(_ value: Value) throws -> String {
        var text = ""
        try withEncodedBytes(of: value) { text = String(decoding: $0, as: UTF8.self) }
        return text
    }
}
