import CaseLedger
import Foundation
import LedgerSimulation

/// The write subcommands: one per domain command, each building its ``DomainCommand`` value
/// straight from the parsed options (``WriteOptions``), decided and appended by the service.
///
/// Table-driven so help, required options and defaults live in one place; every option still
/// names the JSON key it fills in the command format `apply` reads, which keeps the two
/// spellings of a command side by side and orders the id checks as before.
enum WriteCommands {
    /// How an option's text is read.
    enum FieldKind: Sendable {
        case text
        case integer
        /// Present means true.
        case flag
        /// A repeatable option, collected into a list of strings.
        case list
        /// Comma-separated values (enum raw values) into a list.
        case commaList
        /// `yyyy-MM-dd:description`, repeatable, into tasks with due dates.
        case tasks
        /// `RULE=justification`, repeatable, into rule id → justification.
        case justifications
        /// A date or instant argument in any of the accepted forms; a bare date is the end of that day.
        case instant
        /// As `instant`, but a bare date is the start of that day (London): when something takes
        /// effect, "from 1 April" means from the first moment of 1 April, not its last.
        case startInstant
        case date
        /// A policy file path, loaded and checked.
        case policyFile
    }

    struct Field: Sendable {
        var option: String
        /// The JSON key the option fills in the command format; `a.b` is a key of a nested object.
        var key: String
        var kind: FieldKind
        var help: String
        var isRequired: Bool
        /// Taken when the option is absent and the command has no default of its own.
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

    struct Specification: Sendable {
        var name: String
        var command: String
        var summary: String
        var fields: [Field]
        /// The command from options already read; throws naming the option for a value that
        /// names no case of its enumeration. Each builder reads its options in the order the
        /// command's JSON decoder reads the fields, so of two bad values the one named is the one
        /// `apply` would name (the differential test holds the two routes to that).
        var build: @Sendable (WriteOptions) throws -> DomainCommand

        init(name: String, command: String, summary: String, fields: [Field],
             build: @escaping @Sendable (WriteOptions) throws -> DomainCommand) {
            self.name = name
            self.command = command
            self.summary = summary
            self.fields = fields
            self.build = build
        }
    }

    /// The command `specification` builds from `arguments`: every error names the option.
    static func command(_ specification: Specification, _ arguments: ParsedArguments) throws -> DomainCommand {
        try specification.build(try WriteOptions(specification, arguments: arguments))
    }

    /// Allocate and co-allocate read the same options into the same fields.
    static func allocation<Command>(
        _ options: WriteOptions,
        _ make: (String, String, AllocationReason, String, [AllocationFactor], [AllocationTask], Bool, [RuleID: String]) -> Command
    ) throws -> Command {
        make(try options.requiredText("--case"), try options.requiredText("--worker"),
             try options.requiredChoice(AllocationReason.self, "--reason"), options.text("--rationale") ?? "",
             try options.choices(AllocationFactor.self, "--factors") ?? [], options.tasks("--task"), options.flag("--discussed"),
             options.justifications())
    }

    /// The options of a closure or transfer summary, in the order the summary reads its fields.
    static let summaryOptions = ["--work-done", "--outstanding-work", "--responsibility"]

    static func closureSummary(_ options: WriteOptions) throws -> ClosureSummary? {
        try options.summary(summaryOptions).map { ClosureSummary(workDone: $0[0], outstandingWork: $0[1], responsibility: $0[2]) }
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
        ]) { options in
            .registerTeam(.init(
                teamId: try options.requiredText("--team"), name: try options.requiredText("--name"),
                serviceArea: try options.requiredChoice(ServiceArea.self, "--service-area"), managerId: options.text("--manager")))
        },
        Specification(name: "register-worker", command: "registerWorker", summary: "register a worker with role, team and start date", fields: [
            Field("--worker", "workerId", .text, "worker id", required: true),
            Field("--team", "teamId", .text, "team id", required: true),
            Field("--role", "role", .text, "socialWorker, asye, seniorPractitioner, socialWorkOfficer, student, familySupportWorker, teamManager, serviceManager, headOfService, practiceEducator", required: true),
            Field("--start-date", "startDate", .date, "first working day (yyyy-MM-dd)", required: true),
            Field("--agency", "isAgency", .flag, "an agency worker"),
            Field("--qualified", "isQualified", .flag, "holds a social work qualification"),
            Field("--fte-percent", "fullTimeEquivalentPercent", .integer, "full-time equivalent, percent (default 100)", default: 100),
            Field("--swe-number", "socialWorkEnglandNumber", .text, "Social Work England registration number (SW and digits): the SW_ID of the DfE's returns"),
            Field("--login", "login", .text, "the operating-system account this worker acts from; with the policy's identity \"login\" their commands must run from it"),
        ]) { options in
            .registerWorker(.init(
                workerId: try options.requiredText("--worker"), teamId: try options.requiredText("--team"),
                role: try options.requiredChoice(Role.self, "--role"), startDate: try options.requiredDate("--start-date"),
                isAgency: options.flag("--agency"), isQualified: options.flag("--qualified"),
                fullTimeEquivalentPercent: try options.integer("--fte-percent"),
                socialWorkEnglandNumber: options.text("--swe-number"), login: options.text("--login")))
        },
        Specification(name: "change-role", command: "changeRole", summary: "change a worker's role", fields: [
            Field("--worker", "workerId", .text, "worker id", required: true),
            Field("--role", "toRole", .text, "the new role", required: true),
            Field("--qualified", "isQualified", .flag, "now holds a social work qualification"),
            Field("--effective-date", "effectiveDate", .date, "date the change takes effect"),
        ]) { options in
            .changeRole(.init(
                workerId: try options.requiredText("--worker"), toRole: try options.requiredChoice(Role.self, "--role"),
                isQualified: options.flag("--qualified"), effectiveDate: options.date("--effective-date")))
        },
        Specification(name: "move-team", command: "moveTeam", summary: "move a worker to another team", fields: [
            Field("--worker", "workerId", .text, "worker id", required: true),
            Field("--team", "toTeamId", .text, "the new team", required: true),
        ]) { options in
            .moveTeam(.init(workerId: try options.requiredText("--worker"), toTeamId: try options.requiredText("--team")))
        },
        Specification(name: "absence", command: "recordAbsence", summary: "record annual leave, sickness or other absence", fields: [
            Field("--worker", "workerId", .text, "worker id", required: true),
            Field("--absence", "absenceId", .text, "absence id", required: true),
            Field("--kind", "kind", .text, "annualLeave, sickness, longTermSickness, other", required: true),
            Field("--from", "startDate", .date, "first day of absence", required: true),
            Field("--to", "endDate", .date, "last day of absence (omit if open-ended)"),
            Field("--notified-at", "notifiedAt", .instant, "when the absence was notified"),
        ]) { options in
            .recordAbsence(.init(
                workerId: try options.requiredText("--worker"), absenceId: try options.requiredText("--absence"),
                kind: try options.requiredChoice(AbsenceKind.self, "--kind"), startDate: try options.requiredDate("--from"),
                endDate: options.date("--to"), notifiedAt: options.instant("--notified-at")))
        },
        Specification(name: "leave", command: "recordLeaving", summary: "record that a worker leaves the service", fields: [
            Field("--worker", "workerId", .text, "worker id", required: true),
            Field("--last-working-date", "lastWorkingDate", .date, "last working day", required: true),
            Field("--reason", "reason", .text, "why"),
        ]) { options in
            .recordLeaving(.init(
                workerId: try options.requiredText("--worker"), lastWorkingDate: try options.requiredDate("--last-working-date"),
                reason: options.text("--reason")))
        },
        Specification(name: "adopt-policy", command: "adoptPolicy", summary: "adopt a policy file from a date", fields: [
            Field("--file", "policy", .policyFile, "policy JSON file", required: true),
            Field("--effective-from", "effectiveFrom", .startInstant, "when the policy takes effect (a date: from the start of that day)", required: true),
        ]) { options in
            .adoptPolicy(.init(policy: try options.policy("--file"), effectiveFrom: try options.requiredInstant("--effective-from")))
        },
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
        ]) { options in
            .refer(.init(
                caseId: try options.requiredText("--case"), referralId: try options.requiredText("--referral"),
                familyId: try options.requiredText("--family"), teamId: try options.requiredText("--team"),
                serviceArea: try options.choice(ServiceArea.self, "--service-area"),
                category: try options.requiredChoice(CaseCategory.self, "--category"),
                flags: try options.choices(CaseFlag.self, "--flags") ?? [],
                source: try options.requiredChoice(ReferralSource.self, "--source"),
                riskLevel: try options.choice(RiskLevel.self, "--risk")))
        },
        Specification(name: "decide", command: "recordReferralDecision", summary: "record the decision on a referral", fields: [
            Field("--case", "caseId", .text, "case id", required: true),
            Field("--referral", "referralId", .text, "referral id (default: the open one)"),
            Field("--outcome", "outcome", .text, "noFurtherAction, socialWorkAssessment, section47Enquiry, earlyHelp, stepDown, signpost, other", required: true),
            Field("--rationale", "rationale", .text, "why", required: true),
        ]) { options in
            .recordReferralDecision(.init(
                caseId: try options.requiredText("--case"), referralId: options.text("--referral"),
                outcome: try options.requiredChoice(ReferralOutcome.self, "--outcome"), rationale: try options.requiredText("--rationale")))
        },
        Specification(name: "change-category", command: "changeCategory", summary: "change a case's category and flags", fields: [
            Field("--case", "caseId", .text, "case id", required: true),
            Field("--category", "toCategory", .text, "the new category", required: true),
            Field("--flags", "flags", .commaList, "the full flag set after the change"),
            Field("--reason", "reason", .text, "why", required: true),
        ]) { options in
            .changeCategory(.init(
                caseId: try options.requiredText("--case"), toCategory: try options.requiredChoice(CaseCategory.self, "--category"),
                flags: try options.choices(CaseFlag.self, "--flags"), reason: try options.requiredText("--reason"),
                justifications: options.justifications()))
        },
        Specification(name: "assess-risk", command: "assessRisk", summary: "record a risk assessment (low, moderate, high)", fields: [
            Field("--case", "caseId", .text, "case id", required: true),
            Field("--risk", "riskLevel", .text, "low, moderate, high", required: true),
            Field("--rationale", "rationale", .text, "why", required: true),
        ]) { options in
            .assessRisk(.init(
                caseId: try options.requiredText("--case"), riskLevel: try options.requiredChoice(RiskLevel.self, "--risk"),
                rationale: try options.requiredText("--rationale")))
        },
        Specification(name: "reopen", command: "reopen", summary: "reopen a closed case (re-referral)", fields: [
            Field("--case", "caseId", .text, "case id", required: true),
            Field("--referral", "referralId", .text, "the new referral id", required: true),
            Field("--reason", "reason", .text, "why", required: true),
        ]) { options in
            .reopen(.init(
                caseId: try options.requiredText("--case"), referralId: try options.requiredText("--referral"),
                reason: try options.requiredText("--reason")))
        },
        Specification(name: "allocate", command: "allocate", summary: "allocate a case to a primary worker",
                      fields: [Field("--case", "caseId", .text, "case id", required: true),
                               Field("--worker", "workerId", .text, "the worker", required: true)] + allocationWhy) { options in
            .allocate(try allocation(options, DomainCommand.Allocate.init))
        },
        Specification(name: "co-allocate", command: "coAllocate", summary: "add a co-worker to a case",
                      fields: [Field("--case", "caseId", .text, "case id", required: true),
                               Field("--worker", "workerId", .text, "the co-worker", required: true)] + allocationWhy) { options in
            .coAllocate(try allocation(options, DomainCommand.CoAllocate.init))
        },
        Specification(name: "deallocate", command: "deallocate", summary: "take a case away from a worker", fields: [
            Field("--case", "caseId", .text, "case id", required: true),
            Field("--worker", "workerId", .text, "the worker", required: true),
            Field("--reason", "reason", .text, "reason code", required: true),
            Field("--rationale", "rationale", .text, "why"),
            Field("--justify", "justifications", .justifications, "override a justify rule: RULE=justification (repeatable)"),
        ]) { options in
            .deallocate(.init(
                caseId: try options.requiredText("--case"), workerId: try options.requiredText("--worker"),
                reason: try options.requiredChoice(AllocationReason.self, "--reason"), rationale: options.text("--rationale") ?? "",
                justifications: options.justifications()))
        },
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
        ]) { options in
            .transfer(.init(
                caseId: try options.requiredText("--case"), toTeamId: options.text("--to-team"), toWorkerId: options.text("--to-worker"),
                reason: try options.requiredChoice(AllocationReason.self, "--reason"),
                transferSummary: try options.summary(summaryOptions).map {
                    TransferSummary(workDone: $0[0], outstandingWork: $0[1], responsibility: $0[2])
                },
                rationale: options.text("--rationale") ?? "", factorsConsidered: try options.choices(AllocationFactor.self, "--factors") ?? [],
                tasks: options.tasks("--task"), discussedWithWorker: options.flag("--discussed"),
                justifications: options.justifications()))
        },
        Specification(name: "request-closure", command: "requestClosure", summary: "a practitioner asks for a case to be closed", fields: [
            Field("--case", "caseId", .text, "case id", required: true),
            Field("--work-done", "closureSummary.workDone", .text, "closure summary: work done"),
            Field("--outstanding-work", "closureSummary.outstandingWork", .text, "closure summary: outstanding work"),
            Field("--responsibility", "closureSummary.responsibility", .text, "closure summary: whose responsibility"),
            Field("--justify", "justifications", .justifications, "override a justify rule: RULE=justification (repeatable)"),
        ]) { options in
            .requestClosure(.init(
                caseId: try options.requiredText("--case"), closureSummary: try closureSummary(options),
                justifications: options.justifications()))
        },
        Specification(name: "close", command: "close", summary: "close a case with a closure summary", fields: [
            Field("--case", "caseId", .text, "case id", required: true),
            Field("--work-done", "closureSummary.workDone", .text, "closure summary: work done"),
            Field("--outstanding-work", "closureSummary.outstandingWork", .text, "closure summary: outstanding work"),
            Field("--responsibility", "closureSummary.responsibility", .text, "closure summary: whose responsibility"),
            Field("--authorised-by", "authorisingManagerId", .text, "authorising manager"),
            Field("--evidence", "evidenceNeedsAddressed", .text, "evidence that needs were addressed (unallocated cases)"),
            Field("--continuing-support", "continuingSupport", .text, "support continuing elsewhere"),
            Field("--justify", "justifications", .justifications, "override a justify rule: RULE=justification (repeatable)"),
        ]) { options in
            .close(.init(
                caseId: try options.requiredText("--case"), closureSummary: try closureSummary(options),
                authorisingManagerId: options.text("--authorised-by"), evidenceNeedsAddressed: options.text("--evidence"),
                continuingSupport: options.text("--continuing-support"), justifications: options.justifications()))
        },
        Specification(name: "discuss", command: "recordAllocationDiscussion", summary: "record the allocation discussion with the worker", fields: [
            Field("--case", "caseId", .text, "case id", required: true),
            Field("--worker", "workerId", .text, "the worker", required: true),
            Field("--notes", "notes", .text, "what was discussed", required: true),
            Field("--discussed-at", "discussedAt", .instant, "when"),
            Field("--task", "agreedTasks", .tasks, "an agreed task, DATE:description (repeatable)"),
        ]) { options in
            .recordAllocationDiscussion(.init(
                caseId: try options.requiredText("--case"), workerId: try options.requiredText("--worker"),
                discussedAt: options.instant("--discussed-at"), notes: try options.requiredText("--notes"),
                agreedTasks: options.tasks("--task")))
        },
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
        ]) { options in
            .recordOversight(.init(
                caseId: try options.requiredText("--case"), summaryHistory: try options.requiredText("--summary"),
                workingWell: try options.requiredText("--working-well"), worriedAbout: try options.requiredText("--worried-about"),
                needsToHappen: try options.requiredText("--needs-to-happen"), voiceOfChild: try options.requiredText("--voice-of-child"),
                expectationsAndTimeframes: try options.requiredText("--expectations"),
                riskAssessmentsNeeded: options.list("--risk-assessment") ?? [], nextOversightDue: options.date("--next-due")))
        },
        Specification(name: "note", command: "recordCaseNote", summary: "record a case note", fields: [
            Field("--case", "caseId", .text, "case id", required: true),
            Field("--text", "text", .text, "the note", required: true),
            Field("--kind", "noteKind", .text, "socialWorkAllocation, management, supervision, caseClosure, caseTransfer, general"),
        ]) { options in
            .recordCaseNote(.init(
                caseId: try options.requiredText("--case"), noteKind: try options.choice(CaseNoteKind.self, "--kind"),
                text: try options.requiredText("--text")))
        },
        Specification(name: "monitor", command: "recordUnallocatedMonitoring", summary: "record monitoring of an unallocated case", fields: [
            Field("--case", "caseId", .text, "case id", required: true),
            Field("--plan", "managementPlan", .text, "management plan", required: true),
            Field("--visiting", "visitingFrequency", .text, "visiting frequency (e.g. weekly, fortnightly, monthly, other)", required: true),
            Field("--visiting-detail", "visitingFrequencyDetail", .text, "visiting frequency detail"),
            Field("--child-last-seen", "childLastSeen", .date, "date the child was last seen"),
            Field("--partner-monitoring", "partnerAgencyMonitoring", .text, "monitoring by partner agencies"),
        ]) { options in
            .recordUnallocatedMonitoring(.init(
                caseId: try options.requiredText("--case"), managementPlan: try options.requiredText("--plan"),
                visitingFrequency: try options.requiredChoice(VisitingFrequency.self, "--visiting"),
                visitingFrequencyDetail: options.text("--visiting-detail"), childLastSeen: options.date("--child-last-seen"),
                partnerAgencyMonitoring: options.text("--partner-monitoring")))
        },
        Specification(name: "letter", command: "sendFamilyLetter", summary: "record the letter to family and agencies", fields: [
            Field("--case", "caseId", .text, "case id", required: true),
            Field("--recipients", "recipients", .commaList, "recipients, comma-separated (e.g. family, school, health)", required: true),
            Field("--sent-on", "sentOn", .date, "date sent", required: true),
            Field("--team-contact", "includesTeamContactDetails", .flag, "the letter gives the team's contact details"),
            Field("--visiting-arrangements", "includesVisitingArrangements", .flag, "the letter sets out visiting arrangements"),
        ]) { options in
            .sendFamilyLetter(.init(
                caseId: try options.requiredText("--case"), recipients: try options.choices(LetterRecipient.self, "--recipients") ?? [],
                sentOn: try options.requiredDate("--sent-on"), includesTeamContactDetails: options.flag("--team-contact"),
                includesVisitingArrangements: options.flag("--visiting-arrangements")))
        },
        Specification(name: "review", command: "recordUnallocatedReview", summary: "record a review of an unallocated case", fields: [
            Field("--case", "caseId", .text, "case id", required: true),
            Field("--outcome", "outcome", .text, "outcome of the review", required: true),
            Field("--next-due", "nextReviewDue", .date, "next review due"),
        ]) { options in
            .recordUnallocatedReview(.init(
                caseId: try options.requiredText("--case"), outcome: try options.requiredText("--outcome"),
                nextReviewDue: options.date("--next-due")))
        },
        Specification(name: "escalate", command: "escalate", summary: "escalate an unallocated case", fields: [
            Field("--case", "caseId", .text, "case id", required: true),
            Field("--level", "level", .text, "serviceManager or headOfService", required: true),
            Field("--to", "escalatedToId", .text, "the manager escalated to", required: true),
            Field("--reason", "reason", .text, "why", required: true),
        ]) { options in
            .escalate(.init(
                caseId: try options.requiredText("--case"), level: try options.requiredChoice(EscalationLevel.self, "--level"),
                escalatedToId: try options.requiredText("--to"), reason: try options.requiredText("--reason")))
        },
        Specification(name: "workload-concern", command: "raiseWorkloadConcern", summary: "raise a workload concern (individual or team)", fields: [
            Field("--scope", "scope", .text, "individual or team", required: true),
            Field("--worker", "workerId", .text, "worker (individual scope)"),
            Field("--team", "teamId", .text, "team (team scope)"),
            Field("--concern", "concern", .text, "the concern", required: true),
            Field("--review-due", "reviewDue", .date, "review due"),
        ]) { options in
            .raiseWorkloadConcern(.init(
                scope: try options.requiredChoice(WorkloadConcernScope.self, "--scope"), workerId: options.text("--worker"),
                teamId: options.text("--team"), concern: try options.requiredText("--concern"), reviewDue: options.date("--review-due")))
        },
        Specification(name: "retract", command: "retract", summary: "retract an earlier event by sequence number (never rewrites the log)", fields: [
            Field("--sequence", "sequenceNumber", .integer, "the sequence number to retract", required: true),
            Field("--reason", "reason", .text, "why", required: true),
            Field("--authorised-by", "authorisingManagerId", .text, "authorising manager"),
        ]) { options in
            .retract(.init(
                sequenceNumber: try options.unsigned("--sequence"), reason: try options.requiredText("--reason"),
                authorisingManagerId: options.text("--authorised-by")))
        },
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
                let command = try command(specification, invocation.arguments)
                return try CommandExecution.execute([command], invocation: invocation, atOverride: nil)
            }
        }
    }

    static func valueName(_ kind: FieldKind) -> String? {
        switch kind {
        case .flag: return nil
        case .integer: return "N"
        case .date: return "DATE"
        case .instant, .startInstant: return "DATETIME"
        case .tasks: return "DATE:TEXT"
        case .justifications: return "RULE=TEXT"
        case .policyFile: return "FILE"
        case .commaList: return "A,B,…"
        case .text, .list: return "TEXT"
        }
    }
}
