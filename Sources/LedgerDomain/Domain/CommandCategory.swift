import LedgerEvents
import LedgerStore
import LedgerSupport

/// Groups of commands that share a permission rule.
public enum CommandCategory: String, Sendable, Hashable, Codable, CaseIterable {
    /// Teams and workers: registration, roles, moves, absences, departures.
    case workforce
    case policyAdoption
    /// A contact or referral received at the front door.
    case referral
    /// The manager's decisions on a case: referral outcome, category, risk.
    case caseDecision
    case reopening
    /// Allocate, co-allocate, deallocate, transfer.
    case allocation
    /// A practitioner's request that a case be closed, with the closure summary.
    case closureRequest
    /// Closing a case; practitioners' closures are further governed by CLOSURE-AUTHORISED.
    case closure
    /// Manager oversight and allocation discussions.
    case oversight
    /// Monitoring records, letters, reviews and escalations of unallocated cases.
    case unallocatedManagement
    /// Case notes and workload concerns.
    case practiceRecording
    /// Retractions.
    case correction
    /// Loading legacy history with `caseledger import`: not a domain command (an import is judged
    /// by the importer, not the Decider), but governed by the same table so one place says who may.
    case legacyImport
}
