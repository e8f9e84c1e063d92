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

/// ``LedgerJSONEncoder`` must write exactly the bytes Foundation's `JSONEncoder` writes with the
/// ledger's settings: stored payloads are hashed.
@Suite("LedgerJSONEncoder: byte agreement with Foundation")
struct LedgerJSONEncoderTests {
    let encoder = LedgerJSONEncoder()
    let reference = CodecTestSupport.foundationEncoder

    func expectSameBytes<Value: Encodable>(_ value: Value, _ comment: @autoclosure () -> String = "",
                                           sourceLocation: SourceLocation = #_sourceLocation) throws {
        let expected = [UInt8](try reference.encode(value))
        let actual = try encoder.encode(value)
        #expect(
            actual == expected,
            "\(comment())\n expected \(String(decoding: expected, as: UTF8.self))\n actual   \(String(decoding: actual, as: UTF8.self))",
            sourceLocation: sourceLocation)
    }

    @Test("every event sample", arguments: EventSampleCase.all)
    func eventSamples(sample: EventSampleCase) throws {
        let expected = [UInt8](try sample.event.encodeData(using: reference))
        var actual: [UInt8] = []
        try sample.event.encodeData(into: &actual, using: encoder)
        #expect(actual == expected, "\(String(decoding: actual, as: UTF8.self))")
    }

    @Test("appending into a caller's buffer keeps what was there")
    func appendsIntoBuffer() throws {
        var buffer = Array("prefix:".utf8)
        try encoder.encode(["a": 1], into: &buffer)
        #expect(String(decoding: buffer, as: UTF8.self) == #"prefix:{"a":1}"#)
        #expect(try encoder.encodeData(["a": 1]) == Data(#"{"a":1}"#.utf8))
    }

    @Test("every code point from U+0000 to U+3000, and a random sample above, escapes as Foundation escapes it")
    func everyCodePoint() throws {
        var scalars = (0...0x3000).compactMap(Unicode.Scalar.init)
        let seed = CodecTestSupport.seed("code points")
        var random = SeededRandomNumberGenerator(seed: seed)
        for _ in 0..<4000 {
            if let scalar = Unicode.Scalar(UInt32(0x3001 + random.next() % (0x11_0000 - 0x3001))) { scalars.append(scalar) }
        }
        scalars += [0xFFFF, 0x1_0000, 0x10_FFFF, 0xE000].compactMap(Unicode.Scalar.init)
        var mismatches: [String] = []
        for scalar in scalars {
            let text = String(Character(scalar))
            if try encoder.encode(text) != [UInt8](try reference.encode(text)) {
                mismatches.append("U+" + String(scalar.value, radix: 16, uppercase: true))
            }
        }
        #expect(mismatches.isEmpty, "seed \(seed): \(mismatches.prefix(20))")
        // All of them in one string too, crossing the eight-byte fast path at every alignment.
        var all = String.UnicodeScalarView()
        all.append(contentsOf: scalars)
        try expectSameBytes(String(all), "seed \(seed)")
    }

    @Test("strings of every length up to 40 with one awkward byte at every position")
    func escapeAtEveryPosition() throws {
        for length in 0...40 {
            for position in 0..<max(length, 1) {
                for special in ["\"", "\\", "\n", "\u{1}", "\u{1F}", "/", "é", "\u{7F}", "😀"] {
                    var characters = Array(repeating: Character("a"), count: length)
                    if length > 0 { characters[position] = Character(special) }
                    try expectSameBytes(String(characters), "length \(length) position \(position)")
                }
            }
        }
    }

    @Test("randomized payloads with awkward text, optionals, nested arrays and odd keys")
    func randomizedPayloads() throws {
        let seed = CodecTestSupport.seed("encoder payloads")
        var random = SeededRandomNumberGenerator(seed: seed)
        for index in 0..<300 {
            try expectSameBytes(CodecTestPayload.random(&random, anyYear: true), "seed \(seed) payload \(index)")
        }
    }

    @Test("randomized events")
    func randomizedEvents() throws {
        let seed = CodecTestSupport.seed("encoder events")
        var random = SeededRandomNumberGenerator(seed: seed)
        for index in 0..<400 {
            let event = CodecTestSupport.randomEvent(&random, anyYear: true)
            let expected = [UInt8](try event.encodeData(using: reference))
            var actual: [UInt8] = []
            try event.encodeData(into: &actual, using: encoder)
            #expect(actual == expected, "seed \(seed) event \(index): \(String(decoding: actual, as: UTF8.self))")
        }
    }

    @Test("keys sort by their UTF-8 bytes, including non-ASCII, escaped and prefix keys")
    func keyOrder() throws {
        let keys = [
            "a10", "a9", "a2", "B", "a", "b", "A", "_x", "Z", "é", "e", "aa", "a_", "a-", "ab", "aB", "ß", "ss", "ａ", "1",
            "10", "02", "x1y", "x01y", "case", "caseId", "caseID", "\u{0}", "\u{1F}", "\"", "\\", "/", "a\u{308}b", "äa",
            "\u{1F600}", "\u{FFFF}", "\u{E000}", "", " ", "\u{7F}",
        ]
        try expectSameBytes(Dictionary(uniqueKeysWithValues: keys.enumerated().map { ($1, $0) }))
        let seed = CodecTestSupport.seed("key order")
        var random = SeededRandomNumberGenerator(seed: seed)
        for _ in 0..<100 {
            let dictionary = Dictionary(
                CodecTestSupport.randomList(&random, maximumCount: 12) { (CodecTestSupport.randomString(&$0, maximumLength: 5), 1) },
                uniquingKeysWith: { first, _ in first })
            try expectSameBytes(dictionary, "seed \(seed)")
        }
    }

    @Test("integers at their limits")
    func integers() throws {
        try expectSameBytes([Int.min, Int.max, 0, -1, 1, 9, 10, 99, 100])
        try expectSameBytes([UInt64.max, 0, 10_000_000_000_000_000_000])
        try expectSameBytes([Int8.min, Int8.max])
        try expectSameBytes([UInt8.max])
        try expectSameBytes([Int16.min, Int16.max])
        try expectSameBytes([UInt16.max])
        try expectSameBytes([Int32.min, Int32.max])
        try expectSameBytes([UInt32.max])
        try expectSameBytes([Int64.min, Int64.max])
        try expectSameBytes([UInt.max])
        try expectSameBytes([Int128.min, Int128.max])
        try expectSameBytes([UInt128.max])
        try expectSameBytes(true)
        try expectSameBytes(42)
        try expectSameBytes("top-level string")
        try expectSameBytes(Int?.none)
        try expectSameBytes([Int?.none, 1])
    }

    @Test("floating-point numbers as Foundation writes them, and its error for non-finite ones")
    func floatingPoint() throws {
        var doubles: [Double] = [
            0, -0.0, 1, -1, 0.1, 1.5, 100, 1e15, 1e16, 1e-7, 1e21, 123_456_789_012_345_680, .leastNonzeroMagnitude, .greatestFiniteMagnitude,
            .leastNormalMagnitude, 2.5, 1 / 3,
        ]
        let seed = CodecTestSupport.seed("doubles")
        var random = SeededRandomNumberGenerator(seed: seed)
        for _ in 0..<500 {
            let value = Double(bitPattern: random.next())
            if value.isFinite { doubles.append(value) }
        }
        try expectSameBytes(doubles, "seed \(seed)")
        try expectSameBytes(doubles.map { Float($0) }.filter(\.isFinite), "seed \(seed)")
        for bad in [Double.nan, .infinity, -.infinity] {
            #expect(throws: EncodingError.self) { try encoder.encode(["x": bad]) }
            #expect(throws: EncodingError.self) { try encoder.encode([bad]) }
        }
        let error = #expect(throws: EncodingError.self) { try encoder.encode(["x": [1, Double.nan]]) }
        if case .invalidValue(_, let context) = error {
            #expect(context.codingPath.map(\.stringValue) == ["x", "Index 1"])
            #expect(context.debugDescription.contains("Double.nan"))
        }
    }

    @Test("Data, URL, Decimal and Date are written as Foundation special-cases them")
    func foundationTypes() throws {
        try expectSameBytes(["data": Data([0, 1, 2, 255, 254])])
        try expectSameBytes([Data()])
        try expectSameBytes([URL(string: "https://example.org/a b?c=d&e=é#f")].compactMap { $0 })
        try expectSameBytes([Decimal(string: "12.50"), Decimal(string: "-0.0001"), Decimal(0)].compactMap { $0 })
        try expectSameBytes([Date(timeIntervalSinceReferenceDate: 12.5), Date(timeIntervalSince1970: 0)])
    }

    @Test("instants and dates in every year, including those outside 0000...9999")
    func instantsAndDates() throws {
        let seed = CodecTestSupport.seed("instants")
        var random = SeededRandomNumberGenerator(seed: seed)
        var instants = [Int64.min / 2, -62_167_219_200_001, -62_167_219_200_000, 0, -1, 253_402_300_799_999, 253_402_300_800_000]
            .map(Instant.init(millisecondsSinceEpoch:))
        for _ in 0..<2000 { instants.append(CodecTestSupport.randomInstant(&random, anyYear: true)) }
        try expectSameBytes(instants, "seed \(seed)")
        var dates = [-719_529, -719_528, 0, 2_932_896, 2_932_897].map { LocalDate(daysSinceEpoch: $0) }
        for _ in 0..<2000 { dates.append(CodecTestSupport.randomDate(&random, anyYear: true)) }
        try expectSameBytes(dates, "seed \(seed)")
    }

    // MARK: Encodable behaviours beyond synthesized code

    @Test("a value that encodes nothing is {} when nested and an error at the top level")
    func valueEncodingNothing() throws {
        try expectSameBytes(WrapsSilent())
        let error = #expect(throws: EncodingError.self) { try encoder.encode(Silent()) }
        if case .invalidValue(_, let context) = error {
            #expect(context.debugDescription == "Top-level Silent did not encode any values.")
        }
    }

    @Test("a key encoded twice keeps its last value; a reopened nested container keeps writing")
    func repeatedKeys() throws {
        try expectSameBytes(RepeatedKeys())
    }

    @Test("nested containers filled out of order, super encoders, and single values")
    func handWrittenContainers() throws {
        try expectSameBytes(HandWritten())
        try expectSameBytes([HandWritten(), HandWritten()])
    }

    @Test("a container kept after the call does not disturb later calls")
    func escapedContainer() throws {
        let escaper = Escaper()
        let first = try encoder.encode(escaper)
        #expect(String(decoding: first, as: UTF8.self) == #"{"a":1}"#)
        var escaped = try #require(escaper.box.container)
        try escaped.encode(99, forKey: .b)
        #expect(String(decoding: try encoder.encode(["z": 2]), as: UTF8.self) == #"{"z":2}"#)
    }

    @Test("concurrent calls on one encoder each get their own bytes")
    func concurrentUse() async throws {
        let encoder = self.encoder
        let samples = EventSamples.all
        let expected = try samples.map { [UInt8](try $0.encodeData(using: reference)) }
        try await withThrowingTaskGroup(of: Bool.self) { group in
            for _ in 0..<4 {
                group.addTask {
                    var allEqual = true
                    for _ in 0..<20 {
                        for (event, bytes) in zip(samples, expected) {
                            var actual: [UInt8] = []
                            try event.encodeData(into: &actual, using: encoder)
                            allEqual = allEqual && actual == bytes
                        }
                    }
                    return allEqual
                }
            }
            for try await allEqual in group { #expect(allEqual) }
        }
    }
}

private struct Silent: Encodable {
    func encode(to encoder: any Encoder) throws {}
}

private struct WrapsSilent: Encodable {
    var silent = Silent()
    var silentList = [Silent(), Silent()]
    var silentOptional: Silent? = Silent()
}

private struct DynamicKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(_ text: String) { stringValue = text }
    init?(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}

private struct RepeatedKeys: Encodable {
    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: DynamicKey.self)
        try container.encode(1, forKey: DynamicKey("b"))
        try container.encode("first", forKey: DynamicKey("a"))
        try container.encode(3, forKey: DynamicKey("b"))
        var nested = container.nestedContainer(keyedBy: DynamicKey.self, forKey: DynamicKey("n"))
        try nested.encode(1, forKey: DynamicKey("y"))
        var again = container.nestedContainer(keyedBy: DynamicKey.self, forKey: DynamicKey("n"))
        try again.encode(2, forKey: DynamicKey("x"))
        var list = container.nestedUnkeyedContainer(forKey: DynamicKey("l"))
        try list.encode(1)
        var listAgain = container.nestedUnkeyedContainer(forKey: DynamicKey("l"))
        try listAgain.encode(2)
        // Asking the encoder for its keyed container again gives the same object.
        var same = encoder.container(keyedBy: DynamicKey.self)
        try same.encode(true, forKey: DynamicKey("c"))
    }
}

private struct HandWritten: Encodable {
    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: DynamicKey.self)
        var nested = container.nestedContainer(keyedBy: DynamicKey.self, forKey: DynamicKey("z"))
        var list = container.nestedUnkeyedContainer(forKey: DynamicKey("m"))
        try container.encode("after", forKey: DynamicKey("a"))
        try nested.encode(1, forKey: DynamicKey("k"))
        try list.encode("one")
        var inner = list.nestedContainer(keyedBy: DynamicKey.self)
        var innerList = list.nestedUnkeyedContainer()
        try list.encodeNil()
        try inner.encode(false, forKey: DynamicKey("q"))
        try innerList.encode(-5)
        let superEncoder = container.superEncoder()
        var superContainer = superEncoder.container(keyedBy: DynamicKey.self)
        try superContainer.encode("base", forKey: DynamicKey("s"))
        let keyedSuper = container.superEncoder(forKey: DynamicKey("parent"))
        var single = keyedSuper.singleValueContainer()
        try single.encode(12)
        let listSuper = list.superEncoder()
        try list.encode("after super")
        var listSuperSingle = listSuper.singleValueContainer()
        try listSuperSingle.encode("super element")
        _ = list.superEncoder()
        try container.encodeNil(forKey: DynamicKey("nothing"))
        try container.encode(Int8(-8), forKey: DynamicKey("i8"))
        try container.encode(UInt16(16), forKey: DynamicKey("u16"))
        try container.encode(Float(1.5), forKey: DynamicKey("f"))
        try container.encode([1.25, 2], forKey: DynamicKey("doubles"))
        try container.encodeIfPresent(String?.none, forKey: DynamicKey("absent"))
        try container.encodeIfPresent(Instant(millisecondsSinceEpoch: 1), forKey: DynamicKey("instant"))
        #expect(list.count >= 5)
        #expect(nested.codingPath.map(\.stringValue).last == "z")
        #expect(inner.codingPath.map(\.stringValue).suffix(2) == ["m", "Index 1"])
    }
}

/// Keeps its keyed container after `encode(to:)` returns, which Codable does not forbid.
private final class EscapedContainerBox: @unchecked Sendable {
    var container: KeyedEncodingContainer<Escaper.Keys>?
}

private struct Escaper: Encodable {
    enum Keys: String, CodingKey { case a, b }
    let box = EscapedContainerBox()

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Keys.self)
        try container.encode(1, forKey: .a)
        box.container = container
    }
}
