import Foundation
import LedgerStore
import LedgerSupport

/// Every event the ledger can hold: one case per payload type.
///
/// The store writes the envelope; this type owns the payload under `"data"`: how it is encoded
/// (``encodeData(using:)``), how a stored payload is read back (``decodeData(type:schemaVersion:data:using:)``,
/// the one entry point that upcasts older schema versions) and the list of stored type names.
///
/// Adding an event type: write the payload struct, add a case here and to ``Kind`` (the compiler
/// then points at every switch to extend), and add a sample to the test suite's `EventSamples`.
public enum LedgerEvent: Sendable, Hashable {
    case teamRegistered(TeamRegistered)
    case workerRegistered(WorkerRegistered)
    case workerRoleChanged(WorkerRoleChanged)
    case workerMovedTeam(WorkerMovedTeam)
    case workerAbsenceRecorded(WorkerAbsenceRecorded)
    case workerLeft(WorkerLeft)
    case referralReceived(ReferralReceived)
    case referralDecisionRecorded(ReferralDecisionRecorded)
    case caseCategoryChanged(CaseCategoryChanged)
    case riskLevelAssessed(RiskLevelAssessed)
    case caseAllocated(CaseAllocated)
    case caseCoAllocated(CaseCoAllocated)
    case caseDeallocated(CaseDeallocated)
    case caseTransferred(CaseTransferred)
    case caseClosureRequested(CaseClosureRequested)
    case caseClosed(CaseClosed)
    case caseReopened(CaseReopened)
    case allocationDiscussionRecorded(AllocationDiscussionRecorded)
    case oversightRecorded(OversightRecorded)
    case caseNoteRecorded(CaseNoteRecorded)
    case unallocatedMonitoringRecorded(UnallocatedMonitoringRecorded)
    case familyLetterSent(FamilyLetterSent)
    case unallocatedReviewRecorded(UnallocatedReviewRecorded)
    case escalationRecorded(EscalationRecorded)
    case workloadConcernRaised(WorkloadConcernRaised)
    case entryRetracted(EntryRetracted)
    case importBatchRecorded(ImportBatchRecorded)
    case policyAdopted(PolicyAdopted)
    case involvementRecorded(InvolvementRecorded)

    /// The kind of an event without its payload: one case per ``LedgerEvent`` case, in the same order.
    ///
    /// It exists so the list of types (``LedgerEvent/allTypeNames``) and the decoder's table are
    /// derived from exhaustive switches: a new ``LedgerEvent`` case does not compile until it has a
    /// kind, and a kind does not compile until it has a payload type and a decoder.
    public enum Kind: Sendable, Hashable, CaseIterable {
        case teamRegistered
        case workerRegistered
        case workerRoleChanged
        case workerMovedTeam
        case workerAbsenceRecorded
        case workerLeft
        case referralReceived
        case referralDecisionRecorded
        case caseCategoryChanged
        case riskLevelAssessed
        case caseAllocated
        case caseCoAllocated
        case caseDeallocated
        case caseTransferred
        case caseClosureRequested
        case caseClosed
        case caseReopened
        case allocationDiscussionRecorded
        case oversightRecorded
        case caseNoteRecorded
        case unallocatedMonitoringRecorded
        case familyLetterSent
        case unallocatedReviewRecorded
        case escalationRecorded
        case workloadConcernRaised
        case entryRetracted
        case importBatchRecorded
        case policyAdopted
        case involvementRecorded

        /// The payload type of events of this kind.
        public var payloadType: any EventPayload.Type {
            switch self {
            case .teamRegistered: return TeamRegistered.self
            case .workerRegistered: return WorkerRegistered.self
            case .workerRoleChanged: return WorkerRoleChanged.self
            case .workerMovedTeam: return WorkerMovedTeam.self
            case .workerAbsenceRecorded: return WorkerAbsenceRecorded.self
            case .workerLeft: return WorkerLeft.self
            case .referralReceived: return ReferralReceived.self
            case .referralDecisionRecorded: return ReferralDecisionRecorded.self
            case .caseCategoryChanged: return CaseCategoryChanged.self
            case .riskLevelAssessed: return RiskLevelAssessed.self
            case .caseAllocated: return CaseAllocated.self
            case .caseCoAllocated: return CaseCoAllocated.self
            case .caseDeallocated: return CaseDeallocated.self
            case .caseTransferred: return CaseTransferred.self
            case .caseClosureRequested: return CaseClosureRequested.self
            case .caseClosed: return CaseClosed.self
            case .caseReopened: return CaseReopened.self
            case .allocationDiscussionRecorded: return AllocationDiscussionRecorded.self
            case .oversightRecorded: return OversightRecorded.self
            case .caseNoteRecorded: return CaseNoteRecorded.self
            case .unallocatedMonitoringRecorded: return UnallocatedMonitoringRecorded.self
            case .familyLetterSent: return FamilyLetterSent.self
            case .unallocatedReviewRecorded: return UnallocatedReviewRecorded.self
            case .escalationRecorded: return EscalationRecorded.self
            case .workloadConcernRaised: return WorkloadConcernRaised.self
            case .entryRetracted: return EntryRetracted.self
            case .importBatchRecorded: return ImportBatchRecorded.self
            case .policyAdopted: return PolicyAdopted.self
            case .involvementRecorded: return InvolvementRecorded.self
            }
        }

        /// The stored `type`.
        public var typeName: String { payloadType.typeName }

        /// The current schema version of this kind's payload.
        public var schemaVersion: Int { payloadType.schemaVersion }

        /// The kind stored under `typeName`, or nil if this build does not know it.
        public init?(typeName: String) {
            guard let kind = Self.byTypeName[typeName] else { return nil }
            self = kind
        }

        private static let byTypeName: [String: Kind] = Dictionary(
            allCases.map { ($0.typeName, $0) }, uniquingKeysWith: { first, _ in first })

        /// Decodes a payload stored at the current schema version.
        package func decodeCurrentVersion(from data: Data, using decoder: JSONDecoder) throws -> LedgerEvent {
            switch self {
            case .teamRegistered: return .teamRegistered(try decoder.decode(TeamRegistered.self, from: data))
            case .workerRegistered: return .workerRegistered(try decoder.decode(WorkerRegistered.self, from: data))
            case .workerRoleChanged: return .workerRoleChanged(try decoder.decode(WorkerRoleChanged.self, from: data))
            case .workerMovedTeam: return .workerMovedTeam(try decoder.decode(WorkerMovedTeam.self, from: data))
            case .workerAbsenceRecorded: return .workerAbsenceRecorded(try decoder.decode(WorkerAbsenceRecorded.self, from: data))
            case .workerLeft: return .workerLeft(try decoder.decode(WorkerLeft.self, from: data))
            case .referralReceived: return .referralReceived(try decoder.decode(ReferralReceived.self, from: data))
            case .referralDecisionRecorded: return .referralDecisionRecorded(try decoder.decode(ReferralDecisionRecorded.self, from: data))
            case .caseCategoryChanged: return .caseCategoryChanged(try decoder.decode(CaseCategoryChanged.self, from: data))
            case .riskLevelAssessed: return .riskLevelAssessed(try decoder.decode(RiskLevelAssessed.self, from: data))
            case .caseAllocated: return .caseAllocated(try decoder.decode(CaseAllocated.self, from: data))
            case .caseCoAllocated: return .caseCoAllocated(try decoder.decode(CaseCoAllocated.self, from: data))
            case .caseDeallocated: return .caseDeallocated(try decoder.decode(CaseDeallocated.self, from: data))
            case .caseTransferred: return .caseTransferred(try decoder.decode(CaseTransferred.self, from: data))
            case .caseClosureRequested: return .caseClosureRequested(try decoder.decode(CaseClosureRequested.self, from: data))
            case .caseClosed: return .caseClosed(try decoder.decode(CaseClosed.self, from: data))
            case .caseReopened: return .caseReopened(try decoder.decode(CaseReopened.self, from: data))
            case .allocationDiscussionRecorded: return .allocationDiscussionRecorded(try decoder.decode(AllocationDiscussionRecorded.self, from: data))
            case .oversightRecorded: return .oversightRecorded(try decoder.decode(OversightRecorded.self, from: data))
            case .caseNoteRecorded: return .caseNoteRecorded(try decoder.decode(CaseNoteRecorded.self, from: data))
            case .unallocatedMonitoringRecorded: return .unallocatedMonitoringRecorded(try decoder.decode(UnallocatedMonitoringRecorded.self, from: data))
            case .familyLetterSent: return .familyLetterSent(try decoder.decode(FamilyLetterSent.self, from: data))
            case .unallocatedReviewRecorded: return .unallocatedReviewRecorded(try decoder.decode(UnallocatedReviewRecorded.self, from: data))
            case .escalationRecorded: return .escalationRecorded(try decoder.decode(EscalationRecorded.self, from: data))
            case .workloadConcernRaised: return .workloadConcernRaised(try decoder.decode(WorkloadConcernRaised.self, from: data))
            case .entryRetracted: return .entryRetracted(try decoder.decode(EntryRetracted.self, from: data))
            case .importBatchRecorded: return .importBatchRecorded(try decoder.decode(ImportBatchRecorded.self, from: data))
            case .policyAdopted: return .policyAdopted(try decoder.decode(PolicyAdopted.self, from: data))
            case .involvementRecorded: return .involvementRecorded(try decoder.decode(InvolvementRecorded.self, from: data))
            }
        }
    }

    /// Every stored type name this build reads, in ``Kind`` order.
    public static let allTypeNames: [String] = Kind.allCases.map(\.typeName)

    public var kind: Kind {
        switch self {
        case .teamRegistered: return .teamRegistered
        case .workerRegistered: return .workerRegistered
        case .workerRoleChanged: return .workerRoleChanged
        case .workerMovedTeam: return .workerMovedTeam
        case .workerAbsenceRecorded: return .workerAbsenceRecorded
        case .workerLeft: return .workerLeft
        case .referralReceived: return .referralReceived
        case .referralDecisionRecorded: return .referralDecisionRecorded
        case .caseCategoryChanged: return .caseCategoryChanged
        case .riskLevelAssessed: return .riskLevelAssessed
        case .caseAllocated: return .caseAllocated
        case .caseCoAllocated: return .caseCoAllocated
        case .caseDeallocated: return .caseDeallocated
        case .caseTransferred: return .caseTransferred
        case .caseClosureRequested: return .caseClosureRequested
        case .caseClosed: return .caseClosed
        case .caseReopened: return .caseReopened
        case .allocationDiscussionRecorded: return .allocationDiscussionRecorded
        case .oversightRecorded: return .oversightRecorded
        case .caseNoteRecorded: return .caseNoteRecorded
        case .unallocatedMonitoringRecorded: return .unallocatedMonitoringRecorded
        case .familyLetterSent: return .familyLetterSent
        case .unallocatedReviewRecorded: return .unallocatedReviewRecorded
        case .escalationRecorded: return .escalationRecorded
        case .workloadConcernRaised: return .workloadConcernRaised
        case .entryRetracted: return .entryRetracted
        case .importBatchRecorded: return .importBatchRecorded
        case .policyAdopted: return .policyAdopted
        case .involvementRecorded: return .involvementRecorded
        }
    }

    /// The payload, whatever its type.
    public var payload: any EventPayload {
        switch self {
        case .teamRegistered(let payload): return payload
        case .workerRegistered(let payload): return payload
        case .workerRoleChanged(let payload): return payload
        case .workerMovedTeam(let payload): return payload
        case .workerAbsenceRecorded(let payload): return payload
        case .workerLeft(let payload): return payload
        case .referralReceived(let payload): return payload
        case .referralDecisionRecorded(let payload): return payload
        case .caseCategoryChanged(let payload): return payload
        case .riskLevelAssessed(let payload): return payload
        case .caseAllocated(let payload): return payload
        case .caseCoAllocated(let payload): return payload
        case .caseDeallocated(let payload): return payload
        case .caseTransferred(let payload): return payload
        case .caseClosureRequested(let payload): return payload
        case .caseClosed(let payload): return payload
        case .caseReopened(let payload): return payload
        case .allocationDiscussionRecorded(let payload): return payload
        case .oversightRecorded(let payload): return payload
        case .caseNoteRecorded(let payload): return payload
        case .unallocatedMonitoringRecorded(let payload): return payload
        case .familyLetterSent(let payload): return payload
        case .unallocatedReviewRecorded(let payload): return payload
        case .escalationRecorded(let payload): return payload
        case .workloadConcernRaised(let payload): return payload
        case .entryRetracted(let payload): return payload
        case .importBatchRecorded(let payload): return payload
        case .policyAdopted(let payload): return payload
        case .involvementRecorded(let payload): return payload
        }
    }

    /// The stored `type`, such as `"CaseAllocated"`.
    public var typeName: String { kind.typeName }

    /// The schema version the payload is encoded at: always the current one, since older stored
    /// versions are upcast on decoding.
    public var schemaVersion: Int { kind.schemaVersion }

    /// The stream the event belongs to.
    public var stream: StreamName { payload.stream }

    /// Encodes the payload object (the bytes that go after `"data":`).
    ///
    /// Use an encoder from ``makeLedgerEncoder()``: the stored bytes are hashed, so every writer
    /// must produce the same bytes for the same value.
    public func encodeData(using encoder: JSONEncoder) throws -> Data {
        try encoder.encode(payload)
    }

    /// Decodes a payload of the given stored type and version, upcasting older versions to the
    /// current shape. This is the one place upcasting happens (see ``EventUpcaster``).
    public static func decodeData(
        type: String, schemaVersion: Int, data: Data, using decoder: JSONDecoder
    ) throws(EventDecodingError) -> LedgerEvent {
        guard let kind = Kind(typeName: type) else { throw .unknownType(type: type) }
        let current = kind.schemaVersion
        let event: LedgerEvent
        if schemaVersion == current {
            do {
                event = try kind.decodeCurrentVersion(from: data, using: decoder)
            } catch {
                throw .malformedData(type: type, detail: EventDecodingError.detail(for: error))
            }
        } else if schemaVersion > current || schemaVersion < 1 {
            throw .unsupportedSchemaVersion(type: type, version: schemaVersion, current: current)
        } else {
            event = try EventUpcaster.upcast(kind: kind, storedVersion: schemaVersion, data: data, using: decoder)
        }
        if let validated = event.payload as? any ValidatedPayload, let problem = validated.validationProblem {
            throw .malformedData(type: type, detail: problem)
        }
        return event
    }

    /// The encoder every writer of payloads uses: keys sorted by their UTF-8 bytes, slashes not
    /// escaped, no whitespace, so the bytes are canonical and contain no newline.
    public static func makeLedgerEncoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    /// The decoder every reader of payloads uses (default strategies: instants and dates decode themselves).
    public static func makeLedgerDecoder() -> JSONDecoder {
        JSONDecoder()
    }
}
