import LedgerAudit
import LedgerDomain
import LedgerEvents
import LedgerImport
import LedgerStore
import LedgerSupport

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
