import CaseLedger
import Foundation
import LedgerSimulation

/// `cases`, `workers`, `teams` and `find`: how a person finds the exact id to ask about, without
/// reading the log. Each is a listing at an as-of time, like the other audit questions.
enum FindCommands {
    static var all: [Subcommand] { [cases, workers, teams, find] }

    static let formatOption = OptionSpecification("--format", value: "FORMAT", help: "text (default), json or csv")

    // MARK: - cases

    static let cases = Subcommand(
        specification: CommandSpecification(
            name: "cases", summary: "list cases: by team, worker, family, category, status, statutory",
            options: [
                OptionSpecification("--team", value: "T", help: "cases sitting with team T"),
                OptionSpecification("--worker", value: "W", help: "cases worker W holds (primary or co-worker)"),
                OptionSpecification("--family", value: "F", help: "the cases of family F (siblings, re-referrals)"),
                OptionSpecification("--category", value: "C", help: "one category: " + CaseCategory.allCases.map(\.rawValue).joined(separator: ", ")),
                OptionSpecification("--status", value: "S", help: "open, closed or unallocated (default: all)"),
                OptionSpecification("--statutory", help: "only statutory cases (child protection, in care, court, section 47, …)"),
            ] + AuditCommands.timeOptions + [formatOption, AuditCommands.excelOption],
            discussion: "One line per case as it stood at --as-of: family, team, category, risk, whether it is "
                + "statutory, allocated / unallocated / closed, who holds it and since when. Ask about one with "
                + "'caseledger holders CASE' or 'caseledger audit CASE'. " + AuditCommands.discussionOfTimes)
    ) { invocation in
        let format = try invocation.format(allowed: [.text, .json, .csv])
        var filter = CaseFilter(teamId: invocation.arguments.value("--team"), workerId: invocation.arguments.value("--worker"),
                                familyId: invocation.arguments.value("--family"))
        filter.category = try choice("--category", invocation)
        filter.status = try choice("--status", invocation)
        if invocation.arguments.has("--statutory") { filter.isStatutory = true }
        let time = try AuditCommands.queryTime(invocation)
        let audit = try AuditCommands.open(invocation)
        let answer = try AuditCommands.suggestingIds(audit) { try audit.cases(matching: filter, at: time(audit)) }
        AuditCommands.print(answer, format: format, invocation: invocation, text: DirectoryFormatter.text, csv: DirectoryFormatter.csv)
        return .success
    }

    /// The value of an option naming one case of an enumeration, or nil when it is not given;
    /// anything else is a usage error listing the spellings.
    static func choice<Value: RawRepresentable & CaseIterable>(_ option: String, _ invocation: Invocation) throws -> Value?
        where Value.RawValue == String {
        guard let text = invocation.arguments.value(option) else { return nil }
        guard let value = Value(rawValue: text) else {
            let spellings = Value.allCases.map(\.rawValue)
            let listed = spellings.count > 1
                ? spellings.dropLast().joined(separator: ", ") + " or " + (spellings.last ?? "") : spellings.joined()
            throw UsageError("\(option) must be \(listed); got '\(text)'", command: invocation.command.name)
        }
        return value
    }

    // MARK: - workers

    static let workers = Subcommand(
        specification: CommandSpecification(
            name: "workers", summary: "list workers: team, role, agency, left or in post, caseload headline",
            options: [
                OptionSpecification("--team", value: "T", help: "workers in team T"),
                OptionSpecification("--role", value: "ROLE", help: "one role: " + Role.allCases.map(\.rawValue).joined(separator: ", ")),
                OptionSpecification("--agency", help: "only agency workers"),
                OptionSpecification("--left", help: "only workers who have left"),
                OptionSpecification("--in-post", help: "only workers still in post"),
            ] + AuditCommands.timeOptions + [formatOption, AuditCommands.excelOption],
            discussion: "One line per worker as at --as-of: team, role, cases and weighted points against the cap "
                + "for the role, and whether they are agency, leaving or gone. 'caseledger caseload WORKER' gives the "
                + "detail. " + AuditCommands.discussionOfTimes)
    ) { invocation in
        let format = try invocation.format(allowed: [.text, .json, .csv])
        var filter = WorkerFilter(teamId: invocation.arguments.value("--team"))
        filter.role = try choice("--role", invocation)
        if invocation.arguments.has("--agency") { filter.isAgency = true }
        if invocation.arguments.has("--left") && invocation.arguments.has("--in-post") {
            throw UsageError("give --left or --in-post, not both", command: "workers")
        }
        if invocation.arguments.has("--left") { filter.hasLeft = true }
        if invocation.arguments.has("--in-post") { filter.hasLeft = false }
        let time = try AuditCommands.queryTime(invocation)
        let audit = try AuditCommands.open(invocation)
        let answer = try AuditCommands.suggestingIds(audit) { try audit.workers(matching: filter, at: time(audit)) }
        AuditCommands.print(answer, format: format, invocation: invocation, text: DirectoryFormatter.text, csv: DirectoryFormatter.csv)
        return .success
    }

    // MARK: - teams

    static let teams = Subcommand(
        specification: CommandSpecification(
            name: "teams", summary: "list teams with their manager, workers, held and unallocated cases",
            options: AuditCommands.timeOptions + [formatOption, AuditCommands.excelOption],
            discussion: "One line per team as at --as-of. 'caseledger caseload --team T' and "
                + "'caseledger report team T --format html' give the detail. " + AuditCommands.discussionOfTimes)
    ) { invocation in
        let format = try invocation.format(allowed: [.text, .json, .csv])
        let time = try AuditCommands.queryTime(invocation)
        let audit = try AuditCommands.open(invocation)
        let answer = audit.teams(at: time(audit))
        AuditCommands.print(answer, format: format, invocation: invocation, text: DirectoryFormatter.text, csv: DirectoryFormatter.csv)
        return .success
    }

    // MARK: - find

    static let find = Subcommand(
        specification: CommandSpecification(
            name: "find", summary: "find a case, family, worker or team by an id typed loosely (c01239, C1239)",
            positionals: [("TEXT", "the id, in any letter case, zeros or a letter or two astray")],
            options: AuditCommands.timeOptions + [OptionSpecification("--format", value: "FORMAT", help: "text (default) or json")],
            discussion: "Matches letter case first, then leading zeros, then ids within two typing errors. A family "
                + "lists its cases. " + AuditCommands.discussionOfTimes)
    ) { invocation in
        let format = try invocation.format(allowed: [.text, .json])
        let text = invocation.arguments.positional(0) ?? ""
        let time = try AuditCommands.queryTime(invocation)
        let audit = try AuditCommands.open(invocation)
        let resolved = time(audit)
        let found = audit.find(text)
        if format == .json {
            invocation.output.print(AuditFormatter.json(found))
            return found.isEmpty ? .dataError : .success
        }
        guard !found.isEmpty else {
            throw ToolFailure(code: .dataError, message: "nothing in the ledger is called '\(text)' or anything close; "
                + "list them with 'caseledger cases', 'caseledger workers' or 'caseledger teams'")
        }
        for item in found {
            let match = item.isExact ? "" : " (close to '\(text)')"
            switch item.kind {
            case .case:
                let listing = audit.caseListing(item.id, at: resolved)
                let detail = listing.map { l in
                    [l.status.rawValue, l.teamId.map { "team " + $0 }, l.category?.displayName, l.familyId.map { "family " + $0 },
                     l.primaryWorkerId.map { "held by " + $0 }].compactMap { $0 }.joined(separator: ", ")
                } ?? "nothing had happened by then"
                invocation.output.print("case \(item.id)\(match): \(detail)   → caseledger audit \(item.id)")
            case .family:
                let listed = try audit.cases(matching: CaseFilter(familyId: item.id), at: resolved)
                invocation.output.print("family \(item.id)\(match): cases \(listed.cases.map(\.caseId).joined(separator: ", "))   → caseledger cases --family \(item.id)")
            case .worker:
                invocation.output.print("worker \(item.id)\(match)   → caseledger caseload \(item.id)")
            case .team:
                invocation.output.print("team \(item.id)\(match)   → caseledger caseload --team \(item.id)")
            }
        }
        return .success
    }
}
