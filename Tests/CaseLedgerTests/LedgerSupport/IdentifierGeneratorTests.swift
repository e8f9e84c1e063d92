import Foundation
import Testing
@testable import LedgerSupport
@testable import LedgerStore
@testable import LedgerEvents
@testable import LedgerDomain
@testable import LedgerAudit
@testable import LedgerImport
@testable import LedgerReturns
@testable import LedgerSimulation

@Suite("Identifier generators")
struct IdentifierGeneratorTests {
    /// The seeded generator's original text, built through `String`s: ids in recorded
    /// transcripts and tests depend on it, so the fast writer must give the same text.
    static func referenceIdentifier(_ high: UInt64, _ low: UInt64) -> String {
        var bytes = [UInt8](repeating: 0, count: 16)
        for index in 0..<8 {
            bytes[index] = UInt8(truncatingIfNeeded: high >> (56 - 8 * UInt64(index)))
            bytes[8 + index] = UInt8(truncatingIfNeeded: low >> (56 - 8 * UInt64(index)))
        }
        bytes[6] = (bytes[6] & 0x0F) | 0x40
        bytes[8] = (bytes[8] & 0x3F) | 0x80
        let hex = bytes.map { String(format: "%02x", $0) }
        return hex[0..<4].joined() + "-" + hex[4..<6].joined() + "-" + hex[6..<8].joined() + "-"
            + hex[8..<10].joined() + "-" + hex[10..<16].joined()
    }

    @Test("seeded ids are the same text as before, for the same seed", arguments: [0, 7, 0xDEAD_BEEF] as [UInt64])
    func seededIdsUnchanged(seed: UInt64) {
        let generator = SeededIdentifierGenerator(seed: seed)
        var random = SeededRandomNumberGenerator(seed: seed)
        for _ in 0..<1_000 {
            let high = random.next()
            let low = random.next()
            #expect(generator.nextIdentifier() == Self.referenceIdentifier(high, low))
        }
    }

    @Test("random ids are lowercase version-4 UUID text")
    func randomIdsAreLowercaseUUIDs() throws {
        let generator = RandomIdentifierGenerator()
        var seen = Set<String>()
        for _ in 0..<200 {
            let id = generator.nextIdentifier()
            let uuid = try #require(UUID(uuidString: id))
            #expect(uuid.uuidString.lowercased() == id)
            #expect(Array(id)[14] == "4")
            seen.insert(id)
        }
        #expect(seen.count == 200)
    }
}
