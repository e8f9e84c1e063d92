import LedgerEvents
import LedgerStore
import LedgerSupport

/// The built-in profiles. Both enable every rule (DESIGN §5); numbers that come from the other
/// service's policy are defaults an authority is expected to review in its own policy file.
///
/// Each spells out every rule's severity, so the file `caseledger policy --profile` prints shows
/// what an authority is adopting rather than leaning on defaults written only in code. (Version 2:
/// version 1 left `severities` empty; the severities in force are the same.)
extension Policy {
    public static let children = Policy(
        policyId: "builtin-children-v2", profile: "children", severities: defaultSeverities,
        weights: defaultWeights, caps: defaultCaps, nqswRamp: childrenRamp,
        leaveLookAheadWorkingDays: 5, reReferralWindowDays: 42, timescales: defaultTimescales, extraHolidays: [])

    public static let adults = Policy(
        policyId: "builtin-adults-v2", profile: "adults", severities: defaultSeverities,
        weights: defaultWeights, caps: defaultCaps, nqswRamp: childrenRamp,
        leaveLookAheadWorkingDays: 5, reReferralWindowDays: 42, timescales: defaultTimescales, extraHolidays: [])

    /// A built-in profile by name.
    public static func profile(named name: String) -> Policy? {
        switch name {
        case "children": return .children
        case "adults": return .adults
        default: return nil
        }
    }

    /// DESIGN §5's default severity of every rule, keyed by rule id.
    package static let defaultSeverities: [String: RuleSeverity] = Dictionary(
        uniqueKeysWithValues: RuleID.allCases.map { ($0.rawValue, defaultSeverity($0)) })

    /// adult-case-allocation-policy: low 1, moderate 2, high 3.
    package static let defaultWeights = RiskWeights(low: 1, moderate: 2, high: 3)

    /// adult-case-allocation-policy: social worker 25 cases / 50 points, ASYE 23 / 45, senior
    /// practitioner 15 / 30, social work officer 20 cases.
    package static let defaultCaps = [
        CaseloadCap(role: .socialWorker, cases: 25, points: 50),
        CaseloadCap(role: .asye, cases: 23, points: 45),
        CaseloadCap(role: .seniorPractitioner, cases: 15, points: 30),
        CaseloadCap(role: .socialWorkOfficer, cases: 20, points: nil),
    ]

    /// good-practice-case-allocation-nqsw: recommended case numbers for NQSWs, per service area.
    package static let childrenRamp: [RampStep] = {
        typealias Cell = (minimum: Int?, maximum: Int?, minimumFamilies: Int?, maximumFamilies: Int?, decided: Bool)
        func cell(_ minimum: Int, _ maximum: Int, families: (Int, Int)? = nil) -> Cell {
            (minimum, maximum, families?.0, families?.1, false)
        }
        let decided: Cell = (nil, nil, nil, nil, true)
        let areas: [ServiceArea] = [.dutyAndAssessment, .safeguarding, .childrenInCare, .fosteringAndAdoption]
        let table: [(week: Int, cells: [Cell])] = [
            (3, [cell(1, 3, families: (1, 1)), cell(1, 3, families: (1, 1)), cell(1, 3, families: (1, 1)), cell(1, 3, families: (1, 1))]),
            (4, [cell(2, 6, families: (2, 2)), cell(2, 6, families: (2, 2)), cell(2, 5, families: (2, 2)), cell(2, 5, families: (2, 2))]),
            (6, [cell(5, 8), cell(5, 8), cell(4, 5), cell(4, 5)]),
            (9, [cell(8, 12), cell(6, 8), cell(4, 5), decided]),
            (12, [cell(12, 15), cell(8, 10), cell(5, 8), decided]),
            (18, [cell(15, 20), cell(10, 12), cell(5, 8), decided]),
            (26, [cell(20, 25), cell(12, 14), cell(9, 10), decided]),
        ]
        return table.flatMap { row in
            zip(areas, row.cells).map { area, cell in
                RampStep(fromWeek: row.week, serviceArea: area, minimumChildren: cell.minimum, maximumChildren: cell.maximum,
                         minimumFamilies: cell.minimumFamilies, maximumFamilies: cell.maximumFamilies, decidedInTeam: cell.decided)
            }
        }
    }()

    /// allocation-of-work-practice-guidance, unallocated-cases-guidance.
    package static let defaultTimescales = Timescales(
        decisionHours: 24, allocationHours: 24, reallocationWorkingDays: 5, monitoringWorkingDays: 5,
        letterWorkingDays: 5, firstReviewWeeks: 4, reviewIntervalWeeks: 2, serviceManagerEscalationWeeks: 4,
        headOfServiceEscalationWeeks: 6)
}
