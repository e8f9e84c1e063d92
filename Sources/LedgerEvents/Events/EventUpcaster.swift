import Foundation
import LedgerStore
import LedgerSupport

/// Reads payloads stored at an older schema version into the current payload types.
///
/// The only place upcasting happens; ``LedgerEvent/decodeData(type:schemaVersion:data:using:)``
/// calls it for any stored version below the current one. The log is never rewritten: old
/// entries keep their old bytes and their old version, and are upcast every time they are read.
///
/// To change a payload's shape: bump its `schemaVersion`, copy the old shape here as a private
/// `Decodable` struct named `<Type>V<n>`, add a `case (.<kind>, n)` that converts it to the current
/// struct, and add a test decoding a stored sample of the old version. When a type reaches
/// version 3, convert V1 through the V2 conversion so each step is written once.
package enum EventUpcaster {
    package static func upcast(
        kind: LedgerEvent.Kind, storedVersion: Int, data: Data, using decoder: JSONDecoder
    ) throws(EventDecodingError) -> LedgerEvent {
        switch (kind, storedVersion) {
        case (.workerRegistered, 1):
            let old = try decode(WorkerRegisteredV1.self, kind: kind, version: storedVersion, data: data, decoder)
            guard let percent = fullTimeEquivalentPercent(fromDecimal: old.fte) else {
                throw .malformedData(
                    type: kind.typeName,
                    detail: "\"fte\" is \"\(old.fte)\" at schema version 1, but it must be a decimal "
                        + "fraction of full time above 0 and at most 1, such as \"0.8\"")
            }
            return .workerRegistered(
                WorkerRegistered(
                    workerId: old.workerId, teamId: old.teamId, role: old.role, startDate: old.startDate,
                    isAgency: old.isAgency, isQualified: old.isQualified, fullTimeEquivalentPercent: percent))
        case (.involvementRecorded, 1):
            let old = try decode(InvolvementRecordedV1.self, kind: kind, version: storedVersion, data: data, decoder)
            // Version 1 did not say whether the involvement held the case. Its importer wrote
            // worker rows of case-holding types as allocations, so only a team-only row (no
            // worker) can have held the case, and only if its type is a case-holding code. The
            // mapping is not in the event, so the built-in presets' codes decide (CW, ALLWKR):
            // a team-only IRO or personal-adviser row never held the case, and a version-1 row
            // from a custom mapping's own holding code is read as not holding (conservative).
            let holds = old.workerId == nil && Self.version1CaseHoldingTypes.contains(old.involvementType.uppercased())
            return .involvementRecorded(
                InvolvementRecorded(
                    caseId: old.caseId, workerId: old.workerId, teamId: old.teamId, involvementType: old.involvementType,
                    startedAt: old.startedAt, endedAt: old.endedAt, holdsCase: holds))
        default:
            throw .unsupportedSchemaVersion(type: kind.typeName, version: storedVersion, current: kind.schemaVersion)
        }
    }

    private static func decode<Old: Decodable>(
        _ type: Old.Type, kind: LedgerEvent.Kind, version: Int, data: Data, _ decoder: JSONDecoder
    ) throws(EventDecodingError) -> Old {
        do {
            return try decoder.decode(type, from: data)
        } catch {
            throw .malformedData(
                type: kind.typeName,
                detail: EventDecodingError.detail(for: error) + " (stored at schema version \(version))")
        }
    }

    /// `WorkerRegistered` at schema version 1: hours as a decimal string, `"fte": "0.8"`.
    private struct WorkerRegisteredV1: Decodable {
        let workerId: String
        let teamId: String
        let role: Role
        let startDate: LocalDate
        let isAgency: Bool
        let isQualified: Bool
        let fte: String
    }

    /// The case-holding involvement codes of the built-in import presets when version 1 was written.
    package static let version1CaseHoldingTypes: Set<String> = ["CW", "ALLWKR"]

    /// `InvolvementRecorded` at schema version 1: no `holdsCase`.
    private struct InvolvementRecordedV1: Decodable {
        let caseId: String
        let workerId: String?
        let teamId: String?
        let involvementType: String
        let startedAt: Instant
        let endedAt: Instant?
    }

    /// Reads a decimal fraction of full time ("1", "0.8", "0.75", ".5") as a whole percentage,
    /// rounding half up at the third decimal place ("0.625" is 63). Nil if it is not a plain
    /// decimal or is outside 1...100 percent.
    package static func fullTimeEquivalentPercent(fromDecimal text: String) -> Int? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let parts = trimmed.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        let whole = parts[0]
        let fraction = parts.count == 2 ? parts[1] : ""
        func isDigits(_ text: Substring) -> Bool { text.utf8.allSatisfy { $0 >= 0x30 && $0 <= 0x39 } }
        guard !(whole.isEmpty && fraction.isEmpty), whole.count <= 3, isDigits(whole), isDigits(fraction) else {
            return nil
        }
        let digits = fraction.utf8.map { Int($0 - 0x30) }
        var percent = (Int(whole) ?? 0) * 100
        percent += (digits.count > 0 ? digits[0] * 10 : 0) + (digits.count > 1 ? digits[1] : 0)
        if digits.count > 2, digits[2] >= 5 { percent += 1 }
        return (1...100).contains(percent) ? percent : nil
    }
}
