import Foundation
import LedgerEvents
import LedgerStore
import LedgerSupport

/// The policy checks of one decision, applied at the severity in force: block refuses, justify
/// refuses unless justified, finding records, off skips.
package struct RuleEvaluation: Sendable {
    package let policy: Policy
    package let justifications: [RuleID: String]
    package private(set) var refusals: [RuleBreach] = []
    package private(set) var findings: [PolicyFinding] = []
    package private(set) var overrides: [PolicyOverride] = []
    package private(set) var notes: [String] = []

    package init(policy: Policy, justifications: [RuleID: String] = [:]) {
        self.policy = policy
        // A blank justification justifies nothing.
        self.justifications = justifications.filter { !$0.value.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty }
    }

    /// Records that `rule` is breached, with the finding in figures.
    ///
    /// - Parameters:
    ///   - blockRemedy: what to do instead when the rule blocks.
    ///   - justifyRemedy: the way forward when it needs a justification; always ends by saying
    ///     a justification overrides it.
    package mutating func breach(_ rule: RuleID, _ finding: String, blockRemedy: String,
                         justifyRemedy: String = RuleBreach.justificationRemedy) {
        let severity = policy.severity(rule)
        switch severity {
        case .off:
            return
        case .block:
            refusals.append(RuleBreach(rule: rule, severity: severity, finding: finding, remedy: blockRemedy))
        case .justify, .finding:
            if let justification = justifications[rule] {
                overrides.append(PolicyOverride(ruleId: rule.rawValue, finding: finding, justification: justification))
            } else if severity == .finding {
                findings.append(PolicyFinding(ruleId: rule.rawValue, finding: finding))
            } else {
                refusals.append(RuleBreach(rule: rule, severity: severity, finding: finding, remedy: justifyRemedy))
            }
        }
    }

    package mutating func note(_ text: String) { notes.append(text) }

    /// Throws the refusal if any rule refused.
    package func check() throws(DomainError) {
        if !refusals.isEmpty { throw .ruleBreached(breaches: refusals) }
    }

    /// For an event's optional fields: nil rather than an empty list, so the stored bytes of a
    /// clean decision stay minimal.
    package var findingsOrNil: [PolicyFinding]? { findings.isEmpty ? nil : findings }
    package var overridesOrNil: [PolicyOverride]? { overrides.isEmpty ? nil : overrides }
}

extension RuleEvaluation {
    /// Records a violation found by ``PolicyRules`` at the severity in force.
    package mutating func breach(_ violation: RuleViolation) {
        breach(violation.rule, violation.finding, blockRemedy: violation.remedy, justifyRemedy: violation.justifyRemedy)
    }
}
