import LedgerAudit
import LedgerDomain
import LedgerEvents
import LedgerImport
import LedgerStore
import LedgerSupport

/// The answers to the demo's three questions, computed by the audit module from the log the
/// demo wrote: the same answers `caseledger holders`, `trail`, `caseload` and `unallocated` give.
///
/// The demo asks through ``AuditLedger`` rather than keeping its own replay, so what a newcomer
/// sees first is exactly what an inspector's commands return, citations included.
public struct DemoAnswers: Sendable, Hashable {
    public var questions: DemoQuestions
    /// The head of the log the answers were computed from.
    public var head: LedgerDigest
    public var holders: HoldersAnswer
    /// The case's decision trail up to the end of the question date.
    public var trail: TrailAnswer
    /// The worker's caseload; nil when the worker was not registered by the date.
    public var caseload: WorkerCaseload?
    public var caseloadPolicy: PolicyReference
    public var unallocated: UnallocatedAnswer

    /// Asks the three questions of `ledger` at the end of the question date, with everything the
    /// ledger knows now (so a backfilled entry counts and a retracted one does not).
    public init(questions: DemoQuestions, ledger: AuditLedger) throws(DemoError) {
        // As known at the head, not at the wall clock, so a fixed seed gives the same answers forever.
        let time = ledger.queryTime(asOf: LondonTime.endOfDay(questions.date), asKnown: ledger.state.position.recordedAt)
        self.questions = questions
        head = ledger.head
        do {
            holders = try ledger.holders(caseId: questions.caseId, at: time)
            trail = try ledger.trail(caseId: questions.caseId, to: time.asOf, asKnown: time.asKnown)
            if ledger.state.workers[questions.workerId] == nil {
                caseload = nil
                caseloadPolicy = ledger.reference(ledger.policy(at: time))
            } else {
                let answer = try ledger.caseload(workerId: questions.workerId, at: time)
                caseload = answer.workers.first
                caseloadPolicy = answer.policy
            }
            unallocated = try ledger.unallocated(at: time)
        } catch {
            throw .unreadable(detail: "the audit module could not answer the demo's questions: \(error)")
        }
    }

    /// Opens the demo's store for the audit module, without writing snapshots into a demo directory.
    public static func openLedger(_ directory: String, policy: Policy) throws(DemoError) -> AuditLedger {
        do {
            return try AuditLedger(storeDirectory: directory,
                                   options: AuditLedger.Options(writesSnapshots: false, defaultPolicy: policy))
        } catch {
            throw .unreadable(detail: "\(error)")
        }
    }
}
