import LedgerAudit
import LedgerDomain
import LedgerEvents
import LedgerImport
import LedgerStore
import LedgerSupport

/// A staged command whose sequence number the simulation needs once the day is appended: a
/// mistake that a manager retracts the next working day.
package enum DemoFollowUp: Sendable, Hashable {
    /// A case note written on the wrong case (`correctCaseId` is where it belonged, if anywhere).
    case mistakenNote(caseId: String, correctCaseId: String?, text: String)
    /// An allocation to the wrong worker.
    case mistakenAllocation(caseId: String, workerId: String)
}
