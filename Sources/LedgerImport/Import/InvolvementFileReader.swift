import LedgerDomain
import LedgerEvents
import LedgerStore
import LedgerSupport

/// Reads an involvements export into normalised rows and row issues, in one streaming pass that
/// also hashes the file.
///
/// Nothing here touches the ledger: a file is read and judged whole before anything is appended.
package struct InvolvementFileReader {
    /// The longest id, type or reason value accepted; longer ones are rejected rather than let an
    /// event exceed the ledger's size limit.
    package static let valueSizeBytesMax = 256

    package struct Result {
        package var rows: [InvolvementRow] = []
        package var issues: [ImportRowIssue] = []
        /// Data rows read (the header excluded), loaded or not.
        package var rowCountRead = 0
        package var rowCountRejected = 0
        package var sha256 = SHA256Digest.zero
        package var byteCount = 0
        /// A problem that stopped the reading (an unterminated quote): nothing after it was read.
        package var fatal: ImportRowIssue?
        /// The header's name for each mapped field, for the report.
        package var columnNames: [InvolvementField: String] = [:]
    }

    package let path: String
    package let mapping: ImportMapping
    package var progress: ((Int, Int, Int?) -> Void)?

    package func read() throws(ImportError) -> Result {
        var options = CSVReader.Options()
        options.computeSHA256 = true
        let reader: CSVReader
        do { reader = try CSVReader(path: path, options: options) } catch {
            throw .cannotRead(path: path, detail: error.description)
        }
        var result = Result()
        var record = CSVRecord()
        let hasHeader: Bool
        do { hasHeader = try reader.readRecord(into: &record) } catch {
            throw .unreadableFile(path: path, detail: error.description)
        }
        guard hasHeader else { throw .emptyFile(path: path) }
        let header = record.fields.map { $0.trimmingASCIIWhitespace() }
        let columns = try Self.resolve(header: header, wanted: mapping.involvementColumns, path: path)
        for (field, index) in columns { result.columnNames[field] = header[index] }
        var indices = [Int](repeating: -1, count: InvolvementField.allCases.count)
        for (field, index) in columns { indices[field.ordinal] = index }

        // Room for the rows up front (exports run at roughly 60–120 bytes a row), so growing the
        // arrays does not copy them over and over.
        let estimatedRowCount = min(50_000_000, (reader.sourceSizeBytes ?? 0) / 64 + 16)
        result.rows.reserveCapacity(estimatedRowCount)
        // Each involvement id's first line, and its position in `rows` while that row is loaded.
        var seenKeys: [String: (line: Int, row: Int?)] = [:]
        seenKeys.reserveCapacity(estimatedRowCount)
        // Rows loaded before a later row repeated their id: taken out once the file is read.
        var repeatedRows: [Int] = []
        var normaliser = RowNormaliser(mapping: mapping, indices: indices, columnNames: result.columnNames)
        while true {
            let hasRecord: Bool
            do {
                hasRecord = try reader.readRecord(into: &record)
            } catch {
                result.rowCountRead += 1
                let line = error.lineNumber ?? reader.lineNumber
                let reason: ImportRejectionReason
                switch error {
                case .raggedRow: reason = .raggedRow
                case .textAfterClosingQuote: reason = .malformedQuotes
                case .invalidUTF8: reason = .invalidUTF8
                case .unterminatedQuote, .fieldTooLarge: reason = .unterminatedQuote
                default: reason = .malformedQuotes
                }
                let issue = ImportRowIssue(lineNumber: line, involvementId: error.isRecoverable ? record.field(indices[0]) : "",
                                           problem: .rejected(reason), field: "", detail: error.description)
                result.issues.append(issue)
                result.rowCountRejected += 1
                if error.isRecoverable { continue }
                if case .io = error { throw .cannotRead(path: path, detail: error.description) }
                result.fatal = issue
                break
            }
            guard hasRecord else { break }
            result.rowCountRead += 1
            if result.rowCountRead & 0xFFFF == 0 { progress?(result.rowCountRead, reader.byteCount, reader.sourceSizeBytes) }
            guard var row = normaliser.normalise(record, issues: &result.issues) else {
                result.rowCountRejected += 1
                // A rejected row's id still counts: a later row repeating it is no more the real one.
                let key = record.field(indices[InvolvementField.involvementId.ordinal]).trimmingASCIIWhitespace()
                if !key.isEmpty, seenKeys[key] == nil { seenKeys[key] = (record.lineNumber, nil) }
                continue
            }
            if let first = seenKeys[row.involvementId] {
                // Which of two rows with one id is right cannot be told from the file, and the id
                // is what later exports are matched on: neither row is loaded, and both are named.
                let idField = result.columnNames[.involvementId] ?? ""
                if let firstRow = first.row {
                    result.issues.append(ImportRowIssue(
                        lineNumber: first.line, involvementId: row.involvementId, problem: .rejected(.duplicateInvolvementId),
                        field: idField,
                        detail: "involvement id \(row.involvementId) appears again on line \(record.lineNumber); each involvement is one row, and which is right cannot be told, so neither is loaded"))
                    result.rowCountRejected += 1
                    repeatedRows.append(firstRow)
                    seenKeys[row.involvementId] = (first.line, nil)
                }
                result.issues.append(ImportRowIssue(
                    lineNumber: record.lineNumber, involvementId: row.involvementId, problem: .rejected(.duplicateInvolvementId),
                    field: idField,
                    detail: "involvement id \(row.involvementId) already appears on line \(first.line); each involvement is one row, and which is right cannot be told, so neither is loaded"))
                result.rowCountRejected += 1
                continue
            }
            seenKeys[row.involvementId] = (record.lineNumber, result.rows.count)
            row.lineNumber = record.lineNumber
            result.rows.append(row)
        }
        if !repeatedRows.isEmpty {
            let repeated = Set(repeatedRows)
            result.rows = result.rows.indices.filter { !repeated.contains($0) }.map { result.rows[$0] }
            // The first of two rows with one id had its anomalies noted before the second rejected
            // it: it is not loaded, so they flag nothing loaded (the summary's and the log's count).
            let rejectedLines = Set(result.issues.filter(\.isRejection).map(\.lineNumber))
            result.issues.removeAll { $0.flagsLoadedRow && rejectedLines.contains($0.lineNumber) }
        }
        if let digest = reader.sha256 {
            result.sha256 = digest
        } else {
            // Reading stopped early (a fatal problem): hash the whole file anyway, for the summary.
            result.sha256 = (try? Self.sha256(ofFileAt: path)) ?? .zero
        }
        result.byteCount = reader.byteCount
        progress?(result.rowCountRead, reader.byteCount, reader.sourceSizeBytes)
        return result
    }

    /// Finds each wanted field's column; every missing required field is named at once.
    package static func resolve<Field: RawRepresentable & Hashable & CaseIterable>(
        header: [String], wanted: [Field: [String]], path: String, required: (Field) -> Bool = { _ in false }
    ) throws(ImportError) -> [Field: Int] where Field.RawValue == String {
        var positions: [String: Int] = [:]
        for (index, name) in header.enumerated() where positions[name.lowercased()] == nil {
            positions[name.lowercased()] = index
        }
        var result: [Field: Int] = [:]
        var missing: [String] = []
        for field in Field.allCases {
            guard let names = wanted[field] else { continue }
            if let index = names.lazy.compactMap({ positions[$0.lowercased()] }).first {
                result[field] = index
            } else if required(field) || (field as? InvolvementField)?.isRequired == true {
                let accepted = names.count == 1 ? names[0] : names.joined(separator: " or ")
                missing.append((field as? InvolvementField).map { "\(accepted) (\($0.displayName))" } ?? accepted)
            }
        }
        if !missing.isEmpty { throw .missingColumns(path: path, columns: missing, found: header) }
        return result
    }
}

extension InvolvementField {
    /// Position in `allCases`, for array-indexed lookups on the hot path.
    package var ordinal: Int {
        switch self {
        case .involvementId: return 0
        case .personId: return 1
        case .workerId: return 2
        case .teamId: return 3
        case .involvementType: return 4
        case .startDate: return 5
        case .endDate: return 6
        case .reason: return 7
        case .referralId: return 8
        }
    }
}

extension InvolvementFileReader {
    /// SHA-256 of a file's bytes, read in chunks.
    package static func sha256(ofFileAt path: String) throws(IOFailure) -> SHA256Digest {
        let file = try POSIXFile.open(path, .readOnly)
        defer { file.close() }
        var hasher = SHA256()
        var offset = 0
        while true {
            let chunk = try file.read(offset: offset, count: 1 << 20)
            if chunk.isEmpty { break }
            hasher.update(chunk)
            offset += chunk.count
        }
        return hasher.finalize()
    }
}

extension String {
    package func trimmingASCIIWhitespace() -> String {
        var bytes = Substring(self).utf8[...]
        while let first = bytes.first, first == 0x20 || first == 0x09 { bytes = bytes.dropFirst() }
        while let last = bytes.last, last == 0x20 || last == 0x09 { bytes = bytes.dropLast() }
        return String(Substring(bytes))
    }
}
