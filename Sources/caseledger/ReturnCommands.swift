import CaseLedger
import Foundation

/// `caseledger return KIND`: the statutory returns built from the ledger, joined with the case
/// management system's own tables for what the ledger does not hold.
enum ReturnCommands {
    static var all: [Subcommand] { [returns] }

    static let kinds = ["ssda903", "annex-a", "workforce"]

    static let returns = Subcommand(
        specification: CommandSpecification(
            name: "return", summary: "a statutory return from the ledger: ssda903 (social worker episodes), annex-a (allocated team and worker), workforce (census Cases30)",
            positionals: [("KIND", "ssda903: the SSDA903 SWEpisodes table; annex-a: Ofsted Annex A allocated team and worker; workforce: the workforce census")],
            options: [
                OptionSpecification("--year", value: "YYYY", help: "the collection year, named by the year it ends in (2025: 1 April 2024 – 31 March 2025)"),
                OptionSpecification("--output", value: "DIR|FILE", help: "ssda903: directory for the return's files (created if missing); annex-a: the CSV file"),
                OptionSpecification("--as-of", value: "D", help: "annex-a: the inspection date"),
                OptionSpecification("--list", value: "N", help: "annex-a: the list, 3 to 9 (contacts and referrals … care leavers)"),
                OptionSpecification("--children", value: "FILE", help: "annex-a: the list as the CMS produced it (Child Unique ID or CHILD column); default every case of that kind"),
                OptionSpecification("--event-date-column", value: "NAME", help: "annex-a: the --children column holding the list's event date (dd/mm/yyyy)"),
                OptionSpecification("--from", value: "D", help: "annex-a without --children: only cases that came onto the list on or after D"),
                OptionSpecification("--census-date", value: "D", help: "workforce: the census date (30 September)"),
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
                DOB is empty without --header. \
                annex-a writes FILE (Child Unique ID, Event Date, Allocated Team and Allocated Worker at the event date \
                and at the inspection date) and FILE-citations.csv; Unallocated where nobody held the case, the worker \
                as the ledger's id. See docs/returns.md for the reason mapping, the conventions and the rules.
                """)
    ) { invocation in
        guard let kind = invocation.arguments.positional(0), kinds.contains(kind) else {
            throw UsageError("KIND must be one of \(kinds.joined(separator: ", ")); got '\(invocation.arguments.positional(0) ?? "")'",
                             command: "return")
        }
        if kind == "annex-a" { return try annexA(invocation) }
        if kind == "workforce" { return try workforce(invocation) }
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
        // The CMS's tables are checked before anything is created: a bad file leaves no empty directory.
        let cms = try loadCMS(invocation)
        try makeDirectory(directory)
        for path in paths { try OutputFileOption.check(path, option: "--output", invocation: invocation) }
        let audit = try AuditCommands.open(invocation)
        let answer = try audit.ssda903Return(year: year, cms: cms, asKnown: asKnown)
        let tables = [answer.episodesTable, answer.citationsTable, answer.disagreementsTable]
        for (table, path) in zip(tables, paths) {
            try OutputFileOption.write(Array(table.text.utf8), to: path, option: "--output", invocation: invocation)
        }
        invocation.output.print(summary(answer, paths: paths))
        return .success
    }

    static func annexA(_ invocation: Invocation) throws -> ExitCode {
        guard let listText = invocation.arguments.value("--list") else {
            throw UsageError("give --list N, the Annex A list (3 to 9)", command: "return")
        }
        guard let number = Int(listText), let list = AnnexAList(rawValue: number) else {
            throw UsageError("--list must be 3 to 9 (\(AnnexAList.allCases.map(\.description).joined(separator: "; "))); got '\(listText)'",
                             command: "return")
        }
        guard let asOfText = invocation.arguments.value("--as-of") else {
            throw UsageError("give --as-of D, the inspection date", command: "return")
        }
        let inspection: LocalDate
        do { inspection = try DateArgument.parseDate(asOfText) } catch {
            throw UsageError("--as-of: \(error)", command: "return")
        }
        var from: LocalDate?
        if let text = invocation.arguments.value("--from") {
            do { from = try DateArgument.parseDate(text) } catch { throw UsageError("--from: \(error)", command: "return") }
        }
        guard let path = invocation.arguments.value("--output") else {
            throw UsageError("give --output FILE.csv", command: "return")
        }
        let citationsPath = (path.hasSuffix(".csv") ? String(path.dropLast(4)) : path) + "-citations.csv"
        for target in [path, citationsPath] { try OutputFileOption.check(target, option: "--output", invocation: invocation) }
        let asKnown = try AuditCommands.instant(invocation, "--as-known", startOfDay: false)
        var children: [(childId: String, eventDate: LocalDate?)]?
        if let childrenPath = invocation.arguments.value("--children") {
            do throws(ReturnInputError) {
                children = try AnnexAList.loadChildren(path: childrenPath, eventDateColumn: invocation.arguments.value("--event-date-column"))
            } catch {
                throw ToolFailure(code: .dataError, message: error.description)
            }
        }
        let audit = try AuditCommands.open(invocation)
        let answer = try audit.annexA(list: list, inspectionDate: inspection, children: children, from: from, asKnown: asKnown)
        try OutputFileOption.write(Array(answer.table.text.utf8), to: path, option: "--output", invocation: invocation)
        try OutputFileOption.write(Array(answer.citationsTable.text.utf8), to: citationsPath, option: "--output", invocation: invocation)
        let unknown = answer.rows.filter(\.isUnknown).count
        let unallocated = answer.rows.filter { !$0.isUnknown && $0.atInspectionDate.worker == AnnexAReturn.unallocated }.count
        invocation.output.print("""
            Annex A \(list), inspection date \(inspection.ukText)
            ledger head \(answer.head.sequence) \(answer.head.hash.hex)
            \(answer.rows.count) children, \(unallocated) with no worker on the inspection date, \(unknown) unknown to the ledger
            wrote \(path)
            wrote \(citationsPath)
            """)
        return .success
    }

    static func workforce(_ invocation: Invocation) throws -> ExitCode {
        guard let dateText = invocation.arguments.value("--census-date") else {
            throw UsageError("give --census-date D, the census date (30 September of the year)", command: "return")
        }
        let censusDate: LocalDate
        do { censusDate = try DateArgument.parseDate(dateText) } catch {
            throw UsageError("--census-date: \(error)", command: "return")
        }
        guard let path = invocation.arguments.value("--output") else {
            throw UsageError("give --output FILE.csv (the XML is written beside it as FILE.xml)", command: "return")
        }
        let xmlPath = (path.hasSuffix(".csv") ? String(path.dropLast(4)) : path) + ".xml"
        for target in [path, xmlPath] { try OutputFileOption.check(target, option: "--output", invocation: invocation) }
        let asKnown = try AuditCommands.instant(invocation, "--as-known", startOfDay: false)
        let audit = try AuditCommands.open(invocation)
        let census = try audit.workforceCensus(censusDate: censusDate, asKnown: asKnown)
        try OutputFileOption.write(Array(census.table.text.utf8), to: path, option: "--output", invocation: invocation)
        try OutputFileOption.write(Array(census.xml.utf8), to: xmlPath, option: "--output", invocation: invocation)
        invocation.output.print("""
            Workforce census at the end of \(censusDate.ukText)
            ledger head \(census.head.sequence) \(census.head.hash.hex)
            \(census.rows.count) qualified workers in children's teams, \(census.rows.reduce(0) { $0 + $1.cases }) cases (primary), \
            \(census.rows.reduce(0) { $0 + $1.coWorkedCases }) co-worked
            wrote \(path)
            wrote \(xmlPath)
            """)
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
