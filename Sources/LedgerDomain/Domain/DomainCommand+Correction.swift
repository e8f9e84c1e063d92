import LedgerEvents
import LedgerStore
import LedgerSupport

/// Corrections: the log is never rewritten, so a wrong entry is withdrawn by a later one.
extension DomainCommand {
    /// Retracts an earlier entry by its sequence number, with the reason and the authorising
    /// manager (appends `EntryRetracted`), optionally followed by the corrected command, decided
    /// against the state without the retracted entry and appended in the same batch.
    public struct Retract: Sendable, Hashable, Codable {
        public var sequenceNumber: UInt64
        public var reason: String
        /// Nil: the actor, who must be a manager.
        public var authorisingManagerId: String?
        /// The corrected command, if any.
        public var replacement: DomainCommand?

        public init(sequenceNumber: UInt64, reason: String, authorisingManagerId: String? = nil,
                    replacement: DomainCommand? = nil) {
            self.sequenceNumber = sequenceNumber
            self.reason = reason
            self.authorisingManagerId = authorisingManagerId
            self.replacement = replacement
        }
    }
}
