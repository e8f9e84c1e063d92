import Foundation
import Testing
@testable import LedgerSupport
@testable import LedgerStore
@testable import LedgerEvents
@testable import LedgerDomain
@testable import LedgerAudit
@testable import LedgerImport
@testable import LedgerReturns
@testable import LedgerSimulation

/// The legacy-open rule and team-only involvements, on hand-made case timelines: legacy exports
/// carry no closures, so a case opened by imported involvements is open exactly while someone
/// (a worker, a co-worker or a team-only involvement) holds it.
@Suite("Legacy holdings on case timelines")
struct LegacyHoldingTests {
    static let recordedAt = Instant(iso8601: "2026-01-05T12:00:00Z")!

    static func at(_ text: String) -> Instant { Instant(iso8601: text + "T00:00:00Z")! }

    static func fact(_ sequence: UInt64, _ day: String, _ detail: FactDetail) -> Fact {
        Fact(sequence: sequence, occurredAt: at(day), recordedAt: recordedAt,
             chain: SHA256.hash(Array("chain \(sequence)".utf8)), lineOffset: -1, detail: detail)
    }

    static let record = AllocationRecordFacts(overriddenRuleIds: [], hasTasks: false, hasRationale: true)

    static func allocated(_ sequence: UInt64, _ day: String, _ worker: String, team: String = "T1") -> Fact {
        fact(sequence, day, .allocated(workerId: worker, teamId: team, previousWorkerId: nil, reason: .other, record: record))
    }

    static func deallocated(_ sequence: UInt64, _ day: String, _ worker: String, team: String = "T1") -> Fact {
        fact(sequence, day, .deallocated(workerId: worker, isPrimary: true, reason: .other, remainsWithTeamId: team))
    }

    static func teamOnly(_ sequence: UInt64, _ day: String, until end: String?, team: String = "T2",
                         holdsCase: Bool = true) -> Fact {
        fact(sequence, day, .involvement(workerId: nil, teamId: team, endedAt: end.map(at), holdsCase: holdsCase))
    }

    static func referral(_ sequence: UInt64, _ day: String) -> Fact {
        fact(sequence, day, .referralReceived(
            referralId: "R\(sequence)", familyId: "F1", teamId: "T1", serviceArea: .safeguarding, category: .childInNeed,
            flags: [], riskLevel: nil, isReReferral: false, previousWorkerId: nil))
    }

    static func timeline(_ facts: [Fact]) -> CaseTimeline {
        CaseTimeline(caseId: "P1", streamFacts: facts.sorted { $0.sequence < $1.sequence }, asKnown: recordedAt)
    }

    @Test("a team-only involvement keeps the case open and unallocated in its team, then closes it at its end")
    func teamOnlyPeriod() throws {
        let timeline = Self.timeline([Self.teamOnly(1, "2024-01-05", until: "2024-02-10")])
        #expect(timeline.facts.count == 2)
        #expect(timeline.facts.map(\.sequence) == [1, 1], "both points cite the one event")
        let during = try #require(timeline.state(at: Self.at("2024-01-20")))
        #expect(during.isOpen && during.isUnallocated)
        #expect(during.teamId == "T2")
        #expect(during.unallocatedSince == Self.at("2024-01-05"))
        let after = try #require(timeline.state(at: Self.at("2024-02-10")))
        #expect(!after.isOpen && !after.isUnallocated)
        #expect(after.isClosedInLegacySystem)
        #expect(after.closingFactIndex.map { timeline.facts[$0].occurredAt } == Self.at("2024-02-10"))
        #expect(timeline.unallocatedIntervals.map(\.end) == [Self.at("2024-02-10")])
    }

    @Test("an involvement that does not hold the case (IRO, PA) neither opens nor holds it")
    func nonHoldingInvolvement() throws {
        let timeline = Self.timeline([Self.teamOnly(1, "2024-01-05", until: "2024-02-10", holdsCase: false)])
        #expect(timeline.facts.count == 1)
        #expect(timeline.state(at: Self.at("2024-01-20"))?.isOpen == false)
        #expect(timeline.unallocatedIntervals.isEmpty)
    }

    @Test("a case opened by an imported allocation closes when its last holder ends")
    func closureAtLastEnd() throws {
        let timeline = Self.timeline([Self.allocated(1, "2024-01-01", "W1"), Self.deallocated(2, "2024-03-01", "W1")])
        let during = try #require(timeline.state(at: Self.at("2024-02-01")))
        #expect(during.isOpen && during.isLegacyOpen)
        #expect(during.primary?.workerId == "W1")
        let after = try #require(timeline.state(at: Self.at("2024-03-01")))
        #expect(!after.isOpen && after.isClosedInLegacySystem && after.primary == nil)
        #expect(after.closingFactIndex == 1)
        #expect(timeline.unallocatedIntervals.isEmpty, "a legacy case nobody holds is not waiting for allocation")
    }

    @Test("a handover at one instant keeps the case open, whatever order the end and start were logged in",
          arguments: [(2 as UInt64, 3 as UInt64), (3, 2)])
    func sameInstantHandover(endSequence: UInt64, startSequence: UInt64) throws {
        let timeline = Self.timeline([
            Self.allocated(1, "2024-01-01", "W1"), Self.deallocated(endSequence, "2024-03-01", "W1"),
            Self.allocated(startSequence, "2024-03-01", "W2"),
        ])
        let at = try #require(timeline.state(at: Self.at("2024-03-01")))
        #expect(at.isOpen)
        #expect(at.primary?.workerId == "W2")
        #expect(at.openedAt == Self.at("2024-01-01"), "the open period did not restart")
        #expect(!timeline.states.contains { !$0.isOpen }, "never closed, even between the two facts")
        #expect(timeline.unallocatedIntervals.isEmpty)
    }

    @Test("a worker handing over to a team-only involvement at one instant leaves the case unallocated in that team")
    func handoverToTeam() throws {
        let timeline = Self.timeline([
            Self.allocated(1, "2024-01-01", "W1", team: "T1"), Self.deallocated(2, "2024-03-01", "W1", team: "T1"),
            Self.teamOnly(3, "2024-03-01", until: nil, team: "T2"),
        ])
        let at = try #require(timeline.state(at: Self.at("2024-04-01")))
        #expect(at.isOpen && at.isUnallocated)
        #expect(at.teamId == "T2", "the team-only involvement's team, not the worker's")
        #expect(at.unallocatedSince == Self.at("2024-03-01"))
        #expect(at.openedAt == Self.at("2024-01-01"))
    }

    @Test("a gap with no involvement is closed, not unallocated; the next involvement reopens the case")
    func gapIsClosed() throws {
        let timeline = Self.timeline([
            Self.allocated(1, "2024-01-01", "W1"), Self.deallocated(2, "2024-02-01", "W1"),
            Self.allocated(3, "2024-04-01", "W2"),
        ])
        let gap = try #require(timeline.state(at: Self.at("2024-03-01")))
        #expect(!gap.isOpen && !gap.isUnallocated && gap.isClosedInLegacySystem)
        let later = try #require(timeline.state(at: Self.at("2024-04-02")))
        #expect(later.isOpen && !later.isClosedInLegacySystem)
        #expect(later.openedAt == Self.at("2024-04-01"))
        #expect(later.primary?.workerId == "W2")
        #expect(timeline.unallocatedIntervals.isEmpty)
    }

    @Test("a live referral on a legacy-open case switches it to the normal rules: it stays open, unallocated")
    func liveReferralOnLegacyCase() throws {
        let timeline = Self.timeline([
            Self.allocated(1, "2024-01-01", "W1"), Self.deallocated(2, "2024-03-01", "W1"), Self.referral(3, "2024-02-01"),
        ])
        let referred = try #require(timeline.state(at: Self.at("2024-02-02")))
        #expect(referred.isOpen && !referred.isLegacyOpen)
        #expect(referred.primary?.workerId == "W1", "a referral on an open case keeps its holders")
        let after = try #require(timeline.state(at: Self.at("2024-06-01")))
        #expect(after.isOpen && after.isUnallocated && !after.isClosedInLegacySystem)
        #expect(after.unallocatedSince == Self.at("2024-03-01"))
    }

    @Test("a live referral on a case closed in the legacy system opens it under the normal rules")
    func liveReferralAfterLegacyClosure() throws {
        let timeline = Self.timeline([
            Self.allocated(1, "2024-01-01", "W1"), Self.deallocated(2, "2024-02-01", "W1"), Self.referral(3, "2024-05-01"),
        ])
        let after = try #require(timeline.state(at: Self.at("2024-06-01")))
        #expect(after.isOpen && !after.isLegacyOpen && after.isUnallocated)
        #expect(after.openedAt == Self.at("2024-05-01"))
    }

    @Test("a case opened by a referral is not closed by its holders ending (only CaseClosed closes it)")
    func referralCaseFollowsNormalRules() throws {
        let timeline = Self.timeline([
            Self.referral(1, "2023-12-01"), Self.allocated(2, "2024-01-01", "W1"), Self.deallocated(3, "2024-02-01", "W1"),
        ])
        let after = try #require(timeline.state(at: Self.at("2024-06-01")))
        #expect(after.isOpen && after.isUnallocated && !after.isClosedInLegacySystem)
    }

    @Test("a retracted team-only involvement takes its end point with it")
    func retractedInvolvement() throws {
        var involvement = Self.teamOnly(1, "2024-01-05", until: "2024-02-10")
        involvement.retractedBy = [2]
        let retraction = Self.fact(2, "2024-06-01", .retraction(targetSequence: 1, replacementFollows: false))
        let timeline = Self.timeline([involvement, retraction])
        #expect(timeline.facts.map(\.sequence) == [2])
        #expect(timeline.state(at: Self.at("2024-01-20")) == nil)
    }

    @Test("involvement facts survive the snapshot body encoding")
    func snapshotEncoding() throws {
        var state = ProjectionState()
        for (index, fact) in [Self.teamOnly(1, "2024-01-05", until: "2024-02-10"),
                              Self.teamOnly(2, "2024-01-05", until: nil, holdsCase: false)].enumerated() {
            var numbered = fact
            numbered.sequence = UInt64(index + 1)
            state.append(numbered, kind: .case, identifier: "P1", stream: .case("P1"))
        }
        let decoded = try ProjectionState.decodingSnapshotBody(state.snapshotBody())
        #expect(decoded.cases["P1"] == state.cases["P1"])
        #expect(decoded.canonicalDigest == state.canonicalDigest)
    }
}
