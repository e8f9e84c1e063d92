import Foundation
import LedgerEvents
import LedgerStore
import LedgerSupport

/// A policy file that cannot be used, naming the file and what is wrong with it.
public struct PolicyError: Error, Sendable, Hashable, CustomStringConvertible {
    public var path: String
    public var detail: String

    public init(path: String, detail: String) {
        self.path = path
        self.detail = detail
    }

    public var description: String { "policy file \(path): \(detail)" }
}

extension Policy {
    /// The canonical bytes of this policy: sorted keys, no whitespace. Its SHA-256 is the
    /// policy's identity in `PolicyAdopted` events.
    public func canonicalJSON() -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? [UInt8](encoder.encode(self))) ?? []
    }

    public var contentHash: SHA256Digest { SHA256.hash(canonicalJSON()) }

    /// Reads and checks a policy file (JSON, the shape `canonicalJSON()` writes).
    public static func load(path: String) throws(PolicyError) -> Policy {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw PolicyError(path: path, detail: "cannot be read")
        }
        return try parse(data, path: path)
    }

    public static func parse(_ data: Data, path: String = "(inline)") throws(PolicyError) -> Policy {
        let policy: Policy
        do {
            policy = try JSONDecoder().decode(Policy.self, from: data)
        } catch let DecodingError.keyNotFound(key, context) {
            throw PolicyError(path: path, detail: "missing field \(Policy.codingPath(context.codingPath + [key]))")
        } catch let DecodingError.typeMismatch(_, context), let DecodingError.valueNotFound(_, context) {
            throw PolicyError(path: path, detail: "field \(Policy.codingPath(context.codingPath)): \(context.debugDescription)")
        } catch let DecodingError.dataCorrupted(context) {
            throw PolicyError(path: path, detail: "field \(Policy.codingPath(context.codingPath)): \(context.debugDescription)")
        } catch {
            throw PolicyError(path: path, detail: "not valid JSON: \(error)")
        }
        try policy.validate(path: path)
        return policy
    }

    /// Numbers that make no sense are refused rather than silently mis-enforced.
    package func validate(path: String) throws(PolicyError) {
        for key in severities.keys where RuleID(rawValue: key) == nil {
            throw PolicyError(path: path, detail: "unknown rule id \(key) in severities; known: \(RuleID.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        for weight in [weights.low, weights.moderate, weights.high] where weight < 0 {
            throw PolicyError(path: path, detail: "risk weights must not be negative")
        }
        for cap in caps {
            if let cases = cap.cases, cases < 0 { throw PolicyError(path: path, detail: "cap for \(cap.role.rawValue): cases must not be negative") }
            if let points = cap.points, points < 0 { throw PolicyError(path: path, detail: "cap for \(cap.role.rawValue): points must not be negative") }
        }
        for step in nqswRamp where step.fromWeek < 0 {
            throw PolicyError(path: path, detail: "NQSW ramp step for \(step.serviceArea.rawValue): fromWeek must not be negative")
        }
        let timescaleNumbers: [(String, Int)] = [
            ("decisionHours", timescales.decisionHours), ("allocationHours", timescales.allocationHours),
            ("reallocationWorkingDays", timescales.reallocationWorkingDays),
            ("monitoringWorkingDays", timescales.monitoringWorkingDays), ("letterWorkingDays", timescales.letterWorkingDays),
            ("firstReviewWeeks", timescales.firstReviewWeeks), ("reviewIntervalWeeks", timescales.reviewIntervalWeeks),
            ("serviceManagerEscalationWeeks", timescales.serviceManagerEscalationWeeks),
            ("headOfServiceEscalationWeeks", timescales.headOfServiceEscalationWeeks),
        ]
        for (name, value) in timescaleNumbers where value < 0 {
            throw PolicyError(path: path, detail: "timescales.\(name) must not be negative; got \(value)")
        }
        guard leaveLookAheadWorkingDays >= 0, reReferralWindowDays >= 0 else {
            throw PolicyError(path: path, detail: "leaveLookAheadWorkingDays and reReferralWindowDays must not be negative")
        }
    }

    package static func codingPath(_ path: [any CodingKey]) -> String {
        path.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
    }
}
