import CaseLedger
import LedgerSimulation

/// `--output FILE` / `--report FILE` and `--force`: every file the tool writes for a person goes
/// through ``SafeOutputFile``, never into the store or snapshot directory, never through a
/// symbolic link, never over an existing file without `--force`, always 0600.
enum OutputFileOption {
    static let force = OptionSpecification("--force", help: "replace the output file if it exists (never one inside the store or snapshots)")

    static func writer(_ invocation: Invocation) -> SafeOutputFile {
        SafeOutputFile(protectedDirectories: [invocation.storeDirectory, invocation.snapshotRoot, invocation.snapshotDirectory],
                       overwrites: invocation.arguments.has("--force"))
    }

    /// Refuses a bad path before the command does its work.
    static func check(_ path: String, option: String, invocation: Invocation) throws {
        do throws(OutputPathError) { try writer(invocation).check(path) } catch {
            throw failure(error, option: option, invocation: invocation)
        }
    }

    static func write(_ bytes: [UInt8], to path: String, option: String, invocation: Invocation) throws {
        // An answer that read a damaged or lying snapshot is discarded and answered again
        // (Tool.run): never put it in a file first.
        if let problem = SnapshotIntegrity.lateProblems.first {
            throw ToolFailure(code: .dataError, message: "\(path) not written: \(problem)")
        }
        do throws(OutputPathError) { try writer(invocation).write(bytes, to: path) } catch {
            throw failure(error, option: option, invocation: invocation)
        }
    }

    /// A path the person chose badly is a usage error (64); a file system failure is 73.
    static func failure(_ error: OutputPathError, option: String, invocation: Invocation) -> any Error {
        if case .io = error { return ToolFailure(code: .cannotCreate, message: "\(option): \(error)") }
        return UsageError("\(option): \(error)", command: invocation.command.name)
    }
}
