import LedgerStore
import LedgerSupport

/// The letter to the family and involved agencies about a case that cannot yet be allocated,
/// due within 5 working days of the case arriving (UNALLOCATED-LETTER).
public struct FamilyLetterSent: EventPayload {
    public static let typeName = "FamilyLetterSent"
    public static let schemaVersion = 1

    public let caseId: String
    /// Stored sorted, without duplicates.
    public let recipients: [LetterRecipient]
    public let sentOn: LocalDate
    /// The letter said how to contact the team if there are issues.
    public let includesTeamContactDetails: Bool
    /// The letter gave the duty worker's visiting frequency.
    public let includesVisitingArrangements: Bool

    public init(
        caseId: String, recipients: [LetterRecipient], sentOn: LocalDate, includesTeamContactDetails: Bool,
        includesVisitingArrangements: Bool
    ) {
        self.caseId = caseId
        self.recipients = canonicalSet(recipients)
        self.sentOn = sentOn
        self.includesTeamContactDetails = includesTeamContactDetails
        self.includesVisitingArrangements = includesVisitingArrangements
    }

    public var stream: StreamName { .case(caseId) }
}
