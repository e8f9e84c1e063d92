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

/// The payload entry points for the fast codec give the events and typed errors the Foundation
/// entry points give, so the store can switch codecs without changing behaviour.
@Suite("LedgerEvent payloads through LedgerJSONEncoder and LedgerJSONDecoder")
struct LedgerEventCodecTests {
    let encoder = LedgerJSONEncoder()
    let decoder = LedgerJSONDecoder()
    let foundationDecoder = CodecTestSupport.foundationDecoder

    func decodeFast(_ type: String, _ version: Int, _ text: String) -> Result<LedgerEvent, EventDecodingError> {
        Array(text.utf8).withUnsafeBytes { buffer in
            Result { () throws(EventDecodingError) -> LedgerEvent in
                try LedgerEvent.decodeData(type: type, schemaVersion: version, bytes: buffer, using: decoder)
            }
        }
    }

    func decodeFoundation(_ type: String, _ version: Int, _ text: String) -> Result<LedgerEvent, EventDecodingError> {
        Result { () throws(EventDecodingError) -> LedgerEvent in
            try LedgerEvent.decodeData(type: type, schemaVersion: version, data: Data(text.utf8), using: foundationDecoder)
        }
    }

    @Test("an unknown type and unsupported versions are the same typed errors")
    func typeAndVersionErrors() throws {
        #expect(decodeFast("CaseTeleported", 1, "{}") == .failure(.unknownType(type: "CaseTeleported")))
        for (type, version) in [("WorkerRegistered", 3), ("CaseAllocated", 2), ("CaseAllocated", 0), ("TeamRegistered", -1)] {
            let sample = try #require(EventSamples.all.first { $0.typeName == type })
            let text = String(decoding: try sample.encodeData(using: CodecTestSupport.foundationEncoder), as: UTF8.self)
            let fast = decodeFast(type, version, text)
            #expect(fast == decodeFoundation(type, version, text))
            guard case .failure(.unsupportedSchemaVersion) = fast else {
                Issue.record("expected unsupportedSchemaVersion, got \(fast)")
                continue
            }
        }
    }

    @Test("an older schema version is upcast through the one upcasting path")
    func upcasting() throws {
        let text = String(decoding: EventSamples.workerRegisteredVersion1Data, as: UTF8.self)
        let fast = try decodeFast("WorkerRegistered", 1, text).get()
        #expect(fast == (try decodeFoundation("WorkerRegistered", 1, text).get()))
        #expect(fast.schemaVersion == 2)
        let broken = #"{"fte":"full","isAgency":false,"isQualified":true,"role":"asye","startDate":"2024-01-08","teamId":"T1","workerId":"W7"}"#
        #expect(decodeFast("WorkerRegistered", 1, broken) == decodeFoundation("WorkerRegistered", 1, broken))
    }

    @Test("malformed payloads give the same typed errors, naming the same field")
    func malformedData() throws {
        // The malformed-data table of the Foundation path's tests, plus cross-field validation.
        let cases: [(String, String, String)] = [
            ("TeamRegistered", #"{"name":"x","serviceArea":"safeguarding"}"#, "teamId"),
            ("TeamRegistered", #"{"teamId":"T1","name":"x","serviceArea":"moon"}"#, "serviceArea"),
            ("TeamRegistered", #"{"teamId":"T1","name":null,"serviceArea":"safeguarding"}"#, "name"),
            ("TeamRegistered", #"{"teamId":1,"name":"x","serviceArea":"safeguarding"}"#, "teamId"),
            ("CaseAllocated", "not json", "the payload"),
            ("WorkerAbsenceRecorded",
             #"{"absenceId":"A1","kind":"sickness","startDate":"14/03/2024","workerId":"W1"}"#, "startDate"),
            ("CaseAllocated",
             #"{"caseId":"C1","discussedWithWorker":true,"factorsConsidered":[],"overrides":[],"rationale":"","reason":"newReferral","tasks":[{"description":"x","dueDate":"2024-02-30"}],"teamId":"T1","workerId":"W1"}"#,
             "tasks[0].dueDate"),
            ("CaseAllocated",
             #"{"caseId":"C1","discussedWithWorker":true,"factorsConsidered":["skills","moon"],"overrides":[],"rationale":"","reason":"newReferral","tasks":[],"teamId":"T1","workerId":"W1"}"#,
             "factorsConsidered[1]"),
            ("EntryRetracted",
             #"{"authorisingManagerId":"M1","reason":"r","replacementFollows":false,"retractedSequenceNumber":-1,"retractedStream":"case/C1"}"#,
             "number"),
            ("WorkloadConcernRaised", #"{"concern":"c","raisedById":"M1","scope":"individual","teamId":"T1"}"#, "workerId"),
            ("WorkloadConcernRaised", #"{"concern":"c","raisedById":"M1","scope":"team","workerId":"W1"}"#, "teamId"),
            ("WorkloadConcernRaised", #"{"concern":"c","raisedById":"M1","scope":"team","teamId":"T1","workerId":"W1"}"#, "workerId"),
        ]
        for (type, text, field) in cases {
            let fast = decodeFast(type, 1, text)
            let foundation = decodeFoundation(type, 1, text)
            guard case .failure(.malformedData(let reportedType, let detail)) = fast else {
                Issue.record("expected malformedData for \(text), got \(fast)")
                continue
            }
            #expect(reportedType == type)
            #expect(detail.contains(field), "detail \"\(detail)\" does not name \(field)")
            // Syntax errors and numbers out of range are worded differently (with an offset, or
            // with the field's path); every other error reads the same.
            if field != "number", field != "the payload" {
                #expect(fast == foundation, "\(text)")
            }
        }
    }

    @Test("validation runs on the fast path too: a consistent workload concern decodes")
    func validPayloadPassesValidation() throws {
        let text = #"{"concern":"c","raisedById":"M1","scope":"team","teamId":"T1"}"#
        #expect(try decodeFast("WorkloadConcernRaised", 1, text).get() == decodeFoundation("WorkloadConcernRaised", 1, text).get())
    }
}

@Suite("CodecBenchmark")
struct CodecBenchmarkTests {
    @Test("the benchmark runs both codecs over the same events and finds them in agreement")
    func benchmarkReportsAgreement() {
        let report = CodecBenchmark.run(eventCount: 60, runs: 1)
        #expect(report.contains("0 byte mismatches, 0 value mismatches, 0 failures"), "\(report)")
        #expect(report.contains("encoder ratio") && report.contains("decoder ratio"))
    }
}
