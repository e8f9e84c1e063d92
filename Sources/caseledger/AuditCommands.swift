import CaseLedger
import Foundation
import LedgerSimulation

/// The inspector's and manager's questions: holders, caseload, unallocated, trail, breaches, the
/// weekly report, and snapshot maintenance. Each parses its arguments, asks ``AuditLedger``, and
/// prints with ``AuditFormatter``.
enum AuditCommands {
    static var all: [Subcommand] { [holders, caseload, unallocated, trail, breaches, report, snapshot, generate] }

    static let timeOptions = [
        OptionSpecification("--as-of", value: "D", help: "valid time: the world as it was at D (default now; a date means the end of that London day)"),
        OptionSpecification("--as-known", value: "T", help: "transaction time: only what the ledger had recorded by T (default: the log's last recorded time, i.e. everything)"),
    ]
    static let formatOption = OptionSpecification("--format", value: "FORMAT", help: "text (default), json or csv")
    /// With `--format csv`: a file for a spreadsheet (``CSVTable/excel(_:)``).
    static let excelOption = OptionSpecification(
        "--excel", help: "with --format csv: for a spreadsheet (UTF-8 byte-order mark, instants as London yyyy-MM-dd HH:mm)")
    static let snapshotOption = OptionSpecification(
        "--snapshot-every", value: "N", help: "write a snapshot when N events have been folded since the last (default 10000)")
    static let periodOptions = [
        OptionSpecification("--from", value: "D", help: "start of the period (a date means the start of that London day)"),
        OptionSpecification("--to", value: "D", help: "end of the period (a date means the end of that London day)"),
    ]
    static let discussionOfTimes = """
        Dates are yyyy-MM-dd or dd/MM/yyyy (London), times yyyy-MM-ddTHH:mm[:ss] (London wall clock) or with an \
        offset (2024-03-14T09:30:00Z). --as-known defaults to the log's last recorded time, not the clock, so \
        the same question with the same --as-of prints the same bytes; --as-of defaults to now \
        (CASELEDGER_NOW replaces the clock). Every answer cites the events it rests on (sequence number and hash). \
        Snapshots (--snapshots DIR, default: snapshots beside the store) make opening fast; a damaged one is reported on \
        standard error, ignored and rebuilt.
        """

    // MARK: - holders

    static let holders = Subcommand(
        specification: CommandSpecification(
            name: "holders", summary: "who held a case, since when, and the decision that made each hold it",
            positionals: [("CASE", "the case id")], options: timeOptions + [formatOption, excelOption, snapshotOption],
            discussion: "Primary worker and co-workers with the allocation event behind each (sequence, hash, actor, "
                + "reason, rationale, tasks, overrides) and the latest oversight. " + discussionOfTimes)
    ) { invocation in
        let format = try invocation.format(allowed: [.text, .json, .csv])
        let time = try queryTime(invocation)
        let audit = try open(invocation)
        let answer = try suggestingIds(audit) { try audit.holders(caseId: invocation.arguments.positional(0) ?? "", at: time(audit)) }
        print(answer, format: format, invocation: invocation, text: AuditFormatter.text, csv: AuditFormatter.csv)
        return .success
    }

    // MARK: - caseload

    static let caseload = Subcommand(
        specification: CommandSpecification(
            name: "caseload", summary: "a worker's, a team's or everyone's caseload, caps, headroom and NQSW ramp",
            positionals: [("WORKER", "the worker id (or use --team T or --all)")], requiredPositionalCount: 0,
            options: [OptionSpecification("--team", value: "T", help: "every worker in team T, with team totals"),
                      OptionSpecification("--all", help: "every team"),
                      OptionSpecification("--cases", help: "with --team or --all: list every worker's cases too (text)")]
                + timeOptions + [htmlFormatOption, excelOption, outputOption, snapshotOption],
            discussion: "Cases, count, weighted score, cap and headroom for the role in force at that date, NQSW ramp "
                + "target and week, primary versus co-worker, statutory count, children and families. " + discussionOfTimes)
    ) { invocation in
        let format = try invocation.format(allowed: [.text, .json, .csv, .html])
        let worker = invocation.arguments.positional(0)
        let team = invocation.arguments.value("--team")
        let everyone = invocation.arguments.has("--all")
        guard [worker != nil, team != nil, everyone].filter({ $0 }).count == 1 else {
            throw UsageError("give exactly one of WORKER, --team T or --all", command: "caseload")
        }
        let time = try queryTime(invocation)
        let audit = try open(invocation)
        let answer: CaseloadAnswer = try suggestingIds(audit) {
        if let worker {
            return try audit.caseload(workerId: worker, at: time(audit))
        } else if let team {
            return try audit.caseload(teamId: team, at: time(audit))
        } else {
            return audit.caseloadOfAll(at: time(audit))
        }
        }
        if format == .html {
            return try writeHTML(answer.html(), defaultName: "caseload-\(worker ?? team ?? "all").html", invocation: invocation)
        }
        // A team's or everyone's caseload reads one line per worker; --cases adds every case.
        let detailed = answer.scope == .worker || invocation.arguments.has("--cases")
        print(answer, format: format, invocation: invocation,
              text: { detailed ? AuditFormatter.text($0) : AuditFormatter.summaryText($0) }, csv: AuditFormatter.csv)
        return .success
    }

    // MARK: - unallocated

    static let unallocated = Subcommand(
        specification: CommandSpecification(
            name: "unallocated", summary: "cases waiting for allocation, their working-day age and every deadline",
            options: [OptionSpecification("--team", value: "T", help: "only cases sitting with team T")] + timeOptions
                + [htmlFormatOption, excelOption, outputOption, snapshotOption],
            discussion: "Each unallocated interval with its working-day age (bank holidays excluded) and every "
                + "DESIGN §5 deadline with its status: due, met, missed or overdue. Most urgent first: statutory, "
                + "child protection and child-in-care cases, then cases with an overdue deadline, then high risk, "
                + "then the rest, each by the longest wait. " + discussionOfTimes)
    ) { invocation in
        let format = try invocation.format(allowed: [.text, .json, .csv, .html])
        let time = try queryTime(invocation)
        let audit = try open(invocation)
        let answer = try suggestingIds(audit) { try audit.unallocated(teamId: invocation.arguments.value("--team"), at: time(audit)) }
        if format == .html {
            return try writeHTML(answer.html(), defaultName: "unallocated\(answer.teamId.map { "-" + $0 } ?? "").html", invocation: invocation)
        }
        print(answer, format: format, invocation: invocation, text: AuditFormatter.text, csv: AuditFormatter.csv)
        return .success
    }

    // MARK: - trail

    static let trail = Subcommand(
        specification: CommandSpecification(
            name: "trail", summary: "the decision trail of a case, corrections shown as corrections",
            positionals: [("CASE", "the case id")],
            options: periodOptions + timeOptions + [formatOption, excelOption, snapshotOption],
            discussion: "Every event of the case that happened in the period (and by --as-of, which ends it), in the "
                + "order it happened, with actor, both times, reasons and status (current, retracted, correction, "
                + "replacement), and the case's timescales as they stood at the end of the period (with neither "
                + "--to nor --as-of: at the log's last recorded time). " + discussionOfTimes)
    ) { invocation in
        let format = try invocation.format(allowed: [.text, .json, .csv])
        let (from, to, asOf, asKnown, audit) = try periodQuestion(invocation)
        let end = [to, asOf].compactMap { $0 }.min()
        let answer = try suggestingIds(audit) {
            try audit.trail(caseId: invocation.arguments.positional(0) ?? "", from: from, to: end, asKnown: asKnown)
        }
        print(answer, format: format, invocation: invocation, text: AuditFormatter.text, csv: AuditFormatter.csv)
        return .success
    }

    // MARK: - breaches

    static let breaches = Subcommand(
        specification: CommandSpecification(
            name: "breaches", summary: "every rule finding and missed timescale, with the events that prove it",
            options: periodOptions + timeOptions + [formatOption, excelOption, snapshotOption,
                OptionSpecification("--fail-on-breaches", help: "exit 1 when any breach is listed (for scripts and CI)")],
            discussion: "Findings about events in the period (justified overrides included) and timescales due in "
                + "the period that were missed or are open and overdue as at --as-of (default: the end of the "
                + "period, or now). " + discussionOfTimes)
    ) { invocation in
        let format = try invocation.format(allowed: [.text, .json, .csv])
        let (from, to, asOf, asKnown, audit) = try periodQuestion(invocation)
        let answer = try audit.breaches(from: from, to: to, asOf: asOf, asKnown: asKnown)
        print(answer, format: format, invocation: invocation, text: AuditFormatter.text, csv: AuditFormatter.csv)
        if invocation.arguments.has("--fail-on-breaches") && !answer.breaches.isEmpty { return .failure }
        return .success
    }

    // MARK: - report

    static let report = Subcommand(
        specification: CommandSpecification(
            name: "report", summary: "reports: weekly (every team) or team T (a printable team report with charts)",
            positionals: [("KIND", "weekly, or team"), ("TEAM", "the team, for 'report team'")], requiredPositionalCount: 1,
            options: [OptionSpecification("--week-of", value: "D", help: "weekly: a date in the week (Monday to Sunday; default today)"),
                      OptionSpecification("--from", value: "D", help: "team: start of the period for allocations and breaches (default: 7 days before --as-of)")]
                + timeOptions + [htmlFormatOption, excelOption, outputOption, snapshotOption],
            discussion: "weekly — per team: open, allocated and unallocated cases at the end of the week (or --as-of, if "
                + "earlier), by category, and the week's referrals, allocations and closures (--format html: "
                + "weekly-report-MONDAY.html). team T — each worker's "
                + "cases and points against their cap, the team's caseload week by week over the previous year, NQSW "
                + "workers against their ramp, cases waiting for allocation (most urgent first) with every overdue "
                + "deadline, the period's allocations and breaches; --format html writes a printable page "
                + "(team-T-report.html). " + discussionOfTimes)
    ) { invocation in
        let kind = invocation.arguments.positional(0) ?? ""
        if kind == "team" { return try teamReport(invocation) }
        let format = try invocation.format(allowed: [.text, .json, .csv, .html])
        guard kind == "weekly" else {
            throw UsageError("the reports are 'weekly' and 'team T'; got '\(kind)'", command: "report")
        }
        var weekOf: LocalDate?
        if let text = invocation.arguments.value("--week-of") {
            do { weekOf = try DateArgument.parseDate(text) } catch {
                throw UsageError("--week-of: \(error)", command: "report")
            }
        }
        let time = try queryTime(invocation)
        let audit = try open(invocation)
        let resolved = time(audit)
        let explicitAsOf = invocation.arguments.value("--as-of") != nil ? resolved.asOf : nil
        let answer = audit.weeklyReport(weekOf: weekOf ?? LondonTime.localDate(of: resolved.asOf), asOf: explicitAsOf,
                                        asKnown: resolved.asKnown)
        if format == .html {
            return try writeHTML(answer.html(), defaultName: "weekly-report-\(answer.weekStart).html", invocation: invocation)
        }
        print(answer, format: format, invocation: invocation, text: AuditFormatter.text, csv: AuditFormatter.csv)
        return .success
    }

    /// `report team T`: text, JSON or a printable HTML page.
    static func teamReport(_ invocation: Invocation) throws -> ExitCode {
        let format = try invocation.format(allowed: [.text, .json, .html])
        guard let teamId = invocation.arguments.positional(1) else {
            throw UsageError("name the team: caseledger report team T (caseledger teams lists them)", command: "report")
        }
        let from = try instant(invocation, "--from", startOfDay: true)
        let time = try queryTime(invocation)
        let audit = try open(invocation)
        let resolved = time(audit)
        if let from, from > resolved.asOf {
            throw UsageError("--from \(from) is after the as-of time \(resolved.asOf)", command: "report")
        }
        let report = try suggestingIds(audit) { try audit.teamReport(teamId: teamId, at: resolved, periodStart: from) }
        switch format {
        case .html: return try writeHTML(report.html(), defaultName: "team-\(teamId)-report.html", invocation: invocation)
        case .json: invocation.output.print(AuditFormatter.json(report))
        default: invocation.output.print(AuditFormatter.text(report))
        }
        return .success
    }

    static let htmlFormatOption = OptionSpecification("--format", value: "FORMAT", help: "text (default), json, csv or html (a printable page)")
    static let outputOption = OptionSpecification("--output", value: "FILE", help: "html: write to FILE (default named after the question, in the current directory)")

    /// Writes a page to `--output` or `defaultName` and says where, with how to look at it.
    static func writeHTML(_ html: String, defaultName: String, invocation: Invocation) throws -> ExitCode {
        let destination = invocation.arguments.value("--output") ?? defaultName
        do { try Data(html.utf8).write(to: URL(fileURLWithPath: destination)) } catch {
            throw ToolFailure(code: .cannotCreate, message: "cannot write \(destination): \(error.localizedDescription)")
        }
        invocation.output.print("wrote \(destination): open it in a browser, or print it (A4)")
        return .success
    }

    // MARK: - snapshot

    static let snapshot = Subcommand(
        specification: CommandSpecification(
            name: "snapshot", summary: "write a projection snapshot at the log's head",
            options: [OptionSpecification("--format", value: "FORMAT", help: "text (default) or json")],
            discussion: "Folds the log (from the newest good snapshot) and writes a snapshot at its head into "
                + "--snapshots DIR (default: snapshots beside the store, ./snapshots for ./events). Snapshots are disposable caches; see snapshots/README.md.")
    ) { invocation in
        let format = try invocation.format()
        let audit = try open(invocation)
        let entry = try audit.openReport.snapshotWritten.flatMap { $0.sequence == audit.head.sequence ? $0 : nil }
            ?? audit.writeSnapshot()
        let report = audit.openReport
        switch format {
        case .json:
            let snapshot = JSONOutput.Snapshot(
                eventsFolded: report.eventsFolded, fromSnapshot: report.snapshotUsed?.sequence, hash: audit.head.hash.hex,
                path: entry.path, problems: report.problems.map { .init(code: $0.code, message: $0.description, path: $0.path) },
                sequence: entry.sequence)
            invocation.output.print(try JSONOutput.line(snapshot))
        default:
            invocation.output.print("snapshot at \(audit.head) written to \(entry.path)")
            invocation.output.print("folded \(report.eventsFolded) events "
                + (report.snapshotUsed.map { "after the snapshot at \($0.sequence)" } ?? "from the start of the log"))
        }
        return .success
    }

    // MARK: - generate

    static let generate = Subcommand(
        specification: CommandSpecification(
            name: "generate", summary: "append a synthetic multi-year history to an empty ledger (demos, benchmarks)",
            options: [
                OptionSpecification("--events", value: "N", help: "about how many events to generate (required)"),
                OptionSpecification("--seed", value: "S", help: "the seed; the same seed gives the same history (default 1)"),
                OptionSpecification("--years", value: "Y", help: "over about how many years (default 8)"),
                LockWaitOption.specification,
            ],
            discussion: "Deterministic: identifiers and stock phrases only, no person. Refuses a ledger that already holds events.")
    ) { invocation in
        guard let countText = invocation.arguments.value("--events"), let count = Int(countText), count > 0 else {
            throw UsageError("--events N is required, a positive whole number", command: "generate")
        }
        let seedText = invocation.arguments.value("--seed") ?? "1"
        guard let seed = UInt64(seedText) else { throw UsageError("--seed must be a whole number; got '\(seedText)'", command: "generate") }
        let yearsText = invocation.arguments.value("--years") ?? "8"
        guard let years = Double(yearsText), years > 0, years <= 100 else {
            throw UsageError("--years must be a number of years above 0; got '\(yearsText)'", command: "generate")
        }
        var options = LedgerOptions()
        options.checkEncodingBeforeWrite = false
        options.lockWaitSeconds = try LockWaitOption.seconds(invocation)
        let clock = ManualClock(Instant(millisecondsSinceEpoch: 0))
        let ledger = try Ledger(directory: invocation.storeDirectory, options: options, clock: clock,
                                identifiers: SeededIdentifierGenerator(seed: seed))
        defer { ledger.close() }
        guard ledger.digest.sequence == 0 else {
            throw ToolFailure(code: .dataError, message: "\(invocation.storeDirectory) already holds \(ledger.digest.sequence) events; generate writes only into an empty ledger")
        }
        let generator = HistoryGenerator(configuration: .sized(eventCount: count, years: years, seed: seed))
        let appended = try generator.append(to: ledger, clock: clock, eventCount: count)
        invocation.output.print("generated \(appended) events (seed \(seed)) up to \(generator.currentDate); head \(ledger.digest)")
        return .success
    }

    // MARK: - Shared

    /// Opens the audit view, printing any snapshot problem on standard error.
    static func open(_ invocation: Invocation) throws -> AuditLedger {
        try checkIds(invocation)
        var interval = 10_000
        if let text = invocation.arguments.value("--snapshot-every")
            ?? ProcessInfo.processInfo.environment["CASELEDGER_SNAPSHOT_EVERY"] {
            guard let value = Int(text), value > 0 else {
                throw UsageError("--snapshot-every must be a positive whole number; got '\(text)'", command: invocation.command.name)
            }
            interval = value
        }
        var policy = Policy.children
        if let path = invocation.arguments.value("--policy") { policy = try Policy.profile(named: path) ?? Policy.load(path: path) }
        let audit = try AuditLedger(storeDirectory: invocation.storeDirectory, options: AuditLedger.Options(
            snapshotDirectory: invocation.snapshotDirectory, snapshotInterval: interval, defaultPolicy: policy,
            clock: try clock()))
        for problem in audit.openReport.problems {
            invocation.output.error("\(Tool.name) \(invocation.command.name): \(problem)")
        }
        // The process exits right after answering: tearing down a million facts would only cost time.
        _ = Unmanaged.passRetained(audit)
        return audit
    }

    /// Ids a query names (CASE, WORKER, `--team`) may be ones a legacy import stored, so they
    /// get the looser query rule (``IdentifierGrammar/queriedProblem(_:)``): no control
    /// character, at most 256 bytes; the answer quotes them back.
    static func checkIds(_ invocation: Invocation) throws {
        let named = [("the id", invocation.arguments.positional(0)), ("--team", invocation.arguments.value("--team"))]
        for case let (label, id?) in named where !id.isEmpty {
            if let problem = IdentifierGrammar.queriedProblem(id) {
                throw UsageError("\(label): \(problem)", command: invocation.command.name)
            }
        }
    }

    /// The system clock, or `CASELEDGER_NOW` (an instant) for reproducible runs.
    static func clock() throws -> any CaseLedger.Clock {
        guard let text = ProcessInfo.processInfo.environment["CASELEDGER_NOW"] else { return SystemClock() }
        do { return ManualClock(try DateArgument.parseInstant(text)) } catch {
            throw UsageError("CASELEDGER_NOW: \(error)")
        }
    }

    /// Parses --as-of and --as-known now (so a bad date is a usage error before any work) and
    /// fills the defaults once the ledger is open.
    ///
    /// On a demo's store (``DemoStoreMarker``) as-of defaults to the end of the demo's last
    /// simulated day rather than the clock: its history stops there, and "now" would make every
    /// waiting case hundreds of working days old. `--as-of` and `CASELEDGER_NOW` still win.
    static func queryTime(_ invocation: Invocation) throws -> (AuditLedger) -> QueryTime {
        let asOf = try instant(invocation, "--as-of", startOfDay: false) ?? demoDefaultAsOf(invocation)
        let asKnown = try instant(invocation, "--as-known", startOfDay: false)
        return { audit in audit.queryTime(asOf: asOf, asKnown: asKnown) }
    }

    /// The end of a demo store's last day, when as-of is not otherwise given.
    static func demoDefaultAsOf(_ invocation: Invocation) -> Instant? {
        guard ProcessInfo.processInfo.environment["CASELEDGER_NOW"] == nil,
              let marker = DemoStoreMarker.read(storeDirectory: invocation.storeDirectory)
        else { return nil }
        return LondonTime.endOfDay(marker.lastDay)
    }

    /// Runs a query, turning "no such case / worker / team" into a message with the closest
    /// known ids: a near miss such as `c01239` for `C01239` should cost one glance, not a search.
    static func suggestingIds<Answer>(_ audit: AuditLedger, _ query: () throws -> Answer) throws -> Answer {
        do {
            return try query()
        } catch let error as AuditError {
            let suggestions: [String]
            let listing: String
            switch error {
            case .unknownCase(let id): suggestions = audit.suggestions(forCase: id); listing = "caseledger cases"
            case .unknownWorker(let id): suggestions = audit.suggestions(forWorker: id); listing = "caseledger workers"
            case .unknownTeam(let id): suggestions = audit.suggestions(forTeam: id); listing = "caseledger teams"
            default: throw error
            }
            let hint = IdentifierSuggestions.sentence(suggestions) ?? "'\(listing)' lists them"
            throw ToolFailure(code: .dataError, message: "\(error); \(hint)")
        }
    }

    /// What `trail` and `breaches` read before asking: the period, `--as-of` as given (nil when
    /// absent: each question has its own default), the as-known time and the opened audit view,
    /// the options checked before the log is opened so a mistyped one costs no read.
    static func periodQuestion(_ invocation: Invocation) throws
        -> (from: Instant?, to: Instant?, asOf: Instant?, asKnown: Instant, audit: AuditLedger) {
        let (from, to) = try period(invocation)
        let time = try queryTime(invocation)
        let asOf = try instant(invocation, "--as-of", startOfDay: false)
        let audit = try open(invocation)
        return (from, to, asOf, time(audit).asKnown, audit)
    }

    static func period(_ invocation: Invocation) throws -> (Instant?, Instant?) {
        let from = try instant(invocation, "--from", startOfDay: true)
        let to = try instant(invocation, "--to", startOfDay: false)
        if let from, let to, from > to {
            throw UsageError("--from \(from) is after --to \(to)", command: invocation.command.name)
        }
        return (from, to)
    }

    static func instant(_ invocation: Invocation, _ option: String, startOfDay: Bool) throws -> Instant? {
        guard let text = invocation.arguments.value(option) else { return nil }
        if startOfDay, let date = try? DateArgument.parseDate(text) { return LondonTime.startOfDay(date) }
        do { return try DateArgument.parseInstant(text) } catch {
            throw UsageError("\(option): \(error)", command: invocation.command.name)
        }
    }

    static func print<Answer: Encodable>(_ answer: Answer, format: OutputFormat, invocation: Invocation,
                                         text: (Answer) -> String, csv: (Answer) -> String) {
        switch format {
        case .json: invocation.output.print(AuditFormatter.json(answer))
        case .csv:
            // CSV rows end in CRLF already; write them as they are.
            let table = csv(answer)
            invocation.output.flush()
            FileHandle.standardOutput.write(Data((invocation.arguments.has("--excel") ? CSVTable.excel(table) : table).utf8))
        default: invocation.output.print(text(answer))
        }
    }
}
