import LedgerEvents
import LedgerStore
import LedgerSupport

/// Reads the few fields a ``FactDetail`` keeps straight off the JSON tape of an event's data,
/// without building the event through `Codable`.
///
/// A cold rebuild spent four fifths of its time in Swift's `Codable` machinery building whole
/// payloads (prose, tasks, findings) only for ``FactDetail/init(capturing:)`` to keep a few ids,
/// codes and flags. This reads those fields from the same strictly checked token tape the
/// generic decoder uses, with the same conversions (the same string unescaping, the same
/// canonical instant and date readers), so the results are equal: the tests compare it with the
/// generic path on every event type.
///
/// It answers nil, and the caller takes the generic path, whenever it is not sure to agree: a
/// type it does not extract (``InvolvementRecorded``, whose shape is changing; a payload with
/// cross-field validation), an older schema version (the upcaster's business), text that is not
/// JSON, a field it reads that is missing or of another kind, a number or date not in the plain
/// form. Fields it does not read are checked for JSON syntax only; the generic decoder checks
/// them when an answer reads the event back from the log.
package struct FactExtractor {
    private let storage = JSONDecodingStorage()

    package init() {}

    /// The detail of an event of `type` (the raw bytes of its name) at `schemaVersion`, or nil.
    package func detail(type: UnsafeRawBufferPointer, schemaVersion: Int, data: UnsafeRawBufferPointer) -> FactDetail? {
        guard let kind = Self.kind(named: type), schemaVersion == Self.currentVersions[kind] else { return nil }
        do { try storage.load(data) } catch { return nil }
        guard storage.tokens.count > 0, storage.tokens[0].kind == .object else { return nil }
        return extract(kind)
    }

    // MARK: Kinds by name

    private static let kindsByLength: [Int: [([UInt8], LedgerEvent.Kind)]] = Dictionary(
        grouping: LedgerEvent.Kind.allCases.map { (Array($0.typeName.utf8), $0) }, by: { $0.0.count })

    private static let currentVersions: [LedgerEvent.Kind: Int] = Dictionary(
        uniqueKeysWithValues: LedgerEvent.Kind.allCases.map { ($0, $0.schemaVersion) })

    package static func kind(named name: UnsafeRawBufferPointer) -> LedgerEvent.Kind? {
        guard let candidates = kindsByLength[name.count] else { return nil }
        for (spelling, kind) in candidates where spelling.elementsEqual(name) { return kind }
        return nil
    }

    // MARK: Per kind, mirroring FactDetail(capturing:)

    private func extract(_ kind: LedgerEvent.Kind) -> FactDetail? {
        switch kind {
        case .referralReceived:
            guard let referralId = string("referralId"), let familyId = string("familyId"),
                  let teamId = string("teamId"), let serviceArea = value("serviceArea", ServiceArea.self),
                  let category = value("category", CaseCategory.self), let flags = values("flags", CaseFlag.self),
                  let riskLevel = optionalValue("riskLevel", RiskLevel.self), let isReReferral = bool("isReReferral"),
                  let previousWorkerId = optionalString("previousWorkerId")
            else { return nil }
            return .referralReceived(
                referralId: referralId, familyId: familyId, teamId: teamId, serviceArea: serviceArea,
                category: category, flags: flags, riskLevel: riskLevel, isReReferral: isReReferral,
                previousWorkerId: previousWorkerId)
        case .referralDecisionRecorded:
            guard let referralId = string("referralId"), let outcome = value("outcome", ReferralOutcome.self)
            else { return nil }
            return .referralDecision(referralId: referralId, outcome: outcome)
        case .caseCategoryChanged:
            guard let category = value("toCategory", CaseCategory.self), let flags = values("flags", CaseFlag.self)
            else { return nil }
            return .categoryChanged(category: category, flags: flags)
        case .riskLevelAssessed:
            guard let riskLevel = value("riskLevel", RiskLevel.self) else { return nil }
            return .riskAssessed(riskLevel: riskLevel)
        case .caseAllocated:
            guard let workerId = string("workerId"), let teamId = string("teamId"),
                  let previousWorkerId = optionalString("previousWorkerId"),
                  let reason = value("reason", AllocationReason.self), let record = record()
            else { return nil }
            return .allocated(workerId: workerId, teamId: teamId, previousWorkerId: previousWorkerId, reason: reason,
                              record: record)
        case .caseCoAllocated:
            guard let workerId = string("workerId"), let teamId = optionalString("teamId"),
                  let reason = value("reason", AllocationReason.self), let record = record()
            else { return nil }
            return .coAllocated(workerId: workerId, teamId: teamId, reason: reason, record: record)
        case .caseDeallocated:
            guard let workerId = string("workerId"), let isPrimary = bool("isPrimary"),
                  let reason = value("reason", AllocationReason.self),
                  let remainsWithTeamId = optionalString("remainsWithTeamId")
            else { return nil }
            return .deallocated(workerId: workerId, isPrimary: isPrimary, reason: reason,
                                remainsWithTeamId: remainsWithTeamId)
        case .caseTransferred:
            guard let fromWorkerId = optionalString("fromWorkerId"), let toWorkerId = optionalString("toWorkerId"),
                  let fromTeamId = string("fromTeamId"), let toTeamId = string("toTeamId"),
                  let reason = value("reason", AllocationReason.self), let record = record()
            else { return nil }
            return .transferred(fromWorkerId: fromWorkerId, toWorkerId: toWorkerId, fromTeamId: fromTeamId,
                                toTeamId: toTeamId, reason: reason, record: record)
        case .caseClosureRequested:
            guard let requestedById = string("requestedById") else { return nil }
            return .closureRequested(requestedById: requestedById)
        case .caseClosed:
            guard let authorisingManagerId = string("authorisingManagerId"),
                  let summary = member(of: 0, "closureSummary"), storage.tokens[summary].kind == .object,
                  let workDone = isBlank(member(of: summary, "workDone")),
                  let outstandingWork = isBlank(member(of: summary, "outstandingWork")),
                  let responsibility = isBlank(member(of: summary, "responsibility")),
                  let evidenceBlank = optionalIsBlank("evidenceNeedsAddressed"),
                  let ruleIds = overriddenRuleIds()
            else { return nil }
            return .closed(authorisingManagerId: authorisingManagerId,
                           summaryComplete: !workDone && !outstandingWork && !responsibility,
                           hasEvidenceNeedsAddressed: !evidenceBlank, overriddenRuleIds: ruleIds)
        case .caseReopened:
            guard let referralId = string("referralId"), let isReReferral = bool("isReReferral"),
                  let previousWorkerId = optionalString("previousWorkerId")
            else { return nil }
            return .reopened(referralId: referralId, isReReferral: isReReferral, previousWorkerId: previousWorkerId)
        case .allocationDiscussionRecorded:
            guard let workerId = string("workerId") else { return nil }
            return .allocationDiscussion(workerId: workerId)
        case .oversightRecorded:
            guard let managerId = string("managerId") else { return nil }
            return .oversight(managerId: managerId)
        case .caseNoteRecorded: return .caseNote
        case .unallocatedMonitoringRecorded: return .unallocatedMonitoring
        case .familyLetterSent: return .familyLetter
        case .unallocatedReviewRecorded: return .unallocatedReview
        case .escalationRecorded:
            guard let level = value("level", EscalationLevel.self) else { return nil }
            return .escalation(level: level)
        case .entryRetracted:
            guard let target = integer("retractedSequenceNumber", UInt64.self),
                  let replacementFollows = bool("replacementFollows")
            else { return nil }
            return .retraction(targetSequence: target, replacementFollows: replacementFollows)
        case .workerRegistered:
            guard let teamId = string("teamId"), let role = value("role", Role.self), let startDate = date("startDate"),
                  let isAgency = bool("isAgency"), let isQualified = bool("isQualified"),
                  let percent = integer("fullTimeEquivalentPercent", Int.self)
            else { return nil }
            return .workerRegistered(teamId: teamId, role: role, startDate: startDate, isAgency: isAgency,
                                     isQualified: isQualified, fullTimeEquivalentPercent: percent)
        case .workerRoleChanged:
            guard let role = value("toRole", Role.self), let isQualified = bool("isQualified"),
                  let effectiveDate = optionalDate("effectiveDate")
            else { return nil }
            return .workerRoleChanged(role: role, isQualified: isQualified, effectiveDate: effectiveDate)
        case .workerMovedTeam:
            guard let fromTeamId = string("fromTeamId"), let toTeamId = string("toTeamId") else { return nil }
            return .workerMovedTeam(fromTeamId: fromTeamId, toTeamId: toTeamId)
        case .workerAbsenceRecorded:
            guard let absenceId = string("absenceId"), let kind = value("kind", AbsenceKind.self),
                  let startDate = date("startDate"), let endDate = optionalDate("endDate"),
                  let notifiedAt = optionalInstant("notifiedAt")
            else { return nil }
            return .workerAbsence(absenceId: absenceId, kind: kind, startDate: startDate, endDate: endDate,
                                  notifiedAt: notifiedAt)
        case .workerLeft:
            guard let lastWorkingDate = date("lastWorkingDate") else { return nil }
            return .workerLeft(lastWorkingDate: lastWorkingDate)
        case .teamRegistered:
            guard let name = string("name"), let serviceArea = value("serviceArea", ServiceArea.self),
                  let managerId = optionalString("managerId")
            else { return nil }
            return .teamRegistered(name: name, serviceArea: serviceArea, managerId: managerId)
        case .policyAdopted:
            guard let policyId = string("policyId"), let profile = string("profile"),
                  let contentSHA256 = string("contentSHA256"), let effectiveFrom = instant("effectiveFrom"),
                  let policyJSON = string("policyJSON")
            else { return nil }
            return .policyAdopted(policyId: policyId, profile: profile, contentSHA256: contentSHA256,
                                  effectiveFrom: effectiveFrom, policyJSON: policyJSON)
        case .importBatchRecorded:
            return .other
        case .involvementRecorded, .workloadConcernRaised:
            // Involvement's shape is being changed elsewhere; workload concerns have cross-field
            // rules the generic decoder checks. Both are rare.
            return nil
        }
    }

    /// The allocation-record facts of an allocation, co-allocation or transfer.
    private func record() -> AllocationRecordFacts? {
        guard let ruleIds = overriddenRuleIds(), let tasks = member(of: 0, "tasks"),
              storage.tokens[tasks].kind == .array, let rationaleBlank = isBlank(member(of: 0, "rationale"))
        else { return nil }
        return AllocationRecordFacts(overriddenRuleIds: ruleIds, hasTasks: storage.tokens[tasks].count > 0,
                                     hasRationale: !rationaleBlank)
    }

    /// The `ruleId` of each element of the `overrides` array.
    private func overriddenRuleIds() -> [String]? {
        guard let array = member(of: 0, "overrides"), storage.tokens[array].kind == .array else { return nil }
        var ruleIds: [String] = []
        ruleIds.reserveCapacity(Int(storage.tokens[array].count))
        var index = array + 1
        let end = Int(storage.tokens[array].end)
        while index < end {
            guard storage.tokens[index].kind == .object, let ruleId = member(of: index, "ruleId"),
                  storage.tokens[ruleId].kind == .string
            else { return nil }
            ruleIds.append(storage.string(at: ruleId))
            index = storage.index(after: index)
        }
        return ruleIds
    }

    // MARK: Values of the data object's members

    private func member(of object: Int, _ name: StaticString) -> Int? {
        storage.member(of: object, named: UnsafeBufferPointer(start: name.utf8Start, count: name.utf8CodeUnitCount))
    }

    /// Nil for absent and null alike, as `decodeIfPresent` reads an optional.
    private func presentMember(_ name: StaticString) -> Int? {
        guard let index = member(of: 0, name), storage.tokens[index].kind != .null else { return nil }
        return index
    }

    private func string(_ name: StaticString) -> String? {
        guard let index = member(of: 0, name), storage.tokens[index].kind == .string else { return nil }
        return storage.string(at: index)
    }

    /// `.some(nil)` when absent or null; nil when present but not a string.
    private func optionalString(_ name: StaticString) -> String?? {
        guard let index = presentMember(name) else { return .some(nil) }
        guard storage.tokens[index].kind == .string else { return nil }
        return .some(storage.string(at: index))
    }

    private func bool(_ name: StaticString) -> Bool? {
        guard let index = member(of: 0, name) else { return nil }
        switch storage.tokens[index].kind {
        case .trueValue: return true
        case .falseValue: return false
        default: return nil
        }
    }

    private func value<Value: RawRepresentable>(_ name: StaticString, _ type: Value.Type) -> Value?
    where Value.RawValue == String {
        guard let index = member(of: 0, name) else { return nil }
        return rawValue(at: index, type)
    }

    private func optionalValue<Value: RawRepresentable>(_ name: StaticString, _ type: Value.Type) -> Value??
    where Value.RawValue == String {
        guard let index = presentMember(name) else { return .some(nil) }
        guard let value = rawValue(at: index, type) else { return nil }
        return .some(value)
    }

    private func values<Value: RawRepresentable>(_ name: StaticString, _ type: Value.Type) -> [Value]?
    where Value.RawValue == String {
        guard let array = member(of: 0, name), storage.tokens[array].kind == .array else { return nil }
        var result: [Value] = []
        result.reserveCapacity(Int(storage.tokens[array].count))
        var index = array + 1
        let end = Int(storage.tokens[array].end)
        while index < end {
            guard let value = rawValue(at: index, type) else { return nil }
            result.append(value)
            index = storage.index(after: index)
        }
        return result
    }

    private func rawValue<Value: RawRepresentable>(at index: Int, _ type: Value.Type) -> Value?
    where Value.RawValue == String {
        guard storage.tokens[index].kind == .string else { return nil }
        return Value(rawValue: storage.string(at: index))
    }

    /// A plain integer (digits with an optional minus) that fits `Integer`; anything else
    /// (`1.0`, `1e2`, out of range) is left to the generic decoder's rules.
    private func integer<Integer: FixedWidthInteger>(_ name: StaticString, _ type: Integer.Type) -> Integer? {
        guard let index = member(of: 0, name) else { return nil }
        let token = storage.tokens[index]
        guard token.kind == .number, token.flags & JSONToken.isPlainInteger != 0 else { return nil }
        var cursor = storage.inputBase + Int(token.start)
        let end = storage.inputBase + Int(token.end)
        let isNegative = cursor.pointee == UInt8(ascii: "-")
        if isNegative { cursor += 1 }
        var magnitude: UInt64 = 0
        while cursor < end {
            let (multiplied, overflowA) = magnitude.multipliedReportingOverflow(by: 10)
            let (added, overflowB) = multiplied.addingReportingOverflow(UInt64(cursor.pointee &- 0x30))
            guard !overflowA, !overflowB else { return nil }
            magnitude = added
            cursor += 1
        }
        if !isNegative { return Integer(exactly: magnitude) }
        guard magnitude <= UInt64(Int64.max) else { return nil }
        return Integer(exactly: -Int64(magnitude))
    }

    private func date(_ name: StaticString) -> LocalDate? {
        guard let index = member(of: 0, name), let text = storage.plainBytes(at: index) else { return nil }
        return LocalDate.parseCanonical(text)
    }

    private func optionalDate(_ name: StaticString) -> LocalDate?? {
        guard let index = presentMember(name) else { return .some(nil) }
        guard let text = storage.plainBytes(at: index), let date = LocalDate.parseCanonical(text) else { return nil }
        return .some(date)
    }

    private func instant(_ name: StaticString) -> Instant? {
        guard let index = member(of: 0, name), let text = storage.plainBytes(at: index) else { return nil }
        return Instant.parseCanonical(text)
    }

    private func optionalInstant(_ name: StaticString) -> Instant?? {
        guard let index = presentMember(name) else { return .some(nil) }
        guard let text = storage.plainBytes(at: index), let instant = Instant.parseCanonical(text) else { return nil }
        return .some(instant)
    }

    /// Whether the string at `index` is blank as ``FactDetail/isBlank(_:)`` judges it, or nil if
    /// there is no string there. Prose almost always starts with a visible ASCII character, which
    /// settles it without building the `String`.
    private func isBlank(_ index: Int?) -> Bool? {
        guard let index, storage.tokens[index].kind == .string else { return nil }
        let token = storage.tokens[index]
        if token.end > token.start {
            let first = storage.inputBase[Int(token.start)]
            let isASCIIVisible = first > 0x20 && first < 0x7F && first != UInt8(ascii: "\\")
            if isASCIIVisible { return false }
        }
        return FactDetail.isBlank(storage.string(at: index))
    }

    /// `evidenceNeedsAddressed ?? ""` judged blank; nil if present but not a string.
    private func optionalIsBlank(_ name: StaticString) -> Bool? {
        guard let index = presentMember(name) else { return true }
        return isBlank(index)
    }
}
