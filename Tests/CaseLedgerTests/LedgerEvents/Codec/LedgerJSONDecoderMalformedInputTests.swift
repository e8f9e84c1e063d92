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

/// Broken input must become a `DecodingError`, never a crash or a wrong value.
@Suite("LedgerJSONDecoder: malformed input")
struct LedgerJSONDecoderMalformedInputTests {
    let decoder = LedgerJSONDecoder()

    /// Whether decoding `text` as `Value` throws a `DecodingError`; records anything else.
    func expectDecodingError<Value: Decodable>(
        _ type: Value.Type, _ bytes: [UInt8], _ comment: String, sourceLocation: SourceLocation = #_sourceLocation
    ) {
        do {
            let value = try decoder.decode(type, from: bytes)
            Issue.record("decoded \(value) from \(comment)", sourceLocation: sourceLocation)
        } catch is DecodingError {
        } catch {
            Issue.record("\(comment) threw \(error), not a DecodingError", sourceLocation: sourceLocation)
        }
    }

    @Test("every event sample cut short at every byte offset", arguments: EventSampleCase.all)
    func truncatedSamples(sample: EventSampleCase) throws {
        let bytes = [UInt8](try sample.event.encodeData(using: CodecTestSupport.foundationEncoder))
        for length in 0..<bytes.count {
            let prefix = Array(bytes[..<length])
            let result = prefix.withUnsafeBytes { buffer in
                Result { () throws(EventDecodingError) -> LedgerEvent in
                    try LedgerEvent.decodeData(
                        type: sample.event.typeName, schemaVersion: sample.event.schemaVersion, bytes: buffer, using: decoder)
                }
            }
            guard case .failure(.malformedData) = result else {
                Issue.record("prefix of \(length) bytes gave \(result)")
                continue
            }
        }
    }

    @Test("syntax errors", arguments: [
        "", " ", "{", "}", "[", "]", "{]", "[}", "{\"a\":1", "{\"a\":1,}", "[1,]", "[,1]", "{,}", "{\"a\"}", "{\"a\":}",
        "{\"a\" 1}", "{a:1}", "{'a':1}", "[1 2]", "[1,,2]", "{\"a\":1}{}", "{\"a\":1}x", "{\"a\":1} 1", "{\"a\":1}\u{0}",
        "tru", "truee", "nul", "nulll", "fals", "True", "NULL", "undefined", "NaN", "Infinity", "-Infinity",
        "01", "-01", "00", "1.", ".5", "-", "+1", "1e", "1e+", "1E-", "0x10", "1_000", "--1", "1.2.3", "- 1",
        "\"abc", "\"\\\"", "\"\\x\"", "\"\\u12\"", "\"\\u12G4\"", "\"\\U0041\"", "\"\\ud800\"", "\"\\udc00\"",
        "\"\\ud800\\u0041\"", "\"\\ud800\\ud800\"", "\"\\ud800x\"", "\"\\ud800\\\"", "\"\\udbff\\udbff\"",
        "\"\u{0}\"", "\"\u{1F}\"", "\"\n\"", "\"\t\"", "\"\r\"", "[\"a\"\"b\"]", "{\"a\":1 \"b\":2}",
        "/* comment */ 1", "1 // comment",
    ])
    func syntaxErrors(text: String) {
        expectDecodingError(AnyJSON.self, Array(text.utf8), text.debugDescription)
        // Foundation refuses them too, except trailing commas, which it accepts (a documented
        // difference: they are not JSON, and the ledger never writes them).
        if !["{\"a\":1,}", "[1,]"].contains(text) {
            #expect(throws: DecodingError.self) { try CodecTestSupport.foundationDecoder.decode(AnyJSON.self, from: Data(text.utf8)) }
        }
    }

    @Test("invalid UTF-8 inside strings and outside them")
    func invalidUTF8() throws {
        let cases: [[UInt8]] = [
            [0x22, 0xFF, 0x22], [0x22, 0xC0, 0xAF, 0x22], [0x22, 0xC3, 0x22], [0x22, 0xE2, 0x82, 0x22],
            [0x22, 0xED, 0xA0, 0x80, 0x22], [0x22, 0xF4, 0x90, 0x80, 0x80, 0x22], [0x22, 0xF8, 0x88, 0x80, 0x80, 0x80, 0x22],
            [0x22, 0xE0, 0x80, 0x80, 0x22], [0x22, 0xF0, 0x80, 0x80, 0x80, 0x22], [0x22, 0x80, 0x22], [0x22, 0xC3],
            [0xC3, 0xA9], [0x5B, 0xC3, 0xA9, 0x5D], [0xFE, 0xFF, 0x00, 0x31], [0xEF, 0xBB],
        ]
        for bytes in cases {
            expectDecodingError(AnyJSON.self, bytes, "\(bytes)")
        }
        // Every valid sequence length still works.
        let valid: [UInt8] = [0x22, 0x7F, 0xC2, 0x80, 0xDF, 0xBF, 0xE0, 0xA0, 0x80, 0xED, 0x9F, 0xBF, 0xEE, 0x80, 0x80,
                              0xF0, 0x90, 0x80, 0x80, 0xF4, 0x8F, 0xBF, 0xBF, 0x22]
        #expect(try decoder.decode(String.self, from: valid) == String(decoding: valid.dropFirst().dropLast(), as: UTF8.self))
    }

    @Test("nesting up to 512 deep is accepted; deeper is refused without exhausting the stack")
    func depthLimit() throws {
        func nested(_ depth: Int) -> [UInt8] {
            Array(String(repeating: "[", count: depth).utf8) + Array(String(repeating: "]", count: depth).utf8)
        }
        _ = try decoder.decode(AnyJSON.self, from: nested(512))
        expectDecodingError(AnyJSON.self, nested(513), "513 deep")
        #expect(throws: DecodingError.self) { try CodecTestSupport.foundationDecoder.decode(AnyJSON.self, from: Data(nested(513))) }
        expectDecodingError(AnyJSON.self, nested(1_000_000), "a million deep")
        expectDecodingError(AnyJSON.self, Array(String(repeating: "{\"a\":", count: 100_000).utf8), "a hundred thousand open objects")
        expectDecodingError(AnyJSON.self, Array(String(repeating: "[", count: 100_000).utf8), "a hundred thousand open arrays")
    }

    @Test("wrong types, nulls, missing keys and numbers that do not fit")
    func shapeErrors() throws {
        struct Shape: Decodable {
            var count: Int
            var big: UInt64
            var small: Int8
            var name: String
            var flag: Bool
            var list: [Int]
            var when: Instant
        }
        let valid = #"{"count":1,"big":2,"small":3,"name":"n","flag":true,"list":[1],"when":"2024-01-01T00:00:00.000Z"}"#
        _ = try decoder.decode(Shape.self, from: Array(valid.utf8))
        let replacements: [(String, String)] = [
            (#""count":1"#, #""count":9223372036854775808"#), (#""count":1"#, #""count":-9223372036854775809"#),
            (#""count":1"#, #""count":1.5"#), (#""count":1"#, #""count":1e400"#), (#""count":1"#, #""count":"1""#),
            (#""count":1"#, #""count":null"#), (#""count":1"#, #""count":[]"#), (#""count":1,"#, ""),
            (#""big":2"#, #""big":-1"#), (#""big":2"#, #""big":18446744073709551616"#),
            (#""big":2"#, #""big":99999999999999999999999999999999"#), (#""small":3"#, #""small":128"#),
            (#""small":3"#, #""small":-129"#), (#""name":"n""#, #""name":1"#), (#""name":"n""#, #""name":null"#),
            (#""flag":true"#, #""flag":1"#), (#""flag":true"#, #""flag":"true""#), (#""list":[1]"#, #""list":{}"#),
            (#""list":[1]"#, #""list":[1,"2"]"#), (#""list":[1]"#, #""list":[1,null]"#), (#""list":[1]"#, #""list":"[1]""#),
            (#""when":"2024-01-01T00:00:00.000Z""#, #""when":"2024-13-01T00:00:00.000Z""#),
            (#""when":"2024-01-01T00:00:00.000Z""#, #""when":"2024-01-01""#),
            (#""when":"2024-01-01T00:00:00.000Z""#, #""when":1704067200000"#),
        ]
        for (original, replacement) in replacements {
            let text = valid.replacingOccurrences(of: original, with: replacement)
            expectDecodingError(Shape.self, Array(text.utf8), text)
        }
        expectDecodingError(Shape.self, Array("[]".utf8), "an array for an object")
        expectDecodingError(Shape.self, Array("null".utf8), "null for an object")
        expectDecodingError([Shape].self, Array("{}".utf8), "an object for an array")
    }

    @Test("random byte soup and random mutations of samples never crash")
    func randomMutations() throws {
        let seed = CodecTestSupport.seed("mutations")
        var random = SeededRandomNumberGenerator(seed: seed)
        let samples = try EventSamples.all.map { ($0, [UInt8](try $0.encodeData(using: CodecTestSupport.foundationEncoder))) }
        let interesting: [UInt8] = Array("{}[]\",:\\u0123456789-+.eEtrufalsn \n".utf8) + [0x00, 0x1F, 0x7F, 0x80, 0xC3, 0xED, 0xF4, 0xFF]
        for _ in 0..<3000 {
            let (event, original) = samples[Int(random.next() % UInt64(samples.count))]
            var bytes = original
            for _ in 0..<(1 + Int(random.next() % 3)) {
                let position = Int(random.next() % UInt64(bytes.count))
                switch random.next() % 3 {
                case 0: bytes[position] = interesting[Int(random.next() % UInt64(interesting.count))]
                case 1: bytes.remove(at: position)
                default: bytes.insert(interesting[Int(random.next() % UInt64(interesting.count))], at: position)
                }
            }
            // Either it is still a payload of its type (decoded the same as Foundation decodes it)
            // or a typed error; never a crash.
            let ours = bytes.withUnsafeBytes { buffer in
                Result { () throws(EventDecodingError) -> LedgerEvent in
                    try LedgerEvent.decodeData(
                        type: event.typeName, schemaVersion: event.schemaVersion, bytes: buffer, using: decoder)
                }
            }
            if case .success(let value) = ours {
                let theirs = try? LedgerEvent.decodeData(
                    type: event.typeName, schemaVersion: event.schemaVersion, data: Data(bytes),
                    using: CodecTestSupport.foundationDecoder)
                #expect(theirs == value, "seed \(seed): \(String(decoding: bytes, as: UTF8.self))")
            }
        }
        for _ in 0..<2000 {
            let bytes = (0..<Int(random.next() % 40)).map { _ in interesting[Int(random.next() % UInt64(interesting.count))] }
            _ = try? decoder.decode(AnyJSON.self, from: bytes)
        }
    }
}

/// Any JSON value, decoded all the way down, so a test can make the decoder read everything.
indirect enum AnyJSON: Decodable, Equatable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([AnyJSON])
    case object([String: AnyJSON])

    init(from decoder: any Decoder) throws {
        if let object = try? decoder.container(keyedBy: AnyJSONKey.self) {
            var members: [String: AnyJSON] = [:]
            for key in object.allKeys { members[key.stringValue] = try object.decode(AnyJSON.self, forKey: key) }
            self = .object(members)
        } else if var array = try? decoder.unkeyedContainer() {
            var elements: [AnyJSON] = []
            while !array.isAtEnd { elements.append(try array.decode(AnyJSON.self)) }
            self = .array(elements)
        } else {
            let single = try decoder.singleValueContainer()
            if single.decodeNil() {
                self = .null
            } else if let bool = try? single.decode(Bool.self) {
                self = .bool(bool)
            } else if let number = try? single.decode(Double.self) {
                self = .number(number)
            } else {
                self = .string(try single.decode(String.self))
            }
        }
    }
}

struct AnyJSONKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init?(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}
