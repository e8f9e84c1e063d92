import Foundation
import Testing
@testable import LedgerSupport
@testable import LedgerStore
@testable import LedgerEvents
@testable import LedgerDomain
@testable import LedgerAudit
@testable import LedgerImport
@testable import LedgerReturns
@testable import LedgerSimulation

/// Small hand-written exports with every anomaly of a real extract, in each preset's layout.
enum ImportFixtures {
    static let clockStart = Instant(iso8601: "2026-01-05T12:00:00Z")!

    /// One logical involvement, written in whichever preset's columns.
    struct Row {
        var id: String
        var person: String
        var worker: String
        var team: String
        var type: String
        var start: String
        var end: String
        var reason: String
        var referral = ""
    }

    /// Every anomaly of item 3: handover, open-end marker, team-only, zero-length, no team,
    /// unknown reason, overlap, IRO, PA, unknown type, and all date layouts.
    static func rows(holding: String) -> [Row] {
        [
            Row(id: "1", person: "P1", worker: "W1", team: "T1", type: holding, start: "01/02/2024", end: "2024-03-10", reason: "", referral: "R,1"),
            Row(id: "2", person: "P1", worker: "W2", team: "T1", type: holding, start: "2024-03-10T09:30:00", end: "1900-01-01", reason: "MANAGE"),
            Row(id: "3", person: "P2", worker: "-1", team: "T2", type: holding, start: "2024-01-05", end: "", reason: ""),
            Row(id: "4", person: "P2", worker: "W3", team: "T2", type: holding, start: "2024-02-01T10:00:00Z", end: "2024-02-01T10:00:00Z", reason: "FCONTA"),
            Row(id: "5", person: "P2", worker: "W4", team: "-1", type: holding, start: "2024-01-20", end: "2024-03-01", reason: "XX"),
            Row(id: "6", person: "P2", worker: "W5", team: "T2", type: holding, start: "2024-02-15T00:00:00+00:00", end: "", reason: "ABSENC"),
            Row(id: "7", person: "P3", worker: "W6", team: "T1", type: "IRO", start: "2024-01-01", end: "", reason: ""),
            Row(id: "8", person: "P3", worker: "W7", team: "T1", type: "PA", start: "2024-01-01", end: "2024-06-30", reason: ""),
            Row(id: "9", person: "P3", worker: "W8", team: "T1", type: "ZZZ", start: "2024-01-01", end: "2024-02-01", reason: ""),
        ]
    }

    static func header(_ preset: String) -> [String] {
        switch preset {
        case "liquidlogic":
            return ["fact_involvements_id", "DIM_PERSON_ID", "DIM_WORKER_ID", "DIM_DEPARTMENT_ID", "DIM_LOOKUP_INVOLVEMENT_TYPE_CODE",
                    "START_DTTM", "END_DTTM", "DIM_LOOKUP_CWREASON_CODE", "FACT_REFERRAL_ID"]
        case "mosaic":
            return ["ID", "PERSON_ID", "WORKER_ID", "TYPE", "START_DATE", "END_DATE", "START_DATE_REASON"]
        default:
            return ["invo_involvements_id", "invo_professional_id", "invo_professional_role_id", "invo_professional_team",
                    "invo_involvement_start_date", "invo_involvement_end_date", "invo_worker_change_reason", "invo_person_id",
                    "invo_referral_id"]
        }
    }

    static func fields(_ row: Row, preset: String) -> [String] {
        switch preset {
        case "liquidlogic": return [row.id, row.person, row.worker, row.team, row.type, row.start, row.end, row.reason, row.referral]
        case "mosaic": return [row.id, row.person, row.worker, row.type, row.start, row.end, row.reason]
        default: return [row.id, row.worker, row.type, row.team, row.start, row.end, row.reason, row.person, row.referral]
        }
    }

    static func holdingType(_ preset: String) -> String { preset == "mosaic" ? "ALLWKR" : "CW" }

    /// The export text: BOM, CRLF, quoted where needed.
    static func export(_ rows: [Row], preset: String) -> String {
        var bytes: [UInt8] = [0xEF, 0xBB, 0xBF]
        let lines = [header(preset)] + rows.map { fields($0, preset: preset) }
        for line in lines {
            for (index, field) in line.enumerated() {
                if index > 0 { bytes.append(UInt8(ascii: ",")) }
                ImportSummary.appendCSVField(field, to: &bytes)
            }
            bytes.append(contentsOf: [0x0D, 0x0A])
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    static func write(_ text: String, in directory: TemporaryDirectory, name: String = "export.csv") throws -> String {
        let path = directory.path + "/" + name
        try StoreFixtures.write(Array(text.utf8), to: path)
        return path
    }

    static func request(_ path: String, preset: String, store: String) throws -> ImportRequest {
        ImportRequest(filePath: path, mapping: try ImportMapping.preset(named: preset), storeDirectory: store)
    }

    static func run(_ request: ImportRequest, clock: ManualClock = ManualClock(clockStart)) throws -> ImportSummary {
        try Importer.run(request, clock: clock, identifiers: SeededIdentifierGenerator(seed: 11))
    }

    static func events(_ store: String) throws -> [StoredEvent] {
        try LedgerReader(directory: store).readAll()
    }

    /// Every byte of every file in the store, by name: to prove a failure changed nothing.
    static func storeBytes(_ store: String) throws -> [String: [UInt8]] {
        guard FileManager.default.fileExists(atPath: store) else { return [:] }
        var result: [String: [UInt8]] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: store) where name != LedgerFormat.lockFileName {
            result[name] = try StoreFixtures.bytes(store + "/" + name)
        }
        return result
    }

    static func date(_ text: String) -> Instant { LondonTime.startOfDay(LocalDate(iso8601: text)!) }
}
