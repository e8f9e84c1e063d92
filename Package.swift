// swift-tools-version:6.0
import PackageDescription

// CaseLedger depends on nothing beyond the Swift toolchain: a records system kept for
// decades must not inherit a supply chain: declare no package dependencies here.
//
// One target per layer, each depending only on the layers below it (README, "Layers"), so a
// use in the wrong direction does not compile. The store knows bytes, not meanings: it does
// not import LedgerEvents.
let package = Package(
    name: "CaseLedger",
    platforms: [.macOS(.v15)],
    products: [
        // What a host application uses: the umbrella re-exports the layers (as swift-collections'
        // `Collections` does); each layer can also be imported on its own.
        .library(name: "CaseLedger", targets: ["CaseLedger"]),
        .executable(name: "caseledger", targets: ["caseledger"]),
    ],
    targets: [
        // The SHA-256 compression function on the CPU's SHA instructions: our own C, not a
        // dependency (as swift-system keeps CSystem). Swift cannot name the instructions, and
        // hashing every byte in and out is the largest share of verify's and rebuild's CPU.
        // No cSettings: the code opts into the instructions per function and checks CPUID.
        .target(name: "CSHA256"),
        // Time, hashing, the JSON codec, text escaping and the clock and id seams: what every
        // layer shares, knowing nothing of logs or cases.
        .target(name: "LedgerSupport", dependencies: ["CSHA256"]),
        // Bytes, frames, hashes, segments, recovery, the Merkle sidecar. Event types, roles and
        // streams are opaque strings here.
        .target(name: "LedgerStore", dependencies: ["LedgerSupport"]),
        // The event vocabulary: event types, their codec and upcasting, envelopes.
        .target(name: "LedgerEvents", dependencies: ["LedgerStore", "LedgerSupport"]),
        // The one model: the fold, the policy rules, deciding commands, projections and snapshots.
        .target(name: "LedgerDomain", dependencies: ["LedgerEvents", "LedgerStore", "LedgerSupport"]),
        // Questions about the past and their reports (text, CSV, HTML, JSON, evidence packs).
        .target(name: "LedgerAudit", dependencies: ["LedgerDomain", "LedgerEvents", "LedgerStore", "LedgerSupport"]),
        // Backfilling history from legacy exports.
        .target(name: "LedgerImport", dependencies: ["LedgerDomain", "LedgerEvents", "LedgerStore", "LedgerSupport"]),
        // The statutory returns (SSDA903 social worker episodes, Annex A, the workforce census),
        // joining the audit's answers with the case management system's own tables.
        .target(
            name: "LedgerReturns",
            dependencies: ["LedgerAudit", "LedgerDomain", "LedgerEvents", "LedgerImport", "LedgerStore", "LedgerSupport"]
        ),
        // The umbrella a host application imports.
        .target(
            name: "CaseLedger",
            dependencies: [
                "LedgerAudit", "LedgerDomain", "LedgerEvents", "LedgerImport", "LedgerReturns", "LedgerStore", "LedgerSupport",
            ]
        ),
        // The demo authority, the history generator and the benchmarks: not library, used by the
        // command line only. It reads the returns' vocabulary to write the CMS side of its return.
        .target(
            name: "LedgerSimulation",
            dependencies: ["LedgerAudit", "LedgerDomain", "LedgerEvents", "LedgerImport", "LedgerReturns", "LedgerStore", "LedgerSupport"]
        ),
        .executableTarget(
            name: "caseledger",
            dependencies: ["CaseLedger", "LedgerSimulation"]
        ),
        // A child process for crash, lock and concurrent-reader tests: they need a real
        // second process to kill or contend with. Not a product; never shipped.
        .executableTarget(
            name: "LedgerTestHost",
            dependencies: ["CaseLedger", "LedgerSimulation"]
        ),
        .testTarget(
            name: "CaseLedgerTests",
            dependencies: ["CaseLedger", "LedgerSimulation", "caseledger", "LedgerTestHost"],
            resources: [.copy("Resources")]
        ),
    ],
    swiftLanguageModes: [.v6]
)
