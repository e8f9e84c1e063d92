import LedgerStore
import LedgerSupport

/// A case note, such as the "Social Work Allocation" note or a management note of cover arrangements.
public struct CaseNoteRecorded: EventPayload {
    public static let typeName = "CaseNoteRecorded"
    public static let schemaVersion = 1

    public let caseId: String
    public let authorId: String
    /// The note's title in the recording system, if it has one.
    public let noteKind: CaseNoteKind?
    public let text: String

    public init(caseId: String, authorId: String, noteKind: CaseNoteKind?, text: String) {
        self.caseId = caseId
        self.authorId = authorId
        self.noteKind = noteKind
        self.text = text
    }

    public var stream: StreamName { .case(caseId) }
}
