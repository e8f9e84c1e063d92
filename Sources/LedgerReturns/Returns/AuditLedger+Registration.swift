import LedgerAudit
import LedgerDomain
import LedgerImport
import LedgerEvents
import LedgerStore
import LedgerSupport
extension AuditLedger {
    /// Every worker's Social Work England registration number, as registered and known at
    /// `asKnown`; workers registered without one are absent.
    ///
    /// The number is prose to the projections (no rule reads it), so it is read back from the
    /// registration's line in the log rather than kept in every snapshot.
    public func socialWorkEnglandNumbers(asKnown: Instant) throws -> [String: String] {
        var numbers: [String: String] = [:]
        for (workerId, facts) in state.workers {
            let visible = ProjectionState.visibleFacts(facts, asKnown: asKnown)
            guard let registration = visible.last(where: {
                if case .workerRegistered = $0.detail { return true }
                return false
            }) else { continue }
            if case .workerRegistered(let payload) = try storedEvent(for: registration).envelope.event,
               let number = payload.socialWorkEnglandNumber {
                numbers[workerId] = number
            }
        }
        return numbers
    }
}
