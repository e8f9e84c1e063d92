/// JSON laid out for a person: two-space indentation, `"key": value`, empty containers as
/// `[]` and `{}`.
///
/// Foundation's `.prettyPrinted` splits an empty array over three lines and puts a space before
/// each colon; a file people review and edit (a policy) reads better this way. Members keep the
/// value's order and numbers keep their text, so re-reading gives the same value.
extension StrictJSONValue {
    /// The value as indented text; `depth` is the nesting level of the value itself (0 at the top).
    public func indentedText(depth: Int = 0) -> String {
        let indent = String(repeating: "  ", count: depth)
        let inner = indent + "  "
        switch self {
        case .object(let members):
            guard !members.isEmpty else { return "{}" }
            let lines = members.map { inner + Self.quoted($0.key) + ": " + $0.value.indentedText(depth: depth + 1) }
            return "{\n" + lines.joined(separator: ",\n") + "\n" + indent + "}"
        case .array(let elements):
            guard !elements.isEmpty else { return "[]" }
            let lines = elements.map { inner + $0.indentedText(depth: depth + 1) }
            return "[\n" + lines.joined(separator: ",\n") + "\n" + indent + "]"
        case .string(let text): return Self.quoted(text)
        case .number(let text): return text
        case .bool(let value): return value ? "true" : "false"
        case .null: return "null"
        }
    }

    /// `text` as a JSON string, escaped by the one writer everything else uses (strings hold
    /// no non-finite number, so it cannot fail).
    package static func quoted(_ text: String) -> String {
        (try? LedgerJSONEncoder.shared.text(text)) ?? "\"\""
    }
}
