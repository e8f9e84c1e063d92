import LedgerAudit
import LedgerDomain
import LedgerEvents
import LedgerImport
import LedgerStore
import LedgerSupport

/// What the simulation knows about a practitioner beyond the decision state: plans and pace.
package struct DemoWorkerPlan: Sendable, Hashable {
    package var workerId: String
    /// Notice given: the last working day.
    package var leavingOn: LocalDate?
    /// Off on long-term sickness (their cases are being reallocated).
    package var isOnLongTermSickness = false
    /// A short sickness is open (recorded without an end date yet).
    package var isOffSick = false
    /// Annual leave is not booked again before this day.
    package var nextLeaveBooking: LocalDate
    /// When the worker last raised a workload concern.
    package var lastConcern: LocalDate?
}
