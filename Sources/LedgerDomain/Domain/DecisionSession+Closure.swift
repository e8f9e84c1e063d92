import Foundation
import LedgerEvents
import LedgerStore
import LedgerSupport

/// Closure requests and closures.
extension DecisionSession {
    package mutating func requestClosure(_ command: DomainCommand.RequestClosure) throws(DomainError) {
        _ = try openCase(command.caseId, toDo: "request its closure")
        let violations = [PolicyRules.summaryViolation(
            caseId: command.caseId, kind: .closure,
            missing: command.closureSummary.map { Self.summaryGaps(workDone: $0.workDone, outstandingWork: $0.outstandingWork,
                                                                  responsibility: $0.responsibility) })].compactMap { $0 }
        let requesterId = actor.id
        try emitJudged(acts: violations, justifications: command.justifications) { evaluation in
            .caseClosureRequested(CaseClosureRequested(
                caseId: command.caseId, requestedById: requesterId,
                closureSummary: command.closureSummary ?? ClosureSummary(workDone: "", outstandingWork: "", responsibility: ""),
                overrides: evaluation.overridesOrNil, findings: evaluation.findingsOrNil))
        }
    }

    /// Closes the case. adult-case-allocation-policy: a practitioner closes a case only when a
    /// manager authorised it; who authorised is recorded (`authorisingManagerId`) and must be a
    /// team manager or above in the service. A manager closing on a practitioner's request may
    /// rely on the summary the request carried.
    package mutating func close(_ command: DomainCommand.Close) throws(DomainError) {
        let record = try openCase(command.caseId, toDo: "close it")
        let requested = record.closureRequestFactIndex.flatMap { index in
            view.caseTimeline(command.caseId)?.facts[index]
        }
        var summary = command.closureSummary
        if summary == nil, let requested, case .caseClosureRequested(let request)? = context.log.byFact(requested)?.event {
            summary = request.closureSummary
        }
        let authoriserId = command.authorisingManagerId ?? actor.id
        if authoriserId != actor.id { read(.worker(authoriserId)) }
        let evidence = command.evidenceNeedsAddressed?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        let act = PolicyRules.ClosureAct(
            caseId: command.caseId, before: record,
            summaryMissing: summary.map { Self.summaryGaps(workDone: $0.workDone, outstandingWork: $0.outstandingWork,
                                                           responsibility: $0.responsibility) },
            authoriserId: authoriserId, authoriser: view.worker(authoriserId), actorId: actor.id,
            hasEvidenceNeedsAddressed: !evidence.isEmpty, date: date)
        let resolvedSummary = summary
        try emitJudged(acts: PolicyRules.closureAct(act), justifications: command.justifications) { evaluation in
            .caseClosed(CaseClosed(
                caseId: command.caseId,
                closureSummary: resolvedSummary ?? ClosureSummary(workDone: "", outstandingWork: "", responsibility: ""),
                authorisingManagerId: authoriserId,
                evidenceNeedsAddressed: evidence.isEmpty ? nil : command.evidenceNeedsAddressed,
                continuingSupport: command.continuingSupport, overrides: evaluation.overrides,
                findings: evaluation.findingsOrNil))
        }
    }
}
