/// The cases open with no primary worker at the end of a day, how long each had waited, and
/// which of the unallocated-case actions (DESIGN §5) were done, due or overdue.
///
/// Waiting children are where drift does harm; the list shows what the guidance required and what slipped.
public struct DemoUnallocatedAnswer: Sendable, Hashable {
    /// One timescale of a waiting case and where it stands on the date.
    public struct Timescale: Sendable, Hashable {
        public enum Status: String, Sendable, Hashable {
            case met
            case metLate
            case overdue
            case notYetDue
        }

        public var id: TimescaleID
        /// "letter to family and agencies", "escalation to a head of service", ...
        public var label: String
        public var due: Instant
        public var doneAt: Instant?
        public var status: Status
    }

    /// One waiting case.
    public struct WaitingCase: Sendable, Hashable {
        public var caseId: String
        public var teamId: String
        public var category: CaseCategory
        public var riskLevel: RiskLevel?
        public var isStatutory: Bool
        /// Since when it has waited, and the event type that started the wait.
        public var since: Instant
        public var startedBy: String
        public var workingDays: Int
        /// Nil while the referral awaits its decision.
        public var decision: ReferralOutcome?
        public var timescales: [Timescale]

        public var overdue: [Timescale] { timescales.filter { $0.status == .overdue } }
    }

    public var date: LocalDate
    /// Longest waiting first.
    public var cases: [WaitingCase]

    public var overdueCaseCount: Int { cases.filter { !$0.overdue.isEmpty }.count }
}
