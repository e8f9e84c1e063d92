import LedgerDomain
import LedgerEvents
import LedgerStore
import LedgerSupport

/// The known identifiers closest to one a person typed, for "did you mean" in error messages.
///
/// Why: ids are typed from letters, screens and spreadsheets (`c01239`, `C1239`, `C01293`), and
/// "no case c01239" alone leaves the person guessing. A case-insensitive match is certain enough
/// to come first; otherwise ids within two edits, nearest first.
public enum IdentifierSuggestions {
    /// Up to `limit` ids from `known`, best first: a case-insensitive match (alone, when there is
    /// one), then the same id with leading zeros in its number dropped or added, then ids within
    /// two edits (one for ids of three characters or fewer).
    public static func closest(to query: String, among known: some Sequence<String>, limit: Int = 3) -> [String] {
        let folded = query.uppercased()
        let canonical = canonicalNumber(folded)
        // Two edits away from a three-letter id is nearly any id: short ones get one.
        let allowed = folded.count <= 3 ? 1 : 2
        var scored: [(score: Int, id: String)] = []
        for id in known where id != query {
            let candidate = id.uppercased()
            if candidate == folded {
                scored.append((0, id))
            } else if canonicalNumber(candidate) == canonical {
                scored.append((1, id))
            } else if abs(candidate.count - folded.count) <= allowed {
                let distance = editDistance(folded, candidate, limit: allowed)
                if distance <= allowed { scored.append((1 + distance, id)) }
            }
        }
        // The same id but for letter case is certainly what was meant: offer nothing else.
        if scored.contains(where: { $0.score == 0 }) { scored = scored.filter { $0.score == 0 } }
        return scored.sorted { ($0.score, $0.id) < ($1.score, $1.id) }.prefix(limit).map(\.id)
    }

    /// A sentence to append to "no such id": "did you mean C01239?" or "did you mean A, B or C?".
    public static func sentence(_ suggestions: [String]) -> String? {
        guard let last = suggestions.last else { return nil }
        if suggestions.count == 1 { return "did you mean \(last)?" }
        return "did you mean \(suggestions.dropLast().joined(separator: ", ")) or \(last)?"
    }

    /// The id with the leading zeros of each digit run removed: `C01239` and `C1239` agree.
    package static func canonicalNumber(_ text: String) -> String {
        var output = ""
        var zerosInRun = 0
        var runHasValue = false
        func endRun() {
            if zerosInRun > 0 && !runHasValue { output.append("0") }
            zerosInRun = 0
            runHasValue = false
        }
        for character in text {
            guard character.isASCII, character.isNumber else {
                endRun()
                output.append(character)
                continue
            }
            if character == "0" && !runHasValue {
                zerosInRun += 1
            } else {
                runHasValue = true
                output.append(character)
            }
        }
        endRun()
        return output
    }

    /// Levenshtein distance, giving up (returning `limit + 1`) once it must exceed `limit`.
    package static func editDistance(_ first: String, _ second: String, limit: Int) -> Int {
        let a = Array(first)
        let b = Array(second)
        var previous = Array(0...b.count)
        for i in 1...max(a.count, 1) where !a.isEmpty {
            var current = [i] + Array(repeating: 0, count: b.count)
            var rowMinimum = i
            for j in stride(from: 1, through: b.count, by: 1) {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                rowMinimum = min(rowMinimum, current[j])
            }
            if rowMinimum > limit { return limit + 1 }
            previous = current
        }
        return a.isEmpty ? b.count : previous[b.count]
    }
}
