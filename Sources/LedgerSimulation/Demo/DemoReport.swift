import Foundation
import LedgerAudit
import LedgerDomain
import LedgerEvents
import LedgerImport
import LedgerReturns
import LedgerStore
import LedgerSupport

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
    /// What the "try next" commands add to name the store (` --store DIR`), empty for the default.
    public var storeArgument = ""
    /// The CMS side the demo wrote beside its store, and where: shown with the commands that read it.
    public var careRecords: DemoCareRecords?
    public var careRecordsDirectory: String?

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
        // The answers are why a newcomer ran the demo: set them apart from the statistics.
        lines.append(Self.rule)
        lines.append("Three questions, answered from the log (the same answers as the commands under \"Try next\")")
        lines.append(Self.rule)
        lines.append("")
        questionOne(&lines)
        lines.append("")
        questionTwo(&lines)
        lines.append("")
        questionThree(&lines)
        lines.append("")
        tryNext(&lines)
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
        if let careRecords, let careRecordsDirectory {
            lines.append("")
            lines.append("Case management system side (not in the ledger: dates of birth, legal statuses, placements)")
            lines.append("  \(careRecords.children.count) children looked after, \(careRecords.children.reduce(0) { $0 + $1.episodes.count }) care episodes; "
                + "SSDA903 Header.csv and Episodes.csv per collection year in \(careRecordsDirectory)/ssda903-YYYY")
        }
    }

    // MARK: - Question 1

    private var questionDate: LocalDate { answers.questions.date }

    private func questionOne(_ lines: inout [String]) {
        let answer = answers.holders
        lines.append("Question 1: who held case \(answer.caseId) on \(questionDate), and why?")
        guard answer.caseKnown else {
            lines.append("  nothing about \(answer.caseId) had happened by \(questionDate)")
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
            lines.append("  latest oversight: #\(oversight.citation.sequence) on \(Self.time(oversight.occurredAt)) by \(oversight.managerId): \(oversight.needsToHappen)")
            lines.append("    hash \(oversight.citation.hash.hex)")
        }
        let entries = answers.trail.entries
        let shown = entries.suffix(16)
        lines.append("  trail to \(questionDate) (\(shown.count == entries.count ? "all" : "last \(shown.count) of") \(entries.count) entries):")
        for entry in shown {
            let status = entry.status == .retracted ? " [retracted]" : ""
            lines.append("    " + Self.pad("#\(entry.citation.sequence)", 8) + Self.time(entry.occurredAt) + "  " + Self.pad(entry.type, 24)
                + Self.pad(entry.actor.id, 6) + entry.summary + status)
        }
    }

    private func holding(_ holder: HolderRecord, into lines: inout [String]) {
        let decision = holder.allocation
        let role = holder.roleAtAsOf.map { ", \($0.displayName)," } ?? ""
        lines.append("  \(holder.holding == .primary ? "primary worker" : "co-worker"): \(holder.workerId)\(role) since \(Self.time(holder.since))")
        lines.append("    decided by \(decision.actor.id) (\(decision.actor.role.displayName)) in \(decision.eventType) #\(decision.citation.sequence), recorded \(Self.time(decision.recordedAt))")
        lines.append("    hash \(decision.citation.hash.hex)")
        let code = decision.nationalCode.map { " (\($0))" } ?? ""
        lines.append("    reason: \(decision.reason.rawValue)\(code); rationale: \(decision.rationale)")
        if let worker = decision.previousWorkerId { lines.append("    previous worker: \(worker)") }
        if let corrected = decision.corrects { lines.append("    corrects #\(corrected.sequence)") }
        if !decision.factorsConsidered.isEmpty {
            lines.append("    factors considered: " + decision.factorsConsidered.map(\.rawValue).joined(separator: ", "))
        }
        for task in decision.tasks { lines.append("    task due \(task.dueDate): \(task.description)") }
        if let discussed = decision.discussedWithWorker { lines.append("    discussed with the worker: \(discussed ? "yes" : "no")") }
        if let figures = decision.caseloadAtAllocation {
            let cap = [figures.caseCap.map { "\($0) cases" }, figures.pointsCap.map { "\($0) points" }].compactMap { $0 }
            lines.append("    caseload when decided: \(figures.caseCount) cases, \(figures.weightedScore) points"
                + (cap.isEmpty ? "" : " (cap " + cap.joined(separator: ", ") + ")"))
        }
        if decision.overrides.isEmpty {
            lines.append("    overrides: none")
        }
        for override in decision.overrides {
            lines.append("    override \(override.ruleId): \(override.finding)")
            lines.append("      justification: \(override.justification)")
        }
    }

    // MARK: - Question 2

    private func questionTwo(_ lines: inout [String]) {
        let workerId = answers.questions.workerId
        lines.append("Question 2: what was \(workerId)'s caseload on \(questionDate), and was it within policy?")
        guard let load = answers.caseload, let role = load.role else {
            lines.append("  \(workerId) was not registered by \(questionDate)")
            return
        }
        let absence = load.absence.map { "; on \(Self.absenceName($0.kind)) from \($0.startDate)" + ($0.endDate.map { " to \($0)" } ?? "") } ?? ""
        lines.append("  \(workerId): \(role.displayName) in team \(load.teamId ?? "none")" + (load.isAgency ? ", agency" : "") + absence)
        lines.append("  holds \(load.caseCount) case\(load.caseCount == 1 ? "" : "s") in \(load.familyCount) famil\(load.familyCount == 1 ? "y" : "ies"), "
            + "weighted score \(load.weightedScore) (policy \(answers.caseloadPolicy.policyId))")
        if let cap = load.cap {
            let limits = [cap.cases.map { "\($0) cases" }, cap.points.map { "\($0) points" }].compactMap { $0 }
            let headroom = [load.headroom?.cases.map { "\($0) cases" }, load.headroom?.points.map { "\($0) points" }].compactMap { $0 }
            lines.append("  cap for \(role.displayName.withArticle): " + limits.joined(separator: ", ")
                + "; headroom " + headroom.joined(separator: ", ") + (load.isOverCap ? " (over the cap)" : " (within the cap)"))
        } else {
            lines.append("  the policy sets no cap for \(role.displayName.withArticle)")
        }
        if let ramp = load.nqswRamp {
            lines.append("  NQSW ramp: week \(ramp.week) in \(ramp.serviceArea?.displayName ?? "an unknown service area"): " + Self.rampText(ramp))
        }
        for finding in load.findings { lines.append("  finding: \(finding)") }
        for held in load.cases {
            lines.append("    \(held.caseId)  " + Self.pad(held.category?.displayName ?? "uncategorised", 22) + Self.pad(held.riskLevel?.rawValue ?? "unassessed", 11)
                + "weight \(held.weight)  \(held.holding == .primary ? "primary" : "co-worker")")
        }
    }

    private static func rampText(_ ramp: RampStatus) -> String {
        switch ramp.target {
        case .noCases:
            return "no cases yet" + (ramp.isOverTarget ? " (over target)" : " (within)")
        case .limit:
            var parts: [String] = []
            if let maximum = ramp.maximumChildren {
                parts.append("at most \(maximum) children" + (ramp.maximumFamilies.map { " in \($0) famil\($0 == 1 ? "y" : "ies")" } ?? ""))
            }
            if let minimum = ramp.minimumChildren { parts.append("recommended at least \(minimum)") }
            return parts.joined(separator: ", ") + (ramp.fromWeek.map { " from week \($0)" } ?? "")
                + (ramp.isOverTarget ? " (over target)" : ramp.isUnderTarget ? " (under target)" : " (within target)")
        case .decidedInTeam:
            return "decided in team" + (ramp.fromWeek.map { " from week \($0)" } ?? "")
        case .beyondRamp:
            return "no ramp in this service area; the cap applies"
        }
    }

    // MARK: - Question 3

    private func questionThree(_ lines: inout [String]) {
        // Most urgent first, as `caseledger unallocated` lists them: statutory cases, then the longest waits.
        let waiting = answers.unallocated.cases.sorted(by: UnallocatedCase.isMoreUrgent)
        func overdue(_ entry: UnallocatedCase) -> [TimescaleStatus] { entry.deadlines.filter { $0.status == .overdue } }
        func awaitsDecision(_ entry: UnallocatedCase) -> Bool {
            entry.deadlines.contains { $0.timescale == .decision24Hours && $0.satisfiedAt == nil }
        }
        let withOverdue = waiting.filter { !overdue($0).isEmpty }
        let awaitingDecision = waiting.filter(awaitsDecision).count
        lines.append("Question 3: which cases were waiting for allocation on \(questionDate), and what was overdue?")
        lines.append("  \(waiting.count) open cases had no primary worker: \(awaitingDecision) awaiting a decision, "
            + "\(waiting.count - awaitingDecision) decided and awaiting allocation; \(withOverdue.count) with overdue actions")
        for entry in withOverdue.prefix(waitingCasesListed) {
            lines.append("  \(entry.caseId)  team \(entry.teamId ?? "none"), \(entry.category?.displayName ?? "uncategorised")"
                + (entry.riskLevel.map { ", \($0.rawValue) risk" } ?? "") + (entry.isStatutory ? ", statutory" : "")
                + "; waiting since \(Self.time(entry.since)) (\(entry.workingDays) working day\(entry.workingDays == 1 ? "" : "s"), after \(entry.startedByType))")
            let overdueText = overdue(entry).map { "\($0.timescale.rawValue) \($0.subject), due \(LondonTime.localDate(of: $0.dueAt))" }
            lines.append("    overdue: " + overdueText.joined(separator: "; "))
            let done = entry.deadlines.compactMap { status -> String? in
                guard let doneAt = status.satisfiedAt, status.timescale != .decision24Hours else { return nil }
                return "\(status.subject) \(LondonTime.localDate(of: doneAt))" + (status.status == .missed ? " (late)" : "")
            }
            if !done.isEmpty { lines.append("    done: " + done.joined(separator: "; ")) }
            for finding in entry.findings { lines.append("    finding: \(finding)") }
        }
        if withOverdue.count > waitingCasesListed {
            lines.append("  ... and \(withOverdue.count - waitingCasesListed) more with overdue actions")
        }
    }

    // MARK: - Try next

    package static let rule = String(repeating: "=", count: 78)

    /// Commands to run next, with real ids and dates from this history.
    private func tryNext(_ lines: inout [String]) {
        let date = questionDate
        let caseId = answers.questions.caseId
        let workerId = answers.questions.workerId
        let teamId = answers.caseload?.teamId ?? answers.holders.teamId ?? summary.teams.first?.teamId ?? "T01"
        let store = storeArgument
        lines.append(Self.rule)
        lines.append("Try next. Queries on this store default to its last day, \(summary.lastDay); --as-of D asks about another.")
        lines.append(Self.rule)
        var commands: [(String, String)] = [
            ("caseledger holders \(caseId) --as-of \(date)\(store)", "question 1 again, with every citation"),
            ("caseledger audit \(caseId) --as-of \(date) --format html\(store)", "the inspector's printable page: \(caseId)-audit.html"),
            ("caseledger caseload \(workerId) --as-of \(date)\(store)", "question 2"),
            ("caseledger report team \(teamId) --as-of \(date) --format html\(store)", "a printable team report with charts"),
            ("caseledger unallocated --as-of \(date)\(store)", "question 3, most urgent first"),
            ("caseledger cases --team \(teamId) --status unallocated\(store)", "find cases; also: workers, teams, find ID"),
            ("caseledger breaches --from \(date.adding(days: -6)) --to \(date)\(store)", "rule findings and missed timescales"),
            ("caseledger verify\(store)", "check every hash of the log"),
        ]
        if careRecords != nil, let careRecordsDirectory, let year = CollectionYear(endingYear: date.month >= 4 ? date.year + 1 : date.year) {
            let tables = DemoCareRecords.yearDirectory(careRecordsDirectory, year)
            let output = URL(fileURLWithPath: careRecordsDirectory).deletingLastPathComponent()
                .appendingPathComponent("returns/ssda903-\(year.endingYear)").path
            commands.append(("caseledger return ssda903 --year \(year.endingYear) --header \(tables)/Header.csv --episodes \(tables)/Episodes.csv "
                + "--output \(output)\(store)", "the SSDA903 social worker episodes return for the year ending 31 March \(year.endingYear), with the CMS side"))
        }
        // The reason above each command, so every command line can be copied whole.
        for (command, why) in commands {
            lines.append("  # " + why)
            lines.append("  " + command)
        }
    }

    // MARK: - Formatting

    package static func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text + " " : text + String(repeating: " ", count: width - text.count)
    }

    package static func leftPad(_ number: Int, _ width: Int) -> String {
        let text = String(number)
        return text.count >= width ? text : String(repeating: " ", count: width - text.count) + text
    }

    /// `2025-03-14 10:05` in London time.
    package static func time(_ instant: Instant) -> String {
        let local = LondonTime.localDateTime(of: instant)
        let two = { (value: Int) in value < 10 ? "0\(value)" : "\(value)" }
        return "\(local.date) \(two(local.hour)):\(two(local.minute))"
    }

    package static func percent(_ part: Int, of whole: Int) -> String {
        guard whole > 0 else { return "0%" }
        return "\((part * 100 + whole / 2) / whole)%"
    }

    package static func roleCounts(_ counts: [Role: Int]) -> String {
        let parts = Role.allCases.compactMap { role in counts[role].map { "\(role.displayName) \($0)" } }
        return parts.isEmpty ? "none" : parts.joined(separator: ", ")
    }

    package static func ruleCounts(_ counts: [String: Int]) -> [String] {
        guard !counts.isEmpty else { return ["    none"] }
        return counts.keys.sorted().map { "    " + pad($0, 24) + leftPad(counts[$0] ?? 0, 7) }
    }

    package static func absenceName(_ kind: AbsenceKind) -> String {
        switch kind {
        case .annualLeave: return "annual leave"
        case .sickness: return "sickness"
        case .longTermSickness: return "long-term sickness"
        case .other: return "other"
        }
    }
}
