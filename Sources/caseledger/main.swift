#if canImport(Glibc)
import Glibc
#endif
import CaseLedger
import LedgerSimulation

// The command is thin: parse, call the library, print, map errors to exit codes.
let code = Tool.run(Array(CommandLine.arguments.dropFirst()))
exit(code.rawValue)
