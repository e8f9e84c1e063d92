import Foundation
import LedgerStore
import LedgerSupport

/// The payload entry points for ``LedgerJSONEncoder`` and ``LedgerJSONDecoder``, mirroring
/// ``LedgerEvent/encodeData(using:)`` and ``LedgerEvent/decodeData(type:schemaVersion:data:using:)``
/// so the store can switch codecs by changing the encoder and decoder it passes.
extension LedgerEvent {
    /// Appends the payload object (the bytes that go after `"data":`) to `buffer`.
    ///
    /// The bytes are identical to ``encodeData(using:)`` with ``makeLedgerEncoder()``; switching
    /// over the cases lets the compiler specialize the encoder for each payload type.
    public func encodeData(into buffer: inout [UInt8], using encoder: LedgerJSONEncoder) throws {
        try withEncodedData(using: encoder) { buffer.append(contentsOf: $0) }
    }

    /// Appends the payload object to a codec buffer, with the same bytes as the `[UInt8]` form:
    /// the store frames lines in such a buffer.
    package func encodeData(into buffer: inout GrowableBuffer<UInt8>, using encoder: LedgerJSONEncoder) throws {
        try withEncodedData(using: encoder) { buffer.append($0) }
    }

    /// Encodes the payload object and hands its bytes to `body`. The switch over the cases lets
    /// the compiler specialise the encoder for each payload type; both buffer forms share it.
    private func withEncodedData(using encoder: LedgerJSONEncoder, _ body: (UnsafeBufferPointer<UInt8>) -> Void) throws {
        switch self {
        case .teamRegistered(let payload): try encoder.withEncodedBytes(of: payload, body)
        case .workerRegistered(let payload): try encoder.withEncodedBytes(of: payload, body)
        case .workerRoleChanged(let payload): try encoder.withEncodedBytes(of: payload, body)
        case .workerMovedTeam(let payload): try encoder.withEncodedBytes(of: payload, body)
        case .workerAbsenceRecorded(let payload): try encoder.withEncodedBytes(of: payload, body)
        case .workerLeft(let payload): try encoder.withEncodedBytes(of: payload, body)
        case .referralReceived(let payload): try encoder.withEncodedBytes(of: payload, body)
        case .referralDecisionRecorded(let payload): try encoder.withEncodedBytes(of: payload, body)
        case .caseCategoryChanged(let payload): try encoder.withEncodedBytes(of: payload, body)
        case .riskLevelAssessed(let payload): try encoder.withEncodedBytes(of: payload, body)
        case .caseAllocated(let payload): try encoder.withEncodedBytes(of: payload, body)
        case .caseCoAllocated(let payload): try encoder.withEncodedBytes(of: payload, body)
        case .caseDeallocated(let payload): try encoder.withEncodedBytes(of: payload, body)
        case .caseTransferred(let payload): try encoder.withEncodedBytes(of: payload, body)
        case .caseClosureRequested(let payload): try encoder.withEncodedBytes(of: payload, body)
        case .caseClosed(let payload): try encoder.withEncodedBytes(of: payload, body)
        case .caseReopened(let payload): try encoder.withEncodedBytes(of: payload, body)
        case .allocationDiscussionRecorded(let payload): try encoder.withEncodedBytes(of: payload, body)
        case .oversightRecorded(let payload): try encoder.withEncodedBytes(of: payload, body)
        case .caseNoteRecorded(let payload): try encoder.withEncodedBytes(of: payload, body)
        case .unallocatedMonitoringRecorded(let payload): try encoder.withEncodedBytes(of: payload, body)
        case .familyLetterSent(let payload): try encoder.withEncodedBytes(of: payload, body)
        case .unallocatedReviewRecorded(let payload): try encoder.withEncodedBytes(of: payload, body)
        case .escalationRecorded(let payload): try encoder.withEncodedBytes(of: payload, body)
        case .workloadConcernRaised(let payload): try encoder.withEncodedBytes(of: payload, body)
        case .entryRetracted(let payload): try encoder.withEncodedBytes(of: payload, body)
        case .importBatchRecorded(let payload): try encoder.withEncodedBytes(of: payload, body)
        case .policyAdopted(let payload): try encoder.withEncodedBytes(of: payload, body)
        case .involvementRecorded(let payload): try encoder.withEncodedBytes(of: payload, body)
        }
    }

    /// Decodes a payload of the given stored type and version, upcasting older versions to the
    /// current shape, with the same results and errors as
    /// ``decodeData(type:schemaVersion:data:using:)``.
    ///
    /// Payloads at the current version are read with `decoder`; older versions go through the
    /// Foundation path and ``EventUpcaster``, so upcasting stays in one place (old entries are rare).
    public static func decodeData(
        type: String, schemaVersion: Int, bytes: UnsafeRawBufferPointer, using decoder: LedgerJSONDecoder
    ) throws(EventDecodingError) -> LedgerEvent {
        guard let kind = Kind(typeName: type) else { throw .unknownType(type: type) }
        guard schemaVersion == kind.schemaVersion else {
            return try decodeData(
                type: type, schemaVersion: schemaVersion, data: Data(bytes), using: makeLedgerDecoder())
        }
        do {
            return try kind.decodeCurrentVersion(from: bytes, using: decoder)
        } catch let error as EventDecodingError {
            throw error
        } catch {
            throw .malformedData(type: type, detail: EventDecodingError.detail(for: error))
        }
    }
}

extension LedgerEvent.Kind {
    /// Decodes a payload stored at the current schema version with ``LedgerJSONDecoder``, and
    /// checks the payloads that have cross-field rules (``ValidatedPayload``).
    package func decodeCurrentVersion(from bytes: UnsafeRawBufferPointer, using decoder: LedgerJSONDecoder) throws -> LedgerEvent {
        switch self {
        case .teamRegistered: return .teamRegistered(try checked(decoder.decode(TeamRegistered.self, from: bytes)))
        case .workerRegistered: return .workerRegistered(try checked(decoder.decode(WorkerRegistered.self, from: bytes)))
        case .workerRoleChanged: return .workerRoleChanged(try checked(decoder.decode(WorkerRoleChanged.self, from: bytes)))
        case .workerMovedTeam: return .workerMovedTeam(try checked(decoder.decode(WorkerMovedTeam.self, from: bytes)))
        case .workerAbsenceRecorded: return .workerAbsenceRecorded(try checked(decoder.decode(WorkerAbsenceRecorded.self, from: bytes)))
        case .workerLeft: return .workerLeft(try checked(decoder.decode(WorkerLeft.self, from: bytes)))
        case .referralReceived: return .referralReceived(try checked(decoder.decode(ReferralReceived.self, from: bytes)))
        case .referralDecisionRecorded: return .referralDecisionRecorded(try checked(decoder.decode(ReferralDecisionRecorded.self, from: bytes)))
        case .caseCategoryChanged: return .caseCategoryChanged(try checked(decoder.decode(CaseCategoryChanged.self, from: bytes)))
        case .riskLevelAssessed: return .riskLevelAssessed(try checked(decoder.decode(RiskLevelAssessed.self, from: bytes)))
        case .caseAllocated: return .caseAllocated(try checked(decoder.decode(CaseAllocated.self, from: bytes)))
        case .caseCoAllocated: return .caseCoAllocated(try checked(decoder.decode(CaseCoAllocated.self, from: bytes)))
        case .caseDeallocated: return .caseDeallocated(try checked(decoder.decode(CaseDeallocated.self, from: bytes)))
        case .caseTransferred: return .caseTransferred(try checked(decoder.decode(CaseTransferred.self, from: bytes)))
        case .caseClosureRequested: return .caseClosureRequested(try checked(decoder.decode(CaseClosureRequested.self, from: bytes)))
        case .caseClosed: return .caseClosed(try checked(decoder.decode(CaseClosed.self, from: bytes)))
        case .caseReopened: return .caseReopened(try checked(decoder.decode(CaseReopened.self, from: bytes)))
        case .allocationDiscussionRecorded: return .allocationDiscussionRecorded(try checked(decoder.decode(AllocationDiscussionRecorded.self, from: bytes)))
        case .oversightRecorded: return .oversightRecorded(try checked(decoder.decode(OversightRecorded.self, from: bytes)))
        case .caseNoteRecorded: return .caseNoteRecorded(try checked(decoder.decode(CaseNoteRecorded.self, from: bytes)))
        case .unallocatedMonitoringRecorded: return .unallocatedMonitoringRecorded(try checked(decoder.decode(UnallocatedMonitoringRecorded.self, from: bytes)))
        case .familyLetterSent: return .familyLetterSent(try checked(decoder.decode(FamilyLetterSent.self, from: bytes)))
        case .unallocatedReviewRecorded: return .unallocatedReviewRecorded(try checked(decoder.decode(UnallocatedReviewRecorded.self, from: bytes)))
        case .escalationRecorded: return .escalationRecorded(try checked(decoder.decode(EscalationRecorded.self, from: bytes)))
        case .workloadConcernRaised: return .workloadConcernRaised(try checked(decoder.decode(WorkloadConcernRaised.self, from: bytes)))
        case .entryRetracted: return .entryRetracted(try checked(decoder.decode(EntryRetracted.self, from: bytes)))
        case .importBatchRecorded: return .importBatchRecorded(try checked(decoder.decode(ImportBatchRecorded.self, from: bytes)))
        case .policyAdopted: return .policyAdopted(try checked(decoder.decode(PolicyAdopted.self, from: bytes)))
        case .involvementRecorded: return .involvementRecorded(try checked(decoder.decode(InvolvementRecorded.self, from: bytes)))
        }
    }

    /// A payload with no cross-field rules, as decoded. (`consuming`, so the payload is moved
    /// through rather than copied, which would retain every string in it.)
    @inline(__always)
    private func checked<Payload: EventPayload>(_ payload: consuming Payload) -> Payload {
        payload
    }

    /// A payload with cross-field rules, refused as malformed data if it breaks one. Overload
    /// resolution picks this for ``ValidatedPayload`` types at compile time, so other payloads
    /// are not copied into an existential to ask.
    @inline(__always)
    private func checked<Payload: ValidatedPayload>(_ payload: consuming Payload) throws(EventDecodingError) -> Payload {
        if let problem = payload.validationProblem {
            throw .malformedData(type: Payload.typeName, detail: problem)
        }
        return payload
    }
}
