import LedgerEvents
import LedgerStore
import LedgerSupport

/// Commands about the front door and the shape of a case.
extension DomainCommand {
    /// A contact or referral received (appends `ReferralReceived`).
    ///
    /// For a new case id it opens the case with its team; for a closed case it opens a new
    /// period of work. Either way, a closure of the same case, or of any case of the same family,
    /// less than the policy's re-referral window earlier makes it a re-referral that names the
    /// previous worker (REREFERRAL-PREVIOUS).
    public struct Refer: Sendable, Hashable, Codable {
        public var caseId: String
        public var referralId: String
        public var familyId: String
        public var teamId: String
        /// Nil: the receiving team's service area.
        public var serviceArea: ServiceArea?
        public var category: CaseCategory
        /// Pre-birth assessment, court proceedings, section 47, supervision order.
        public var flags: [CaseFlag]
        public var source: ReferralSource
        public var riskLevel: RiskLevel?

        public init(caseId: String, referralId: String, familyId: String, teamId: String, serviceArea: ServiceArea? = nil,
                    category: CaseCategory, flags: [CaseFlag] = [], source: ReferralSource, riskLevel: RiskLevel? = nil) {
            self.caseId = caseId
            self.referralId = referralId
            self.familyId = familyId
            self.teamId = teamId
            self.serviceArea = serviceArea
            self.category = category
            self.flags = flags
            self.source = source
            self.riskLevel = riskLevel
        }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            caseId = try container.decode(String.self, forKey: .caseId)
            referralId = try container.decode(String.self, forKey: .referralId)
            familyId = try container.decode(String.self, forKey: .familyId)
            teamId = try container.decode(String.self, forKey: .teamId)
            serviceArea = try container.decodeIfPresent(ServiceArea.self, forKey: .serviceArea)
            category = try container.decode(CaseCategory.self, forKey: .category)
            flags = try container.decode(.flags, default: [])
            source = try container.decode(ReferralSource.self, forKey: .source)
            riskLevel = try container.decodeIfPresent(RiskLevel.self, forKey: .riskLevel)
        }
    }

    /// The manager's decision on the current referral (appends `ReferralDecisionRecorded`).
    public struct RecordReferralDecision: Sendable, Hashable, Codable {
        public var caseId: String
        /// Nil: the case's current referral.
        public var referralId: String?
        public var outcome: ReferralOutcome
        public var rationale: String

        public init(caseId: String, referralId: String? = nil, outcome: ReferralOutcome, rationale: String) {
            self.caseId = caseId
            self.referralId = referralId
            self.outcome = outcome
            self.rationale = rationale
        }
    }

    /// Moves a case to another category and/or sets its flags (appends `CaseCategoryChanged`).
    public struct ChangeCategory: Sendable, Hashable, Codable {
        public var caseId: String
        public var toCategory: CaseCategory
        /// The full flag set after the change; nil keeps the current flags.
        public var flags: [CaseFlag]?
        public var reason: String
        /// Justifications for "justify" rules the change would break for the case's holders.
        public var justifications: [RuleID: String]

        public init(caseId: String, toCategory: CaseCategory, flags: [CaseFlag]? = nil, reason: String,
                    justifications: [RuleID: String] = [:]) {
            self.caseId = caseId
            self.toCategory = toCategory
            self.flags = flags
            self.reason = reason
            self.justifications = justifications
        }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            caseId = try container.decode(String.self, forKey: .caseId)
            toCategory = try container.decode(CaseCategory.self, forKey: .toCategory)
            flags = try container.decodeIfPresent([CaseFlag].self, forKey: .flags)
            reason = try container.decode(String.self, forKey: .reason)
            justifications = try container.decode(.justifications, default: [:])
        }
    }

    /// Scores the case's complexity and risk, which weights it in caseloads (appends `RiskLevelAssessed`).
    public struct AssessRisk: Sendable, Hashable, Codable {
        public var caseId: String
        public var riskLevel: RiskLevel
        public var rationale: String
        /// Justifications for "justify" rules the new level would break (SWO-RISK).
        public var justifications: [RuleID: String]

        public init(caseId: String, riskLevel: RiskLevel, rationale: String, justifications: [RuleID: String] = [:]) {
            self.caseId = caseId
            self.riskLevel = riskLevel
            self.rationale = rationale
            self.justifications = justifications
        }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            caseId = try container.decode(String.self, forKey: .caseId)
            riskLevel = try container.decode(RiskLevel.self, forKey: .riskLevel)
            rationale = try container.decode(String.self, forKey: .rationale)
            justifications = try container.decode(.justifications, default: [:])
        }
    }

    /// Opens a closed case again on a new referral, with its team and category unchanged
    /// (appends `CaseReopened`); a re-referral within the window names the previous worker.
    public struct Reopen: Sendable, Hashable, Codable {
        public var caseId: String
        public var referralId: String
        public var reason: String

        public init(caseId: String, referralId: String, reason: String) {
            self.caseId = caseId
            self.referralId = referralId
            self.reason = reason
        }
    }
}

extension KeyedDecodingContainer {
    /// The value under `key`, or `value` when the key is absent: lists and maps in commands may
    /// be left out of a JSON line.
    package func decode<Value: Decodable>(_ key: Key, default value: Value) throws -> Value {
        try decodeIfPresent(Value.self, forKey: key) ?? value
    }
}
