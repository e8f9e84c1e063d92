/// A period away from work: drives ON-LEAVE (covering today) and LEAVE-SOON (starting soon).
public struct Absence: Sendable, Hashable {
    public var absenceId: String
    public var kind: AbsenceKind
    public var startDate: LocalDate
    /// Last day away, inclusive; nil while open-ended.
    public var endDate: LocalDate?
    public var notifiedAt: Instant?

    public init(absenceId: String, kind: AbsenceKind, startDate: LocalDate, endDate: LocalDate?, notifiedAt: Instant?) {
        self.absenceId = absenceId
        self.kind = kind
        self.startDate = startDate
        self.endDate = endDate
        self.notifiedAt = notifiedAt
    }

    public func covers(_ date: LocalDate) -> Bool {
        startDate <= date && (endDate.map { date <= $0 } ?? true)
    }

    /// "annual leave from 2024-05-01 to 2024-05-10", "sickness since 2024-05-01 (no return date)".
    var phrase: String {
        let kindText: String
        switch kind {
        case .annualLeave: kindText = "annual leave"
        case .sickness: kindText = "sickness absence"
        case .longTermSickness: kindText = "long-term sickness absence"
        case .other: kindText = "absence"
        }
        if let endDate { return "\(kindText) from \(startDate) to \(endDate)" }
        return "\(kindText) from \(startDate) (no return date recorded)"
    }
}
