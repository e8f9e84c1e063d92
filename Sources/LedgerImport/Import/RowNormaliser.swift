import LedgerDomain
import LedgerEvents
import LedgerStore
import LedgerSupport

/// Turns one CSV record into an ``InvolvementRow`` under a mapping, or rejects it with reasons.
///
/// Flags the anomalies that one row shows by itself (team-only, no team, open-end marker,
/// zero length, unknown type or reason); overlaps between rows are found afterwards.
package struct RowNormaliser {
    package let mapping: ImportMapping
    /// Column index per ``InvolvementField/ordinal``; -1 when the file has no such column.
    package let indices: [Int]
    package let columnNames: [InvolvementField: String]
    private var typeCache: [String: (code: String, kind: ImportMapping.InvolvementKind, isKnown: Bool)] = [:]
    /// Reasons by raw text: the reason (nil when unknown) and the fingerprint hash of the text.
    private var reasonCache: [String: (reason: AllocationReason?, hash: UInt32)] = [:]

    package init(mapping: ImportMapping, indices: [Int], columnNames: [InvolvementField: String]) {
        self.mapping = mapping
        self.indices = indices
        self.columnNames = columnNames
    }

    private func column(_ field: InvolvementField) -> String { columnNames[field] ?? field.rawValue }

    /// The trimmed value of `field`, "" when absent, its line breaks written as LF.
    private func text(_ record: CSVRecord, _ field: InvolvementField) -> String {
        let index = indices[field.ordinal]
        guard index >= 0 else { return "" }
        return record.withFieldBytes(index) { buffer in
            var lower = 0
            var upper = buffer.count
            while lower < upper, buffer[lower] == 0x20 || buffer[lower] == 0x09 { lower += 1 }
            while upper > lower, buffer[upper - 1] == 0x20 || buffer[upper - 1] == 0x09 { upper -= 1 }
            let value = UnsafeBufferPointer(rebasing: buffer[lower..<upper])
            guard value.contains(0x0D) else { return String(decoding: value, as: UTF8.self) }
            return Self.normalisingLineEndings(value)
        }
    }

    /// `value` with CRLF and a lone CR written as LF. The same export saved on another system
    /// differs only in the line breaks inside quoted fields; compared as written, every such row
    /// would read as changed and be retracted and appended again.
    package static func normalisingLineEndings(_ value: UnsafeBufferPointer<UInt8>) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(value.count)
        var index = 0
        while index < value.count {
            let byte = value[index]
            if byte == 0x0D {
                bytes.append(0x0A)
                if index + 1 < value.count, value[index + 1] == 0x0A { index += 1 }
            } else {
                bytes.append(byte)
            }
            index += 1
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    private func parseTime(_ value: String) -> ImportedTime? {
        var value = value
        return value.withUTF8 { bytes in
            for format in mapping.dateFormats {
                if let time = format.parse(bytes) { return time }
            }
            return nil
        }
    }

    package mutating func normalise(_ record: CSVRecord, issues: inout [ImportRowIssue]) -> InvolvementRow? {
        let line = record.lineNumber
        let key = text(record, .involvementId)
        var rejections: [ImportRowIssue] = []
        var anomalies: [ImportRowIssue] = []
        func reject(_ reason: ImportRejectionReason, _ field: InvolvementField, _ detail: String) {
            rejections.append(ImportRowIssue(lineNumber: line, involvementId: key, problem: .rejected(reason),
                                             field: column(field), detail: detail))
        }
        func flag(_ kind: ImportAnomalyKind, _ field: InvolvementField?, _ detail: String) {
            anomalies.append(ImportRowIssue(lineNumber: line, involvementId: key, problem: .anomaly(kind),
                                            field: field.map(column) ?? "", detail: detail))
        }
        func checkLength(_ value: String, _ field: InvolvementField) {
            if value.utf8.count > InvolvementFileReader.valueSizeBytesMax {
                reject(.valueTooLong, field, "\(field.displayName) is \(value.utf8.count) bytes; the limit is \(InvolvementFileReader.valueSizeBytesMax)")
            }
        }

        if key.isEmpty { reject(.missingValue, .involvementId, "no involvement id: it is the row's key across exports") }
        checkLength(key, .involvementId)
        let caseId = text(record, .personId)
        if caseId.isEmpty { reject(.missingValue, .personId, "no person id: it becomes the case id") }
        checkLength(caseId, .personId)

        let workerText = text(record, .workerId)
        checkLength(workerText, .workerId)
        let workerId: String? = mapping.noWorkerValues.contains(workerText) ? nil : workerText
        let teamText = text(record, .teamId)
        checkLength(teamText, .teamId)
        let teamId: String? = mapping.noTeamValues.contains(teamText) ? nil : teamText

        var typeText = text(record, .involvementType)
        if typeText.isEmpty, let fallback = mapping.defaultInvolvementType ?? (indices[InvolvementField.involvementType.ordinal] < 0 ? mapping.caseHoldingTypes.sorted().first : nil) {
            typeText = fallback
        }
        checkLength(typeText, .involvementType)
        let typeEntry: (code: String, kind: ImportMapping.InvolvementKind, isKnown: Bool)
        if let cached = typeCache[typeText] {
            typeEntry = cached
        } else {
            let code = mapping.typeCode(for: typeText)
            typeEntry = (code, mapping.kind(ofTypeCode: code), mapping.isKnownType(code))
            if typeCache.count < 10_000 { typeCache[typeText] = typeEntry }
        }
        let typeCode = typeEntry.code

        let startText = text(record, .startDate)
        var start: ImportedTime?
        if startText.isEmpty {
            reject(.missingValue, .startDate, "no start date")
        } else if let parsed = parseTime(startText) {
            start = parsed
        } else {
            reject(.unreadableDate, .startDate, "cannot read start date \"\(startText)\"; accepted layouts: \(mapping.dateFormats.map(\.pattern).joined(separator: ", "))")
        }
        let endText = text(record, .endDate)
        var end: Instant?
        if !endText.isEmpty {
            if let parsed = parseTime(endText) {
                if mapping.openEndDates.contains(parsed.writtenDate) {
                    flag(.openEndMarker, .endDate, "end date \(endText) is a marker: the involvement is still open")
                } else {
                    end = parsed.instant
                }
            } else {
                reject(.unreadableDate, .endDate, "cannot read end date \"\(endText)\"; accepted layouts: \(mapping.dateFormats.map(\.pattern).joined(separator: ", "))")
            }
        }
        let startInstant = start?.instant ?? Instant(millisecondsSinceEpoch: 0)
        if let start, let end {
            if end < start.instant {
                reject(.endBeforeStart, .endDate, "ends \(endText), before it starts (\(startText))")
            } else if end == start.instant {
                flag(.zeroLength, .endDate, "starts and ends at \(startText): never held on any day")
            }
        }

        let reasonText = text(record, .reason)
        checkLength(reasonText, .reason)
        let referralId = text(record, .referralId)
        checkLength(referralId, .referralId)
        guard rejections.isEmpty else {
            issues.append(contentsOf: rejections)
            return nil
        }

        let kind = typeEntry.kind
        if workerId == nil {
            flag(.teamOnlyInvolvement, .workerId, teamId.map { "no worker (\(workerText.isEmpty ? "empty" : workerText)): the case is unallocated in team \($0)" }
                 ?? "no worker and no team: the case is recorded as unallocated")
        }
        // Without a team column (Mosaic) that is said once in the summary, not on every row.
        if teamId == nil && indices[InvolvementField.teamId.ordinal] >= 0 {
            flag(.noTeam, .teamId, "no team (\(teamText.isEmpty ? "empty" : teamText))")
        }
        if !typeEntry.isKnown {
            flag(.unknownInvolvementType, .involvementType,
                 "type \"\(typeText)\" is not known to \(mapping.name): recorded as an involvement, not counted as caseload")
        }
        let reasonEntry: (reason: AllocationReason?, hash: UInt32)
        if let cached = reasonCache[reasonText] {
            reasonEntry = cached
        } else {
            reasonEntry = (mapping.reason(for: reasonText), RowFingerprint.hash(reasonText.uppercased()))
            if reasonCache.count < 10_000 { reasonCache[reasonText] = reasonEntry }
        }
        var reason = reasonEntry.reason
        if reason == nil {
            flag(.unknownReason, .reason, "change reason \"\(reasonText)\" is not a national code: recorded as OTHERS")
            reason = .other
        }
        issues.append(contentsOf: anomalies)
        return InvolvementRow(
            lineNumber: line, involvementId: key, caseId: caseId, workerId: workerId, teamId: teamId, typeCode: typeCode,
            kind: kind, start: startInstant, end: end, reasonText: reasonText, reason: reason ?? .other,
            referralId: referralId,
            fingerprint: RowFingerprint(caseId: caseId, workerId: workerId, teamId: teamId, typeCode: typeCode,
                                        start: startInstant, end: end, reasonHash: reasonEntry.hash, referralId: referralId))
    }
}
