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

/// ``LedgerJSONDecoder`` must give the values Foundation's `JSONDecoder` gives, and the same
/// errors, for the JSON the ledger writes.
@Suite("LedgerJSONDecoder: agreement with Foundation")
struct LedgerJSONDecoderTests {
    let decoder = LedgerJSONDecoder()
    let encoder = LedgerJSONEncoder()
    let reference = CodecTestSupport.foundationDecoder

    @Test("every event sample decodes to the sample, as Foundation decodes it", arguments: EventSampleCase.all)
    func eventSamples(sample: EventSampleCase) throws {
        let event = sample.event
        let bytes = [UInt8](try event.encodeData(using: CodecTestSupport.foundationEncoder))
        let decoded = try bytes.withUnsafeBytes {
            try LedgerEvent.decodeData(type: event.typeName, schemaVersion: event.schemaVersion, bytes: $0, using: decoder)
        }
        let foundation = try LedgerEvent.decodeData(
            type: event.typeName, schemaVersion: event.schemaVersion, data: Data(bytes), using: reference)
        #expect(decoded == event)
        #expect(decoded == foundation)
        var again: [UInt8] = []
        try decoded.encodeData(into: &again, using: encoder)
        #expect(again == bytes, "re-encoding changed the bytes")
    }

    @Test("randomized payloads decode as Foundation decodes them, and round-trip")
    func randomizedPayloads() throws {
        let seed = CodecTestSupport.seed("decoder payloads")
        var random = SeededRandomNumberGenerator(seed: seed)
        for index in 0..<300 {
            let payload = CodecTestPayload.random(&random, anyYear: false)
            let bytes = try encoder.encode(payload)
            let decoded = try decoder.decode(CodecTestPayload.self, from: bytes)
            let foundation = try reference.decode(CodecTestPayload.self, from: Data(bytes))
            #expect(decoded == payload, "seed \(seed) payload \(index)")
            #expect(decoded == foundation, "seed \(seed) payload \(index)")
            #expect(try encoder.encode(decoded) == bytes, "seed \(seed) payload \(index)")
        }
    }

    @Test("randomized events decode as Foundation decodes them, and round-trip")
    func randomizedEvents() throws {
        let seed = CodecTestSupport.seed("decoder events")
        var random = SeededRandomNumberGenerator(seed: seed)
        for index in 0..<400 {
            let event = CodecTestSupport.randomEvent(&random, anyYear: false)
            var bytes: [UInt8] = []
            try event.encodeData(into: &bytes, using: encoder)
            let decoded = try bytes.withUnsafeBytes {
                try LedgerEvent.decodeData(type: event.typeName, schemaVersion: event.schemaVersion, bytes: $0, using: decoder)
            }
            #expect(decoded == event, "seed \(seed) event \(index)")
        }
    }

    @Test("whitespace between tokens and a UTF-8 byte order mark are accepted")
    func whitespaceAndByteOrderMark() throws {
        let text = " \n\t{ \"text\" : \"a\" ,\r\n \"list\" : [ 1 , 2 ] , \"empty\" : { } }\n "
        struct Shape: Decodable, Equatable {
            var text: String
            var list: [Int]
            var empty: [String: Int]
        }
        let expected = try reference.decode(Shape.self, from: Data(text.utf8))
        #expect(try decoder.decode(Shape.self, from: Array(text.utf8)) == expected)
        #expect(try decoder.decode(Shape.self, from: [0xEF, 0xBB, 0xBF] + Array(text.utf8)) == expected)
        #expect(try decoder.decode(Shape.self, from: Data(text.utf8)) == expected)
    }

    @Test("every code point from U+0000 to U+3000 and a random sample above, raw and as \\u escapes")
    func everyCodePoint() throws {
        var scalars = (0...0x3000).compactMap(Unicode.Scalar.init)
        let seed = CodecTestSupport.seed("decoder code points")
        var random = SeededRandomNumberGenerator(seed: seed)
        for _ in 0..<4000 {
            if let scalar = Unicode.Scalar(UInt32(0x3001 + random.next() % (0x11_0000 - 0x3001))) { scalars.append(scalar) }
        }
        var raw = [String]()
        var escapedUpper = "["
        var escapedLower = "["
        for scalar in scalars {
            raw.append(String(Character(scalar)))
            var units = ""
            for unit in String(Character(scalar)).utf16 {
                let hex = String(unit, radix: 16)
                units += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            }
            escapedLower += (escapedLower == "[" ? "" : ",") + "\"" + units + "\""
            escapedUpper += (escapedUpper == "[" ? "" : ",") + "\"" + units.uppercased().replacingOccurrences(of: "\\U", with: "\\u") + "\""
        }
        escapedLower += "]"
        escapedUpper += "]"
        let encoded = try encoder.encode(raw)
        #expect(try decoder.decode([String].self, from: encoded) == raw, "seed \(seed)")
        #expect(try decoder.decode([String].self, from: Array(escapedLower.utf8)) == raw, "seed \(seed)")
        #expect(try decoder.decode([String].self, from: Array(escapedUpper.utf8)) == raw, "seed \(seed)")
        #expect(try reference.decode([String].self, from: Data(escapedLower.utf8)) == raw, "seed \(seed)")
    }

    @Test("the short escapes, including \\/ which the encoder never writes")
    func shortEscapes() throws {
        let text = #"["\"\\\/\b\f\n\r\t", "a\u00e9\ud83d\ude00z", "\u2028\u0000"]"#
        #expect(try decoder.decode([String].self, from: Array(text.utf8)) == reference.decode([String].self, from: Data(text.utf8)))
    }

    @Test("keys are found whatever their order, escaping or length; duplicate keys keep the first value")
    func keyLookup() throws {
        struct Keys: Decodable, Equatable {
            var a: Int
            var ab: Int
            var abcdefghijklmnop: Int
            var b: Int?
        }
        for text in [
            #"{"abcdefghijklmnop":3,"ab":2,"a":1}"#,
            #"{"\u0061b":2,"\u0061":1,"abcdefghijklmno\u0070":3,"b":null}"#,
            #"{"a":1,"a":9,"ab":2,"abcdefghijklmnop":3}"#,
            #"{"z":{"a":7,"ab":7},"a":1,"ab":2,"abcdefghijklmnop":3,"x":[{"a":8}]}"#,
        ] {
            #expect(try decoder.decode(Keys.self, from: Array(text.utf8)) == reference.decode(Keys.self, from: Data(text.utf8)), "\(text)")
        }
    }

    @Test("numbers decode to the same integers and floating-point values as Foundation, or fail alike")
    func numbers() throws {
        let texts = [
            "0", "-0", "1", "-1", "127", "128", "-128", "-129", "255", "256", "32767", "65535", "2147483647", "4294967295",
            "9223372036854775807", "9223372036854775808", "-9223372036854775808", "-9223372036854775809",
            "18446744073709551615", "18446744073709551616", "99999999999999999999999", "-99999999999999999999999",
            "170141183460469231731687303715884105727", "340282366920938463463374607431768211455",
            "1.0", "1.5", "-1.0", "-0.0", "1e2", "1E2", "1e+2", "1e-2", "100e-2", "1.25e1", "12.5e-1", "1e400", "-1e400",
            "1e-400", "0e10", "0.0e-5", "1.0000000000000001", "9007199254740993.0", "9007199254740993.5",
            "9223372036854775807.0", "-9223372036854775808.0", "18446744073709551615.0", "123456789.000000001",
            "2.5e-324", "4.9e-324", "1.7976931348623157e308", "1.7976931348623159e308", "0.1", "3.4028235e38", "3.5e38",
        ]
        for text in texts {
            let bytes = Array("[\(text)]".utf8)
            let data = Data(bytes)
            func compare<Number: Decodable & Equatable>(_ type: Number.Type) {
                let ours = CodecTestSupport.outcome { try decoder.decode([Number].self, from: bytes) }
                let theirs = CodecTestSupport.outcome { try reference.decode([Number].self, from: data) }
                // Foundation reports a number that does not fit without a coding path; this
                // decoder names the element. Both must fail, or give the same value.
                let oursIsError = ours.hasPrefix("error dataCorrupted")
                let theirsIsError = theirs.hasPrefix("error dataCorrupted")
                if oursIsError || theirsIsError {
                    #expect(oursIsError && theirsIsError, "\(text) as \(Number.self): ours \(ours), Foundation \(theirs)")
                } else {
                    #expect(ours == theirs, "\(text) as \(Number.self)")
                }
            }
            compare(Int.self)
            compare(Int8.self)
            compare(UInt8.self)
            compare(Int16.self)
            compare(UInt32.self)
            compare(Int64.self)
            compare(UInt64.self)
            compare(UInt.self)
            compare(Int128.self)
            compare(UInt128.self)
            compare(Double.self)
            compare(Float.self)
            compare(Decimal.self)
        }
    }

    @Test("a number out of range names its field")
    func numberOutOfRangeNamesField() {
        struct Shape: Decodable { var count: UInt64 }
        let error = #expect(throws: DecodingError.self) { try decoder.decode(Shape.self, from: Array(#"{"count":-1}"#.utf8)) }
        guard case .dataCorrupted(let context) = error else {
            Issue.record("expected dataCorrupted, got \(String(describing: error))")
            return
        }
        #expect(context.codingPath.map(\.stringValue) == ["count"])
        #expect(context.debugDescription.contains("number"))
    }

    @Test("wrong types, nulls and missing keys throw Foundation's errors with the same paths and wording")
    func errorsMatchFoundation() throws {
        struct Inner: Decodable {
            var flag: Bool
            var count: Int
            var name: String
            var when: Instant
            var day: LocalDate
            var reason: AllocationReason
        }
        struct Outer: Decodable {
            var inner: Inner
            var list: [Inner]
            var optional: Int?
            var strings: [String]
            var numbers: [[Int]]
        }
        let valid = #"{"flag":true,"count":1,"name":"n","when":"2024-03-14T09:30:00.000Z","day":"2024-03-14","reason":"transfer"}"#
        func outer(_ inner: String, list: String = "[]", optional: String = "null", strings: String = "[]", numbers: String = "[]") -> String {
            #"{"inner":\#(inner),"list":\#(list),"optional":\#(optional),"strings":\#(strings),"numbers":\#(numbers)}"#
        }
        var cases = [
            outer(valid), outer(valid, list: "[\(valid),\(valid)]"), outer(valid, optional: "3"),
            outer(valid, optional: "\"3\""), outer(valid, optional: "true"), outer("null"), outer("[]"), outer("\"x\""), outer("1"),
            outer(valid, list: "null"), outer(valid, list: "{}"), outer(valid, list: "[null]"), outer(valid, list: "[1]"),
            outer(valid, strings: "[1]"), outer(valid, strings: "[null]"), outer(valid, strings: "[\"a\",{}]"),
            outer(valid, numbers: "[[1],[\"2\"]]"), outer(valid, numbers: "[[1],null]"), outer(valid, numbers: "[[1],[true]]"),
            #"{"list":[],"optional":null,"strings":[],"numbers":[]}"#, "[]", "null", "\"text\"", "12", "true", "{}",
        ]
        let fields: [(String, [String])] = [
            ("flag", ["1", "null", "\"true\"", "[]"]), ("count", ["true", "null", "\"1\"", "{}", "1.5"]),
            ("name", ["1", "null", "false", "[]", "{}"]),
            ("when", ["\"2024-03-14\"", "\"2024-03-14T09:30:00Z\"", "\"2024-03-14T09:30:00.000+01:00\"", "1", "null",
                      "\"2024-02-30T09:30:00.000Z\"", "\"2024-03-14T24:30:00.000Z\"", #""2024-03-14T09:30:00.000\u005a""#]),
            ("day", ["\"2024-02-30\"", "\"14/03/2024\"", "\"2024-03-14T00:00Z\"", "20240314", "null", #""2024-03-1\u0034""#]),
            ("reason", ["\"moon\"", "1", "null", "\"\""]),
        ]
        for (field, replacements) in fields {
            for replacement in replacements {
                let range = try #require(valid.range(of: #""\#(field)":[^,}]*"#, options: .regularExpression))
                let inner = valid.replacingCharacters(in: range, with: #""\#(field)":\#(replacement)"#)
                cases.append(outer(inner))
                cases.append(outer(valid, list: "[\(valid),\(inner)]"))
            }
            let missing = valid.replacingOccurrences(of: #""\#(field)":"#, with: #""other\#(field)":"#)
            cases.append(outer(missing))
        }
        for text in cases {
            let ours = CodecTestSupport.outcome { try decoder.decode(Outer.self, from: Array(text.utf8)) }
            let theirs = CodecTestSupport.outcome { try reference.decode(Outer.self, from: Data(text.utf8)) }
            #expect(ours.hasPrefix("value") == theirs.hasPrefix("value"), "\(text)\n ours \(ours)\n Foundation \(theirs)")
            // A number that does not fit is the one error Foundation reports without a path.
            if ours.hasPrefix("error"), !(theirs == "error dataCorrupted at " && ours.hasPrefix("error dataCorrupted")) {
                #expect(ours == theirs, "\(text)")
            }
        }
    }

    @Test("Data, URL, Decimal and Date decode as Foundation decodes them")
    func foundationTypes() throws {
        struct Shape: Codable, Equatable {
            var data: Data
            var url: URL
            var decimal: Decimal
            var date: Date
        }
        let value = Shape(
            data: Data([0, 1, 254, 255]), url: try #require(URL(string: "https://example.org/a%20b?c=é")),
            decimal: try #require(Decimal(string: "-12.5001")), date: Date(timeIntervalSinceReferenceDate: 1234.5))
        let bytes = try encoder.encode(value)
        #expect(try decoder.decode(Shape.self, from: bytes) == reference.decode(Shape.self, from: Data(bytes)))
        #expect(try decoder.decode(Shape.self, from: bytes) == value)
        for bad in [#"{"data":"!!","url":"u","decimal":1,"date":0}"#, #"{"data":"","url":"","decimal":1,"date":0}"#,
                    #"{"data":1,"url":"u","decimal":1,"date":0}"#, #"{"data":"","url":"u","decimal":"1","date":0}"#,
                    #"{"data":null,"url":"u","decimal":1,"date":0}"#, #"{"data":"","url":null,"decimal":null,"date":0}"#]
        {
            let ours = CodecTestSupport.outcome { try decoder.decode(Shape.self, from: Array(bad.utf8)) }
            let theirs = CodecTestSupport.outcome { try reference.decode(Shape.self, from: Data(bad.utf8)) }
            #expect(ours == theirs, "\(bad)")
        }
    }

    @Test("hand-written Decodable: nested containers, allKeys, contains, decodeNil, super decoders, array ends")
    func handWrittenDecodable() throws {
        let text = #"{"b":[1,null,"s",[2],{"k":3}],"a":{"x":1,"y":"two"},"super":{"s":5},"n":null,"parent":7,"x\u0079":1}"#
        let ours = CodecTestSupport.outcome { try decoder.decode(Probe.self, from: Array(text.utf8)) }
        let theirs = CodecTestSupport.outcome { try reference.decode(Probe.self, from: Data(text.utf8)) }
        #expect(ours == theirs)
        #expect(ours.hasPrefix("value"), "\(ours)")
    }

    @Test("a decoder kept after the call still reads its own input")
    func escapedDecoder() throws {
        let box = EscapedDecoderBox.shared
        var bytes = Array(#"{"a":"kept value","b":2}"#.utf8)
        _ = try decoder.decode(DecoderEscaper.self, from: bytes)
        // Overwrite the input and decode something else with the same decoder.
        bytes = Array(repeating: UInt8(ascii: "x"), count: bytes.count)
        _ = try decoder.decode([Int].self, from: Array("[1,2,3]".utf8))
        let container = try #require(box.container)
        #expect(try container.decode(String.self, forKey: .a) == "kept value")
        #expect(try container.decode(Int.self, forKey: .b) == 2)
        _ = bytes
    }

    @Test("concurrent calls on one decoder each read their own input")
    func concurrentUse() async throws {
        let decoder = self.decoder
        let samples = EventSamples.all
        let payloads = try samples.map { [UInt8](try $0.encodeData(using: CodecTestSupport.foundationEncoder)) }
        try await withThrowingTaskGroup(of: Bool.self) { group in
            for _ in 0..<4 {
                group.addTask {
                    var allEqual = true
                    for _ in 0..<20 {
                        for (event, bytes) in zip(samples, payloads) {
                            let decoded = try bytes.withUnsafeBytes {
                                try LedgerEvent.decodeData(
                                    type: event.typeName, schemaVersion: event.schemaVersion, bytes: $0, using: decoder)
                            }
                            allEqual = allEqual && decoded == event
                        }
                    }
                    return allEqual
                }
            }
            for try await allEqual in group { #expect(allEqual) }
        }
    }
}

private struct AnyKey: CodingKey {
    var stringValue: String
    var intValue: Int?
    init(_ text: String) { stringValue = text }
    init?(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) {
        stringValue = String(intValue)
        self.intValue = intValue
    }
}

/// Exercises the parts of the Decoder protocol that synthesized code does not, recording what it
/// saw so two decoders can be compared.
private struct Probe: Decodable, CustomStringConvertible {
    var log: [String] = []
    var description: String { log.joined(separator: " | ") }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: AnyKey.self)
        log.append("keys " + container.allKeys.map(\.stringValue).sorted().joined(separator: ","))
        log.append("contains a \(container.contains(AnyKey("a"))) zz \(container.contains(AnyKey("zz")))")
        log.append("nil n \(try container.decodeNil(forKey: AnyKey("n"))) parent \(try container.decodeNil(forKey: AnyKey("parent")))")
        log.append("ifPresent n \(String(describing: try container.decodeIfPresent(Int.self, forKey: AnyKey("n"))))")
        log.append("ifPresent missing \(String(describing: try container.decodeIfPresent(String.self, forKey: AnyKey("missing"))))")
        log.append("escaped key \(try container.decode(Int.self, forKey: AnyKey("xy")))")
        do {
            _ = try container.decodeNil(forKey: AnyKey("missing"))
        } catch {
            log.append(CodecTestSupport.summary(of: error))
        }
        let nested = try container.nestedContainer(keyedBy: AnyKey.self, forKey: AnyKey("a"))
        log.append("nested x \(try nested.decode(Int.self, forKey: AnyKey("x"))) path \(nested.codingPath.map(\.stringValue))")
        do {
            _ = try nested.decode(Int.self, forKey: AnyKey("y"))
        } catch {
            log.append(CodecTestSupport.summary(of: error))
        }
        var list = try container.nestedUnkeyedContainer(forKey: AnyKey("b"))
        log.append("count \(String(describing: list.count)) at end \(list.isAtEnd)")
        log.append("first \(try list.decode(Int.self)) index \(list.currentIndex)")
        log.append("nil \(try list.decodeNil()) index \(list.currentIndex)")
        log.append("not nil \(try list.decodeNil()) index \(list.currentIndex)")
        log.append("string \(try list.decode(String.self))")
        var inner = try list.nestedUnkeyedContainer()
        log.append("inner \(try inner.decode(Int.self)) path \(inner.codingPath.map(\.stringValue))")
        let innerKeyed = try list.nestedContainer(keyedBy: AnyKey.self)
        log.append("inner keyed \(try innerKeyed.decode(Int.self, forKey: AnyKey("k"))) path \(innerKeyed.codingPath.map(\.stringValue))")
        log.append("at end \(list.isAtEnd)")
        log.append("ifPresent at end \(String(describing: try list.decodeIfPresent(Int.self))) index \(list.currentIndex)")
        for attempt in 0..<4 {
            do {
                switch attempt {
                case 0: _ = try list.decode(Int.self)
                case 1: _ = try list.decodeNil()
                case 2: _ = try list.nestedUnkeyedContainer()
                default: _ = try list.superDecoder()
                }
            } catch {
                log.append(CodecTestSupport.summary(of: error))
            }
        }
        let superDecoder = try container.superDecoder()
        let superContainer = try superDecoder.container(keyedBy: AnyKey.self)
        log.append("super s \(try superContainer.decode(Int.self, forKey: AnyKey("s"))) path \(superDecoder.codingPath.map(\.stringValue))")
        let keyedSuper = try container.superDecoder(forKey: AnyKey("parent"))
        log.append("keyed super \(try keyedSuper.singleValueContainer().decode(Int.self))")
        let missingSuper = try container.superDecoder(forKey: AnyKey("absent"))
        log.append("missing super is nil \(try missingSuper.singleValueContainer().decodeNil())")
        do {
            _ = try container.nestedContainer(keyedBy: AnyKey.self, forKey: AnyKey("n"))
        } catch {
            log.append(CodecTestSupport.summary(of: error))
        }
        do {
            _ = try container.nestedUnkeyedContainer(forKey: AnyKey("a"))
        } catch {
            log.append(CodecTestSupport.summary(of: error))
        }
        do {
            _ = try container.nestedContainer(keyedBy: AnyKey.self, forKey: AnyKey("missing"))
        } catch {
            log.append(CodecTestSupport.summary(of: error))
        }
        let single = try decoder.singleValueContainer()
        log.append("single is nil \(single.decodeNil())")
        do {
            _ = try single.decode(String.self)
        } catch {
            log.append(CodecTestSupport.summary(of: error))
        }
    }
}

/// Keeps its keyed container after `init(from:)` returns, which Codable does not forbid.
private final class EscapedDecoderBox: @unchecked Sendable {
    static let shared = EscapedDecoderBox()
    var container: KeyedDecodingContainer<DecoderEscaper.Keys>?
}

private struct DecoderEscaper: Decodable {
    enum Keys: String, CodingKey { case a, b }

    init(from decoder: any Decoder) throws {
        EscapedDecoderBox.shared.container = try decoder.container(keyedBy: Keys.self)
    }
}
