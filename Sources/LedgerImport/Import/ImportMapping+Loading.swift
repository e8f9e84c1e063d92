import Foundation
import LedgerDomain
import LedgerEvents
import LedgerStore
import LedgerSupport

/// Reading a mapping file: the JSON description of any other system's export.
///
/// ```json
/// {
///   "name": "eclipse",
///   "columns": {"involvementId": "INV_ID", "personId": "CLIENT_ID", "workerId": "WORKER",
///               "teamId": "TEAM", "involvementType": "TYPE", "startDate": "FROM", "endDate": "TO",
///               "reason": ["REASON", "CHANGE_REASON"], "referralId": "REF"},
///   "dateFormats": ["dd/MM/yyyy", "iso8601"],
///   "caseHoldingTypes": ["KEYWORKER"], "coWorkerTypes": ["COWORKER"], "otherTypes": ["IRO"],
///   "defaultInvolvementType": "KEYWORKER",
///   "involvementTypes": {"Key Worker": "KEYWORKER"},
///   "reasons": {"Caseload": "MANAGE"},
///   "roles": {"SW Level 3": "seniorPractitioner"},
///   "noWorkerValues": ["-1", "", "0"], "noTeamValues": ["-1", ""], "openEndDates": ["1900-01-01", "9999-12-31"],
///   "workerColumns": {"workerId": "WORKER", "role": "TITLE", "agency": "AGENCY"},
///   "teamColumns": {"teamId": "TEAM", "name": "TEAM_NAME"},
///   "defaultRole": "socialWorker", "defaultServiceArea": "safeguarding"
/// }
/// ```
/// A column may be one name or a list of accepted names. Unknown keys are errors, so a typo
/// cannot silently drop a column.
extension ImportMapping {
    package static let fileKeys: Set<String> = [
        "name", "columns", "workerColumns", "teamColumns", "dateFormats", "caseHoldingTypes", "coWorkerTypes",
        "otherTypes", "defaultInvolvementType", "involvementTypes", "reasons", "roles", "noWorkerValues",
        "noTeamValues", "openEndDates", "defaultRole", "defaultServiceArea",
    ]

    /// Reads and checks a mapping file.
    public static func load(path: String) throws(ImportMappingError) -> ImportMapping {
        let bytes: [UInt8]
        do {
            let file = try POSIXFile.open(path, .readOnly)
            defer { file.close() }
            bytes = try file.readAll()
        } catch {
            throw .unreadable(path: path, detail: "\(error)")
        }
        return try parse(bytes, path: path)
    }

    /// Parses mapping JSON; `path` is only used in messages.
    public static func parse(_ bytes: [UInt8], path: String) throws(ImportMappingError) -> ImportMapping {
        let object: [String: Any]
        do {
            guard let parsed = try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any] else {
                throw ImportMappingError.invalidJSON(path: path, detail: "the top level must be an object")
            }
            object = parsed
        } catch let error as ImportMappingError {
            throw error
        } catch {
            throw .invalidJSON(path: path, detail: "\(error.localizedDescription)")
        }
        for key in object.keys.sorted() where !fileKeys.contains(key) {
            throw .unknownField(section: "mapping", field: key, known: fileKeys.sorted())
        }
        func strings(_ key: String) throws(ImportMappingError) -> [String]? {
            guard let value = object[key] else { return nil }
            guard let list = value as? [String] else {
                throw .invalidJSON(path: path, detail: "\"\(key)\" must be a list of strings")
            }
            return list
        }
        func string(_ key: String) throws(ImportMappingError) -> String? {
            guard let value = object[key] else { return nil }
            guard let text = value as? String else { throw .invalidJSON(path: path, detail: "\"\(key)\" must be a string") }
            return text
        }
        func dictionary(_ key: String) throws(ImportMappingError) -> [String: String] {
            guard let value = object[key] else { return [:] }
            guard let map = value as? [String: String] else {
                throw .invalidJSON(path: path, detail: "\"\(key)\" must map strings to strings")
            }
            return map
        }
        func columns<Field: RawRepresentable & CaseIterable & Hashable>(_ key: String, _ type: Field.Type) throws(ImportMappingError) -> [Field: [String]]
        where Field.RawValue == String {
            guard let value = object[key] else { return [:] }
            guard let map = value as? [String: Any] else {
                throw .invalidJSON(path: path, detail: "\"\(key)\" must be an object of field: column name(s)")
            }
            var result: [Field: [String]] = [:]
            for (name, columnValue) in map {
                guard let field = Field(rawValue: name) else {
                    throw .unknownField(section: key, field: name, known: Field.allCases.map(\.rawValue))
                }
                if let single = columnValue as? String {
                    result[field] = [single]
                } else if let list = columnValue as? [String], !list.isEmpty {
                    result[field] = list
                } else {
                    throw .invalidJSON(path: path, detail: "\"\(key).\(name)\" must be a column name or a list of names")
                }
            }
            return result
        }

        guard let name = try string("name"), !name.isEmpty else {
            throw .invalidJSON(path: path, detail: "\"name\" (a short name for this export, such as \"eclipse\") is required")
        }
        let involvementColumns = try columns("columns", InvolvementField.self)
        for field in InvolvementField.allCases where field.isRequired && involvementColumns[field] == nil {
            throw .missingColumn(field: field.rawValue)
        }
        var dateFormats: [ImportDateFormat] = []
        for pattern in try strings("dateFormats") ?? ["iso8601", "dd/MM/yyyy[ HH:mm[:ss[.SSS]]]"] {
            dateFormats.append(try ImportDateFormat(pattern))
        }
        var reasons: [String: AllocationReason] = [:]
        for (raw, value) in try dictionary("reasons") {
            guard let reason = AllocationReason(nationalCode: value) ?? AllocationReason(rawValue: value) else {
                throw .unknownReason(value: value, mappedFrom: raw)
            }
            reasons[raw] = reason
        }
        var roles: [String: Role] = [:]
        for (raw, value) in try dictionary("roles") {
            guard let role = Role(rawValue: value) else { throw .unknownRole(value: value, mappedFrom: raw) }
            roles[raw] = role
        }
        var openEndDates: Set<LocalDate> = []
        for text in try strings("openEndDates") ?? ["1900-01-01"] {
            guard let date = LocalDate(iso8601: text) else {
                throw .invalidJSON(path: path, detail: "\"openEndDates\" entries must be yyyy-MM-dd; got \"\(text)\"")
            }
            openEndDates.insert(date)
        }
        var defaultRole = Role.socialWorker
        if let text = try string("defaultRole") {
            guard let role = Role(rawValue: text) else { throw .unknownRole(value: text, mappedFrom: "defaultRole") }
            defaultRole = role
        }
        var serviceArea = ServiceArea.safeguarding
        if let text = try string("defaultServiceArea") {
            guard let area = ServiceArea(rawValue: text) else { throw .unknownServiceArea(value: text) }
            serviceArea = area
        }
        let caseHolding = try strings("caseHoldingTypes") ?? []
        let defaultType = try string("defaultInvolvementType")
        if caseHolding.isEmpty {
            throw .invalidJSON(path: path, detail: "\"caseHoldingTypes\" must name at least one involvement type that holds a case")
        }
        let namespace = "mapping:" + name
        let digest = SHA256.hash(bytes).hex.prefix(16)
        return ImportMapping(
            name: name, namespace: namespace, identity: namespace + ":" + digest,
            involvementColumns: involvementColumns,
            workerColumns: try columns("workerColumns", WorkerField.self),
            teamColumns: try columns("teamColumns", TeamField.self),
            dateFormats: dateFormats, caseHoldingTypes: Set(caseHolding),
            coWorkerTypes: Set(try strings("coWorkerTypes") ?? []), otherKnownTypes: Set(try strings("otherTypes") ?? []),
            defaultInvolvementType: defaultType, involvementTypeValues: try dictionary("involvementTypes"),
            reasonValues: reasons, roleValues: roles,
            noWorkerValues: Set(try strings("noWorkerValues") ?? ["-1", ""]),
            noTeamValues: Set(try strings("noTeamValues") ?? ["-1", ""]),
            openEndDates: openEndDates, defaultRole: defaultRole, defaultServiceArea: serviceArea)
    }
}
