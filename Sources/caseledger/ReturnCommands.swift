import CaseLedger
import Foundation

/// `caseledger return KIND`: the statutory returns built from the ledger, joined with the case
/// management system's own tables for what the ledger does not hold.
enum ReturnCommands {
    static var all: [Subcommand] { [returns] }

    static let kinds = ["ssda903"]

    static let returns = Subcommand(
        specification: CommandSpecification(
            name: "return", summary: "a statutory return from the ledger: ssda903 (social worker episodes)",
            positionals: [("KIND", "ssda903: the SSDA903 SWEpisodes table")],
            options: [
                OptionSpecification("--year", value: "YYYY", help: "the collection year, named by the year it ends in (2025: 1 April 2024 – 31 March 2025)"),
                OptionSpecification("--output", value: "DIR", help: "directory for the return's files (created if missing)"),
                OptionSpecification("--header", value: "FILE", help: "the CMS's SSDA903 Header table (CHILD, DOB, …): dates of birth"),
                OptionSpecification("--episodes", value: "FILE", help: "the CMS's SSDA903 Episodes table (CHILD, DECOM, DEC, LS, …): who was looked after when"),
                OptionSpecification("--cms-sw-episodes", value: "FILE", help: "the CMS's own SWEpisodes table, to compare worker by worker"),
                OptionSpecification("--as-known", value: "T", help: "only what the ledger had recorded by T (default: everything)"),
                OutputFileOption.force, AuditCommands.snapshotOption,
            ],
            discussion: """
                Writes DIR/SWEpisodes.csv (CHILD, DOB, SW_ID, SW_DECOM, SW_DEC, SW_REASON; dates dd/mm/yyyy), \
                DIR/SWEpisodes-citations.csv (the events each row rests on) and DIR/SWEpisodes-disagreements.csv \
                (every day the ledger and the CMS disagree, and every episode shorter than a day left out). \
                Children: those the --episodes table has looked after in the year, or without it those whose case \
                was child in care on some day of it. One episode per primary worker; co-workers are not episodes. \
                SW_ID is the worker's Social Work England number (register-worker --swe-number), else XX followed \
                by the worker id. \
                DOB is empty without --header. See docs/returns.md for the reason mapping and the rules.
                """)
    ) { invocation in
        guard let kind = invocation.arguments.positional(0), kinds.contains(kind) else {
            throw UsageError("KIND must be one of \(kinds.joined(separator: ", ")); got '\(invocation.arguments.positional(0) ?? "")'",
                             command: "return")
        }
        guard let yearText = invocation.arguments.value("--year") else {
            throw UsageError("give --year YYYY, the year the collection ends in", command: "return")
        }
        guard let yearNumber = Int(yearText), yearText.count == 4, let year = CollectionYear(endingYear: yearNumber) else {
            throw UsageError("--year must be a four-digit year such as 2025; got '\(yearText)'", command: "return")
        }
        guard let directory = invocation.arguments.value("--output") else {
            throw UsageError("give --output DIR, the directory to write the return to", command: "return")
        }
        let asKnown = try AuditCommands.instant(invocation, "--as-known", startOfDay: false)
        let names = ["SWEpisodes.csv", "SWEpisodes-citations.csv", "SWEpisodes-disagreements.csv"]
        let paths = names.map { directory + "/" + $0 }
        try makeDirectory(directory)
        for path in paths { try OutputFileOption.check(path, option: "--output", invocation: invocation) }
        let cms = try loadCMS(invocation)
        let audit = try AuditCommands.open(invocation)
        let answer = try audit.ssda903Return(year: year, cms: cms, asKnown: asKnown)
        let tables = [answer.episodesTable, answer.citationsTable, answer.disagreementsTable]
        for (table, path) in zip(tables, paths) {
            try OutputFileOption.write(Array(table.text.utf8), to: path, option: "--output", invocation: invocation)
        }
        invocation.output.print(summary(answer, paths: paths))
        return .success
    }

    static func loadCMS(_ invocation: Invocation) throws -> CMSTables? {
        let header = invocation.arguments.value("--header")
        let episodes = invocation.arguments.value("--episodes")
        let workers = invocation.arguments.value("--cms-sw-episodes")
        guard header != nil || episodes != nil || workers != nil else { return nil }
        do throws(ReturnInputError) {
            return try CMSTables.load(headerPath: header, episodesPath: episodes, workerEpisodesPath: workers)
        } catch {
            throw ToolFailure(code: .dataError, message: error.description)
        }
    }

    /// Creates the output directory (0700) if missing; an existing one is used as it is.
    static func makeDirectory(_ path: String) throws {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else { throw UsageError("--output \(path) is a file; name a directory", command: "return") }
            return
        }
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true,
                                                    attributes: [.posixPermissions: 0o700])
        } catch {
            throw ToolFailure(code: .cannotCreate, message: "--output: cannot create \(path): \(error.localizedDescription)")
        }
    }

    static func summary(_ answer: SSDA903Return, paths: [String]) -> String {
        var lines = [
            "SSDA903 social worker episodes, collection year \(answer.year) (validator rules \(answer.year.validatorRuleSet))",
            "ledger head \(answer.head.sequence) \(answer.head.hash.hex)",
            "\(answer.childIds.count) children, \(answer.rows.count) episodes, \(answer.disagreements.count) disagreements",
        ]
        let counts = Dictionary(grouping: answer.disagreements, by: \.kind)
        for kind in ReturnDisagreement.Kind.allCases {
            if let items = counts[kind] { lines.append("  \(kind.rawValue): \(items.count)") }
        }
        lines += paths.map { "wrote \($0)" }
        return lines.joined(separator: "\n")
    }
}
