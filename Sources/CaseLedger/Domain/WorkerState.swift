/// A worker as decisions see them now: team, role history, status, absences and departure.
///
/// Roles are kept as dated periods rather than one current value because a role change may
/// take effect on a later date (an ASYE completing the year) and the NQSW ramp counts weeks
/// from the day the worker became an ASYE.
public struct WorkerState: Sendable, Hashable {
    public var workerId: String
    public var teamId: String
    /// The day the worker started in the service.
    public var startDate: LocalDate
    /// Agency workers may not hold court proceedings or child-in-care cases (AGENCY-COURT-CIC).
    public var isAgency: Bool
    /// Hours as a percentage of full time. Recorded for reports; caps are not pro-rated because
    /// no source policy says they are.
    public var fullTimeEquivalentPercent: Int
    /// Role periods sorted by their first day; the first starts at `startDate`.
    public var rolePeriods: [RolePeriod]
    /// Absences by absence id, in the order first recorded; a re-recording replaces its entry.
    public var absences: [Absence]
    /// The last day worked, once the worker has left (or will leave) the service.
    public var lastWorkingDate: LocalDate?

    public init(workerId: String, teamId: String, role: Role, startDate: LocalDate, isAgency: Bool,
                isQualified: Bool, fullTimeEquivalentPercent: Int) {
        self.workerId = workerId
        self.teamId = teamId
        self.startDate = startDate
        self.isAgency = isAgency
        self.fullTimeEquivalentPercent = fullTimeEquivalentPercent
        self.rolePeriods = [RolePeriod(from: startDate, role: role, isQualified: isQualified)]
        self.absences = []
        self.lastWorkingDate = nil
    }

    /// The role period in force on `date`; before the first period, the first one.
    public func rolePeriod(on date: LocalDate) -> RolePeriod {
        rolePeriods.last { $0.from <= date } ?? rolePeriods[0]
    }

    public func role(on date: LocalDate) -> Role { rolePeriod(on: date).role }

    /// Holds a social work qualification on `date` and is in a qualified social work role: the
    /// test of STATUTORY-QUALIFIED.
    public func isQualifiedSocialWorker(on date: LocalDate) -> Bool {
        let period = rolePeriod(on: date)
        return period.isQualified && period.role.isQualifiedSocialWorkRole
    }

    /// The first day of the ASYE run in force on `date`, from which the NQSW ramp counts weeks;
    /// nil when the worker is not an ASYE on `date`.
    public func rampStartDate(on date: LocalDate) -> LocalDate? {
        guard let index = rolePeriods.lastIndex(where: { $0.from <= date }) ?? (rolePeriods.isEmpty ? nil : 0),
              rolePeriods[index].role == .asye
        else { return nil }
        var first = index
        while first > 0 && rolePeriods[first - 1].role == .asye { first -= 1 }
        return rolePeriods[first].from
    }

    /// The absence covering `date`, if any (the first recorded when several overlap).
    public func absence(covering date: LocalDate) -> Absence? {
        absences.first { $0.covers(date) }
    }

    /// Whether `date` is after the worker's last working day.
    public func hasLeft(on date: LocalDate) -> Bool {
        guard let lastWorkingDate else { return false }
        return date > lastWorkingDate
    }

    /// Sets a role from `date` on, replacing a period that starts the same day.
    mutating func changeRole(to role: Role, isQualified: Bool, from date: LocalDate) {
        rolePeriods.removeAll { $0.from == date }
        rolePeriods.append(RolePeriod(from: date, role: role, isQualified: isQualified))
        rolePeriods.sort { $0.from < $1.from }
    }

    mutating func record(_ absence: Absence) {
        if let index = absences.firstIndex(where: { $0.absenceId == absence.absenceId }) {
            absences[index] = absence
        } else {
            absences.append(absence)
        }
    }
}
