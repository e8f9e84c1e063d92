import Testing
@testable import LedgerSupport
@testable import LedgerStore
@testable import LedgerEvents
@testable import LedgerDomain
@testable import LedgerAudit
@testable import LedgerImport
@testable import LedgerReturns
@testable import LedgerSimulation

@Suite("Imported event ids")
struct ImportedEventIdTests {
    @Test("an id reads back as written, whatever the involvement id holds", arguments: ["45056", "", "a.b.c", "ÉÉ-9", String(repeating: "x", count: 300)])
    func roundTrip(involvementId: String) throws {
        var random = SeededRandomNumberGenerator(seed: 5)
        for number in [1, 2, 255] {
            let words = SIMD8<UInt32>((0..<8).map { _ in UInt32(truncatingIfNeeded: random.next()) })
            let id = ImportedEventId(batchId: "84dca296e97f5b55", eventNumber: number, fingerprint: RowFingerprint(words: words),
                                     involvementId: involvementId)
            let read = try #require(ImportedEventId(text: id.text))
            #expect(read == id)
        }
    }

    @Test("text that is not an imported event id is refused", arguments: [
        "", "uuid-like-0000", "b.1.abc.x", "b..\(String(repeating: "0", count: 64)).x", "b.x.\(String(repeating: "0", count: 64)).x",
        "b.1.\(String(repeating: "0", count: 63)).x", "b.1.\(String(repeating: "g", count: 64)).x", "b.1.\(String(repeating: "0", count: 64))",
    ])
    func refusesOtherText(text: String) {
        #expect(ImportedEventId(text: text) == nil)
    }
}
