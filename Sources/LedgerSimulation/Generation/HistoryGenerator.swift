import LedgerAudit
import LedgerDomain
import LedgerEvents
import LedgerImport
import LedgerStore
import LedgerSupport

/// A deterministic generator of plausible multi-year allocation histories, for tests, demos and
/// benchmarks: teams and workers, referrals and decisions, allocations, co-allocations,
/// transfers, deallocations, closures and re-referrals, absences and departures, oversight,
/// notes, unallocated monitoring, letters, reviews and escalations, plus a few late (backfilled)
/// entries and retractions with corrections.
///
/// Everything is drawn from one seeded generator, so a seed names a history exactly. Output is
/// streamed one working day at a time (``nextBatch()``), each day one all-or-nothing batch whose
/// events carry their own valid times; the batch is to be appended with the ledger's clock at
/// ``GeneratedBatch/recordedAt``. The generator tracks sequence numbers itself (retractions cite
/// them), so its batches must be appended, in order, to a ledger that held `firstSequence - 1` events.
/// The data is synthetic: identifiers and stock phrases only, never a person.
public final class HistoryGenerator {
    /// The shape of a generated history.
    public struct Configuration: Sendable, Hashable {
        public var seed: UInt64
        /// The first working day simulated.
        public var startDate: LocalDate
        /// New referrals per working day, across all teams; teams and workers are sized to match.
        public var referralsPerWorkingDay: Double
        /// Share of entries recorded days after they happened.
        public var backfillRate: Double
        /// Share of corrigible entries later retracted (most with a corrected replacement).
        public var retractionRate: Double

        public init(seed: UInt64, startDate: LocalDate = LocalDate(year: 2016, month: 1, day: 4) ?? LocalDate(daysSinceEpoch: 16804),
                    referralsPerWorkingDay: Double = 6, backfillRate: Double = 0.01, retractionRate: Double = 0.004) {
            self.seed = seed
            self.startDate = startDate
            self.referralsPerWorkingDay = referralsPerWorkingDay
            self.backfillRate = backfillRate
            self.retractionRate = retractionRate
        }

        /// A configuration producing about `eventCount` events over about `years` years.
        public static func sized(eventCount: Int, years: Double, seed: UInt64) -> Configuration {
            let referrals = Double(eventCount) / HistoryGenerator.eventsPerReferral / (years * 252)
            return Configuration(seed: seed, referralsPerWorkingDay: max(0.5, referrals))
        }
    }

    /// Roughly how many events one referral produces over its life, for sizing.
    package static let eventsPerReferral = 11.0

    public let configuration: Configuration
    /// The sequence number the next generated event will get.
    public private(set) var nextSequence: UInt64
    /// Events generated so far.
    public private(set) var eventCount = 0
    /// The working day the next batch covers.
    public private(set) var currentDate: LocalDate

    package var random: SeededRandomNumberGenerator
    package let calendar = WorkingCalendar.englandAndWales
    package var dayOrdinal = 0
    /// The date of each working-day ordinal simulated so far.
    package var dayDates: [LocalDate] = []
    package var teams: [TeamModel] = []
    package var workers: [WorkerModel] = []
    package var openCases: [String: CaseModel] = [:]
    /// Open case ids in opening order: iteration order must not depend on hashing.
    package var openCaseOrder: [String] = []
    package var recentlyClosed: [ClosedCaseModel] = []
    package var agenda: [Int: [Action]] = [:]
    package var caseCounter = 0
    package var referralCounter = 0
    package var familyCounter = 0
    package var workerCounter = 0
    package var absenceCounter = 0
    /// The day's events being assembled.
    package var pending: [ProposedEvent] = []
    package var didStart = false
    /// The valid time of each case's latest generated event.
    package var lastCaseTime: [String: Instant] = [:]

    public init(configuration: Configuration, firstSequence: UInt64 = 1) {
        self.configuration = configuration
        self.nextSequence = firstSequence
        self.random = SeededRandomNumberGenerator(seed: configuration.seed)
        var start = configuration.startDate
        if !calendar.isWorkingDay(start) { start = calendar.addingWorkingDays(1, to: start) }
        self.currentDate = start
    }

    /// The next working day's events (empty on a quiet day; the generator never runs out).
    public func nextBatch() -> GeneratedBatch {
        pending = []
        if !didStart {
            didStart = true
            setUpService()
        }
        simulateDay()
        let batch = GeneratedBatch(recordedAt: LondonTime.instant(date: currentDate, hour: 19, minute: 0),
                                   events: pending)
        pending = []
        currentDate = calendar.addingWorkingDays(1, to: currentDate)
        dayOrdinal += 1
        return batch
    }

    /// Appends batches to `ledger` until at least `eventCount` events have been generated,
    /// setting `clock` to each batch's recorded time. Returns the number of events appended.
    @discardableResult
    public func append(to ledger: Ledger, clock: ManualClock, eventCount target: Int) throws(LedgerError) -> Int {
        var appended = 0
        while appended < target {
            let batch = nextBatch()
            guard !batch.events.isEmpty else { continue }
            clock.set(batch.recordedAt)
            try ledger.append(batch.events, expecting: batch.expectations)
            appended += batch.events.count
        }
        return appended
    }

    /// Records an event for today's batch, returning the sequence number it will have.
    ///
    /// A case's events are kept in the order they happen: a time at or before the case's last
    /// event moves to a minute after it. `keepingTime` is for the deliberate exceptions: a
    /// backfill, or the corrected version of an earlier entry.
    @discardableResult
    package func emit(_ event: LedgerEvent, at occurredAt: Instant, by actor: Actor, keepingTime: Bool = false) -> UInt64 {
        let sequence = nextSequence
        let time = keepingTime ? occurredAt : orderedTime(for: event, at: occurredAt)
        pending.append(ProposedEvent(event: event, occurredAt: time, actor: actor,
                                     eventId: "gen-\(configuration.seed)-\(sequence)"))
        nextSequence += 1
        eventCount += 1
        return sequence
    }

    /// `occurredAt`, or a minute after the case's latest event if that is later; remembers it.
    package func orderedTime(for event: LedgerEvent, at occurredAt: Instant) -> Instant {
        let stream = event.stream
        guard stream.category == "case" else { return occurredAt }
        return orderedTime(caseId: String(stream.identifier), at: occurredAt)
    }

    package func orderedTime(caseId: String, at occurredAt: Instant) -> Instant {
        var time = occurredAt
        if let last = lastCaseTime[caseId], time <= last { time = last.adding(milliseconds: 60_000) }
        lastCaseTime[caseId] = time
        return time
    }

    /// A London time on `date` between `fromHour` and `toHour` (exclusive), to the minute.
    package func time(on date: LocalDate, fromHour: Int = 8, toHour: Int = 18) -> Instant {
        let minute = Int.random(in: (fromHour * 60)..<(toHour * 60), using: &random)
        return LondonTime.instant(date: date, hour: minute / 60, minute: minute % 60)
    }

    package func chance(_ probability: Double) -> Bool { Double.random(in: 0..<1, using: &random) < probability }

    package func pick<Element>(_ elements: [Element]) -> Element {
        elements[Int.random(in: 0..<elements.count, using: &random)]
    }

    /// Puts an action on the agenda `workingDays` from today (at least tomorrow).
    package func schedule(_ action: Action, inWorkingDays workingDays: Int) {
        agenda[dayOrdinal + max(1, workingDays), default: []].append(action)
    }

    package func date(inWorkingDays workingDays: Int) -> LocalDate {
        calendar.addingWorkingDays(workingDays, to: currentDate)
    }

    package static func identifier(_ prefix: String, _ number: Int, digits: Int) -> String {
        let text = String(number)
        return prefix + String(repeating: "0", count: max(0, digits - text.count)) + text
    }
}

/// One generated working day: the events and the time to record them at.
public struct GeneratedBatch: Sendable {
    /// The ledger's clock should read this when the batch is appended (19:00 London that day).
    public var recordedAt: Instant
    public var events: [ProposedEvent]

    /// `.any` for every stream the batch touches: the generator is the only writer.
    public var expectations: [StreamName: ExpectedVersion] {
        Dictionary(events.map { ($0.stream, ExpectedVersion.any) }, uniquingKeysWith: { first, _ in first })
    }
}
