import LedgerEvents
import LedgerStore
import LedgerSupport

/// Commands that end a period of work on a case.
extension DomainCommand {
    /// A practitioner asks for a case to be closed and writes its closure summary (appends
    /// `CaseClosureRequested`); a manager's ``Close`` authorises it.
    public struct RequestClosure: Sendable, Hashable, Codable {
        public var caseId: String
        /// Work done, outstanding work, whose responsibility (CLOSURE-SUMMARY).
        public var closureSummary: ClosureSummary?
        public var justifications: [RuleID: String]

        public init(caseId: String, closureSummary: ClosureSummary?, justifications: [RuleID: String] = [:]) {
            self.caseId = caseId
            self.closureSummary = closureSummary
            self.justifications = justifications
        }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            caseId = try container.decode(String.self, forKey: .caseId)
            closureSummary = try container.decodeIfPresent(ClosureSummary.self, forKey: .closureSummary)
            justifications = try container.decode(.justifications, default: [:])
        }
    }

    /// Closes a case (appends `CaseClosed`); every holder stops holding it.
    ///
    /// Needs a closure summary (CLOSURE-SUMMARY; nil takes the pending request's summary) and a
    /// manager (CLOSURE-AUTHORISED); an unallocated case needs evidence that its needs were
    /// addressed (UNALLOCATED-CLOSURE).
    public struct Close: Sendable, Hashable, Codable {
        public var caseId: String
        public var closureSummary: ClosureSummary?
        /// The manager who authorised the closure; nil: the actor.
        public var authorisingManagerId: String?
        /// For a case closed while unallocated: how its needs were addressed.
        public var evidenceNeedsAddressed: String?
        /// Continuing support through other services considered at closure.
        public var continuingSupport: String?
        public var justifications: [RuleID: String]

        public init(caseId: String, closureSummary: ClosureSummary?, authorisingManagerId: String? = nil,
                    evidenceNeedsAddressed: String? = nil, continuingSupport: String? = nil,
                    justifications: [RuleID: String] = [:]) {
            self.caseId = caseId
            self.closureSummary = closureSummary
            self.authorisingManagerId = authorisingManagerId
            self.evidenceNeedsAddressed = evidenceNeedsAddressed
            self.continuingSupport = continuingSupport
            self.justifications = justifications
        }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            caseId = try container.decode(String.self, forKey: .caseId)
            closureSummary = try container.decodeIfPresent(ClosureSummary.self, forKey: .closureSummary)
            authorisingManagerId = try container.decodeIfPresent(String.self, forKey: .authorisingManagerId)
            evidenceNeedsAddressed = try container.decodeIfPresent(String.self, forKey: .evidenceNeedsAddressed)
            continuingSupport = try container.decodeIfPresent(String.self, forKey: .continuingSupport)
            justifications = try container.decode(.justifications, default: [:])
        }
    }
}
