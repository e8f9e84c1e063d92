import CaseLedger
import Foundation
import LedgerSimulation

/// `demo`: builds a realistic authority in an empty store, deterministically from a seed, and
/// answers three questions about it.
enum DemoCommand {
    static var all: [Subcommand] { [demo] }

    static let demo = Subcommand(
        specification: CommandSpecification(
            name: "demo", summary: "build a realistic demo authority in an empty store and answer three questions",
            options: [
                OptionSpecification("--seed", value: "N", help: "seed for every choice the demo makes (default 1)"),
                OptionSpecification("--years", value: "Y", help: "years of history from 2023-01-02, 1 to 10 (default 3)"),
                OptionSpecification("--teams", value: "T", help: "teams, children's and adults', 2 to 20 (default 6)"),
                OptionSpecification("--workers", value: "W", help: "practitioners at the start, 10 to 500 (default 60)"),
            ],
            discussion: """
                Simulates every working day through the domain commands and the Decider: referrals \
                and decisions, allocations within policy (and overrides with a justification when a \
                case cannot wait), co-allocations, transfers, closures, re-referrals, leave, sickness, \
                departures and reallocations, unallocated cases with their letters, monitoring, \
                reviews and escalations, and next-day retractions. Each day is one batch. The same \
                seed writes the same bytes. The store must be empty: the demo never writes into a \
                ledger that already holds events. --policy picks the policy the authority adopts \
                (default: the built-in children's profile).
                """)
    ) { invocation in
        let configuration = DemoConfiguration(
            seed: UInt64(try integer(invocation, "--seed", default: 1, range: 0...Int.max)),
            years: try integer(invocation, "--years", default: 3, range: DemoConfiguration.yearsRange),
            teams: try integer(invocation, "--teams", default: 6, range: DemoConfiguration.teamsRange),
            workers: try integer(invocation, "--workers", default: 60, range: DemoConfiguration.workersRange),
            policy: try PolicyOption.policy(invocation))
        let directory = invocation.storeDirectory
        let careRecordsDirectory = DemoCareRecords.directory(forStore: directory)
        // Checked before the simulation's minutes, not after: the CMS side is written only as new files.
        let careRecordPaths = DemoCareRecords.paths(
            in: careRecordsDirectory, years: DemoCareRecords.collectionYears(from: configuration.startDate, through: configuration.lastDay))
        if let existing = careRecordPaths.first(where: { FileManager.default.fileExists(atPath: $0) }) {
            throw ToolFailure(code: .dataError, message: DemoError.careRecordsExist(path: existing).description)
        }
        let isTerminal = isatty(STDERR_FILENO) != 0
        // On a terminal, say at once what is happening and keep a live line: a silent pause of
        // seconds reads as a hang to someone trying the tool for the first time.
        if isTerminal {
            FileHandle.standardError.write(Data("caseledger demo: simulating \(configuration.years) year\(configuration.years == 1 ? "" : "s") of an authority (\(configuration.teams) teams, \(configuration.workers) practitioners) into \(directory)\n".utf8))
        }
        var lastDate: LocalDate?
        let progress: ((DemoProgress) -> Void)? = isTerminal ? { step in
            guard step.date != lastDate else { return }
            lastDate = step.date
            FileHandle.standardError.write(Data("\rcaseledger demo: day \(step.date) of \(step.lastDay), \(step.eventCount) events ".utf8))
        } : nil
        let summary: DemoSummary
        do throws(DemoError) {
            summary = try DemoAuthority.build(configuration, in: directory, progress: progress)
        } catch {
            if isTerminal { FileHandle.standardError.write(Data("\n".utf8)) }
            switch error {
            case .storeNotEmpty, .invalidConfiguration, .batchRefused, .unreadable, .careRecordsExist:
                throw ToolFailure(code: .dataError, message: error.description)
            case .ledger(let ledgerError):
                throw ledgerError
            }
        }
        if isTerminal { FileHandle.standardError.write(Data("\ncaseledger demo: answering three questions from the log\n".utf8)) }
        let answers: DemoAnswers
        let careRecords: DemoCareRecords
        do throws(DemoError) {
            let ledger = try DemoAnswers.openLedger(directory, policy: configuration.policy)
            answers = try DemoAnswers(questions: summary.questions, ledger: ledger)
            careRecords = DemoCareRecords.build(from: ledger, seed: configuration.seed, lastDay: summary.lastDay)
            _ = try careRecords.write(to: careRecordsDirectory, firstDay: configuration.startDate)
        } catch {
            if case .ledger(let ledgerError) = error { throw ledgerError }
            throw ToolFailure(code: .dataError, message: error.description)
        }
        let storePath = URL(fileURLWithPath: directory).standardizedFileURL.path
        var report = DemoReport(summary: summary, answers: answers, storePath: storePath)
        report.careRecords = careRecords
        report.careRecordsDirectory = careRecordsDirectory
        if invocation.arguments.value("--store") != nil || ProcessInfo.processInfo.environment["CASELEDGER_STORE"] != nil {
            report.storeArgument = " --store \(storePath)"
        }
        invocation.output.print(report.lines.joined(separator: "\n"))
        return .success
    }

    static func integer(_ invocation: Invocation, _ name: String, default value: Int,
                        range: ClosedRange<Int>) throws(UsageError) -> Int {
        guard let text = invocation.arguments.value(name) else { return value }
        guard let number = Int(text), range.contains(number) else {
            let bounds = range.upperBound == Int.max ? "a whole number from \(range.lowerBound)" : "\(range.lowerBound) to \(range.upperBound)"
            throw UsageError("\(name) must be \(bounds); got '\(text)'", command: invocation.command.name)
        }
        return number
    }
}
