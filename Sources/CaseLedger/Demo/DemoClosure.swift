/// A recent closure, so a sibling can be referred within the re-referral window.
struct DemoClosure: Sendable, Hashable {
    var caseId: String
    var familyId: String
    var teamId: String
    var closedOn: LocalDate
}
