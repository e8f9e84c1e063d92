/// The three questions the demo asks of the ledger it built: who held `caseId` on `date` and
/// why, what `workerId`'s caseload was that day, and which cases were waiting for allocation.
public struct DemoQuestions: Sendable, Hashable {
    public var date: LocalDate
    public var caseId: String
    public var workerId: String

    public init(date: LocalDate, caseId: String, workerId: String) {
        self.date = date
        self.caseId = caseId
        self.workerId = workerId
    }
}

/// Answers the demo's questions from a ledger directory.
///
/// A seam on purpose: the answers are computed for now by replaying the log into decision state
/// (``DemoLedgerReplay``); the bitemporal audit module can answer them instead by conforming here.
public protocol DemoQuestionAnswering {
    func answers(to questions: DemoQuestions) throws(DemoError) -> DemoAnswers
}
