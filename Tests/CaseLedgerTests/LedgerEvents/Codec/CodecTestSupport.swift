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

/// Shared pieces of the codec tests: Foundation's codec as the reference, seeded random
/// payloads over awkward text, and comparisons of results and errors.
enum CodecTestSupport {
    static let foundationEncoder = LedgerEvent.makeLedgerEncoder()
    static let foundationDecoder = LedgerEvent.makeLedgerDecoder()

    /// The seed for randomized tests: `CODEC_TEST_SEED` when set (to replay a failure), else a
    /// fresh one. Tests print it and put it in every failure message.
    static func seed(_ label: String) -> UInt64 {
        let seed: UInt64
        if let text = ProcessInfo.processInfo.environment["CODEC_TEST_SEED"], let value = UInt64(text) {
            seed = value
        } else {
            seed = UInt64.random(in: 1...UInt64.max)
        }
        print("\(label): seed \(seed) (replay with CODEC_TEST_SEED=\(seed))")
        return seed
    }

    /// Code points that stress escaping and UTF-8: controls, quotes, backslash, slash, DEL,
    /// Latin-1, line and paragraph separators, BOM, noncharacters, combining marks, CJK, emoji.
    static let awkwardScalars: [Unicode.Scalar] = {
        var values: [UInt32] = Array(0x00...0x20) + [0x22, 0x2F, 0x5C, 0x7F, 0x80, 0x9F, 0xA0, 0xE9, 0xFF]
        values += [0x0301, 0x0308, 0x2028, 0x2029, 0x200D, 0xFEFF, 0xFFFD, 0xFFFE, 0xFFFF, 0x4E2D, 0xD7FF, 0xE000]
        values += [0x1_0000, 0x1_F600, 0x1_F469, 0x1_0FFFF, 0x10_FFFF]
        return values.compactMap(Unicode.Scalar.init)
    }()

    static func randomScalar(_ random: inout SeededRandomNumberGenerator) -> Unicode.Scalar {
        switch random.next() % 4 {
        case 0:
            return awkwardScalars[Int(random.next() % UInt64(awkwardScalars.count))]
        case 1:
            // Anywhere in Unicode outside the surrogates.
            while true {
                if let scalar = Unicode.Scalar(UInt32(random.next() % 0x11_0000)) { return scalar }
            }
        default:
            return Unicode.Scalar(UInt8(0x20 + random.next() % 0x5F))
        }
    }

    static func randomString(_ random: inout SeededRandomNumberGenerator, maximumLength: Int = 40) -> String {
        let length = Int(random.next() % UInt64(maximumLength + 1))
        var text = String.UnicodeScalarView()
        for _ in 0..<length { text.append(randomScalar(&random)) }
        return String(text)
    }

    static func randomOptional<Value>(_ random: inout SeededRandomNumberGenerator, _ make: (inout SeededRandomNumberGenerator) -> Value) -> Value? {
        random.next() % 3 == 0 ? nil : make(&random)
    }

    /// An instant; with `anyYear`, also in negative and five-digit years, which the encoder
    /// writes through `Instant`'s own code and which `Instant` itself cannot read back.
    static func randomInstant(_ random: inout SeededRandomNumberGenerator, anyYear: Bool) -> Instant {
        if anyYear, random.next() % 4 == 0 {
            return Instant(millisecondsSinceEpoch: Int64(bitPattern: random.next()) % 400_000_000_000_000)
        }
        // 0000-01-01 to 9999-12-31.
        return Instant(millisecondsSinceEpoch: Int64(random.next() % 315_569_520_000_000) - 62_167_219_200_000)
    }

    static func randomDate(_ random: inout SeededRandomNumberGenerator, anyYear: Bool) -> LocalDate {
        if anyYear, random.next() % 4 == 0 {
            return LocalDate(daysSinceEpoch: Int64(random.next() % 5_000_000) - 2_500_000)
        }
        return LocalDate(daysSinceEpoch: Int64(random.next() % 3_652_425) - 719_528)
    }

    static func randomElement<Element: CaseIterable>(_ random: inout SeededRandomNumberGenerator, _ type: Element.Type) -> Element {
        let all = Array(Element.allCases)
        return all[Int(random.next() % UInt64(all.count))]
    }

    static func randomList<Element>(
        _ random: inout SeededRandomNumberGenerator, maximumCount: Int = 4, _ make: (inout SeededRandomNumberGenerator) -> Element
    ) -> [Element] {
        (0..<Int(random.next() % UInt64(maximumCount + 1))).map { _ in make(&random) }
    }

    /// A random event of one of several payload types, with random text everywhere text goes.
    static func randomEvent(_ random: inout SeededRandomNumberGenerator, anyYear: Bool) -> LedgerEvent {
        func randomDate(_ random: inout SeededRandomNumberGenerator) -> LocalDate { Self.randomDate(&random, anyYear: anyYear) }
        func randomInstant(_ random: inout SeededRandomNumberGenerator) -> Instant { Self.randomInstant(&random, anyYear: anyYear) }
        func text(_ random: inout SeededRandomNumberGenerator) -> String { randomString(&random) }
        func task(_ random: inout SeededRandomNumberGenerator) -> AllocationTask {
            AllocationTask(description: text(&random), dueDate: randomDate(&random))
        }
        func override(_ random: inout SeededRandomNumberGenerator) -> PolicyOverride {
            PolicyOverride(ruleId: text(&random), finding: text(&random), justification: text(&random))
        }
        switch random.next() % 6 {
        case 0:
            return .caseAllocated(
                CaseAllocated(
                    caseId: text(&random), workerId: text(&random), teamId: text(&random),
                    previousWorkerId: randomOptional(&random, text), reason: randomElement(&random, AllocationReason.self),
                    rationale: text(&random),
                    factorsConsidered: randomList(&random) { randomElement(&$0, AllocationFactor.self) },
                    tasks: randomList(&random, task), discussedWithWorker: random.next() % 2 == 0,
                    overrides: randomList(&random, override),
                    caseloadAtAllocation: randomOptional(&random) {
                        CaseloadFigures(
                            caseCount: Int(truncatingIfNeeded: $0.next()), weightedScore: Int($0.next() % 100),
                            caseCap: randomOptional(&$0) { Int($0.next() % 40) }, pointsCap: randomOptional(&$0) { _ in 50 })
                    }))
        case 1:
            return .caseNoteRecorded(
                CaseNoteRecorded(
                    caseId: text(&random), authorId: text(&random),
                    noteKind: randomOptional(&random) { randomElement(&$0, CaseNoteKind.self) }, text: randomString(&random, maximumLength: 300)))
        case 2:
            return .entryRetracted(
                EntryRetracted(
                    retractedSequenceNumber: random.next(), retractedEventId: randomOptional(&random, text),
                    retractedStream: StreamName(text(&random)), reason: text(&random), authorisingManagerId: text(&random),
                    replacementFollows: random.next() % 2 == 0))
        case 3:
            return .workerAbsenceRecorded(
                WorkerAbsenceRecorded(
                    workerId: text(&random), absenceId: text(&random), kind: randomElement(&random, AbsenceKind.self),
                    startDate: randomDate(&random), endDate: randomOptional(&random, randomDate),
                    notifiedAt: randomOptional(&random, randomInstant)))
        case 4:
            return .oversightRecorded(
                OversightRecorded(
                    caseId: text(&random), managerId: text(&random), summaryHistory: text(&random), workingWell: text(&random),
                    worriedAbout: text(&random), needsToHappen: text(&random), voiceOfChild: text(&random),
                    expectationsAndTimeframes: text(&random), riskAssessmentsNeeded: randomList(&random, text),
                    nextOversightDue: randomOptional(&random, randomDate)))
        default:
            return .involvementRecorded(
                InvolvementRecorded(
                    caseId: text(&random), workerId: randomOptional(&random, text), teamId: randomOptional(&random, text),
                    involvementType: text(&random), startedAt: randomInstant(&random),
                    endedAt: randomOptional(&random, randomInstant), holdsCase: random.next() % 2 == 0))
        }
    }

    /// The case, coding path and description of a decoding error, for comparing two decoders.
    static func summary(of error: any Error) -> String {
        guard let error = error as? DecodingError else { return "not a DecodingError: \(error)" }
        func path(_ keys: [any CodingKey]) -> String {
            keys.map { key in key.intValue.map { "[\($0)]" } ?? key.stringValue }.joined(separator: ".")
        }
        switch error {
        case .keyNotFound(let key, let context):
            return "keyNotFound(\(key.stringValue)) at \(path(context.codingPath)): \(context.debugDescription)"
        case .valueNotFound(let type, let context):
            return "valueNotFound(\(type)) at \(path(context.codingPath)): \(context.debugDescription)"
        case .typeMismatch(let type, let context):
            return "typeMismatch(\(type)) at \(path(context.codingPath)): \(context.debugDescription)"
        case .dataCorrupted(let context):
            return "dataCorrupted at \(path(context.codingPath))"
        @unknown default:
            return "\(error)"
        }
    }

    /// The outcome of a decode: the value's description or the error's summary.
    static func outcome<Value>(_ body: () throws -> Value) -> String {
        do {
            return "value \(try body())"
        } catch {
            return "error " + summary(of: error)
        }
    }
}

/// A payload with every shape the codec supports: optionals, nested arrays, nested structs,
/// dictionaries, every integer width, the ledger's time types, and keys that need escaping or
/// sort differently as bytes than as text.
struct CodecTestPayload: Codable, Equatable {
    var text: String
    var optionalText: String?
    var number: Int
    var big: UInt64
    var signed: Int64
    var small: Int8
    var smallUnsigned: UInt8?
    var medium: Int32
    var flag: Bool
    var optionalFlag: Bool?
    var list: [String]
    var nestedLists: [[Int]]
    var child: Child?
    var children: [Child]
    var instant: Instant
    var date: LocalDate?
    var reason: AllocationReason
    var reasons: [AllocationReason?]
    var dictionary: [String: Int]
    var emptyList: [Int]
    var escapedKey: String
    var nonASCIIKey: Int
    var emojiKey: Bool

    struct Child: Codable, Equatable {
        var name: String
        var values: [Int64]
        var note: String?
    }

    enum CodingKeys: String, CodingKey {
        case text, optionalText, number, big, signed, small, smallUnsigned, medium, flag, optionalFlag, list
        case nestedLists, child, children, instant, date, reason, reasons, dictionary, emptyList
        case escapedKey = "quote\"back\\slash/tab\t\u{1}key"
        case nonASCIIKey = "ключ"
        case emojiKey = "😀"
    }

    static func random(_ random: inout SeededRandomNumberGenerator, anyYear: Bool) -> CodecTestPayload {
        typealias Support = CodecTestSupport
        func child(_ random: inout SeededRandomNumberGenerator) -> Child {
            Child(
                name: Support.randomString(&random),
                values: Support.randomList(&random) { Int64(bitPattern: $0.next()) },
                note: Support.randomOptional(&random) { Support.randomString(&$0) })
        }
        return CodecTestPayload(
            text: Support.randomString(&random, maximumLength: 80),
            optionalText: Support.randomOptional(&random) { Support.randomString(&$0) },
            number: Int(truncatingIfNeeded: random.next()), big: random.next(), signed: Int64(bitPattern: random.next()),
            small: Int8(truncatingIfNeeded: random.next()),
            smallUnsigned: Support.randomOptional(&random) { UInt8(truncatingIfNeeded: $0.next()) },
            medium: Int32(truncatingIfNeeded: random.next()), flag: random.next() % 2 == 0,
            optionalFlag: Support.randomOptional(&random) { $0.next() % 2 == 0 },
            list: Support.randomList(&random) { Support.randomString(&$0) },
            nestedLists: Support.randomList(&random) { Support.randomList(&$0) { Int(truncatingIfNeeded: $0.next()) } },
            child: Support.randomOptional(&random, child), children: Support.randomList(&random, maximumCount: 3, child),
            instant: Support.randomInstant(&random, anyYear: anyYear),
            date: Support.randomOptional(&random) { Support.randomDate(&$0, anyYear: anyYear) },
            reason: Support.randomElement(&random, AllocationReason.self),
            reasons: Support.randomList(&random) { Support.randomOptional(&$0) { Support.randomElement(&$0, AllocationReason.self) } },
            dictionary: Dictionary(
                Support.randomList(&random, maximumCount: 6) { (Support.randomString(&$0, maximumLength: 6), Int($0.next() % 1000)) },
                uniquingKeysWith: { first, _ in first }),
            emptyList: [], escapedKey: Support.randomString(&random), nonASCIIKey: Int(random.next() % 10),
            emojiKey: random.next() % 2 == 0)
    }
}
