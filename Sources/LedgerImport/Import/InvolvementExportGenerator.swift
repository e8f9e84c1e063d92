import LedgerDomain
import LedgerEvents
import LedgerStore
import LedgerSupport

/// Writes a realistic, seeded involvements export for a preset, with every anomaly real extracts
/// have mixed in: team-only rows (worker `-1`), no team (`-1`), `1900-01-01` and empty open ends,
/// zero-length and overlapping allocations, IRO, personal-adviser and unknown type codes,
/// unknown change reasons, UK, ISO and Oracle-style dates with and without times and zones, a
/// byte-order mark, CRLF, and quoted notes holding commas, quotes and line breaks.
///
/// Used by the benchmark (a million rows) and by tests; the same seed gives the same bytes, and
/// a larger `rowCount` with the same seed gives the same first rows (an "extended export").
public struct InvolvementExportGenerator: Sendable {
    public var presetName: String
    public var rowCount: Int
    public var seed: UInt64
    /// When set, every n-th row is made bad in one of several ways (bad date, no person, ragged,
    /// end before start, repeated id), for tests of rejection.
    public var malformedRowInterval: Int?
    /// Size of the worker pool. Give two exports the same value (and seed) for one to extend the
    /// other: the default grows with `rowCount`.
    public var workerCount: Int

    public init(presetName: String, rowCount: Int, seed: UInt64, malformedRowInterval: Int? = nil, workerCount: Int? = nil) {
        self.presetName = presetName
        self.rowCount = rowCount
        self.seed = seed
        self.malformedRowInterval = malformedRowInterval
        self.workerCount = workerCount ?? max(20, rowCount / 400)
    }

    /// The header row for the preset, plus a free-text `notes` column the presets ignore.
    public var header: [String] {
        switch presetName {
        case "liquidlogic":
            return ["FACT_INVOLVEMENTS_ID", "DIM_PERSON_ID", "DIM_WORKER_ID", "DIM_DEPARTMENT_ID",
                    "DIM_LOOKUP_INVOLVEMENT_TYPE_CODE", "START_DTTM", "END_DTTM", "DIM_LOOKUP_CWREASON_CODE",
                    "FACT_REFERRAL_ID", "NOTES"]
        case "mosaic":
            return ["ID", "PERSON_ID", "WORKER_ID", "TYPE", "START_DATE", "END_DATE", "START_DATE_REASON", "NOTES"]
        default:
            return ["invo_involvements_id", "invo_professional_id", "invo_professional_role_id", "invo_professional_team",
                    "invo_involvement_start_date", "invo_involvement_end_date", "invo_worker_change_reason",
                    "invo_person_id", "invo_referral_id", "notes"]
        }
    }

    /// One generated involvement, before it is written in the preset's layout.
    package struct Involvement {
        package var id: Int
        package var person: Int
        package var worker: String
        package var team: String
        package var type: String
        package var start: LocalDate
        package var startTime: Int?
        package var end: LocalDate?
        package var endMarker: Bool
        package var reason: String
        package var referral: Int
        package var notes: String
    }

    /// The whole export in memory (small row counts).
    public func bytes() -> [UInt8] {
        var output: [UInt8] = []
        generate { output.append(contentsOf: $0) }
        return output
    }

    /// Writes the export to `path`, streaming.
    public func write(to path: String) throws(IOFailure) {
        let file = try POSIXFile.open(path, .writeTruncateCreate)
        defer { file.close() }
        var failure: IOFailure?
        var buffer: [UInt8] = []
        buffer.reserveCapacity(1 << 20)
        generate { chunk in
            guard failure == nil else { return }
            buffer.append(contentsOf: chunk)
            if buffer.count >= 1 << 20 {
                do throws(IOFailure) { try file.writeAll(buffer) } catch { failure = error }
                buffer.removeAll(keepingCapacity: true)
            }
        }
        if let failure { throw failure }
        try file.writeAll(buffer)
    }

    private var holdingType: String { presetName == "mosaic" ? "ALLWKR" : "CW" }
    private static let reasons = ["MANAGE", "FCONTA", "LEFTRL", "ORGRST", "TSPROC", "ABSENC", "CHCHAN", "PCCHAN", "OTHERS"]
    private static let notes = [
        "", "", "", "allocated after strategy meeting, see case file",
        "family asked for \"the same worker\" again", "transfer from duty\r\nsecond line of the note", "x",
    ]

    private func generate(_ emit: ([UInt8]) -> Void) {
        var random = SeededRandomNumberGenerator(seed: seed)
        emit([0xEF, 0xBB, 0xBF])
        emit(Array((header.joined(separator: ",") + "\r\n").utf8))
        let teamCount = 30
        var written = 0
        var person = 100_000
        var involvementId = 1
        let firstDay = LocalDate(year: 2015, month: 1, day: 1)!
        var line: [UInt8] = []
        while written < rowCount {
            person += 1
            let referral = 500_000 + person
            var day = firstDay.adding(days: Int.random(in: 0..<3400, using: &random))
            let team = String(Int.random(in: 1...teamCount, using: &random))
            let spells = Int.random(in: 1...8, using: &random)
            var previousEnd: LocalDate?
            for spell in 0..<spells where written < rowCount {
                let roll = Int.random(in: 0..<100, using: &random)
                var involvement = Involvement(
                    id: involvementId, person: person, worker: "W" + String(Int.random(in: 1...workerCount, using: &random)),
                    team: team, type: holdingType, start: day, startTime: nil, end: nil, endMarker: false,
                    reason: spell == 0 ? "" : Self.reasons[Int.random(in: 0..<Self.reasons.count, using: &random)],
                    referral: referral, notes: Self.notes[Int.random(in: 0..<Self.notes.count, using: &random)])
                involvementId += 1
                let length = Int.random(in: 1...240, using: &random)
                var end = day.adding(days: length)
                switch roll {
                case 0..<12: involvement.worker = "-1"  // team-only: unallocated in the team
                case 12..<14: involvement.team = "-1"
                case 14..<17: end = day  // zero length
                case 17..<20:  // overlaps the previous allocation
                    if let previousEnd { involvement.start = previousEnd.adding(days: -Int.random(in: 1...10, using: &random)) }
                case 20..<28: involvement.type = "IRO"
                case 28..<31: involvement.type = "PA"
                case 31..<32: involvement.type = "ZZQ"
                case 32..<34: involvement.reason = "RESTRUCT"
                case 34..<40: involvement.startTime = Int.random(in: 8 * 60..<18 * 60, using: &random)
                default: break
                }
                if spell == spells - 1 && roll % 2 == 0 {
                    involvement.endMarker = roll % 4 == 0
                } else {
                    involvement.end = end
                }
                if involvement.type == holdingType && involvement.worker != "-1" { previousEnd = involvement.end }
                day = end
                line.removeAll(keepingCapacity: true)
                let ordinal = written + 1
                if let interval = malformedRowInterval, ordinal % interval == 0 {
                    appendMalformed(involvement, kind: (ordinal / interval) % 5, to: &line)
                } else {
                    append(involvement, variant: roll, to: &line)
                }
                emit(line)
                written += 1
            }
        }
    }

    private func date(_ date: LocalDate, variant: Int, time: Int?) -> String {
        let day = Instant.pad(date.day, 2)
        let month = Instant.pad(date.month, 2)
        let year = Instant.pad(date.year, 4)
        let clock = time.map { Instant.pad($0 / 60, 2) + ":" + Instant.pad($0 % 60, 2) + ":00" } ?? "00:00:00"
        switch presetName {
        case "liquidlogic":
            switch variant % 10 {
            case 0: return "\(day)/\(month)/\(year)"
            case 1: return "\(year)-\(month)-\(day)T\(clock)Z"
            default: return "\(year)-\(month)-\(day) \(clock).000"
            }
        case "mosaic":
            let names = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"]
            return variant % 3 == 0 ? "\(day)-\(names[date.month - 1])-\(year)" : "\(day)/\(month)/\(year)" + (time == nil ? "" : " " + clock)
        default:
            switch variant % 10 {
            case 0: return "\(day)/\(month)/\(year)"
            case 1: return "\(year)-\(month)-\(day)T\(clock)+01:00"
            default: return time == nil ? "\(year)-\(month)-\(day)" : "\(year)-\(month)-\(day)T\(clock)"
            }
        }
    }

    private func fields(_ involvement: Involvement, variant: Int) -> [String] {
        let start = date(involvement.start, variant: variant, time: involvement.startTime)
        let end: String
        if let date = involvement.end {
            end = self.date(date, variant: variant, time: involvement.startTime)
        } else {
            end = involvement.endMarker ? (presetName == "mosaic" ? "01/01/1900" : "1900-01-01") : ""
        }
        let id = String(involvement.id)
        let person = String(involvement.person)
        switch presetName {
        case "liquidlogic":
            return [id, person, involvement.worker, involvement.team, involvement.type, start, end, involvement.reason,
                    String(involvement.referral), involvement.notes]
        case "mosaic":
            return [id, person, involvement.worker, involvement.type, start, end, involvement.reason, involvement.notes]
        default:
            return [id, involvement.worker, involvement.type, involvement.team, start, end, involvement.reason, person,
                    "R" + String(involvement.referral), involvement.notes]
        }
    }

    private func append(_ involvement: Involvement, variant: Int, to line: inout [UInt8]) {
        for (index, field) in fields(involvement, variant: variant).enumerated() {
            if index > 0 { line.append(UInt8(ascii: ",")) }
            ImportSummary.appendCSVField(field, to: &line)
        }
        line.append(contentsOf: [0x0D, 0x0A])
    }

    private func appendMalformed(_ involvement: Involvement, kind: Int, to line: inout [UInt8]) {
        var fields = fields(involvement, variant: 2)
        let positions = header.enumerated().reduce(into: [String: Int]()) { $0[$1.element.lowercased()] = $1.offset }
        let startIndex = positions["invo_involvement_start_date"] ?? positions["start_dttm"] ?? positions["start_date"] ?? 0
        let endIndex = positions["invo_involvement_end_date"] ?? positions["end_dttm"] ?? positions["end_date"] ?? 0
        let personIndex = positions["invo_person_id"] ?? positions["dim_person_id"] ?? positions["person_id"] ?? 0
        let idIndex = positions["invo_involvements_id"] ?? positions["fact_involvements_id"] ?? positions["id"] ?? 0
        switch kind {
        case 0: fields[startIndex] = "31/02/2020"
        case 1: fields[personIndex] = ""
        case 2: fields.removeLast(2)
        case 3:
            fields[startIndex] = "2020-06-01"
            fields[endIndex] = "2020-05-01"
        default: fields[idIndex] = "1"
        }
        for (index, field) in fields.enumerated() {
            if index > 0 { line.append(UInt8(ascii: ",")) }
            ImportSummary.appendCSVField(field, to: &line)
        }
        line.append(contentsOf: [0x0D, 0x0A])
    }
}
