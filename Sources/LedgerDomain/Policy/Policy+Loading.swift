import Foundation
import LedgerEvents
import LedgerStore
import LedgerSupport

/// A policy file that cannot be used, naming the file and every problem found in it.
public struct PolicyError: Error, Sendable, Hashable, CustomStringConvertible {
    public var path: String
    /// Each problem as "field path: what is wrong", in the order found.
    public var problems: [String]

    /// Every problem found in one file, in the order found.
    public init(path: String, problems: [String]) {
        self.path = path
        self.problems = problems
    }

    /// A single problem (a file that cannot be read or parsed at all).
    public init(path: String, detail: String) {
        self.init(path: path, problems: [detail])
    }

    /// The problems on one line each, for a single-line context such as a refusal.
    public var detail: String { problems.joined(separator: "; ") }

    /// One line for one problem; a count and one indented line each for several.
    public var description: String {
        guard problems.count > 1 else { return "policy file \(path): \(detail)" }
        return "policy file \(path): \(problems.count) problems:\n" + problems.map { "  - " + $0 }.joined(separator: "\n")
    }
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

    /// The same JSON indented for a person to read and edit, keys sorted. Its hash is the
    /// canonical form's: layout is not part of a policy's identity.
    public func readableJSON() -> String {
        guard let document = try? StrictJSON.parse(canonicalJSON()) else { return String(decoding: canonicalJSON(), as: UTF8.self) }
        return document.indentedText()
    }

    /// Reads and checks a policy file (JSON, the shape `canonicalJSON()` writes, any layout).
    ///
    /// A file a person hands the tool is held to its exact shape first (``PolicyShape``):
    /// unknown or misspelt keys, wrong types and missing fields are all reported together, then
    /// every number that makes no sense. A policy already adopted into the log is read with
    /// ``parse(_:path:)`` instead, so that tightening these checks never changes past answers.
    public static func load(path: String) throws(PolicyError) -> Policy {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw PolicyError(path: path, detail: "cannot be read")
        }
        let document: StrictJSONValue
        do { document = try StrictJSON.parse([UInt8](data)) } catch {
            throw PolicyError(path: path, detail: "not valid JSON: \(error)")
        }
        let shapeProblems = PolicyShape.policy.problems(in: document)
        guard shapeProblems.isEmpty else { throw PolicyError(path: path, problems: shapeProblems) }
        return try parse(data, path: path)
    }

    /// Decodes and checks a policy's JSON. `asAdopted` reads a policy already adopted into the
    /// log: only the checks every build has made apply, so a later, stricter build reads the
    /// same policy in force as the build that adopted it.
    public static func parse(_ data: Data, path: String = "(inline)", asAdopted: Bool = false) throws(PolicyError) -> Policy {
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
        let found = policy.problems(asAdopted: asAdopted)
        guard found.isEmpty else { throw PolicyError(path: path, problems: found) }
        return policy
    }

    /// Numbers that make no sense are refused rather than silently mis-enforced; every such
    /// number is named, not just the first.
    package func validate(path: String) throws(PolicyError) {
        let found = problems(asAdopted: false)
        guard found.isEmpty else { throw PolicyError(path: path, problems: found) }
    }

    /// Every number or combination in this policy that makes no sense, as "field: problem".
    /// `asAdopted` keeps to the checks made since policies were first adopted (negative numbers,
    /// unknown rule ids); the rest are refused at adoption only (see ``parse(_:path:asAdopted:)``).
    package func problems(asAdopted: Bool) -> [String] {
        var found: [String] = []
        if !asAdopted, formatVersion != 1 {
            found.append("formatVersion: this build reads policy format 1; got \(formatVersion)")
        }
        for key in severities.keys.sorted() where RuleID(rawValue: key) == nil {
            found.append("severities.\(key): unknown rule id; known: \(RuleID.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        for (name, weight) in [("low", weights.low), ("moderate", weights.moderate), ("high", weights.high)] where weight < 0 {
            found.append("weights.\(name): must not be negative; got \(weight)")
        }
        for (index, cap) in caps.enumerated() {
            if let cases = cap.cases, cases < 0 { found.append("caps[\(index)].cases (\(cap.role.rawValue)): must not be negative; got \(cases)") }
            if let points = cap.points, points < 0 { found.append("caps[\(index)].points (\(cap.role.rawValue)): must not be negative; got \(points)") }
            if !asAdopted, let first = caps.firstIndex(where: { $0.role == cap.role }), first < index {
                found.append("caps[\(index)]: a second cap for \(cap.role.rawValue) (caps[\(first)] is the first); only one would be enforced")
            }
        }
        for (index, step) in nqswRamp.enumerated() {
            let name = "nqswRamp[\(index)] (\(step.serviceArea.rawValue) from week \(step.fromWeek))"
            if step.fromWeek < 0 { found.append("\(name).fromWeek: must not be negative") }
            guard !asAdopted else { continue }
            for (field, value) in [("minimumChildren", step.minimumChildren), ("maximumChildren", step.maximumChildren),
                                   ("minimumFamilies", step.minimumFamilies), ("maximumFamilies", step.maximumFamilies)] {
                if let value, value < 0 { found.append("\(name).\(field): must not be negative; got \(value)") }
            }
            if let minimum = step.minimumChildren, let maximum = step.maximumChildren, minimum > maximum {
                found.append("\(name): minimumChildren \(minimum) is above maximumChildren \(maximum)")
            }
            if let minimum = step.minimumFamilies, let maximum = step.maximumFamilies, minimum > maximum {
                found.append("\(name): minimumFamilies \(minimum) is above maximumFamilies \(maximum)")
            }
            if let first = nqswRamp.firstIndex(where: { $0.serviceArea == step.serviceArea && $0.fromWeek == step.fromWeek }), first < index {
                found.append("\(name): a second step for the same area and week (nqswRamp[\(first)] is the first)")
            }
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
            found.append("timescales.\(name): must not be negative; got \(value)")
        }
        if leaveLookAheadWorkingDays < 0 { found.append("leaveLookAheadWorkingDays: must not be negative; got \(leaveLookAheadWorkingDays)") }
        if reReferralWindowDays < 0 { found.append("reReferralWindowDays: must not be negative; got \(reReferralWindowDays)") }
        return found
    }

    package static func codingPath(_ path: [any CodingKey]) -> String {
        path.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
    }
}
