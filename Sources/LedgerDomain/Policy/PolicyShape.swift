import LedgerEvents
import LedgerStore
import LedgerSupport

/// The shape a policy file must have, checked before decoding so that every problem is
/// reported at once, each with its field path.
///
/// Foundation's decoder stops at the first problem and ignores keys it does not know, so a
/// misspelt optional key (`maximumChildern`) would silently leave a limit unset. A policy is
/// reviewed and signed off by people; they get the whole list of what is wrong in one run.
package indirect enum PolicyShape: Sendable {
    /// Keys the object may hold; `required` keys must be present. Any other key is a problem.
    case object([Field])
    case array(of: PolicyShape)
    /// An object whose keys are `allowedKeys` (any subset) and whose values all have one shape.
    case map(allowedKeys: [String], keyDescription: String, values: PolicyShape)
    /// Every number in a policy is a count, a limit or a duration: a whole number, never negative.
    case wholeNumber
    case text
    case boolean
    case oneOf([String])
    case date

    package struct Field: Sendable {
        var name: String
        var shape: PolicyShape
        var required: Bool

        init(_ name: String, _ shape: PolicyShape, required: Bool = true) {
            self.name = name
            self.shape = shape
            self.required = required
        }
    }

    /// The shape `Policy`'s `Codable` form has (`canonicalJSON()` writes it).
    package static let policy: PolicyShape = {
        let severity = PolicyShape.oneOf(RuleSeverity.allCases.map(\.rawValue))
        return .object([
            Field("policyId", .text), Field("profile", .text), Field("formatVersion", .wholeNumber),
            Field("severities", .map(allowedKeys: RuleID.allCases.map(\.rawValue), keyDescription: "rule id", values: severity)),
            Field("weights", .object([Field("low", .wholeNumber), Field("moderate", .wholeNumber), Field("high", .wholeNumber)])),
            Field("caps", .array(of: .object([
                Field("role", .oneOf(Role.allCases.map(\.rawValue))),
                Field("cases", .wholeNumber, required: false), Field("points", .wholeNumber, required: false),
            ]))),
            Field("nqswRamp", .array(of: .object([
                Field("fromWeek", .wholeNumber), Field("serviceArea", .oneOf(ServiceArea.allCases.map(\.rawValue))),
                Field("minimumChildren", .wholeNumber, required: false), Field("maximumChildren", .wholeNumber, required: false),
                Field("minimumFamilies", .wholeNumber, required: false), Field("maximumFamilies", .wholeNumber, required: false),
                Field("decidedInTeam", .boolean),
            ]))),
            Field("leaveLookAheadWorkingDays", .wholeNumber), Field("reReferralWindowDays", .wholeNumber),
            Field("timescales", .object([
                "decisionHours", "allocationHours", "reallocationWorkingDays", "monitoringWorkingDays", "letterWorkingDays",
                "firstReviewWeeks", "reviewIntervalWeeks", "serviceManagerEscalationWeeks", "headOfServiceEscalationWeeks",
            ].map { Field($0, .wholeNumber) })),
            Field("extraHolidays", .array(of: .date)),
            Field("identity", .oneOf(IdentityMode.allCases.map(\.rawValue)), required: false),
        ])
    }()

    /// Every way `value` departs from this shape, as "path: problem" lines in document order.
    package func problems(in value: StrictJSONValue, at path: String = "") -> [String] {
        let here = path.isEmpty ? "the file" : path
        func child(_ key: String) -> String { path.isEmpty ? key : path + "." + key }
        switch (self, value) {
        case (.object(let fields), .object(let members)):
            var found: [String] = []
            for member in members {
                guard let field = fields.first(where: { $0.name == member.key }) else {
                    let known = fields.map(\.name).joined(separator: ", ")
                    found.append("\(child(member.key)): unknown field (known here: \(known))")
                    continue
                }
                if case .null = member.value, !field.required { continue }
                found += field.shape.problems(in: member.value, at: child(member.key))
            }
            for field in fields where field.required && !members.contains(where: { $0.key == field.name }) {
                found.append("\(child(field.name)): missing")
            }
            return found
        case (.array(let element), .array(let values)):
            return values.enumerated().flatMap { index, item in element.problems(in: item, at: "\(path)[\(index)]") }
        case (.map(let allowedKeys, let keyDescription, let valueShape), .object(let members)):
            return members.flatMap { member -> [String] in
                guard allowedKeys.contains(member.key) else {
                    return ["\(child(member.key)): unknown \(keyDescription) (known: \(allowedKeys.joined(separator: ", ")))"]
                }
                return valueShape.problems(in: member.value, at: child(member.key))
            }
        case (.wholeNumber, .number(let text)):
            guard let number = Int(text) else { return ["\(here): expected a whole number, got \(text)"] }
            return number < 0 ? ["\(here): must not be negative; got \(number)"] : []
        case (.text, .string), (.boolean, .bool):
            return []
        case (.oneOf(let allowed), .string(let text)):
            return allowed.contains(text) ? [] : ["\(here): \"\(text)\" is not one of \(allowed.joined(separator: ", "))"]
        case (.date, .string(let text)):
            return LocalDate(iso8601: text) == nil ? ["\(here): expected a date yyyy-MM-dd, got \"\(text)\""] : []
        default:
            return ["\(here): expected \(expectation), got \(value.typeName)"]
        }
    }

    private var expectation: String {
        switch self {
        case .object, .map: return "an object"
        case .array: return "an array"
        case .wholeNumber: return "a whole number"
        case .text, .oneOf, .date: return "a string"
        case .boolean: return "true or false"
        }
    }
}
