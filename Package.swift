// swift-tools-version:6.0
import PackageDescription

// CaseLedger depends on nothing beyond the Swift toolchain: a records system kept for
// decades must not inherit a supply chain: declare no package dependencies here.
let package = Package(
    name: "CaseLedger",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "CaseLedger", targets: ["CaseLedger"]),
        .executable(name: "caseledger", targets: ["caseledger"]),
    ],
    targets: [
        // The SHA-256 compression function on the CPU's SHA instructions: our own C, not a
        // dependency (as swift-system keeps CSystem). Swift cannot name the instructions, and
        // hashing every byte in and out is the largest share of verify's and rebuild's CPU.
        // No cSettings: the code opts into the instructions per function and checks CPUID.
        .target(name: "CSHA256"),
        .target(
            name: "CaseLedger",
            dependencies: ["CSHA256"]
        ),
        .executableTarget(
            name: "caseledger",
            dependencies: ["CaseLedger"]
        ),
        // A child process for crash, lock and concurrent-reader tests: they need a real
        // second process to kill or contend with. Not a product; never shipped.
        .executableTarget(
            name: "LedgerTestHost",
            dependencies: ["CaseLedger"]
        ),
        .testTarget(
            name: "CaseLedgerTests",
            dependencies: ["CaseLedger", "caseledger", "LedgerTestHost"],
            resources: [.copy("Resources")]
        ),
    ],
    swiftLanguageModes: [.v6]
)
