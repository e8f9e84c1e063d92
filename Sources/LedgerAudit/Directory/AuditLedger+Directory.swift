import LedgerDomain
import LedgerEvents
import LedgerStore
import LedgerSupport

extension AuditLedger {
    /// The cases matching `filter` at `time.asOf` as known at `time.asKnown`, in case-id order.
    ///
    /// Uses the model's indexes to narrow the candidates (a family, a team, a worker), then
    /// resolves each candidate's timeline at as-of, the same resolution `holders` uses.
    public func cases(matching filter: CaseFilter, at time: QueryTime) throws -> CaseListAnswer {
        if let teamId = filter.teamId, state.teams[teamId] == nil, state.casesByTeam[teamId] == nil {
            throw AuditError.unknownTeam(teamId)
        }
        if let workerId = filter.workerId, state.workers[workerId] == nil, state.casesByWorker[workerId] == nil {
            throw AuditError.unknownWorker(workerId)
        }
        if let familyId = filter.familyId, state.casesByFamily[familyId] == nil {
            throw DirectoryError.unknownFamily(familyId: familyId, suggestions: suggestions(forFamily: familyId))
        }
        var candidates: Set<String>?
        func narrow(_ ids: Set<String>?) {
            let found = ids ?? []
            candidates = candidates.map { $0.intersection(found) } ?? found
        }
        if let familyId = filter.familyId { narrow(state.casesByFamily[familyId]) }
        if let teamId = filter.teamId { narrow(state.casesByTeam[teamId]) }
        if let workerId = filter.workerId { narrow(state.casesByWorker[workerId]) }
        var listings: [CaseListing] = []
        for caseId in (candidates.map(Array.init) ?? state.cases.ids).sorted() {
            guard let listing = caseListing(caseId, at: time), matches(listing, filter) else { continue }
            listings.append(listing)
        }
        return CaseListAnswer(asOf: time.asOf, asKnown: time.asKnown, head: Citation(sequence: head.sequence, hash: head.hash),
                              filter: filter, cases: listings)
    }

    /// One case at `time.asOf`, or nil if nothing about it had happened by then (as known then).
    public func caseListing(_ caseId: String, at time: QueryTime) -> CaseListing? {
        guard let timeline = caseTimeline(caseId, asKnown: time.asKnown), let view = timeline.state(at: time.asOf),
              view.openedAt != nil || view.isOpen || view.closedAt != nil || !view.holders.isEmpty
        else { return nil }
        let status: CaseListing.Status = !view.isOpen ? .closed : (view.isUnallocated ? .unallocated : .allocated)
        return CaseListing(
            caseId: caseId, familyId: view.familyId, teamId: view.teamId, category: view.category,
            riskLevel: view.riskLevel, flags: view.flags, isStatutory: view.isStatutory, status: status,
            primaryWorkerId: view.primaryWorkerId, coWorkerIds: view.coWorkerIds, openedAt: view.openedAt,
            closedAt: view.isOpen ? nil : view.closedAt, unallocatedSince: view.isUnallocated ? view.unallocatedSince : nil)
    }

    private func matches(_ listing: CaseListing, _ filter: CaseFilter) -> Bool {
        if let teamId = filter.teamId, listing.teamId != teamId { return false }
        if let workerId = filter.workerId, listing.primaryWorkerId != workerId, !listing.coWorkerIds.contains(workerId) {
            return false
        }
        if let familyId = filter.familyId, listing.familyId != familyId { return false }
        if let category = filter.category, listing.category != category { return false }
        if let statutory = filter.isStatutory, listing.isStatutory != statutory { return false }
        switch filter.status {
        case .open: return listing.isOpen
        case .closed: return listing.status == .closed
        case .unallocated: return listing.status == .unallocated
        case nil: return true
        }
    }

    /// The workers matching `filter` at `time.asOf`, each with a caseload headline, in id order.
    public func workers(matching filter: WorkerFilter, at time: QueryTime) throws -> WorkerListAnswer {
        if let teamId = filter.teamId, state.teams[teamId] == nil, state.workersByTeam[teamId] == nil {
            throw AuditError.unknownTeam(teamId)
        }
        let policy = policy(at: time)
        let date = LondonTime.localDate(of: time.asOf)
        let candidates = filter.teamId.map { Array(state.workersByTeam[$0] ?? []) } ?? Array(state.workers.keys)
        var listings: [WorkerListing] = []
        for workerId in candidates.sorted() {
            guard let worker = workerTimeline(workerId, asKnown: time.asKnown)?.state(at: time.asOf),
                  worker.isRegistered
            else { continue }
            let hasLeft = worker.hasLeft(on: date)
            if let teamId = filter.teamId, worker.teamId != teamId { continue }
            if let role = filter.role, worker.role != role { continue }
            if let agency = filter.isAgency, worker.isAgency != agency { continue }
            if let left = filter.hasLeft, hasLeft != left { continue }
            let load = workerCaseload(workerId, at: time, policy: policy)
            listings.append(WorkerListing(
                workerId: workerId, teamId: worker.teamId, role: worker.role, isQualified: worker.isQualified,
                isAgency: worker.isAgency, startDate: worker.startDate, lastWorkingDate: worker.lastWorkingDate,
                hasLeft: hasLeft, caseCount: load.caseCount, weightedScore: load.weightedScore, cap: load.cap,
                isOverCap: load.isOverCap))
        }
        return WorkerListAnswer(asOf: time.asOf, asKnown: time.asKnown, head: Citation(sequence: head.sequence, hash: head.hash),
                                filter: filter, workers: listings)
    }

    /// Every team registered (or named) by `time.asOf`, with its manager and totals.
    public func teams(at time: QueryTime) -> TeamListAnswer {
        let policy = policy(at: time)
        var listings: [TeamListing] = []
        for teamId in Set(state.teams.keys).union(state.workersByTeam.keys).sorted() {
            let info = teamInfo(teamId, at: time)
            guard info != nil || state.teams[teamId] == nil else { continue }
            let (_, summary) = teamCaseload(teamId, at: time, policy: policy)
            listings.append(TeamListing(
                teamId: teamId, name: info?.name, serviceArea: info?.serviceArea, managerId: info?.managerId,
                workerCount: summary.workerCount, heldCaseCount: summary.heldCaseCount,
                unallocatedCount: summary.unallocatedCount, overCapWorkerCount: summary.overCapWorkerCount))
        }
        return TeamListAnswer(asOf: time.asOf, asKnown: time.asKnown, head: Citation(sequence: head.sequence, hash: head.hash),
                              teams: listings)
    }

    /// Known case ids closest to `caseId` (see ``IdentifierSuggestions``).
    public func suggestions(forCase caseId: String) -> [String] {
        IdentifierSuggestions.closest(to: caseId, among: state.cases.ids)
    }

    /// Known worker ids closest to `workerId`.
    public func suggestions(forWorker workerId: String) -> [String] {
        IdentifierSuggestions.closest(to: workerId, among: state.workers.keys)
    }

    /// Known team ids closest to `teamId`.
    public func suggestions(forTeam teamId: String) -> [String] {
        return IdentifierSuggestions.closest(to: teamId, among: Set(state.teams.keys).union(state.workersByTeam.keys))
    }

    /// Known family ids closest to `familyId`.
    public func suggestions(forFamily familyId: String) -> [String] {
        return IdentifierSuggestions.closest(to: familyId, among: state.casesByFamily.keys)
    }

    /// Every kind of id that matches `text` exactly (case-insensitively) or nearly: what `find` prints.
    public func find(_ text: String) -> [FoundIdentifier] {
        var found: [FoundIdentifier] = []
        func add(_ kind: FoundIdentifier.Kind, _ ids: some Sequence<String>) {
            var exact: [String] = []
            for id in ids where id.uppercased() == text.uppercased() { exact.append(id) }
            let near = exact.isEmpty ? IdentifierSuggestions.closest(to: text, among: ids, limit: 5) : exact
            found += near.map { FoundIdentifier(kind: kind, id: $0, isExact: exact.contains($0)) }
        }
        add(.case, state.cases.ids)
        add(.family, state.casesByFamily.keys)
        add(.worker, state.workers.keys)
        add(.team, Set(state.teams.keys).union(state.workersByTeam.keys))
        // An id that matches but for letter case is what the person meant: near misses of other
        // kinds would only bury it.
        let exact = found.filter(\.isExact)
        return exact.isEmpty ? Array(found.prefix(8)) : exact
    }
}

/// An identifier `find` matched, and what it names.
public struct FoundIdentifier: Sendable, Hashable, Codable {
    public enum Kind: String, Sendable, Hashable, Codable {
        case `case`, family, worker, team
    }

    public var kind: Kind
    public var id: String
    /// The same id but for letter case; otherwise a near miss.
    public var isExact: Bool
}

/// Why a directory question could not be answered.
public enum DirectoryError: Error, Sendable, Hashable, CustomStringConvertible {
    case unknownFamily(familyId: String, suggestions: [String])

    public var description: String {
        switch self {
        case .unknownFamily(let familyId, let suggestions):
            return "the ledger has no family \(familyId)"
                + (IdentifierSuggestions.sentence(suggestions).map { "; " + $0 } ?? "")
        }
    }
}
