import LedgerEvents
import LedgerStore
import LedgerSupport

/// Commands that record practice on a case or about workload, without changing who holds what.
extension DomainCommand {
    /// The manager's one-to-one allocation discussion with a worker (appends `AllocationDiscussionRecorded`).
    public struct RecordAllocationDiscussion: Sendable, Hashable, Codable {
        public var caseId: String
        public var workerId: String
        /// When the conversation took place, if not when the command occurred.
        public var discussedAt: Instant?
        public var notes: String
        public var agreedTasks: [AllocationTask]

        public init(caseId: String, workerId: String, discussedAt: Instant? = nil, notes: String,
                    agreedTasks: [AllocationTask] = []) {
            self.caseId = caseId
            self.workerId = workerId
            self.discussedAt = discussedAt
            self.notes = notes
            self.agreedTasks = agreedTasks
        }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            caseId = try container.decode(String.self, forKey: .caseId)
            workerId = try container.decode(String.self, forKey: .workerId)
            discussedAt = try container.decodeIfPresent(Instant.self, forKey: .discussedAt)
            notes = try container.decode(.notes, default: "")
            agreedTasks = try container.decode(.agreedTasks, default: [])
        }
    }

    /// A manager's oversight in the headings of the good-practice guide (appends `OversightRecorded`).
    public struct RecordOversight: Sendable, Hashable, Codable {
        public var caseId: String
        public var summaryHistory: String
        public var workingWell: String
        public var worriedAbout: String
        public var needsToHappen: String
        public var voiceOfChild: String
        public var expectationsAndTimeframes: String
        public var riskAssessmentsNeeded: [String]
        public var nextOversightDue: LocalDate?

        public init(caseId: String, summaryHistory: String, workingWell: String, worriedAbout: String,
                    needsToHappen: String, voiceOfChild: String, expectationsAndTimeframes: String,
                    riskAssessmentsNeeded: [String] = [], nextOversightDue: LocalDate? = nil) {
            self.caseId = caseId
            self.summaryHistory = summaryHistory
            self.workingWell = workingWell
            self.worriedAbout = worriedAbout
            self.needsToHappen = needsToHappen
            self.voiceOfChild = voiceOfChild
            self.expectationsAndTimeframes = expectationsAndTimeframes
            self.riskAssessmentsNeeded = riskAssessmentsNeeded
            self.nextOversightDue = nextOversightDue
        }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            caseId = try container.decode(String.self, forKey: .caseId)
            summaryHistory = try container.decode(.summaryHistory, default: "")
            workingWell = try container.decode(.workingWell, default: "")
            worriedAbout = try container.decode(.worriedAbout, default: "")
            needsToHappen = try container.decode(.needsToHappen, default: "")
            voiceOfChild = try container.decode(.voiceOfChild, default: "")
            expectationsAndTimeframes = try container.decode(.expectationsAndTimeframes, default: "")
            riskAssessmentsNeeded = try container.decode(.riskAssessmentsNeeded, default: [])
            nextOversightDue = try container.decodeIfPresent(LocalDate.self, forKey: .nextOversightDue)
        }
    }

    /// A case note, by the author who issues the command (appends `CaseNoteRecorded`).
    public struct RecordCaseNote: Sendable, Hashable, Codable {
        public var caseId: String
        public var noteKind: CaseNoteKind?
        public var text: String

        public init(caseId: String, noteKind: CaseNoteKind? = nil, text: String) {
            self.caseId = caseId
            self.noteKind = noteKind
            self.text = text
        }
    }

    /// The monitoring form for a case awaiting allocation (appends `UnallocatedMonitoringRecorded`).
    public struct RecordUnallocatedMonitoring: Sendable, Hashable, Codable {
        public var caseId: String
        public var managementPlan: String
        public var visitingFrequency: VisitingFrequency
        public var visitingFrequencyDetail: String?
        public var childLastSeen: LocalDate?
        public var partnerAgencyMonitoring: String?

        public init(caseId: String, managementPlan: String, visitingFrequency: VisitingFrequency,
                    visitingFrequencyDetail: String? = nil, childLastSeen: LocalDate? = nil,
                    partnerAgencyMonitoring: String? = nil) {
            self.caseId = caseId
            self.managementPlan = managementPlan
            self.visitingFrequency = visitingFrequency
            self.visitingFrequencyDetail = visitingFrequencyDetail
            self.childLastSeen = childLastSeen
            self.partnerAgencyMonitoring = partnerAgencyMonitoring
        }
    }

    /// The letter to the family and agencies about a case that cannot yet be allocated
    /// (appends `FamilyLetterSent`).
    public struct SendFamilyLetter: Sendable, Hashable, Codable {
        public var caseId: String
        public var recipients: [LetterRecipient]
        public var sentOn: LocalDate
        public var includesTeamContactDetails: Bool
        public var includesVisitingArrangements: Bool

        public init(caseId: String, recipients: [LetterRecipient], sentOn: LocalDate, includesTeamContactDetails: Bool,
                    includesVisitingArrangements: Bool) {
            self.caseId = caseId
            self.recipients = recipients
            self.sentOn = sentOn
            self.includesTeamContactDetails = includesTeamContactDetails
            self.includesVisitingArrangements = includesVisitingArrangements
        }
    }

    /// The review of a case awaiting allocation (appends `UnallocatedReviewRecorded`).
    public struct RecordUnallocatedReview: Sendable, Hashable, Codable {
        public var caseId: String
        /// Keep monitoring, step down, close, move to another team.
        public var outcome: String
        public var nextReviewDue: LocalDate?

        public init(caseId: String, outcome: String, nextReviewDue: LocalDate? = nil) {
            self.caseId = caseId
            self.outcome = outcome
            self.nextReviewDue = nextReviewDue
        }
    }

    /// Raises a case awaiting allocation with a service manager or head of service (appends
    /// `EscalationRecorded`).
    public struct Escalate: Sendable, Hashable, Codable {
        public var caseId: String
        public var level: EscalationLevel
        /// A registered service manager (or head of service); a head of service for that level.
        public var escalatedToId: String
        public var reason: String

        public init(caseId: String, level: EscalationLevel, escalatedToId: String, reason: String) {
            self.caseId = caseId
            self.level = level
            self.escalatedToId = escalatedToId
            self.reason = reason
        }
    }

    /// A concern about one practitioner's or a whole team's workload (appends `WorkloadConcernRaised`).
    public struct RaiseWorkloadConcern: Sendable, Hashable, Codable {
        public var scope: WorkloadConcernScope
        /// The practitioner, for an individual concern; nil there means the actor.
        public var workerId: String?
        /// The team, for a team concern; for an individual concern nil means the worker's team.
        public var teamId: String?
        public var concern: String
        public var reviewDue: LocalDate?

        public init(scope: WorkloadConcernScope, workerId: String? = nil, teamId: String? = nil, concern: String,
                    reviewDue: LocalDate? = nil) {
            self.scope = scope
            self.workerId = workerId
            self.teamId = teamId
            self.concern = concern
            self.reviewDue = reviewDue
        }
    }
}
