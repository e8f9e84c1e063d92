import Foundation
@testable import LedgerSupport
@testable import LedgerStore
@testable import LedgerEvents
@testable import LedgerDomain
@testable import LedgerAudit
@testable import LedgerImport
@testable import LedgerReturns
@testable import LedgerSimulation

/// Running the Python verifiers in `tools/` as real child processes.
enum EvidenceTestSupport {
    static var toolsDirectory: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().path + "/tools"
    }

    struct PythonResult {
        var status: Int32
        var output: String
    }

    /// `python3 arguments…`, standard output and error together.
    static func python(_ arguments: [String]) throws -> PythonResult {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3"] + arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return PythonResult(status: process.terminationStatus, output: output)
    }

    static func verifyPack(_ pack: String, checkpoint: String? = nil) throws -> PythonResult {
        try python([toolsDirectory + "/verify_pack.py", pack] + (checkpoint.map { [$0] } ?? []))
    }

    static func verifyConsistency(old: String, new: String, proof: String) throws -> PythonResult {
        try python([toolsDirectory + "/verify_consistency.py", old, new, proof])
    }

    static func write(_ text: String, to path: String) throws {
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
    }
}
