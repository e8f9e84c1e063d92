import Foundation

/// Closure requests and closures.
extension DecisionSession {
    /// CLOSURE-SUMMARY: work done, outstanding work and whose responsibility, none of them blank.
    mutating func checkSummary(_ summary: (workDone: String, outstandingWork: String, responsibility: String)?,
                               kind: String, field: String, evaluation: inout RuleEvaluation) {
        let blank = { (text: String) in text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty }
        let problem: String
        if let summary {
            var missing: [String] = []
            if blank(summary.workDone) { missing.append("work done") }
            if blank(summary.outstandingWork) { missing.append("outstanding work (write \"none\" if there is none)") }
            if blank(summary.responsibility) { missing.append("whose responsibility it is") }
            guard !missing.isEmpty else { return }
            problem = "the \(kind) summary is missing \(missing.joined(separator: ", "))"
        } else {
            problem = "there is no \(kind) summary"
        }
        evaluation.breach(
            .closureSummary, "a case is \(kind == "closure" ? "closed" : "transferred") only with a \(kind) summary, and \(problem)",
            blockRemedy: "write the \(kind) summary (\(field)): work done, outstanding work and whose responsibility it is")
    }

    mutating func requestClosure(_ command: DomainCommand.RequestClosure) throws(DomainError) {
        _ = try openCase(command.caseId, toDo: "request its closure")
        var evaluation = evaluation(justifications: command.justifications)
        checkSummary(command.closureSummary.map { ($0.workDone, $0.outstandingWork, $0.responsibility) },
                     kind: "closure", field: "closureSummary", evaluation: &evaluation)
        try evaluation.check()
        emit(.caseClosureRequested(CaseClosureRequested(
            caseId: command.caseId, requestedById: actor.id,
            closureSummary: command.closureSummary ?? ClosureSummary(workDone: "", outstandingWork: "", responsibility: ""),
            overrides: evaluation.overridesOrNil, findings: evaluation.findingsOrNil)), after: evaluation)
    }

    mutating func close(_ command: DomainCommand.Close) throws(DomainError) {
        let record = try openCase(command.caseId, toDo: "close it")
        // A manager closing on a practitioner's request may rely on the summary the request carried.
        let summary = command.closureSummary ?? record.closureRequest
        var evaluation = evaluation(justifications: command.justifications)
        checkSummary(summary.map { ($0.workDone, $0.outstandingWork, $0.responsibility) },
                     kind: "closure", field: "closureSummary", evaluation: &evaluation)

        let authoriserId = command.authorisingManagerId ?? actor.id
        if !actor.role.isManager {
            evaluation.breach(
                .closureAuthorised,
                "\(actor.id) is \(actor.role.displayName.withArticle); practitioners close cases only with a manager's authorisation",
                blockRemedy: "request closure (requestClosure) and a team manager or above closes the case")
        } else if authoriserId != actor.id {
            read(.worker(authoriserId))
            if !isRegisteredManager(authoriserId) {
                evaluation.breach(
                    .closureAuthorised, "the authorising manager \(authoriserId) is not a registered manager in the service",
                    blockRemedy: "name a team manager or above as authorisingManagerId, or leave it out to authorise it yourself")
            }
        }

        let evidence = command.evidenceNeedsAddressed?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        // Work closed at the front door (no further action, early help, ...) was never waiting
        // for a worker; the rule is about cases that could not be allocated.
        let closedAtFrontDoor = record.decisionOutcome.map { !$0.requiresSocialWorkResponse } ?? false
        if !record.isAllocated, !closedAtFrontDoor, evidence.isEmpty {
            evaluation.breach(
                .unallocatedClosure,
                "\(command.caseId) is unallocated and no evidence that its needs were addressed was recorded",
                blockRemedy: "allocate it, or record how its needs were addressed (evidenceNeedsAddressed)",
                justifyRemedy: "record how its needs were addressed (evidenceNeedsAddressed), or \(RuleBreach.justificationRemedy)")
        }
        try evaluation.check()
        emit(.caseClosed(CaseClosed(
            caseId: command.caseId,
            closureSummary: summary ?? ClosureSummary(workDone: "", outstandingWork: "", responsibility: ""),
            authorisingManagerId: authoriserId,
            evidenceNeedsAddressed: evidence.isEmpty ? nil : command.evidenceNeedsAddressed,
            continuingSupport: command.continuingSupport, overrides: evaluation.overrides,
            findings: evaluation.findingsOrNil)), after: evaluation)
    }
}
