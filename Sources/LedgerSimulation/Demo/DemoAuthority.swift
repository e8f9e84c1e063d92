import Foundation
import LedgerAudit
import LedgerDomain
import LedgerEvents
import LedgerImport
import LedgerStore
import LedgerSupport

/// Builds a realistic demo authority in an empty ledger directory, deterministically from a seed.
///
/// Why: a new user, a tester or an inspector needs years of believable history to try every
/// query on, and it must be made the way real history is made — through the domain commands and
/// the Decider, never by appending raw events — so the rules are seen refusing and overriding.
/// Each simulated working day is one batch (one fsync) recorded at the end of that day.
public enum DemoAuthority {
    /// Builds the history described by `configuration` in `directory` and returns what was built.
    ///
    /// Refuses a directory that already holds a ledger's segments: a demo is never mixed into a
    /// real ledger. `progress` is called after each simulated day.
    public static func build(_ configuration: DemoConfiguration, in directory: String,
                             progress: ((DemoProgress) -> Void)? = nil) throws(DemoError) -> DemoSummary {
        try configuration.validate()
        let segments: [SegmentFile]
        do {
            segments = POSIXFile.isDirectory(directory) ? try LogScanner.listSegments(in: directory) : []
        } catch {
            throw .ledger(.io(error))
        }
        if !segments.isEmpty {
            let count = (try? LedgerReader(directory: directory).read { _ in })?.head.sequence ?? 0
            throw .storeNotEmpty(directory: directory, eventCount: count)
        }
        if !POSIXFile.exists(directory) {
            // A demo store may be anywhere new, parents included.
            do {
                try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            } catch {
                throw .ledger(.io(IOFailure(operation: "mkdir", path: directory, errorNumber: EACCES)))
            }
        }
        let simulation = try DemoSimulation(configuration: configuration, directory: directory)
        let summary = try simulation.run(progress: progress)
        do throws(IOFailure) {
            try DemoStoreMarker(lastDay: summary.lastDay, seed: configuration.seed).write(storeDirectory: directory)
        } catch {
            throw .ledger(.io(error))
        }
        return summary
    }
}
