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

/// One sample, named for the test report.
struct EventSampleCase: Sendable, CustomTestStringConvertible {
    let index: Int
    let event: LedgerEvent
    var testDescription: String { "#\(index) \(event.typeName) \(event.stream)" }

    static let all: [EventSampleCase] = EventSamples.all.enumerated().map { EventSampleCase(index: $0, event: $1) }
}

/// The keys of every JSON object in a document, in document order, read straight from the bytes
/// (Foundation's parsers do not keep key order).
struct JSONKeyOrder {
    private let bytes: [UInt8]
    private var index = 0
    /// The keys of each object, as raw bytes.
    private(set) var objects: [[[UInt8]]] = []
    /// Whitespace bytes found between tokens (the canonical form has none).
    private(set) var whitespaceOutsideStrings = 0

    init(_ data: Data) throws {
        bytes = Array(data)
        try value()
        skipWhitespace()
        guard index == bytes.count else { throw Malformed(offset: index) }
    }

    struct Malformed: Error { let offset: Int }

    var allKeys: [String] { objects.flatMap { $0.map { String(decoding: $0, as: UTF8.self) } } }

    private mutating func skipWhitespace() {
        while index < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[index]) {
            index += 1
            whitespaceOutsideStrings += 1
        }
    }

    private mutating func expect(_ byte: UInt8) throws {
        skipWhitespace()
        guard index < bytes.count, bytes[index] == byte else { throw Malformed(offset: index) }
        index += 1
    }

    private mutating func value() throws {
        skipWhitespace()
        guard index < bytes.count else { throw Malformed(offset: index) }
        switch bytes[index] {
        case UInt8(ascii: "{"):
            index += 1
            var keys: [[UInt8]] = []
            skipWhitespace()
            if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
                index += 1
            } else {
                while true {
                    skipWhitespace()
                    keys.append(try string())
                    try expect(UInt8(ascii: ":"))
                    try value()
                    skipWhitespace()
                    guard index < bytes.count else { throw Malformed(offset: index) }
                    index += 1
                    if bytes[index - 1] == UInt8(ascii: "}") { break }
                    guard bytes[index - 1] == UInt8(ascii: ",") else { throw Malformed(offset: index - 1) }
                }
            }
            objects.append(keys)
        case UInt8(ascii: "["):
            index += 1
            skipWhitespace()
            if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
                index += 1
                return
            }
            while true {
                try value()
                skipWhitespace()
                guard index < bytes.count else { throw Malformed(offset: index) }
                index += 1
                if bytes[index - 1] == UInt8(ascii: "]") { break }
                guard bytes[index - 1] == UInt8(ascii: ",") else { throw Malformed(offset: index - 1) }
            }
        case UInt8(ascii: "\""):
            _ = try string()
        default:
            let stops: Set<UInt8> = [UInt8(ascii: ","), UInt8(ascii: "]"), UInt8(ascii: "}"), 0x20, 0x0A, 0x0D, 0x09]
            let start = index
            while index < bytes.count, !stops.contains(bytes[index]) { index += 1 }
            guard index > start else { throw Malformed(offset: index) }
        }
    }

    /// A string's raw (still escaped) bytes.
    private mutating func string() throws -> [UInt8] {
        guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { throw Malformed(offset: index) }
        index += 1
        let start = index
        while index < bytes.count, bytes[index] != UInt8(ascii: "\"") {
            index += bytes[index] == UInt8(ascii: "\\") ? 2 : 1
        }
        guard index < bytes.count else { throw Malformed(offset: index) }
        defer { index += 1 }
        return Array(bytes[start..<index])
    }
}

@Suite("Event payloads")
struct EventRoundTripTests {
    let encoder = LedgerEvent.makeLedgerEncoder()
    let decoder = LedgerEvent.makeLedgerDecoder()

    // MARK: Coverage

    @Test("the samples cover every event type, and type names are unique")
    func samplesCoverEveryType() {
        #expect(Set(EventSamples.all.map(\.typeName)) == Set(LedgerEvent.allTypeNames))
        #expect(Set(LedgerEvent.allTypeNames).count == LedgerEvent.allTypeNames.count)
        #expect(LedgerEvent.allTypeNames.count == LedgerEvent.Kind.allCases.count)
        #expect(LedgerEvent.allTypeNames.count >= 29)
    }

    @Test("every kind is found by its type name and names its own payload type")
    func kindsAreConsistent() {
        for kind in LedgerEvent.Kind.allCases {
            #expect(LedgerEvent.Kind(typeName: kind.typeName) == kind)
            #expect(kind.schemaVersion >= 1)
            #expect(kind.typeName.first?.isUppercase == true)
        }
        for event in EventSamples.all {
            #expect(event.typeName == type(of: event.payload).typeName)
            #expect(event.schemaVersion == type(of: event.payload).schemaVersion)
            let sameType = ObjectIdentifier(event.kind.payloadType) == ObjectIdentifier(type(of: event.payload))
            #expect(sameType, "\(event.typeName) has the wrong kind")
        }
        #expect(LedgerEvent.Kind(typeName: "caseAllocated") == nil)
    }

    @Test("each type belongs to the stream category the store expects")
    func streamCategories() throws {
        let expected: [String: String] = [
            "TeamRegistered": "team", "WorkerRegistered": "worker", "WorkerRoleChanged": "worker",
            "WorkerMovedTeam": "worker", "WorkerAbsenceRecorded": "worker", "WorkerLeft": "worker",
            "ImportBatchRecorded": "import", "PolicyAdopted": "policy",
        ]
        for event in EventSamples.all {
            let category = String(event.stream.category)
            switch event {
            case .workloadConcernRaised(let concern):
                #expect(category == (concern.scope == .individual ? "worker" : "team"))
            case .entryRetracted(let retraction):
                #expect(event.stream == retraction.retractedStream)
            default:
                #expect(category == expected[event.typeName, default: "case"], "\(event.typeName)")
            }
            #expect(!event.stream.identifier.isEmpty)
        }
    }

    // MARK: Round trip, per sample

    @Test("encode, decode, encode: equal value, identical bytes", arguments: EventSampleCase.all)
    func roundTrip(sample: EventSampleCase) throws {
        let event = sample.event
        let data = try event.encodeData(using: encoder)
        let decoded = try LedgerEvent.decodeData(
            type: event.typeName, schemaVersion: event.schemaVersion, data: data, using: decoder)
        #expect(decoded == event)
        #expect(decoded.stream == event.stream)
        let again = try decoded.encodeData(using: encoder)
        #expect(again == data, "re-encoding changed the bytes")
    }

    @Test("payload bytes are one line of UTF-8 with sorted keys and no envelope keys", arguments: EventSampleCase.all)
    func canonicalBytes(sample: EventSampleCase) throws {
        let data = try sample.event.encodeData(using: encoder)
        #expect(!data.contains(0x0A), "payload contains a raw newline byte")
        #expect(!data.contains(0x0D), "payload contains a raw carriage return byte")
        #expect(data.first == UInt8(ascii: "{") && data.last == UInt8(ascii: "}"))
        #expect(String(data: data, encoding: .utf8) != nil)
        let keys = try JSONKeyOrder(data)
        #expect(keys.whitespaceOutsideStrings == 0, "whitespace between tokens")
        for object in keys.objects {
            let sorted = object.sorted { $0.lexicographicallyPrecedes($1) }
            #expect(object == sorted, "keys not sorted: \(object.map { String(decoding: $0, as: UTF8.self) })")
            #expect(Set(object).count == object.count, "duplicate key")
        }
        for banned in ["sequence", "recordedAt"] {
            #expect(!keys.allKeys.contains(banned), "payload uses the envelope key \(banned)")
        }
        // Slashes are written as they are, not as `\/`.
        #expect(!String(decoding: data, as: UTF8.self).contains("\\/"))
    }

    @Test("payloads hold no floating-point numbers, sets or dictionaries", arguments: EventSampleCase.all)
    func noUnstableFieldTypes(sample: EventSampleCase) {
        func walk(_ value: Any, path: String) {
            let mirror = Mirror(reflecting: value)
            let typeName = String(describing: mirror.subjectType)
            #expect(!(value is Double) && !(value is Float), "floating point at \(path)")
            #expect(!typeName.hasPrefix("Set<") && !typeName.hasPrefix("Dictionary<"), "\(typeName) at \(path)")
            for child in mirror.children {
                walk(child.value, path: path + "." + (child.label ?? "?"))
            }
        }
        walk(sample.event.payload, path: sample.event.typeName)
    }

    // MARK: Pinned format

    @Test("the stored bytes of a payload are pinned")
    func pinnedBytes() throws {
        let event = LedgerEvent.caseAllocated(
            CaseAllocated(
                caseId: "C1", workerId: "W1", teamId: "T1", previousWorkerId: nil, reason: .absenceCover,
                rationale: "a/b \"q\"\nZoë", factorsConsidered: [.skills, .caseload],
                tasks: [AllocationTask(description: "Visit", dueDate: LocalDate(year: 2024, month: 3, day: 14)!)],
                discussedWithWorker: true, overrides: [], caseloadAtAllocation: nil))
        let text = String(decoding: try event.encodeData(using: encoder), as: UTF8.self)
        #expect(
            text
                == #"{"caseId":"C1","discussedWithWorker":true,"factorsConsidered":["caseload","skills"],"overrides":[],"rationale":"a/b \"q\"\nZoë","reason":"absenceCover","tasks":[{"description":"Visit","dueDate":"2024-03-14"}],"teamId":"T1","workerId":"W1"}"#
        )
        let instantEvent = LedgerEvent.workerAbsenceRecorded(
            WorkerAbsenceRecorded(
                workerId: "W1", absenceId: "A1", kind: .sickness, startDate: LocalDate(year: 2024, month: 1, day: 2)!,
                endDate: nil, notifiedAt: Instant(millisecondsSinceEpoch: 1_704_186_000_500)))
        #expect(
            String(decoding: try instantEvent.encodeData(using: encoder), as: UTF8.self)
                == #"{"absenceId":"A1","kind":"sickness","notifiedAt":"2024-01-02T09:00:00.500Z","startDate":"2024-01-02","workerId":"W1"}"#
        )
    }

    @Test("set-like arrays are stored sorted and without duplicates")
    func canonicalSets() {
        let referral = ReferralReceived(
            caseId: "C1", referralId: "R1", familyId: "F1", teamId: "T1", serviceArea: .safeguarding,
            category: .childProtection, flags: [.supervisionOrder, .section47, .courtProceedings, .section47],
            source: .health, riskLevel: nil, isReReferral: false, previousWorkerId: nil, previousClosureAt: nil)
        #expect(referral.flags == [.courtProceedings, .section47, .supervisionOrder])
        let letter = FamilyLetterSent(
            caseId: "C1", recipients: [.school, .family, .school], sentOn: LocalDate(year: 2024, month: 1, day: 1)!,
            includesTeamContactDetails: true, includesVisitingArrangements: true)
        #expect(letter.recipients == [.family, .school])
    }

    // MARK: Upcasting

    @Test("WorkerRegistered at schema version 1 decodes to the version 2 value")
    func upcastsWorkerRegisteredVersion1() throws {
        #expect(WorkerRegistered.schemaVersion == 2)
        let event = try LedgerEvent.decodeData(
            type: "WorkerRegistered", schemaVersion: 1, data: EventSamples.workerRegisteredVersion1Data, using: decoder)
        let expected = LedgerEvent.workerRegistered(
            WorkerRegistered(
                workerId: "W7", teamId: "T1", role: .asye, startDate: LocalDate(year: 2024, month: 1, day: 8)!,
                isAgency: false, isQualified: true, fullTimeEquivalentPercent: 80))
        #expect(event == expected)
        #expect(event.schemaVersion == 2)
        // Re-encoding writes the current shape.
        let text = String(decoding: try event.encodeData(using: encoder), as: UTF8.self)
        #expect(text.contains(#""fullTimeEquivalentPercent":80"#))
        #expect(!text.contains("fte"))
    }

    @Test("a version 1 team-only row of a type that never holds a case (IRO) upcasts with holdsCase false")
    func upcastsTeamOnlyOtherVersion1() throws {
        let data = EventSamples.involvementRecordedVersion1TeamOnlyOtherData
        let event = try LedgerEvent.decodeData(type: "InvolvementRecorded", schemaVersion: 1, data: data, using: decoder)
        guard case .involvementRecorded(let involvement) = event else {
            Issue.record("expected an InvolvementRecorded, got \(event)")
            return
        }
        #expect(involvement.workerId == nil)
        #expect(involvement.holdsCase == false)
        let fast = try data.withUnsafeBytes { bytes in
            try LedgerEvent.decodeData(type: "InvolvementRecorded", schemaVersion: 1, bytes: bytes, using: LedgerJSONDecoder())
        }
        #expect(fast == event)
    }

    @Test(
        "InvolvementRecorded at schema version 1 upcasts with holdsCase = team-only row of a case-holding code",
        arguments: [(EventSamples.involvementRecordedVersion1TeamOnlyData, true),
                    (EventSamples.involvementRecordedVersion1WorkerData, false)])
    func upcastsInvolvementRecordedVersion1(data: Data, holdsCase: Bool) throws {
        #expect(InvolvementRecorded.schemaVersion == 2)
        let event = try LedgerEvent.decodeData(type: "InvolvementRecorded", schemaVersion: 1, data: data, using: decoder)
        guard case .involvementRecorded(let involvement) = event else {
            Issue.record("expected an InvolvementRecorded, got \(event)")
            return
        }
        #expect(involvement.holdsCase == holdsCase)
        #expect(involvement.workerId == (holdsCase ? nil : "IRO4"))
        #expect(involvement.endedAt == (holdsCase ? Instant(iso8601: "2024-03-01T00:00:00Z") : nil))
        #expect(event.schemaVersion == 2)
        // The fast decoder takes the same upcasting path for a stored version 1.
        let fast = try data.withUnsafeBytes { bytes in
            try LedgerEvent.decodeData(type: "InvolvementRecorded", schemaVersion: 1, bytes: bytes, using: LedgerJSONDecoder())
        }
        #expect(fast == event)
        let text = String(decoding: try event.encodeData(using: encoder), as: UTF8.self)
        #expect(text.contains(#""holdsCase":\#(holdsCase)"#))
    }

    @Test(
        "version 1 fte text converts to a whole percentage",
        arguments: [
            ("1", 100), ("1.0", 100), ("0.8", 80), ("0.80", 80), (".5", 50), ("0.75", 75), ("0.625", 63),
            ("0.624", 62), (" 0.6 ", 60), ("0.01", 1),
        ])
    func fullTimeEquivalentConversion(text: String, percent: Int) {
        #expect(EventUpcaster.fullTimeEquivalentPercent(fromDecimal: text) == percent)
    }

    @Test("version 1 fte text that is not a fraction of full time is refused", arguments: [
        "", ".", "abc", "0,8", "1.5", "0", "0.001", "-0.5", "1e0", "80%", "0.8.1", "١",
    ])
    func fullTimeEquivalentRefused(text: String) {
        #expect(EventUpcaster.fullTimeEquivalentPercent(fromDecimal: text) == nil)
    }

    @Test("a version 1 payload with unusable fte is malformed data naming the field")
    func upcastMalformed() {
        let data = Data(
            #"{"fte":"full","isAgency":false,"isQualified":true,"role":"asye","startDate":"2024-01-08","teamId":"T1","workerId":"W7"}"#
                .utf8)
        let error = #expect(throws: EventDecodingError.self) {
            try LedgerEvent.decodeData(type: "WorkerRegistered", schemaVersion: 1, data: data, using: decoder)
        }
        guard case .malformedData(let type, let detail) = error else {
            Issue.record("expected malformedData, got \(String(describing: error))")
            return
        }
        #expect(type == "WorkerRegistered")
        #expect(detail.contains("fte"))

        let missing = Data(#"{"isAgency":false,"role":"asye"}"#.utf8)
        let missingError = #expect(throws: EventDecodingError.self) {
            try LedgerEvent.decodeData(type: "WorkerRegistered", schemaVersion: 1, data: missing, using: decoder)
        }
        #expect(missingError?.description.contains("schema version 1") == true)
    }

    // MARK: Typed errors

    @Test("an unknown type is a typed error")
    func unknownType() {
        let error = #expect(throws: EventDecodingError.self) {
            try LedgerEvent.decodeData(type: "CaseTeleported", schemaVersion: 1, data: Data("{}".utf8), using: decoder)
        }
        #expect(error == .unknownType(type: "CaseTeleported"))
        #expect(error?.description.contains("CaseTeleported") == true)
    }

    @Test(
        "a future, zero or unupcastable version is a typed error",
        arguments: [("WorkerRegistered", 3), ("CaseAllocated", 2), ("CaseAllocated", 0), ("TeamRegistered", -1)])
    func unsupportedVersions(type: String, version: Int) throws {
        let sample = try #require(EventSamples.all.first { $0.typeName == type })
        let data = try sample.encodeData(using: encoder)
        let error = #expect(throws: EventDecodingError.self) {
            try LedgerEvent.decodeData(type: type, schemaVersion: version, data: data, using: decoder)
        }
        let current = try #require(LedgerEvent.Kind(typeName: type)).schemaVersion
        #expect(error == .unsupportedSchemaVersion(type: type, version: version, current: current))
        let description = error?.description ?? ""
        #expect(description.contains(type) && description.contains("\(version)"))
        if version > current {
            #expect(description.contains("newer"))
        }
    }

    @Test("broken data is malformedData naming the field")
    func malformedData() throws {
        let cases: [(String, String, String)] = [
            ("TeamRegistered", #"{"name":"x","serviceArea":"safeguarding"}"#, "teamId"),
            ("TeamRegistered", #"{"teamId":"T1","name":"x","serviceArea":"moon"}"#, "serviceArea"),
            ("CaseAllocated", "not json", "the payload"),
            ("WorkerAbsenceRecorded",
             #"{"absenceId":"A1","kind":"sickness","startDate":"14/03/2024","workerId":"W1"}"#, "startDate"),
            ("CaseAllocated",
             #"{"caseId":"C1","discussedWithWorker":true,"factorsConsidered":[],"overrides":[],"rationale":"","reason":"newReferral","tasks":[{"description":"x","dueDate":"2024-02-30"}],"teamId":"T1","workerId":"W1"}"#,
             "tasks[0].dueDate"),
            ("EntryRetracted",
             #"{"authorisingManagerId":"M1","reason":"r","replacementFollows":false,"retractedSequenceNumber":-1,"retractedStream":"case/C1"}"#,
             "number"),
        ]
        for (type, json, field) in cases {
            let error = #expect(throws: EventDecodingError.self) {
                try LedgerEvent.decodeData(type: type, schemaVersion: 1, data: Data(json.utf8), using: decoder)
            }
            guard case .malformedData(let reportedType, let detail) = error else {
                Issue.record("expected malformedData for \(json), got \(String(describing: error))")
                continue
            }
            #expect(reportedType == type)
            #expect(detail.contains(field), "detail \"\(detail)\" does not name \(field)")
        }
    }

    @Test("a workload concern whose ids do not match its scope is malformed data")
    func workloadConcernValidation() throws {
        let cases = [
            #"{"concern":"c","raisedById":"M1","scope":"individual","teamId":"T1"}"#,
            #"{"concern":"c","raisedById":"M1","scope":"team","workerId":"W1"}"#,
            #"{"concern":"c","raisedById":"M1","scope":"team","teamId":"T1","workerId":"W1"}"#,
            #"{"concern":"c","raisedById":"M1","scope":"team","teamId":""}"#,
        ]
        for json in cases {
            let error = #expect(throws: EventDecodingError.self) {
                try LedgerEvent.decodeData(
                    type: "WorkloadConcernRaised", schemaVersion: 1, data: Data(json.utf8), using: decoder)
            }
            guard case .malformedData(_, let detail) = error else {
                Issue.record("expected malformedData for \(json)")
                continue
            }
            #expect(detail.contains("Id"))
        }
    }
}
