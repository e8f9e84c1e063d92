internal import CSHA256
import Foundation

extension SHA256 {
    /// A compression function that SHA-256 can run on.
    ///
    /// Every implementation produces the same digests; they differ only in speed and in which
    /// CPUs can run them. The choice is exposed so a benchmark or a report can say which one
    /// produced its numbers.
    public enum Implementation: Sendable, Hashable, CustomStringConvertible {
        /// The x86 SHA extensions (SHA-NI), through the package's `CSHA256` C target.
        ///
        /// Several times the portable implementation's throughput (seven times on the AMD EPYC
        /// it was measured on), on the x86-64 CPUs that have the instructions: Intel since
        /// Goldmont and Ice Lake, AMD since Zen.
        case x86SHAExtensions
        /// The pure-Swift compression function.
        ///
        /// Runs on every platform the toolchain supports, so it is the fallback wherever the
        /// hardware path is missing.
        case portableSwift

        /// The implementation's name as a person reads it, for bench output and reports.
        ///
        /// Bench figures embed it, so numbers from the two paths are never mistaken for each
        /// other.
        public var description: String {
            switch self {
            case .x86SHAExtensions: "x86 SHA extensions"
            case .portableSwift: "portable Swift"
            }
        }

        /// Whether this process's CPU can run the implementation.
        package var isAvailable: Bool {
            switch self {
            case .x86SHAExtensions: Self.cpuHasSHAExtensions
            case .portableSwift: true
            }
        }

        /// CPUID's answer, asked once: it cannot change while the process runs.
        private static let cpuHasSHAExtensions: Bool = csha256_x86_sha_extensions_available()

        /// The environment variable that forces the portable implementation when set to
        /// `portable`, so a whole test run or bench can exercise the fallback on a CPU with the
        /// extensions. `auto` (or unset) picks the fastest available.
        package static let environmentVariable = "CASELEDGER_SHA256"

        /// Picks the fastest implementation this CPU runs, unless `override` (the value of
        /// ``environmentVariable``) is `portable`.
        ///
        /// An unrecognised override is ignored rather than trapping, because a hash function
        /// must not refuse to run over a typo; the test suite checks the variable's spelling
        /// instead, so a CI step that means to force the fallback cannot pass vacuously.
        package static func select(override: String?) -> Implementation {
            if override == "portable" { return .portableSwift }
            return Implementation.x86SHAExtensions.isAvailable ? .x86SHAExtensions : .portableSwift
        }
    }

    /// The compression function that `SHA256()`, `hash` and `chain` use in this process.
    ///
    /// Chosen once, at first use, from the CPU's features (and ``Implementation/environmentVariable``),
    /// so hashing pays no feature test per block and the choice never changes mid-chain.
    public static let implementation: Implementation = Implementation.select(
        override: getenv(Implementation.environmentVariable).map { String(cString: $0) })

    /// Applies the compression function to `count` consecutive 64-byte blocks at `blocks`,
    /// with an explicitly chosen implementation.
    ///
    /// Lets tests and benchmarks run both paths in one process; everything else goes through
    /// ``compress(_:blocks:count:)``.
    @inline(__always)
    package static func compress(_ state: inout State, blocks: UnsafeRawPointer, count: Int, using implementation: Implementation) {
        switch implementation {
        case .x86SHAExtensions: compressWithSHAExtensions(&state, blocks: blocks, count: count)
        case .portableSwift: compressPortably(&state, blocks: blocks, count: count)
        }
    }

    /// Runs the C compression function on the x86 SHA extensions.
    private static func compressWithSHAExtensions(_ state: inout State, blocks: UnsafeRawPointer, count: Int) {
        // A homogeneous tuple is laid out contiguously, which gives C the uint32_t[8] it
        // expects; the named fields of `State` carry no such guarantee.
        var words = (state.h0, state.h1, state.h2, state.h3, state.h4, state.h5, state.h6, state.h7)
        withUnsafeMutablePointer(to: &words) { tuple in
            tuple.withMemoryRebound(to: UInt32.self, capacity: 8) { first in
                csha256_compress_x86_sha_extensions(first, blocks, count)
            }
        }
        state = State(h0: words.0, h1: words.1, h2: words.2, h3: words.3,
                      h4: words.4, h5: words.5, h6: words.6, h7: words.7)
    }
}
