import Foundation
import LedgerDomain
import LedgerEvents
import LedgerStore
import LedgerSupport

/// What an optional workers file says about one worker.
package struct WorkerFacts: Sendable, Hashable {
    package var role: Role?
    package var jobTitle = ""
    package var isAgency: Bool?
    package var teamId: String?
    package var fullTimeEquivalentPercent: Int?
    package var startDate: LocalDate?
}

/// Reads the optional side files: workers (roles, agency flags, teams, hours) and teams (names).
///
/// They are small reference tables, so any problem in them stops the import with the line named,
/// rather than registering workers on half-read facts.
package enum ImportSideFiles {
    package static func readWorkers(path: String, mapping: ImportMapping) throws(ImportError) -> [String: WorkerFacts] {
        var result: [String: WorkerFacts] = [:]
        try forEachRow(path: path, columns: mapping.workerColumns, required: [.workerId]) { (value: (WorkerField) -> String) in
            let id = value(.workerId)
            guard !id.isEmpty, !mapping.noWorkerValues.contains(id) else { return }
            var facts = WorkerFacts()
            facts.jobTitle = value(.role)
            facts.role = mapping.role(forJobTitle: facts.jobTitle)
            let agency = value(.agency).uppercased()
            if !agency.isEmpty { facts.isAgency = ImportMapping.trueValues.contains(agency) }
            let team = value(.teamId)
            if !mapping.noTeamValues.contains(team) { facts.teamId = team }
            facts.fullTimeEquivalentPercent = percent(value(.fullTimeEquivalent))
            let start = value(.startDate)
            if !start.isEmpty {
                facts.startDate = mapping.dateFormats.lazy.compactMap { $0.parse(start) }.first?.writtenDate
            }
            result[id] = facts
        }
        return result
    }

    package static func readTeams(path: String, mapping: ImportMapping) throws(ImportError) -> [String: String] {
        var result: [String: String] = [:]
        try forEachRow(path: path, columns: mapping.teamColumns, required: [.teamId, .name]) { (value: (TeamField) -> String) in
            let id = value(.teamId)
            guard !id.isEmpty, !mapping.noTeamValues.contains(id) else { return }
            result[id] = value(.name)
        }
        return result
    }

    /// Hours as a percentage: `0.8` and `80` both mean 80; nil when empty or unreadable.
    package static func percent(_ text: String) -> Int? {
        guard let number = Double(text), number > 0 else { return nil }
        let percent = number <= 1.5 ? number * 100 : number
        return min(100, max(1, Int(percent.rounded())))
    }

    private static func forEachRow<Field: RawRepresentable & Hashable & CaseIterable>(
        path: String, columns: [Field: [String]], required: Set<Field>, _ body: ((Field) -> String) -> Void
    ) throws(ImportError) where Field.RawValue == String {
        let reader: CSVReader
        do { reader = try CSVReader(path: path) } catch { throw .cannotRead(path: path, detail: error.description) }
        var record = CSVRecord()
        do {
            guard try reader.readRecord(into: &record) else { throw ImportError.emptyFile(path: path) }
        } catch let error as ImportError {
            throw error
        } catch {
            throw .unreadableFile(path: path, detail: "\(error)")
        }
        let header = record.fields.map { $0.trimmingASCIIWhitespace() }
        let indices = try InvolvementFileReader.resolve(header: header, wanted: columns, path: path,
                                                        required: { required.contains($0) })
        while true {
            do {
                guard try reader.readRecord(into: &record) else { return }
            } catch {
                throw .unreadableFile(path: path, detail: error.description)
            }
            body { field in indices[field].map { record.field($0).trimmingASCIIWhitespace() } ?? "" }
        }
    }
}
