/// The demo's printed report: what was built, then the three questions with their answers.
///
/// Plain text with no locale-dependent formatting and no timings, so a fixed seed prints the same
/// bytes everywhere (the store path aside): the golden test depends on it.
public struct DemoReport: Sendable {
    public var summary: DemoSummary
    public var answers: DemoAnswers
    /// The store directory as it should be printed (the command passes the absolute path).
    public var storePath: String
    /// At most this many waiting cases are listed with their overdue actions.
    public var waitingCasesListed = 12

    public init(summary: DemoSummary, answers: DemoAnswers, storePath: String) {
        self.summary = summary
        self.answers = answers
        self.storePath = storePath
    }

    public var text: String { lines.joined(separator: "\n") + "\n" }

    public var lines: [String] {
        var lines: [String] = []
        built(&lines)
        lines.append("")
        questionOne(&lines)
        lines.append("")
        questionTwo(&lines)
        lines.append("")
        questionThree(&lines)
        return lines
    }

    // MARK: - What was built

    private func built(_ lines: inout [String]) {
        let configuration = summary.configuration
        lines.append("CaseLedger demo authority: seed \(configuration.seed), \(configuration.years) year\(configuration.years == 1 ? "" : "s"), "
            + "\(configuration.teams) teams, \(configuration.workers) practitioners")
        lines.append("history: \(summary.firstWorkingDay) to \(summary.lastDay) (\(summary.workingDays) working days), set up on \(configuration.startDate)")
        lines.append("store: \(storePath)")
        lines.append("")
        lines.append("Teams")
        for team in summary.teams {
            lines.append("  \(team.teamId)  " + Self.pad(team.name, 34) + Self.pad(team.serviceArea.displayName, 28)
                + "manager \(team.managerId), practitioners \(team.practitionersAtStart) at the start, \(team.practitionersAtEnd) at the end")
        }
        lines.append("")
        lines.append("Workers")
        let practitionersRegistered = summary.registeredByRole.filter { !$0.key.isManager }.values.reduce(0, +)
        lines.append("  managers: \(summary.managers) (\(summary.teams.count) team managers, 2 service managers, 1 head of service)")
        lines.append("  practitioners: \(summary.practitionersAtStart) at the start, \(summary.hires) joined, \(summary.departures) gave notice, "
            + "\(summary.inPostByRole.values.reduce(0, +)) in post at the end (\(practitionersRegistered) registered in all)")
        lines.append("  registered, by role: " + Self.roleCounts(summary.registeredByRole.filter { !$0.key.isManager }))
        lines.append("  in post at the end, by role: " + Self.roleCounts(summary.inPostByRole))
        lines.append("  ASYE years completed: \(summary.firstYearsCompleted); workload concerns raised: \(summary.workloadConcerns)")
        let absences = AbsenceKind.allCases.compactMap { kind in
            summary.absencesByKind[kind].map { "\(Self.absenceName(kind)) \($0)" }
        }
        lines.append("  absences recorded: " + (absences.isEmpty ? "none" : absences.joined(separator: ", ")))
        lines.append("")
        lines.append("Log: \(summary.eventCount) events in \(summary.batchCount) batches (the setup, then one a working day; one fsync each)")
        for type in LedgerEvent.allTypeNames {
            guard let count = summary.eventsByType[type] else { continue }
            lines.append("  " + Self.pad(type, 32) + Self.leftPad(count, 7))
        }
        lines.append("digest: \(summary.digest)")
        lines.append("")
        lines.append("Front door")
        lines.append("  referrals: \(summary.referrals) (\(summary.reopenings) reopened cases; \(summary.reReferralsWithinWindow) re-referrals within 6 weeks of closure)")
        lines.append("  decisions: \(summary.decisions), \(summary.decisionsWithin24Hours) within 24 hours (\(Self.percent(summary.decisionsWithin24Hours, of: summary.decisions)))")
        lines.append("")
        lines.append("Allocation")
        let reasons = AllocationReason.allCases.compactMap { reason in
            summary.allocationsByReason[reason].map { "\(reason.rawValue) \($0)" }
        }
        lines.append("  primary allocations and transfers to a worker: \(summary.allocations) (" + reasons.joined(separator: ", ") + ")")
        lines.append("  first allocations: \(summary.firstAllocations), \(summary.allocationsWithin24HoursOfDecision) within 24 hours of the decision")
        lines.append("  reallocations after notice or long-term sickness: \(summary.reallocations), \(summary.reallocationsWithinFiveWorkingDays) within 5 working days of notification")
        lines.append("  co-allocations \(summary.eventsByType[CaseCoAllocated.typeName] ?? 0), transfers \(summary.eventsByType[CaseTransferred.typeName] ?? 0), "
            + "closures \(summary.eventsByType[CaseClosed.typeName] ?? 0)")
        lines.append("  overrides recorded with a justification, by rule:")
        lines += Self.ruleCounts(summary.overridesByRule)
        lines.append("  refusals by the Decider, handled (another worker, a justification, or a wait), by rule:")
        lines += Self.ruleCounts(summary.refusalsByRule)
        lines.append("")
        lines.append("Waiting for allocation")
        lines.append("  unallocated spells: \(summary.unallocatedSpells), the longest \(summary.longestSpellWorkingDays) working days; "
            + "\(summary.unallocatedAtEnd) cases waiting at the end")
        lines.append("  letters \(summary.eventsByType[FamilyLetterSent.typeName] ?? 0), monitoring records \(summary.eventsByType[UnallocatedMonitoringRecorded.typeName] ?? 0), "
            + "reviews \(summary.eventsByType[UnallocatedReviewRecorded.typeName] ?? 0), escalations \(summary.eventsByType[EscalationRecorded.typeName] ?? 0)")
        lines.append("")
        lines.append("Corrections and late recording")
        lines.append("  retractions: \(summary.retractions) (\(summary.retractionsWithReplacement) with the corrected entry)")
        lines.append("  commands recorded on a later day than they happened: \(summary.backfilledCommands)")
    }

    // MARK: - Question 1

    private func questionOne(_ lines: inout [String]) {
        let answer = answers.holders
        lines.append("Question 1: who held case \(answer.caseId) on \(answer.date), and why?")
        guard answer.isKnown else {
            lines.append("  nothing about \(answer.caseId) had happened by \(answer.date)")
            return
        }
        var facts = [answer.category?.displayName ?? "uncategorised"]
        if !answer.flags.isEmpty { facts.append(answer.flags.map(\.rawValue).joined(separator: ", ")) }
        if let risk = answer.riskLevel { facts.append("\(risk.rawValue) risk") }
        lines.append("  \(answer.caseId): " + facts.joined(separator: ", ") + "; team \(answer.teamId ?? "none"); \(answer.isOpen ? "open" : "closed")")
        if let primary = answer.primary {
            holding(primary, into: &lines)
        } else {
            lines.append("  primary worker: none (\(answer.isOpen ? "awaiting allocation" : "closed"))")
        }
        for coWorker in answer.coWorkers { holding(coWorker, into: &lines) }
        if let oversight = answer.latestOversight {
            lines.append("  latest oversight: #\(oversight.sequence) on \(Self.time(oversight.occurredAt)) by \(oversight.managerId): \(oversight.needsToHappen)")
            lines.append("    hash \(oversight.hash)")
        }
        let shown = answer.trail.suffix(16)
        lines.append("  trail to \(answer.date) (\(shown.count == answer.trail.count ? "all" : "last \(shown.count) of") \(answer.trail.count) entries):")
        for entry in shown {
            lines.append("    " + Self.pad("#\(entry.sequence)", 8) + Self.time(entry.occurredAt) + "  " + Self.pad(entry.eventType, 24)
                + Self.pad(entry.actorId, 6) + entry.detail + (entry.isRetracted ? " [retracted]" : ""))
        }
    }

    private func holding(_ holding: DemoHoldersAnswer.Holding, into lines: inout [String]) {
        let role = holding.role.map { ", \($0.displayName)," } ?? ""
        lines.append("  \(holding.isPrimary ? "primary worker" : "co-worker"): \(holding.workerId)\(role) since \(Self.time(holding.since))")
        lines.append("    decided by \(holding.actor.id) (\(holding.actor.role.displayName)) in \(holding.eventType) #\(holding.sequence), recorded \(Self.time(holding.recordedAt))")
        lines.append("    hash \(holding.hash)")
        let code = holding.reason.nationalCode.map { " (\($0))" } ?? ""
        lines.append("    reason: \(holding.reason.rawValue)\(code); rationale: \(holding.rationale)")
        if let team = holding.fromTeamId {
            lines.append("    transferred from team \(team)" + (holding.fromWorkerId.map { ", worker \($0)" } ?? ""))
        } else if let worker = holding.fromWorkerId {
            lines.append("    previous worker: \(worker)")
        }
        if !holding.factorsConsidered.isEmpty {
            lines.append("    factors considered: " + holding.factorsConsidered.map(\.rawValue).joined(separator: ", "))
        }
        for task in holding.tasks { lines.append("    task due \(task.dueDate): \(task.description)") }
        if let discussed = holding.discussedWithWorker { lines.append("    discussed with the worker: \(discussed ? "yes" : "no")") }
        if let figures = holding.caseloadAtAllocation {
            let cap = [figures.caseCap.map { "\($0) cases" }, figures.pointsCap.map { "\($0) points" }].compactMap { $0 }
            lines.append("    caseload when decided: \(figures.caseCount) cases, \(figures.weightedScore) points"
                + (cap.isEmpty ? "" : " (cap " + cap.joined(separator: ", ") + ")"))
        }
        if holding.overrides.isEmpty {
            lines.append("    overrides: none")
        }
        for override in holding.overrides {
            lines.append("    override \(override.ruleId): \(override.finding)")
            lines.append("      justification: \(override.justification)")
        }
    }

    // MARK: - Question 2

    private func questionTwo(_ lines: inout [String]) {
        let answer = answers.caseload
        lines.append("Question 2: what was \(answer.workerId)'s caseload on \(answer.date), and was it within policy?")
        guard answer.isKnown, let role = answer.role else {
            lines.append("  \(answer.workerId) was not registered by \(answer.date)")
            return
        }
        lines.append("  \(answer.workerId): \(role.displayName) in team \(answer.teamId ?? "none"), started \(answer.startDate.map(\.description) ?? "unknown")"
            + (answer.isAgency ? ", agency" : "") + (answer.absence.map { "; on \($0)" } ?? ""))
        lines.append("  holds \(answer.caseCount) case\(answer.caseCount == 1 ? "" : "s") in \(answer.families) famil\(answer.families == 1 ? "y" : "ies"), "
            + "weighted score \(answer.weightedScore) (policy \(answer.policyId))")
        if let cap = answer.cap {
            let limits = [cap.cases.map { "\($0) cases" }, cap.points.map { "\($0) points" }].compactMap { $0 }
            let headroom = [answer.caseHeadroom.map { "\($0) cases" }, answer.pointsHeadroom.map { "\($0) points" }].compactMap { $0 }
            let over = (answer.caseHeadroom ?? 0) < 0 || (answer.pointsHeadroom ?? 0) < 0
            lines.append("  cap for \(role.displayName.withArticle): " + limits.joined(separator: ", ")
                + "; headroom " + headroom.joined(separator: ", ") + (over ? " (over the cap)" : " (within the cap)"))
        } else {
            lines.append("  the policy sets no cap for \(role.displayName.withArticle)")
        }
        if let ramp = answer.ramp {
            lines.append("  NQSW ramp: week \(ramp.week) since \(ramp.startDate) in \(ramp.serviceArea.displayName): " + Self.rampText(ramp, answer: answer))
        }
        for held in answer.cases {
            lines.append("    \(held.caseId)  " + Self.pad(held.category.displayName, 22) + Self.pad(held.riskLevel?.rawValue ?? "unassessed", 11)
                + "weight \(held.weight)  \(held.isPrimary ? "primary" : "co-worker")")
        }
    }

    private static func rampText(_ ramp: DemoCaseloadAnswer.Ramp, answer: DemoCaseloadAnswer) -> String {
        switch ramp.target {
        case .noCases(let firstWeek):
            return "no cases before week \(firstWeek)" + (answer.caseCount > 0 ? " (over target)" : " (within)")
        case .limit(let step):
            var parts: [String] = []
            if let maximum = step.maximumChildren {
                parts.append("at most \(maximum) children" + (step.maximumFamilies.map { " in \($0) famil\($0 == 1 ? "y" : "ies")" } ?? ""))
            }
            if let minimum = step.minimumChildren { parts.append("recommended at least \(minimum)") }
            let over = step.maximumChildren.map { answer.caseCount > $0 } ?? false
                || step.maximumFamilies.map { answer.families > $0 } ?? false
            let under = step.minimumChildren.map { answer.caseCount < $0 } ?? false
            return parts.joined(separator: ", ") + " from week \(step.fromWeek)"
                + (over ? " (over target)" : under ? " (under target)" : " (within target)")
        case .decidedInTeam(let fromWeek):
            return "decided in team from week \(fromWeek)"
        case .beyondRamp:
            return "no ramp in this service area; the cap applies"
        }
    }

    // MARK: - Question 3

    private func questionThree(_ lines: inout [String]) {
        let answer = answers.unallocated
        lines.append("Question 3: which cases were waiting for allocation on \(answer.date), and what was overdue?")
        let awaitingDecision = answer.cases.filter { $0.decision == nil }.count
        lines.append("  \(answer.cases.count) open cases had no primary worker: \(awaitingDecision) awaiting a decision, "
            + "\(answer.cases.count - awaitingDecision) decided and awaiting allocation; \(answer.overdueCaseCount) with overdue actions")
        let overdue = answer.cases.filter { !$0.overdue.isEmpty }
        for waiting in overdue.prefix(waitingCasesListed) {
            lines.append("  \(waiting.caseId)  team \(waiting.teamId), \(waiting.category.displayName)"
                + (waiting.riskLevel.map { ", \($0.rawValue) risk" } ?? "") + (waiting.isStatutory ? ", statutory" : "")
                + "; waiting since \(Self.time(waiting.since)) (\(waiting.workingDays) working day\(waiting.workingDays == 1 ? "" : "s"), after \(waiting.startedBy))")
            let overdueText = waiting.overdue.map { "\($0.id.rawValue) \($0.label), due \(LondonTime.localDate(of: $0.due))" }
            lines.append("    overdue: " + overdueText.joined(separator: "; "))
            let done = waiting.timescales.compactMap { timescale -> String? in
                guard let doneAt = timescale.doneAt, timescale.id != .decision24Hours else { return nil }
                return "\(timescale.label) \(LondonTime.localDate(of: doneAt))" + (timescale.status == .metLate ? " (late)" : "")
            }
            if !done.isEmpty { lines.append("    done: " + done.joined(separator: "; ")) }
        }
        if overdue.count > waitingCasesListed {
            lines.append("  ... and \(overdue.count - waitingCasesListed) more with overdue actions")
        }
    }

    // MARK: - Formatting

    static func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text + " " : text + String(repeating: " ", count: width - text.count)
    }

    static func leftPad(_ number: Int, _ width: Int) -> String {
        let text = String(number)
        return text.count >= width ? text : String(repeating: " ", count: width - text.count) + text
    }

    /// `2025-03-14 10:05` in London time.
    static func time(_ instant: Instant) -> String {
        let local = LondonTime.localDateTime(of: instant)
        let two = { (value: Int) in value < 10 ? "0\(value)" : "\(value)" }
        return "\(local.date) \(two(local.hour)):\(two(local.minute))"
    }

    static func percent(_ part: Int, of whole: Int) -> String {
        guard whole > 0 else { return "0%" }
        return "\((part * 100 + whole / 2) / whole)%"
    }

    static func roleCounts(_ counts: [Role: Int]) -> String {
        let parts = Role.allCases.compactMap { role in counts[role].map { "\(role.displayName) \($0)" } }
        return parts.isEmpty ? "none" : parts.joined(separator: ", ")
    }

    static func ruleCounts(_ counts: [String: Int]) -> [String] {
        guard !counts.isEmpty else { return ["    none"] }
        return counts.keys.sorted().map { "    " + pad($0, 24) + leftPad(counts[$0] ?? 0, 7) }
    }

    static func absenceName(_ kind: AbsenceKind) -> String {
        switch kind {
        case .annualLeave: return "annual leave"
        case .sickness: return "sickness"
        case .longTermSickness: return "long-term sickness"
        case .other: return "other"
        }
    }
}
