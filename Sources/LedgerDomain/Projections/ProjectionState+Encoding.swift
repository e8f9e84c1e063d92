import LedgerEvents
import LedgerStore
import LedgerSupport

/// The canonical serialisation of a projection state, which ``canonicalDigest`` hashes.
///
/// Streams are written in identifier order and strings are interned in first-use order, so the
/// same state always gives the same bytes, whatever order it was folded or loaded in. It is the
/// format-3 snapshot body without line offsets and indexes (`snapshots/README.md`, "Canonical
/// digest"); the snapshot file itself is laid out in blocks (``snapshotBody()``).
extension ProjectionState {
    /// The canonical bytes: every fact of every stream, no line offsets (they say where events
    /// are, not what the state is), no derived indexes.
    package func canonicalBody() -> [UInt8] {
        var encoder = ProjectionBodyEncoder(includeLocations: false)
        encoder.writeSpine(self)
        // Cases: a directory (id, block length) then the blocks.
        let caseIds = cases.ids.sorted()
        var directory = BinaryWriter()
        var blocks = BinaryWriter()
        for caseId in caseIds {
            directory.writeVarint(encoder.intern(caseId))
            let saved = encoder.output
            encoder.output = BinaryWriter()
            encoder.writeFacts(cases[caseId] ?? [])
            let block = encoder.output.bytes
            encoder.output = saved
            directory.writeVarint(block.count)
            blocks.bytes.append(contentsOf: block)
        }
        encoder.output.writeVarint(caseIds.count)
        encoder.output.bytes.append(contentsOf: directory.bytes)
        encoder.output.bytes.append(contentsOf: blocks.bytes)
        return encoder.withStringTable()
    }

    /// SHA-256 of the canonical serialisation: equal for equal states, however they were built
    /// (from scratch, from a snapshot and a tail, or in any split of the log).
    public var canonicalDigest: SHA256Digest {
        canonicalBody().withUnsafeBytes { SHA256.hash($0) }
    }
}

/// Tags of ``FactDetail`` cases in the snapshot body. Never renumber; add new tags at the end.
package enum FactDetailTag: UInt8 {
    case other = 0
    case referralReceived, referralDecision, categoryChanged, riskAssessed, allocated, coAllocated, deallocated
    case transferred, closureRequested, closed, reopened, allocationDiscussion, oversight, caseNote
    case unallocatedMonitoring, familyLetter, unallocatedReview, escalation, involvement, retraction
    case workerRegistered, workerRoleChanged, workerMovedTeam, workerAbsence, workerLeft, workloadConcern
    case teamRegistered, policyAdopted
    /// Added in projection format 2.
    case involvementEnd
}

/// Writes a body: an interning string table and the primitives of `snapshots/README.md`.
package struct ProjectionBodyEncoder {
    package let includeLocations: Bool
    package var output = BinaryWriter()
    package var strings: [String] = []
    package var stringIndex: [String: Int] = [:]
    package var stringBytes = 0

    package init(includeLocations: Bool) {
        self.includeLocations = includeLocations
        output.bytes.reserveCapacity(1 << 20)
    }

    package mutating func writeString(_ text: String) {
        output.writeVarint(intern(text))
    }

    /// Everything but the case streams: event count, position, anomalies, and the worker, team
    /// and policy streams (items 2–5 of the body in `snapshots/README.md`).
    package mutating func writeSpine(_ state: ProjectionState) {
        output.writeVarint(state.eventCount)
        output.writeVarint(state.position.sequence)
        output.writeDigest(state.position.chain)
        writeOptionalInstant(state.position.recordedAt)
        output.writeVarint(state.anomalies.count)
        for anomaly in state.anomalies {
            output.writeVarint(anomaly.sequence)
            writeString(anomaly.message)
        }
        for streams in [state.workers, state.teams, state.policies] {
            output.writeVarint(streams.count)
            for identifier in streams.keys.sorted() {
                writeString(identifier)
                writeFacts(streams[identifier] ?? [])
            }
        }
    }

    /// The string table (count, then each string) followed by what was written so far.
    package func withStringTable() -> [UInt8] {
        var body = BinaryWriter(capacity: output.bytes.count + stringBytes + 16)
        body.writeVarint(strings.count)
        for text in strings { body.writeString(text) }
        body.bytes.append(contentsOf: output.bytes)
        return body.bytes
    }

    /// The string's index in the table, adding it if new.
    package mutating func intern(_ text: String) -> Int {
        if let index = stringIndex[text] { return index }
        stringIndex[text] = strings.count
        strings.append(text)
        stringBytes += text.utf8.count + 5
        return strings.count - 1
    }

    package mutating func writeOptionalString(_ text: String?) {
        guard let text else { return output.writeByte(0) }
        output.writeByte(1)
        writeString(text)
    }

    package mutating func writeRaw<Value: RawRepresentable>(_ value: Value) where Value.RawValue == String {
        writeString(value.rawValue)
    }

    package mutating func writeOptionalInstant(_ instant: Instant?) {
        guard let instant else { return output.writeByte(0) }
        output.writeByte(1)
        output.writeInstant(instant)
    }

    package mutating func writeOptionalDate(_ date: LocalDate?) {
        guard let date else { return output.writeByte(0) }
        output.writeByte(1)
        output.writeDate(date)
    }

    package mutating func writeFacts(_ facts: [Fact]) {
        output.writeVarint(facts.count)
        var previousSequence: UInt64 = 0
        var previousRecordedAt: Int64 = 0
        for fact in facts {
            output.writeVarint(fact.sequence &- previousSequence)
            output.writeSignedVarint(fact.recordedAt.millisecondsSinceEpoch &- previousRecordedAt)
            output.writeSignedVarint(fact.occurredAt.millisecondsSinceEpoch &- fact.recordedAt.millisecondsSinceEpoch)
            output.writeDigest(fact.chain)
            if includeLocations { output.writeSignedVarint(fact.lineOffset) }
            output.writeVarint(fact.retractedBy.count)
            for retraction in fact.retractedBy { output.writeVarint(retraction) }
            writeDetail(fact.detail)
            previousSequence = fact.sequence
            previousRecordedAt = fact.recordedAt.millisecondsSinceEpoch
        }
    }

    package mutating func writeFlags(_ flags: [CaseFlag]) {
        output.writeVarint(flags.count)
        for flag in flags { writeRaw(flag) }
    }

    package mutating func writeRuleIds(_ ruleIds: [String]) {
        output.writeVarint(ruleIds.count)
        for ruleId in ruleIds { writeString(ruleId) }
    }

    package mutating func writeRecord(_ record: AllocationRecordFacts) {
        writeRuleIds(record.overriddenRuleIds)
        output.writeBool(record.hasTasks)
        output.writeBool(record.hasRationale)
    }

    package mutating func writeTag(_ tag: FactDetailTag) { output.writeByte(tag.rawValue) }

    package mutating func writeDetail(_ detail: FactDetail) {
        switch detail {
        case .referralReceived(let referralId, let familyId, let teamId, let serviceArea, let category, let flags,
                               let riskLevel, let isReReferral, let previousWorkerId):
            writeTag(.referralReceived)
            writeString(referralId)
            writeString(familyId)
            writeString(teamId)
            writeRaw(serviceArea)
            writeRaw(category)
            writeFlags(flags)
            writeOptionalString(riskLevel?.rawValue)
            output.writeBool(isReReferral)
            writeOptionalString(previousWorkerId)
        case .referralDecision(let referralId, let outcome):
            writeTag(.referralDecision)
            writeString(referralId)
            writeRaw(outcome)
        case .categoryChanged(let category, let flags):
            writeTag(.categoryChanged)
            writeRaw(category)
            writeFlags(flags)
        case .riskAssessed(let riskLevel):
            writeTag(.riskAssessed)
            writeRaw(riskLevel)
        case .allocated(let workerId, let teamId, let previousWorkerId, let reason, let record):
            writeTag(.allocated)
            writeString(workerId)
            writeString(teamId)
            writeOptionalString(previousWorkerId)
            writeRaw(reason)
            writeRecord(record)
        case .coAllocated(let workerId, let teamId, let reason, let record):
            writeTag(.coAllocated)
            writeString(workerId)
            writeOptionalString(teamId)
            writeRaw(reason)
            writeRecord(record)
        case .deallocated(let workerId, let isPrimary, let reason, let remainsWithTeamId):
            writeTag(.deallocated)
            writeString(workerId)
            output.writeBool(isPrimary)
            writeRaw(reason)
            writeOptionalString(remainsWithTeamId)
        case .transferred(let fromWorkerId, let toWorkerId, let fromTeamId, let toTeamId, let reason, let record):
            writeTag(.transferred)
            writeOptionalString(fromWorkerId)
            writeOptionalString(toWorkerId)
            writeString(fromTeamId)
            writeString(toTeamId)
            writeRaw(reason)
            writeRecord(record)
        case .closureRequested(let requestedById):
            writeTag(.closureRequested)
            writeString(requestedById)
        case .closed(let authorisingManagerId, let summaryComplete, let hasEvidence, let ruleIds):
            writeTag(.closed)
            writeString(authorisingManagerId)
            output.writeBool(summaryComplete)
            output.writeBool(hasEvidence)
            writeRuleIds(ruleIds)
        case .reopened(let referralId, let isReReferral, let previousWorkerId):
            writeTag(.reopened)
            writeString(referralId)
            output.writeBool(isReReferral)
            writeOptionalString(previousWorkerId)
        case .allocationDiscussion(let workerId):
            writeTag(.allocationDiscussion)
            writeString(workerId)
        case .oversight(let managerId):
            writeTag(.oversight)
            writeString(managerId)
        case .caseNote:
            writeTag(.caseNote)
        case .unallocatedMonitoring:
            writeTag(.unallocatedMonitoring)
        case .familyLetter:
            writeTag(.familyLetter)
        case .unallocatedReview:
            writeTag(.unallocatedReview)
        case .escalation(let level):
            writeTag(.escalation)
            writeRaw(level)
        case .involvement(let workerId, let teamId, let endedAt, let holdsCase):
            writeTag(.involvement)
            writeOptionalString(workerId)
            writeOptionalString(teamId)
            writeOptionalInstant(endedAt)
            output.writeBool(holdsCase)
        case .involvementEnd(let teamId):
            // Timelines add these; a state never holds one. Written for completeness.
            writeTag(.involvementEnd)
            writeOptionalString(teamId)
        case .retraction(let targetSequence, let replacementFollows):
            writeTag(.retraction)
            output.writeVarint(targetSequence)
            output.writeBool(replacementFollows)
        case .workerRegistered(let teamId, let role, let startDate, let isAgency, let isQualified, let percent):
            writeTag(.workerRegistered)
            writeString(teamId)
            writeRaw(role)
            output.writeDate(startDate)
            output.writeBool(isAgency)
            output.writeBool(isQualified)
            output.writeSignedVarint(Int64(percent))
        case .workerRoleChanged(let role, let isQualified, let effectiveDate):
            writeTag(.workerRoleChanged)
            writeRaw(role)
            output.writeBool(isQualified)
            writeOptionalDate(effectiveDate)
        case .workerMovedTeam(let fromTeamId, let toTeamId):
            writeTag(.workerMovedTeam)
            writeString(fromTeamId)
            writeString(toTeamId)
        case .workerAbsence(let absenceId, let kind, let startDate, let endDate, let notifiedAt):
            writeTag(.workerAbsence)
            writeString(absenceId)
            writeRaw(kind)
            output.writeDate(startDate)
            writeOptionalDate(endDate)
            writeOptionalInstant(notifiedAt)
        case .workerLeft(let lastWorkingDate):
            writeTag(.workerLeft)
            output.writeDate(lastWorkingDate)
        case .workloadConcern:
            writeTag(.workloadConcern)
        case .teamRegistered(let name, let serviceArea, let managerId):
            writeTag(.teamRegistered)
            writeString(name)
            writeRaw(serviceArea)
            writeOptionalString(managerId)
        case .policyAdopted(let policyId, let profile, let contentSHA256, let effectiveFrom, let policyJSON):
            writeTag(.policyAdopted)
            writeString(policyId)
            writeString(profile)
            writeString(contentSHA256)
            output.writeInstant(effectiveFrom)
            writeString(policyJSON)
        case .other:
            writeTag(.other)
        }
    }
}

/// Reads a body, resolving string references and parsing each enumeration spelling once.
package struct ProjectionBodyDecoder {
    package var reader: BinaryReader
    package var strings: [String] = []
    // Enumeration values by string-table index: each stored spelling is parsed once, not per fact.
    package var serviceAreas: [Int: ServiceArea] = [:]
    package var categories: [Int: CaseCategory] = [:]
    package var caseFlags: [Int: CaseFlag] = [:]
    package var riskLevels: [Int: RiskLevel] = [:]
    package var outcomes: [Int: ReferralOutcome] = [:]
    package var reasons: [Int: AllocationReason] = [:]
    package var levels: [Int: EscalationLevel] = [:]
    package var roles: [Int: Role] = [:]
    package var absenceKinds: [Int: AbsenceKind] = [:]

    /// Reads a string table (count, then each string) into ``strings``.
    package mutating func readStringTable() throws(SnapshotDecodingError) {
        let count = try reader.readElementCount()
        strings.reserveCapacity(count)
        for _ in 0..<count { strings.append(try reader.readString()) }
    }

    /// Reads what ``ProjectionBodyEncoder/writeSpine(_:)`` wrote into a fresh state.
    package mutating func readSpine() throws(SnapshotDecodingError) -> ProjectionState {
        var state = ProjectionState()
        state.eventCount = try reader.readCount(limit: Int.max)
        let sequence = try reader.readVarint()
        let chain = try reader.readDigest()
        let recordedAt = try readOptionalInstant()
        state.position = LogPosition(sequence: sequence, chain: chain, recordedAt: recordedAt)
        let anomalyCount = try reader.readElementCount()
        for _ in 0..<anomalyCount {
            let sequence = try reader.readVarint()
            state.anomalies.append(ProjectionAnomaly(sequence: sequence, message: try readString()))
        }
        state.workers = try readStreams()
        state.teams = try readStreams()
        state.policies = try readStreams()
        return state
    }

    package mutating func readString() throws(SnapshotDecodingError) -> String {
        let index = try reader.readCount()
        guard index < strings.count else {
            throw SnapshotDecodingError(offset: reader.offset, detail: "string reference \(index) of \(strings.count)")
        }
        return strings[index]
    }

    package mutating func readOptionalString() throws(SnapshotDecodingError) -> String? {
        try reader.readBool() ? try readString() : nil
    }

    package mutating func readRaw<Value: RawRepresentable>(_ cache: WritableKeyPath<ProjectionBodyDecoder, [Int: Value]>)
        throws(SnapshotDecodingError) -> Value where Value.RawValue == String
    {
        let index = try reader.readCount()
        if let cached = self[keyPath: cache][index] { return cached }
        guard index < strings.count else {
            throw SnapshotDecodingError(offset: reader.offset, detail: "string reference \(index) of \(strings.count)")
        }
        guard let value = Value(rawValue: strings[index]) else {
            throw SnapshotDecodingError(offset: reader.offset, detail: "\"\(strings[index])\" is not a known \(Value.self)")
        }
        self[keyPath: cache][index] = value
        return value
    }

    package mutating func readOptionalInstant() throws(SnapshotDecodingError) -> Instant? {
        try reader.readBool() ? try reader.readInstant() : nil
    }

    package mutating func readOptionalDate() throws(SnapshotDecodingError) -> LocalDate? {
        try reader.readBool() ? try reader.readDate() : nil
    }

    package mutating func readStreams() throws(SnapshotDecodingError) -> [String: [Fact]] {
        let count = try reader.readElementCount()
        var streams: [String: [Fact]] = [:]
        streams.reserveCapacity(count)
        for _ in 0..<count {
            let identifier = try readString()
            streams[identifier] = try readFacts()
        }
        return streams
    }

    package mutating func readFacts() throws(SnapshotDecodingError) -> [Fact] {
        let count = try reader.readElementCount()
        var facts: [Fact] = []
        facts.reserveCapacity(count)
        var sequence: UInt64 = 0
        var recordedAt: Int64 = 0
        for _ in 0..<count {
            sequence &+= try reader.readVarint()
            recordedAt &+= try reader.readSignedVarint()
            let occurredAt = recordedAt &+ (try reader.readSignedVarint())
            let chain = try reader.readDigest()
            let lineOffset = try reader.readSignedVarint()
            let retractionCount = try reader.readElementCount()
            var retractedBy: [UInt64] = []
            for _ in 0..<retractionCount { retractedBy.append(try reader.readVarint()) }
            let detail = try readDetail()
            facts.append(Fact(sequence: sequence, occurredAt: Instant(millisecondsSinceEpoch: occurredAt),
                              recordedAt: Instant(millisecondsSinceEpoch: recordedAt), chain: chain,
                              lineOffset: lineOffset, retractedBy: retractedBy, detail: detail))
        }
        return facts
    }

    package mutating func readFlags() throws(SnapshotDecodingError) -> [CaseFlag] {
        let count = try reader.readCount(limit: 64)
        var flags: [CaseFlag] = []
        for _ in 0..<count { flags.append(try readRaw(\.caseFlags)) }
        return flags
    }

    package mutating func readRuleIds() throws(SnapshotDecodingError) -> [String] {
        let count = try reader.readCount(limit: 1024)
        var ruleIds: [String] = []
        for _ in 0..<count { ruleIds.append(try readString()) }
        return ruleIds
    }

    package mutating func readRecord() throws(SnapshotDecodingError) -> AllocationRecordFacts {
        let ruleIds = try readRuleIds()
        let hasTasks = try reader.readBool()
        return AllocationRecordFacts(overriddenRuleIds: ruleIds, hasTasks: hasTasks, hasRationale: try reader.readBool())
    }

    package mutating func readDetail() throws(SnapshotDecodingError) -> FactDetail {
        let byte = try reader.readByte()
        guard let tag = FactDetailTag(rawValue: byte) else {
            throw SnapshotDecodingError(offset: reader.offset - 1, detail: "unknown fact tag \(byte)")
        }
        switch tag {
        case .referralReceived:
            let referralId = try readString()
            let familyId = try readString()
            let teamId = try readString()
            let serviceArea = try readRaw(\.serviceAreas)
            let category = try readRaw(\.categories)
            let flags = try readFlags()
            let riskLevel: RiskLevel? = try reader.readBool() ? try readRaw(\.riskLevels) : nil
            let isReReferral = try reader.readBool()
            return .referralReceived(referralId: referralId, familyId: familyId, teamId: teamId, serviceArea: serviceArea,
                                     category: category, flags: flags, riskLevel: riskLevel, isReReferral: isReReferral,
                                     previousWorkerId: try readOptionalString())
        case .referralDecision:
            let referralId = try readString()
            return .referralDecision(referralId: referralId, outcome: try readRaw(\.outcomes))
        case .categoryChanged:
            let category = try readRaw(\.categories)
            return .categoryChanged(category: category, flags: try readFlags())
        case .riskAssessed:
            return .riskAssessed(riskLevel: try readRaw(\.riskLevels))
        case .allocated:
            let workerId = try readString()
            let teamId = try readString()
            let previousWorkerId = try readOptionalString()
            let reason = try readRaw(\.reasons)
            return .allocated(workerId: workerId, teamId: teamId, previousWorkerId: previousWorkerId, reason: reason,
                              record: try readRecord())
        case .coAllocated:
            let workerId = try readString()
            let teamId = try readOptionalString()
            let reason = try readRaw(\.reasons)
            return .coAllocated(workerId: workerId, teamId: teamId, reason: reason, record: try readRecord())
        case .deallocated:
            let workerId = try readString()
            let isPrimary = try reader.readBool()
            let reason = try readRaw(\.reasons)
            return .deallocated(workerId: workerId, isPrimary: isPrimary, reason: reason,
                                remainsWithTeamId: try readOptionalString())
        case .transferred:
            let fromWorkerId = try readOptionalString()
            let toWorkerId = try readOptionalString()
            let fromTeamId = try readString()
            let toTeamId = try readString()
            let reason = try readRaw(\.reasons)
            return .transferred(fromWorkerId: fromWorkerId, toWorkerId: toWorkerId, fromTeamId: fromTeamId,
                                toTeamId: toTeamId, reason: reason, record: try readRecord())
        case .closureRequested:
            return .closureRequested(requestedById: try readString())
        case .closed:
            let managerId = try readString()
            let summaryComplete = try reader.readBool()
            let hasEvidence = try reader.readBool()
            return .closed(authorisingManagerId: managerId, summaryComplete: summaryComplete,
                           hasEvidenceNeedsAddressed: hasEvidence, overriddenRuleIds: try readRuleIds())
        case .reopened:
            let referralId = try readString()
            let isReReferral = try reader.readBool()
            return .reopened(referralId: referralId, isReReferral: isReReferral, previousWorkerId: try readOptionalString())
        case .allocationDiscussion:
            return .allocationDiscussion(workerId: try readString())
        case .oversight:
            return .oversight(managerId: try readString())
        case .caseNote:
            return .caseNote
        case .unallocatedMonitoring:
            return .unallocatedMonitoring
        case .familyLetter:
            return .familyLetter
        case .unallocatedReview:
            return .unallocatedReview
        case .escalation:
            return .escalation(level: try readRaw(\.levels))
        case .involvement:
            let workerId = try readOptionalString()
            let teamId = try readOptionalString()
            let endedAt = try readOptionalInstant()
            return .involvement(workerId: workerId, teamId: teamId, endedAt: endedAt, holdsCase: try reader.readBool())
        case .involvementEnd:
            return .involvementEnd(teamId: try readOptionalString())
        case .retraction:
            let target = try reader.readVarint()
            return .retraction(targetSequence: target, replacementFollows: try reader.readBool())
        case .workerRegistered:
            let teamId = try readString()
            let role = try readRaw(\.roles)
            let startDate = try reader.readDate()
            let isAgency = try reader.readBool()
            let isQualified = try reader.readBool()
            let percent = try reader.readSignedVarint()
            return .workerRegistered(teamId: teamId, role: role, startDate: startDate, isAgency: isAgency,
                                     isQualified: isQualified, fullTimeEquivalentPercent: Int(clamping: percent))
        case .workerRoleChanged:
            let role = try readRaw(\.roles)
            let isQualified = try reader.readBool()
            return .workerRoleChanged(role: role, isQualified: isQualified, effectiveDate: try readOptionalDate())
        case .workerMovedTeam:
            let fromTeamId = try readString()
            return .workerMovedTeam(fromTeamId: fromTeamId, toTeamId: try readString())
        case .workerAbsence:
            let absenceId = try readString()
            let kind = try readRaw(\.absenceKinds)
            let startDate = try reader.readDate()
            let endDate = try readOptionalDate()
            return .workerAbsence(absenceId: absenceId, kind: kind, startDate: startDate, endDate: endDate,
                                  notifiedAt: try readOptionalInstant())
        case .workerLeft:
            return .workerLeft(lastWorkingDate: try reader.readDate())
        case .workloadConcern:
            return .workloadConcern
        case .teamRegistered:
            let name = try readString()
            let serviceArea = try readRaw(\.serviceAreas)
            return .teamRegistered(name: name, serviceArea: serviceArea, managerId: try readOptionalString())
        case .policyAdopted:
            let policyId = try readString()
            let profile = try readString()
            let contentSHA256 = try readString()
            let effectiveFrom = try reader.readInstant()
            return .policyAdopted(policyId: policyId, profile: profile, contentSHA256: contentSHA256,
                                  effectiveFrom: effectiveFrom, policyJSON: try readString())
        case .other:
            return .other
        }
    }
}
