import LedgerAudit
import LedgerDomain
import LedgerEvents
import LedgerImport
import LedgerStore
import LedgerSupport

/// Corrections: the day after a mistake, the team manager retracts the entry by its sequence
/// number, with the corrected entry where there is one. The log keeps both.
extension DemoSimulation {
    /// Called once the day's batch is appended and the mistaken entry has its sequence number.
    package func resolve(_ followUp: DemoFollowUp, sequence: UInt64) {
        switch followUp {
        case .mistakenNote(let caseId, let correctCaseId, let text):
            schedule(.retractNote(sequence: sequence, caseId: caseId, correctCaseId: correctCaseId, text: text),
                     inWorkingDays: 1, at: 8 * 60 + 45)
        case .mistakenAllocation(let caseId, let workerId):
            schedule(.retractAllocation(sequence: sequence, caseId: caseId, workerId: workerId),
                     inWorkingDays: 1, at: 8 * 60 + 50)
        }
    }

    package func retractNote(sequence: UInt64, caseId: String, correctCaseId: String?, text: String) {
        guard let record = state.cases[caseId] else { return }
        let manager = managerActor(ofTeam: record.teamId)
        let replacement = correctCaseId.map { correct in
            DomainCommand.recordCaseNote(.init(caseId: correct, noteKind: .general, text: text + " (recorded first on \(caseId) in error)"))
        }
        let reason = "Recorded on the wrong child's file"
        if let replacement,
           attempt(.retract(.init(sequenceNumber: sequence, reason: reason, replacement: replacement)), by: manager) == nil {
            summary.retractions += 1
            summary.retractionsWithReplacement += 1
            return
        }
        if attempt(.retract(.init(sequenceNumber: sequence, reason: reason)), by: manager) == nil {
            summary.retractions += 1
        }
    }

    /// The allocation went to the wrong worker: retracted with the intended worker's allocation,
    /// if the case has not moved since (otherwise the later decisions stand).
    package func retractAllocation(sequence: UInt64, caseId: String, workerId: String) {
        guard var caseWork = work[caseId], caseWork.awaitingRetraction else { return }
        caseWork.awaitingRetraction = false
        work[caseId] = caseWork
        guard let record = state.cases[caseId], record.isOpen, record.primaryWorkerId == workerId,
              caseWork.holdingChanges == caseWork.mistakeHoldingChange else { return }
        let manager = managerActor(ofTeam: record.teamId)
        let reason = "Allocated to the wrong worker in error"
        var unallocated = record
        unallocated.primaryWorkerId = nil
        for candidate in candidates(for: unallocated, asPrimary: true, excluding: [workerId]).prefix(3) {
            let replacement = DomainCommand.allocate(.init(
                caseId: caseId, workerId: candidate, reason: .newReferral,
                rationale: "Corrected allocation: \(candidate) was the intended worker; \(workerId) was selected in error",
                factorsConsidered: [.caseload, .experience], tasks: Self.tasks(for: record, from: today, calendar: calendar),
                discussedWithWorker: true))
            if attempt(.retract(.init(sequenceNumber: sequence, reason: reason, replacement: replacement)), by: manager) == nil {
                summary.retractions += 1
                summary.retractionsWithReplacement += 1
                holderChanged(caseId, to: candidate, overridden: false, viaTransfer: false, reason: .newReferral)
                return
            }
        }
        if attempt(.retract(.init(sequenceNumber: sequence, reason: reason)), by: manager) == nil {
            summary.retractions += 1
            work[caseId]?.holdingChanges += 1
            work[caseId]?.holdingOverridden = false
            startSpell(caseId, since: now, reason: .other)
        }
    }
}
