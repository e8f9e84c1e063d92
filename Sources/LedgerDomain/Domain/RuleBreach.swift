import LedgerEvents
import LedgerStore
import LedgerSupport

/// One policy rule broken by a proposed decision: which rule, at what severity, the finding in
/// figures, and what the person can do about it.
public struct RuleBreach: Sendable, Hashable, CustomStringConvertible {
    public var rule: RuleID
    /// The severity in force when the breach refused the command (block, or justify without a
    /// justification).
    public var severity: RuleSeverity
    /// The finding with its figures: "W7 holds 25 of 25 cases allowed for a social worker".
    public var finding: String
    /// The way forward: "pass a justification to override", or what to do instead.
    public var remedy: String

    public init(rule: RuleID, severity: RuleSeverity, finding: String, remedy: String) {
        self.rule = rule
        self.severity = severity
        self.finding = finding
        self.remedy = remedy
    }

    /// `CAP: W7 holds 25 of 25 cases allowed for a social worker; pass a justification to override`.
    public var description: String { "\(rule.rawValue): \(finding); \(remedy)" }

    /// The remedy of every "justify" rule.
    public static let justificationRemedy = "pass a justification to override"
}
