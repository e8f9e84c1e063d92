import LedgerAudit
import LedgerDomain
import LedgerEvents
import LedgerImport
import LedgerStore
import LedgerSupport

/// Something the simulated authority will do at a given minute of a working day: the agenda's
/// unit. Each case is handled by one method of ``DemoSimulation``, which decides what command
/// to try and schedules what follows.
package enum DemoAction: Sendable, Hashable {
    // Front door and case work.
    case referral(teamId: String)
    case decide(caseId: String)
    case allocate(caseId: String)
    case coAllocate(caseId: String)
    case progress(caseId: String)
    case close(caseId: String)
    case transfer(caseId: String, toTeamId: String, reason: AllocationReason)
    case reReferral(caseId: String)
    case unallocatedCheck(caseId: String)
    case reallocate(caseId: String, fromWorkerId: String, reason: AllocationReason, notifiedOn: LocalDate)
    // Workforce.
    case sicknessEnds(workerId: String, absenceId: String, kind: AbsenceKind, startDate: LocalDate, notifiedAt: Instant)
    case departure(workerId: String, noticeWorkingDays: Int, reason: String)
    case workerLeaves(workerId: String)
    case hire(teamId: String, role: Role, isAgency: Bool)
    case completeFirstYear(workerId: String)
    // Corrections, the day after the mistake.
    case retractNote(sequence: UInt64, caseId: String, correctCaseId: String?, text: String)
    case retractAllocation(sequence: UInt64, caseId: String, workerId: String)
}
