/// The answers to the demo's three questions, with the log position they were computed at.
///
/// A value of its own, not text, so the report, the tests and a future audit-backed answerer
/// all deal in the same facts.
public struct DemoAnswers: Sendable, Hashable {
    public var questions: DemoQuestions
    /// The head of the log that was read.
    public var head: LedgerDigest
    public var holders: DemoHoldersAnswer
    public var caseload: DemoCaseloadAnswer
    public var unallocated: DemoUnallocatedAnswer

    public init(questions: DemoQuestions, head: LedgerDigest, holders: DemoHoldersAnswer,
                caseload: DemoCaseloadAnswer, unallocated: DemoUnallocatedAnswer) {
        self.questions = questions
        self.head = head
        self.holders = holders
        self.caseload = caseload
        self.unallocated = unallocated
    }
}
