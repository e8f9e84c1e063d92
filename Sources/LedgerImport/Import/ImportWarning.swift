import LedgerDomain
import LedgerEvents
import LedgerStore
import LedgerSupport

/// Something about the file as a whole that the import had to assume: a line of the summary and
/// a row of the report, never a silent default.
///
/// An export without an end-date column still loads (a legacy system may never have recorded
/// ends), but every involvement then reads as open for ever; a data officer must see that before
/// trusting the caseloads, so the assumption is said once, in both places, with the column the
/// file lacks.
public struct ImportWarning: Sendable, Hashable {
    /// What kind of assumption: a stable label for the report's `kind` column.
    public enum Kind: String, Sendable, Hashable {
        /// An optional column (type, team, end date, change reason, referral id) is absent.
        case missingColumn = "missing-column"
    }

    public var kind: Kind
    /// The field the file lacks.
    public var field: InvolvementField
    /// The column name(s) the mapping looks for, as a person would search the header for them.
    public var columns: String
    /// What the import assumed instead, in words.
    public var detail: String

    public init(kind: Kind, field: InvolvementField, columns: String, detail: String) {
        self.kind = kind
        self.field = field
        self.columns = columns
        self.detail = detail
    }

    /// The summary line: `warning: no end date column (END_DATE): …`.
    public var line: String {
        let named = columns.isEmpty ? "the mapping names no column" : columns
        return "warning: no \(field.displayName) column (\(named)): \(detail)"
    }

    /// The warnings for the optional fields a file (read under `mapping`) lacks; `found` holds the
    /// fields whose column the header has.
    package static func missingColumns(mapping: ImportMapping, found: Set<InvolvementField>) -> [ImportWarning] {
        var warnings: [ImportWarning] = []
        for field in InvolvementField.allCases where !field.isRequired && !found.contains(field) {
            let names = mapping.involvementColumns[field] ?? []
            // A referral id only annotates the rationale: worth a word when the mapping expects
            // the column, not when the system has none (Mosaic).
            if field == .referralId && names.isEmpty { continue }
            warnings.append(ImportWarning(kind: .missingColumn, field: field, columns: names.joined(separator: " or "),
                                          detail: assumption(for: field, mapping: mapping)))
        }
        return warnings
    }

    /// What the importer does without `field`.
    private static func assumption(for field: InvolvementField, mapping: ImportMapping) -> String {
        switch field {
        case .involvementType:
            let type = mapping.defaultInvolvementType ?? mapping.caseHoldingTypes.sorted().first ?? ""
            let why = mapping.defaultInvolvementType != nil ? "the mapping's defaultInvolvementType" : "the mapping's case-holding type"
            return "every row is read as type \(type) (\(why)), so every worker row becomes an allocation"
        case .teamId:
            return "workers take their team from the workers file (--workers); allocations of workers it does not name go to team \"\(ImportMapping.unknownTeamId)\""
        case .endDate:
            return "every involvement is read as still open (none ends)"
        case .reason:
            return "every allocation is recorded with reason newReferral (a first allocation)"
        case .referralId:
            return "allocations are recorded without their referral"
        case .involvementId, .personId, .workerId, .startDate:
            return "required"
        }
    }
}
