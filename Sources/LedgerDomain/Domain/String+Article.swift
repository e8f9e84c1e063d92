import LedgerEvents
import LedgerStore
import LedgerSupport

// Articles for role names in refusal sentences ("a social worker", "an ASYE").

extension String {
    /// "a social worker", "an ASYE": roles in sentences.
    package var withArticle: String {
        guard let first = first else { return self }
        return ("aeiouAEIOU".contains(first) ? "an " : "a ") + self
    }
}
