import CaseLedger
import Foundation
import LedgerSimulation

/// The write subcommands: one per domain command, each a thin mapping from options to the
/// command's JSON shape (the same shape `apply` reads), decided and appended by the service.
///
/// Table-driven so the command line cannot drift from the JSON command format: every option
/// names the JSON key it fills.
enum WriteCommands {
    /// How an option's text becomes a JSON value.
    enum FieldKind {
        case text
        case integer
        /// Present means true.
        case flag
        /// A repeatable option, collected into an array of strings.
        case list
        /// Comma-separated values (enum raw values) into an array.
        case commaList
        /// `yyyy-MM-dd:description`, repeatable, into `[{"description":…,"dueDate":…}]`.
        case tasks
        /// `RULE=justification`, repeatable, into `{"RULE":"…"}`.
        case justifications
        /// A date or instant argument normalised to the canonical ISO text.
        case instant
        case date
        /// A policy file path whose JSON becomes the value.
        case policyFile
    }

    struct Field {
        var option: String
        /// JSON key; `a.b` fills a nested object.
        var key: String
        var kind: FieldKind
        var help: String
        var isRequired: Bool
        /// Filled in when the option is absent and the JSON shape has no default of its own.
        var defaultValue: Int?

        init(_ option: String, _ key: String, _ kind: FieldKind = .text, _ help: String, required: Bool = false,
             default defaultValue: Int? = nil) {
            self.option = option
            self.key = key
            self.kind = kind
            self.help = help
            self.isRequired = required
            self.defaultValue = defaultValue
        }
    }

    struct Specification {
        var name: String
        var command: String
        var summary: String
        var fields: [Field]
    }

    static let allocationWhy: [Field] = [
        Field("--reason", "reason", .text, "reason code: newReferral, reReferral, transfer, absenceCover, workerLeft, caseloadManagement, restructure, familyRequest, childCircumstancesChanged, placementChanged, workerDied, other", required: true),
        Field("--rationale", "rationale", .text, "why this worker (required for allocations: ALLOCATION-RECORD)"),
        Field("--factors", "factorsConsidered", .commaList, "factors considered, comma-separated: previousWorker, caseload, experience, skills, conflictOfInterestChecked, workersView, riskToWorker, continuity, otherDuties, recentReturnFromLeave, other"),
        Field("--task", "tasks", .tasks, "a task with its due date, DATE:description (repeatable)"),
        Field("--discussed", "discussedWithWorker", .flag, "the allocation was discussed with the worker"),
        Field("--justify", "justifications", .justifications, "override a justify rule: RULE=justification (repeatable)"),
    ]

    static let specifications: [Specification] = [
        Specification(name: "register-team", command: "registerTeam", summary: "register a team", fields: [
            Field("--team", "teamId", .text, "team id", required: true),
            Field("--name", "name", .text, "team name", required: true),
            Field("--service-area", "serviceArea", .text, "dutyAndAssessment, safeguarding, childrenInCare, fosteringAndAdoption, adultServices", required: true),
            Field("--manager", "managerId", .text, "the team manager's worker id"),
        ]),
        Specification(name: "register-worker", command: "registerWorker", summary: "register a worker with role, team and start date", fields: [
            Field("--worker", "workerId", .text, "worker id", required: true),
            Field("--team", "teamId", .text, "team id", required: true),
            Field("--role", "role", .text, "socialWorker, asye, seniorPractitioner, socialWorkOfficer, student, familySupportWorker, teamManager, serviceManager, headOfService, practiceEducator", required: true),
            Field("--start-date", "startDate", .date, "first working day (yyyy-MM-dd)", required: true),
            Field("--agency", "isAgency", .flag, "an agency worker"),
            Field("--qualified", "isQualified", .flag, "holds a social work qualification"),
            Field("--fte-percent", "fullTimeEquivalentPercent", .integer, "full-time equivalent, percent (default 100)", default: 100),
            Field("--swe-number", "socialWorkEnglandNumber", .text, "Social Work England registration number (SW and digits): the SW_ID of the DfE's returns"),
        ]),
        Specification(name: "change-role", command: "changeRole", summary: "change a worker's role", fields: [
            Field("--worker", "workerId", .text, "worker id", required: true),
            Field("--role", "toRole", .text, "the new role", required: true),
            Field("--qualified", "isQualified", .flag, "now holds a social work qualification"),
            Field("--effective-date", "effectiveDate", .date, "date the change takes effect"),
        ]),
        Specification(name: "move-team", command: "moveTeam", summary: "move a worker to another team", fields: [
            Field("--worker", "workerId", .text, "worker id", required: true),
            Field("--team", "toTeamId", .text, "the new team", required: true),
        ]),
        Specification(name: "absence", command: "recordAbsence", summary: "record annual leave, sickness or other absence", fields: [
            Field("--worker", "workerId", .text, "worker id", required: true),
            Field("--absence", "absenceId", .text, "absence id", required: true),
            Field("--kind", "kind", .text, "annualLeave, sickness, longTermSickness, other", required: true),
            Field("--from", "startDate", .date, "first day of absence", required: true),
            Field("--to", "endDate", .date, "last day of absence (omit if open-ended)"),
            Field("--notified-at", "notifiedAt", .instant, "when the absence was notified"),
        ]),
        Specification(name: "leave", command: "recordLeaving", summary: "record that a worker leaves the service", fields: [
            Field("--worker", "workerId", .text, "worker id", required: true),
            Field("--last-working-date", "lastWorkingDate", .date, "last working day", required: true),
            Field("--reason", "reason", .text, "why"),
        ]),
        Specification(name: "adopt-policy", command: "adoptPolicy", summary: "adopt a policy file from a date", fields: [
            Field("--file", "policy", .policyFile, "policy JSON file", required: true),
            Field("--effective-from", "effectiveFrom", .instant, "when the policy takes effect", required: true),
        ]),
        Specification(name: "refer", command: "refer", summary: "record a contact or referral", fields: [
            Field("--case", "caseId", .text, "case (person) id", required: true),
            Field("--referral", "referralId", .text, "referral id", required: true),
            Field("--family", "familyId", .text, "family or household id", required: true),
            Field("--team", "teamId", .text, "receiving team", required: true),
            Field("--category", "category", .text, "contact, referral, assessment, childInNeed, childProtection, childInCare, careLeaver, adultAssessment, adultReview, adultSafeguarding, fosteringAndAdoption", required: true),
            Field("--source", "source", .text, "police, health, school, selfOrFamily, localAuthority, anonymous, other", required: true),
            Field("--service-area", "serviceArea", .text, "service area (default: the team's)"),
            Field("--flags", "flags", .commaList, "courtProceedings, preBirthAssessment, section47, supervisionOrder"),
            Field("--risk", "riskLevel", .text, "low, moderate, high"),
        ]),
        Specification(name: "decide", command: "recordReferralDecision", summary: "record the decision on a referral", fields: [
            Field("--case", "caseId", .text, "case id", required: true),
            Field("--referral", "referralId", .text, "referral id (default: the open one)"),
            Field("--outcome", "outcome", .text, "noFurtherAction, socialWorkAssessment, section47Enquiry, earlyHelp, stepDown, signpost, other", required: true),
            Field("--rationale", "rationale", .text, "why", required: true),
        ]),
        Specification(name: "change-category", command: "changeCategory", summary: "change a case's category and flags", fields: [
            Field("--case", "caseId", .text, "case id", required: true),
            Field("--category", "toCategory", .text, "the new category", required: true),
            Field("--flags", "flags", .commaList, "the full flag set after the change"),
            Field("--reason", "reason", .text, "why", required: true),
        ]),
        Specification(name: "assess-risk", command: "assessRisk", summary: "record a risk assessment (low, moderate, high)", fields: [
            Field("--case", "caseId", .text, "case id", required: true),
            Field("--risk", "riskLevel", .text, "low, moderate, high", required: true),
            Field("--rationale", "rationale", .text, "why", required: true),
        ]),
        Specification(name: "reopen", command: "reopen", summary: "reopen a closed case (re-referral)", fields: [
            Field("--case", "caseId", .text, "case id", required: true),
            Field("--referral", "referralId", .text, "the new referral id", required: true),
            Field("--reason", "reason", .text, "why", required: true),
        ]),
        Specification(name: "allocate", command: "allocate", summary: "allocate a case to a primary worker",
                      fields: [Field("--case", "caseId", .text, "case id", required: true),
                               Field("--worker", "workerId", .text, "the worker", required: true)] + allocationWhy),
        Specification(name: "co-allocate", command: "coAllocate", summary: "add a co-worker to a case",
                      fields: [Field("--case", "caseId", .text, "case id", required: true),
                               Field("--worker", "workerId", .text, "the co-worker", required: true)] + allocationWhy),
        Specification(name: "deallocate", command: "deallocate", summary: "take a case away from a worker", fields: [
            Field("--case", "caseId", .text, "case id", required: true),
            Field("--worker", "workerId", .text, "the worker", required: true),
            Field("--reason", "reason", .text, "reason code", required: true),
            Field("--rationale", "rationale", .text, "why"),
            Field("--justify", "justifications", .justifications, "override a justify rule: RULE=justification (repeatable)"),
        ]),
        Specification(name: "transfer", command: "transfer", summary: "transfer a case to another worker or team", fields: [
            Field("--case", "caseId", .text, "case id", required: true),
            Field("--to-worker", "toWorkerId", .text, "receiving worker"),
            Field("--to-team", "toTeamId", .text, "receiving team"),
            Field("--reason", "reason", .text, "reason code", required: true),
            Field("--rationale", "rationale", .text, "why"),
            Field("--factors", "factorsConsidered", .commaList, "factors considered, comma-separated"),
            Field("--task", "tasks", .tasks, "a task with its due date, DATE:description (repeatable)"),
            Field("--discussed", "discussedWithWorker", .flag, "discussed with the receiving worker"),
            Field("--work-done", "transferSummary.workDone", .text, "transfer summary: work done"),
            Field("--outstanding-work", "transferSummary.outstandingWork", .text, "transfer summary: outstanding work"),
            Field("--responsibility", "transferSummary.responsibility", .text, "transfer summary: whose responsibility"),
            Field("--justify", "justifications", .justifications, "override a justify rule: RULE=justification (repeatable)"),
        ]),
        Specification(name: "request-closure", command: "requestClosure", summary: "a practitioner asks for a case to be closed", fields: [
            Field("--case", "caseId", .text, "case id", required: true),
            Field("--work-done", "closureSummary.workDone", .text, "closure summary: work done"),
            Field("--outstanding-work", "closureSummary.outstandingWork", .text, "closure summary: outstanding work"),
            Field("--responsibility", "closureSummary.responsibility", .text, "closure summary: whose responsibility"),
            Field("--justify", "justifications", .justifications, "override a justify rule: RULE=justification (repeatable)"),
        ]),
        Specification(name: "close", command: "close", summary: "close a case with a closure summary", fields: [
            Field("--case", "caseId", .text, "case id", required: true),
            Field("--work-done", "closureSummary.workDone", .text, "closure summary: work done"),
            Field("--outstanding-work", "closureSummary.outstandingWork", .text, "closure summary: outstanding work"),
            Field("--responsibility", "closureSummary.responsibility", .text, "closure summary: whose responsibility"),
            Field("--authorised-by", "authorisingManagerId", .text, "authorising manager"),
            Field("--evidence", "evidenceNeedsAddressed", .text, "evidence that needs were addressed (unallocated cases)"),
            Field("--continuing-support", "continuingSupport", .text, "support continuing elsewhere"),
            Field("--justify", "justifications", .justifications, "override a justify rule: RULE=justification (repeatable)"),
        ]),
        Specification(name: "discuss", command: "recordAllocationDiscussion", summary: "record the allocation discussion with the worker", fields: [
            Field("--case", "caseId", .text, "case id", required: true),
            Field("--worker", "workerId", .text, "the worker", required: true),
            Field("--notes", "notes", .text, "what was discussed", required: true),
            Field("--discussed-at", "discussedAt", .instant, "when"),
            Field("--task", "agreedTasks", .tasks, "an agreed task, DATE:description (repeatable)"),
        ]),
        Specification(name: "oversee", command: "recordOversight", summary: "record manager oversight", fields: [
            Field("--case", "caseId", .text, "case id", required: true),
            Field("--summary", "summaryHistory", .text, "summary / history", required: true),
            Field("--working-well", "workingWell", .text, "what is working well", required: true),
            Field("--worried-about", "worriedAbout", .text, "what we are worried about", required: true),
            Field("--needs-to-happen", "needsToHappen", .text, "what needs to happen", required: true),
            Field("--voice-of-child", "voiceOfChild", .text, "voice of the child", required: true),
            Field("--expectations", "expectationsAndTimeframes", .text, "expectations and timeframes", required: true),
            Field("--risk-assessment", "riskAssessmentsNeeded", .list, "a risk assessment needed (repeatable)"),
            Field("--next-due", "nextOversightDue", .date, "next oversight due"),
        ]),
        Specification(name: "note", command: "recordCaseNote", summary: "record a case note", fields: [
            Field("--case", "caseId", .text, "case id", required: true),
            Field("--text", "text", .text, "the note", required: true),
            Field("--kind", "noteKind", .text, "socialWorkAllocation, management, supervision, caseClosure, caseTransfer, general"),
        ]),
        Specification(name: "monitor", command: "recordUnallocatedMonitoring", summary: "record monitoring of an unallocated case", fields: [
            Field("--case", "caseId", .text, "case id", required: true),
            Field("--plan", "managementPlan", .text, "management plan", required: true),
            Field("--visiting", "visitingFrequency", .text, "visiting frequency (e.g. weekly, fortnightly, monthly, other)", required: true),
            Field("--visiting-detail", "visitingFrequencyDetail", .text, "visiting frequency detail"),
            Field("--child-last-seen", "childLastSeen", .date, "date the child was last seen"),
            Field("--partner-monitoring", "partnerAgencyMonitoring", .text, "monitoring by partner agencies"),
        ]),
        Specification(name: "letter", command: "sendFamilyLetter", summary: "record the letter to family and agencies", fields: [
            Field("--case", "caseId", .text, "case id", required: true),
            Field("--recipients", "recipients", .commaList, "recipients, comma-separated (e.g. family, school, health)", required: true),
            Field("--sent-on", "sentOn", .date, "date sent", required: true),
            Field("--team-contact", "includesTeamContactDetails", .flag, "the letter gives the team's contact details"),
            Field("--visiting-arrangements", "includesVisitingArrangements", .flag, "the letter sets out visiting arrangements"),
        ]),
        Specification(name: "review", command: "recordUnallocatedReview", summary: "record a review of an unallocated case", fields: [
            Field("--case", "caseId", .text, "case id", required: true),
            Field("--outcome", "outcome", .text, "outcome of the review", required: true),
            Field("--next-due", "nextReviewDue", .date, "next review due"),
        ]),
        Specification(name: "escalate", command: "escalate", summary: "escalate an unallocated case", fields: [
            Field("--case", "caseId", .text, "case id", required: true),
            Field("--level", "level", .text, "serviceManager or headOfService", required: true),
            Field("--to", "escalatedToId", .text, "the manager escalated to", required: true),
            Field("--reason", "reason", .text, "why", required: true),
        ]),
        Specification(name: "workload-concern", command: "raiseWorkloadConcern", summary: "raise a workload concern (individual or team)", fields: [
            Field("--scope", "scope", .text, "individual or team", required: true),
            Field("--worker", "workerId", .text, "worker (individual scope)"),
            Field("--team", "teamId", .text, "team (team scope)"),
            Field("--concern", "concern", .text, "the concern", required: true),
            Field("--review-due", "reviewDue", .date, "review due"),
        ]),
        Specification(name: "retract", command: "retract", summary: "retract an earlier event by sequence number (never rewrites the log)", fields: [
            Field("--sequence", "sequenceNumber", .integer, "the sequence number to retract", required: true),
            Field("--reason", "reason", .text, "why", required: true),
            Field("--authorised-by", "authorisingManagerId", .text, "authorising manager"),
        ]),
    ]

    static let commonOptions: [OptionSpecification] = [
        OptionSpecification("--actor", value: "ID", help: "who is recording this (a registered worker id)"),
        OptionSpecification("--actor-role", value: "ROLE", help: "the actor's role (default: their registered role; needed to bootstrap the first manager)"),
        OptionSpecification("--at", value: "DATETIME", help: "when it happened (valid time): yyyy-MM-dd[THH:mm[:ss]][offset]; default now"),
        OptionSpecification("--dry-run", help: "decide and show the events without appending"),
        OptionSpecification("--format", value: "FORMAT", help: "text (default) or json"),
        LockWaitOption.specification,
    ]

    static var all: [Subcommand] {
        specifications.map { specification in
            let options = specification.fields.map { field in
                OptionSpecification(field.option, value: valueName(field.kind), help: field.help + (field.isRequired ? " (required)" : ""),
                                    repeatable: [.list, .tasks, .justifications].contains(field.kind))
            } + commonOptions
            return Subcommand(specification: CommandSpecification(
                name: specification.name, summary: specification.summary, options: options,
                discussion: "Records the '\(specification.command)' command (see \"JSON commands\" in the README); prints the appended sequence numbers.")
            ) { invocation in
                let object = try jsonObject(for: specification, invocation.arguments, command: specification.name)
                if let found = CommandInputChecks.idProblem(in: object) {
                    let option = specification.fields.first { $0.key == found.key }?.option ?? found.key
                    throw UsageError("\(option): \(found.problem)", command: specification.name)
                }
                let command = try CommandExecution.decodeCommand(object, origin: .options(specification))
                return try CommandExecution.execute([command], invocation: invocation, atOverride: nil)
            }
        }
    }

    static func valueName(_ kind: FieldKind) -> String? {
        switch kind {
        case .flag: return nil
        case .integer: return "N"
        case .date: return "DATE"
        case .instant: return "DATETIME"
        case .tasks: return "DATE:TEXT"
        case .justifications: return "RULE=TEXT"
        case .policyFile: return "FILE"
        case .commaList: return "A,B,…"
        case .text, .list: return "TEXT"
        }
    }

    /// Builds the command's JSON object from options, naming the option in every error.
    static func jsonObject(for specification: Specification, _ arguments: ParsedArguments, command: String) throws -> [String: Any] {
        var object: [String: Any] = ["command": specification.command]
        for field in specification.fields {
            let values = arguments.allValues(field.option)
            if field.kind == .flag {
                // An absent flag is an explicit false: the JSON shape has no optional booleans.
                set(arguments.has(field.option), at: field.key.split(separator: ".").map(String.init), in: &object)
                continue
            }
            guard !values.isEmpty else {
                if let defaultValue = field.defaultValue { object[field.key] = defaultValue }
                if field.isRequired { throw UsageError("missing \(field.option) (\(field.help))", command: command) }
                continue
            }
            let value: Any
            switch field.kind {
            case .text: value = values[values.count - 1]
            case .flag: continue
            case .list: value = values
            case .commaList:
                value = values.flatMap { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } }.filter { !$0.isEmpty }
            case .integer:
                guard let number = Int(values[values.count - 1]) else {
                    throw UsageError("\(field.option) must be a whole number; got '\(values[values.count - 1])'", command: command)
                }
                value = number
            case .date:
                do { value = try DateArgument.parseDate(values[values.count - 1]).iso8601 } catch {
                    throw UsageError("\(field.option): \(error)", command: command)
                }
            case .instant:
                do { value = try DateArgument.parseInstant(values[values.count - 1]).iso8601 } catch {
                    throw UsageError("\(field.option): \(error)", command: command)
                }
            case .tasks:
                value = try values.map { text -> [String: String] in
                    guard let colon = text.firstIndex(of: ":"),
                          let date = try? DateArgument.parseDate(String(text[..<colon])) else {
                        throw UsageError("\(field.option) must be DATE:description, e.g. 2024-03-20:Visit the child at home; got '\(text)'", command: command)
                    }
                    return ["dueDate": date.iso8601, "description": String(text[text.index(after: colon)...])]
                }
            case .justifications:
                var map: [String: String] = [:]
                for text in values {
                    guard let equals = text.firstIndex(of: "="), RuleID(rawValue: String(text[..<equals])) != nil else {
                        throw UsageError("\(field.option) must be RULE=justification with a rule id such as CAP; got '\(text)'", command: command)
                    }
                    map[String(text[..<equals])] = String(text[text.index(after: equals)...])
                }
                value = map
            case .policyFile:
                let path = values[values.count - 1]
                let policy: Policy
                do { policy = try Policy.load(path: path) } catch {
                    throw ToolFailure(code: .dataError, message: "\(error)")
                }
                value = try JSONSerialization.jsonObject(with: Data(policy.canonicalJSON()))
            }
            set(value, at: field.key.split(separator: ".").map(String.init), in: &object)
        }
        return object
    }

    static func set(_ value: Any, at path: [String], in object: inout [String: Any]) {
        guard let first = path.first else { return }
        if path.count == 1 {
            object[first] = value
            return
        }
        var nested = object[first] as? [String: Any] ?? [:]
        set(value, at: Array(path.dropFirst()), in: &nested)
        object[first] = nested
    }
}
