import LedgerAudit
import LedgerDomain
import LedgerImport
import LedgerEvents
import LedgerStore
import LedgerSupport
extension AuditLedger {
    /// The workforce census at the end of `censusDate` (London), as known at `asKnown` (default:
    /// everything): every qualified worker in service in a children's team, with `Cases30`.
    public func workforceCensus(censusDate: LocalDate, asKnown: Instant? = nil) throws -> WorkforceCensus {
        let time = queryTime(asOf: LondonTime.endOfDay(censusDate), asKnown: asKnown)
        let numbers = try socialWorkEnglandNumbers(asKnown: time.asKnown)
        let answer = caseloadOfAll(at: time)
        var rows: [WorkforceCensus.Row] = []
        for load in answer.workers.sorted(by: { $0.workerId < $1.workerId }) {
            guard load.inService, load.isQualified, let role = load.role, let teamId = load.teamId,
                  teamInfo(teamId, at: time)?.serviceArea != .adultServices
            else { continue }
            rows.append(WorkforceCensus.Row(
                workerId: load.workerId, socialWorkEnglandNumber: numbers[load.workerId] ?? "", teamId: teamId, role: role,
                isAgency: load.isAgency, fullTimeEquivalentPercent: load.fullTimeEquivalentPercent ?? 100,
                cases: load.primaryCount, coWorkedCases: load.coWorkerCount, absence: load.absence?.kind,
                citations: load.citations))
        }
        return WorkforceCensus(censusDate: censusDate, head: Citation(sequence: head.sequence, hash: head.hash), rows: rows)
    }
}
