import LedgerStore
import LedgerSupport

/// A policy came into force, with its full text, so an audit shows exactly which rules and
/// numbers applied at any moment.
public struct PolicyAdopted: EventPayload {
    public static let typeName = "PolicyAdopted"
    public static let schemaVersion = 1

    public let policyId: String
    /// The built-in profile the policy starts from, such as `children` or `adults`.
    public let profile: String
    /// SHA-256 of `policyJSON`'s UTF-8 bytes, lowercase hex.
    public let contentSHA256: String
    /// From when the policy applies (valid time); earlier decisions are judged by the earlier policy.
    public let effectiveFrom: Instant
    /// The whole policy document as adopted.
    public let policyJSON: String

    public init(policyId: String, profile: String, contentSHA256: String, effectiveFrom: Instant, policyJSON: String) {
        self.policyId = policyId
        self.profile = profile
        self.contentSHA256 = contentSHA256
        self.effectiveFrom = effectiveFrom
        self.policyJSON = policyJSON
    }

    public var stream: StreamName { .policy(policyId) }
}
