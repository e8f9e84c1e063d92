import LedgerAudit
import LedgerDomain
import LedgerEvents
import LedgerImport
import LedgerStore
import LedgerSupport

/// The simulated authority's diary: actions by working day and minute, taken in time order
/// (and, at the same minute, in the order they were written in).
///
/// Days are keyed by their day number and only ever taken whole, in order; an action written
/// for the day being worked through joins it at its minute, or at once if that minute has passed.
package struct DemoAgenda {
    package struct Entry: Sendable {
        package var minute: Int
        package var order: Int
        package var action: DemoAction

        package func precedes(_ other: Entry) -> Bool { (minute, order) < (other.minute, other.order) }
    }

    private var days: [Int64: [Entry]] = [:]
    private var today: [Entry] = []
    private var todayNumber: Int64 = .min
    private var nextOrder = 0

    /// Writes `action` for `date` at `minute` (minutes after midnight, London time).
    package mutating func schedule(_ action: DemoAction, on date: LocalDate, at minute: Int) {
        let entry = Entry(minute: minute, order: nextOrder, action: action)
        nextOrder += 1
        let number = date.daysSinceEpoch
        if number == todayNumber {
            insertToday(entry)
        } else if number > todayNumber {
            days[number, default: []].append(entry)
        } else {
            // A date already worked through: do it now rather than lose it.
            insertToday(entry)
        }
    }

    /// Starts working through `date`: everything written for it, in time order.
    package mutating func open(_ date: LocalDate) {
        todayNumber = date.daysSinceEpoch
        var entries = days.removeValue(forKey: todayNumber) ?? []
        entries.sort { $0.precedes($1) }
        // Stored reversed so the earliest is taken from the end.
        today = entries.reversed()
    }

    /// The next action of the day being worked through, if any.
    package mutating func next() -> Entry? { today.popLast() }

    /// Entries are kept latest first; a new one goes where its time puts it.
    private mutating func insertToday(_ entry: Entry) {
        var low = 0
        var high = today.count
        while low < high {
            let middle = (low + high) / 2
            if entry.precedes(today[middle]) { low = middle + 1 } else { high = middle }
        }
        today.insert(entry, at: low)
    }

    /// Moves what was written for days that are not worked (weekends, holidays) to `date`.
    package mutating func carry(before date: LocalDate, into target: LocalDate) {
        let number = date.daysSinceEpoch
        let stale = days.keys.filter { $0 < number }.sorted()
        for key in stale {
            for entry in days.removeValue(forKey: key) ?? [] {
                days[target.daysSinceEpoch, default: []].append(entry)
            }
        }
    }
}
