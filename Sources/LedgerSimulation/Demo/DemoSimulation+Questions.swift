import LedgerAudit
import LedgerDomain
import LedgerEvents
import LedgerImport
import LedgerStore
import LedgerSupport

/// Choosing what to ask, at the end of the question date, so the answers show something: a case
/// whose current holder came by a transfer decided with an override, and an NQSW on the ramp
/// (or, failing one, the worker nearest the cap).
extension DemoSimulation {
    package func captureQuestions() {
        summary.questions = DemoQuestions(date: configuration.questionDate, caseId: chooseCase(), workerId: chooseWorker())
    }

    private func chooseCase() -> String {
        var best: (rank: Int, caseId: String)?
        for caseId in openCaseIds {
            guard let record = state.cases[caseId], record.isOpen, record.primaryWorkerId != nil,
                  let caseWork = work[caseId], !caseWork.awaitingRetraction else { continue }
            var rank = 0
            if caseWork.everTransferred { rank += 2 }
            if caseWork.everOverridden { rank += 2 }
            if caseWork.holdingOverridden { rank += 2 }
            if caseWork.holdingViaTransfer { rank += 2 }
            if !record.coWorkerIds.isEmpty { rank += 1 }
            if best == nil || rank > best?.rank ?? 0 { best = (rank, caseId) }
        }
        return best?.caseId ?? openCaseIds.first ?? "C00001"
    }

    private func chooseWorker() -> String {
        var nqsw: (ratio: Double, workerId: String)?
        var busiest: (ratio: Double, workerId: String)?
        for workerId in roster where isActive(workerId) {
            guard let worker = state.workers[workerId], let area = team(worker.teamId)?.serviceArea else { continue }
            guard let role = worker.role(on: today) else { continue }
            let caseload = state.caseload(of: workerId, policy: policy)
            if role == .asye, area.isChildrens, caseload.caseCount > 0 {
                let week = NQSWRamp.week(startedOn: worker.rampStartDate(on: today) ?? worker.startDate, on: today)
                if (3...26).contains(week), case .limit(let step) = policy.rampTarget(week: week, area: area),
                   let maximum = step.maximumChildren {
                    let ratio = Double(caseload.caseCount) / Double(maximum)
                    if nqsw == nil || ratio > nqsw?.ratio ?? 0 { nqsw = (ratio, workerId) }
                }
            }
            if let cap = policy.cap(for: role), let cases = cap.cases {
                let ratio = Double(caseload.caseCount) / Double(cases)
                if busiest == nil || ratio > busiest?.ratio ?? 0 { busiest = (ratio, workerId) }
            }
        }
        return nqsw?.workerId ?? busiest?.workerId ?? roster.first ?? "W0001"
    }
}
