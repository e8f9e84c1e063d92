import LedgerAudit
import LedgerDomain
import LedgerEvents
import LedgerImport
import LedgerStore
import LedgerSupport

/// What a demo run built, in counts, and the three questions it chose to ask of it.
///
/// Counts come from the generator's own bookkeeping and from what each day's batch appended;
/// the questions are chosen so their answers show something: a case whose holder was decided
/// with an override after a transfer, and an NQSW on the ramp (or a worker near the cap).
public struct DemoSummary: Sendable, Hashable {
    /// One team as registered, with its headcount.
    public struct Team: Sendable, Hashable {
        public var teamId: String
        public var name: String
        public var serviceArea: ServiceArea
        public var managerId: String
        public var practitionersAtStart: Int
        public var practitionersAtEnd: Int
    }

    public var configuration: DemoConfiguration
    /// The first day referrals arrive and the last day of the history.
    public var firstWorkingDay: LocalDate
    public var lastDay: LocalDate
    public var workingDays: Int
    public var teams: [Team] = []

    // Workforce.
    /// Everyone ever registered, by the role they were registered in.
    public var registeredByRole: [Role: Int] = [:]
    /// Practitioners in post on the last day, by their role then.
    public var inPostByRole: [Role: Int] = [:]
    public var practitionersAtStart = 0
    public var managers = 0
    public var hires = 0
    public var departures = 0
    public var firstYearsCompleted = 0
    public var absencesByKind: [AbsenceKind: Int] = [:]
    public var workloadConcerns = 0

    // The log.
    public var eventCount: UInt64 = 0
    public var batchCount = 0
    public var eventsByType: [String: Int] = [:]
    public var digest = LedgerDigest(sequence: 0, hash: LedgerFormat.genesis)

    // Front door.
    public var referrals = 0
    public var reReferralsWithinWindow = 0
    public var reopenings = 0
    public var decisions = 0
    public var decisionsWithin24Hours = 0

    // Allocation.
    public var allocationsByReason: [AllocationReason: Int] = [:]
    public var allocationsWithin24HoursOfDecision = 0
    public var firstAllocations = 0
    public var reallocations = 0
    public var reallocationsWithinFiveWorkingDays = 0
    /// Justified overrides recorded in events, by rule id.
    public var overridesByRule: [String: Int] = [:]
    /// Refusals the generator met and handled (another worker, a justification, a wait), by
    /// rule id; a refusal that names no rule is counted under its kind.
    public var refusalsByRule: [String: Int] = [:]

    // Waiting for allocation.
    public var unallocatedSpells = 0
    public var longestSpellWorkingDays = 0
    public var unallocatedAtEnd = 0

    // Corrections and late recording.
    public var retractions = 0
    public var retractionsWithReplacement = 0
    /// Commands recorded one or more days after they happened.
    public var backfilledCommands = 0

    /// The date, case and worker the questions are about.
    public var questions: DemoQuestions

    package init(configuration: DemoConfiguration, firstWorkingDay: LocalDate, lastDay: LocalDate, workingDays: Int) {
        self.configuration = configuration
        self.firstWorkingDay = firstWorkingDay
        self.lastDay = lastDay
        self.workingDays = workingDays
        self.questions = DemoQuestions(date: configuration.questionDate, caseId: "", workerId: "")
    }

    public var allocations: Int { allocationsByReason.values.reduce(0, +) }
}
