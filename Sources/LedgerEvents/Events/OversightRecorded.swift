import LedgerStore
import LedgerSupport

/// A manager's oversight on the case, in the headings of the good-practice guide; expected with
/// every allocation after a transfer or change of worker (OVERSIGHT-ON-CHANGE).
public struct OversightRecorded: EventPayload {
    public static let typeName = "OversightRecorded"
    public static let schemaVersion = 1

    public let caseId: String
    public let managerId: String
    /// Referral summary and brief history.
    public let summaryHistory: String
    /// What is working well.
    public let workingWell: String
    /// What we are worried about.
    public let worriedAbout: String
    /// What needs to happen (SMART planning).
    public let needsToHappen: String
    /// The voice of the child.
    public let voiceOfChild: String
    /// Direction to the worker: the work expected and its timeframes.
    public let expectationsAndTimeframes: String
    /// Lone working or other risk assessments needed; empty if none.
    public let riskAssessmentsNeeded: [String]
    public let nextOversightDue: LocalDate?

    public init(
        caseId: String, managerId: String, summaryHistory: String, workingWell: String, worriedAbout: String,
        needsToHappen: String, voiceOfChild: String, expectationsAndTimeframes: String,
        riskAssessmentsNeeded: [String], nextOversightDue: LocalDate?
    ) {
        self.caseId = caseId
        self.managerId = managerId
        self.summaryHistory = summaryHistory
        self.workingWell = workingWell
        self.worriedAbout = worriedAbout
        self.needsToHappen = needsToHappen
        self.voiceOfChild = voiceOfChild
        self.expectationsAndTimeframes = expectationsAndTimeframes
        self.riskAssessmentsNeeded = riskAssessmentsNeeded
        self.nextOversightDue = nextOversightDue
    }

    public var stream: StreamName { .case(caseId) }
}
