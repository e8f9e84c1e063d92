import Foundation
import Testing
@testable import LedgerEvents
@testable import LedgerStore
@testable import LedgerSupport

/// The one allocation record read from each of the three allocation events.
@Suite("Allocation record: one value for allocate, co-allocate and transfer")
struct AllocationRecordTests {
    @Test("each allocation event's record is its own why, field for field; other events have none", arguments: EventSamples.all.indices)
    func recordMatchesFields(index: Int) {
        let event = EventSamples.all[index]
        switch event {
        case .caseAllocated(let payload):
            let allocation = event.allocation
            #expect(allocation?.record == AllocationRecord(
                reason: payload.reason, rationale: payload.rationale, factorsConsidered: payload.factorsConsidered,
                tasks: payload.tasks, discussedWithWorker: payload.discussedWithWorker, overrides: payload.overrides,
                caseloadAtAllocation: payload.caseloadAtAllocation, findings: payload.findings))
            #expect(allocation?.replacedWorkerId == payload.previousWorkerId)
            #expect(allocation?.resultingTeamId == payload.teamId)
        case .caseCoAllocated(let payload):
            let allocation = event.allocation
            #expect(allocation?.record == AllocationRecord(
                reason: payload.reason, rationale: payload.rationale, factorsConsidered: payload.factorsConsidered,
                tasks: payload.tasks, discussedWithWorker: payload.discussedWithWorker, overrides: payload.overrides,
                caseloadAtAllocation: payload.caseloadAtAllocation, findings: payload.findings))
            #expect(allocation?.replacedWorkerId == nil)
            #expect(allocation?.resultingTeamId == payload.teamId)
        case .caseTransferred(let payload):
            let allocation = event.allocation
            #expect(allocation?.record == AllocationRecord(
                reason: payload.reason, rationale: payload.rationale, factorsConsidered: payload.factorsConsidered,
                tasks: payload.tasks, discussedWithWorker: payload.discussedWithWorker, overrides: payload.overrides,
                caseloadAtAllocation: payload.caseloadAtAllocation, findings: payload.findings))
            #expect(allocation?.replacedWorkerId == payload.fromWorkerId)
            #expect(allocation?.resultingTeamId == payload.toTeamId)
        default:
            #expect(event.allocation == nil, "\(event.typeName) is not an allocation")
        }
    }

    @Test("the samples hold every allocation event type, so the table above covers them")
    func samplesCoverTheThree() {
        let types = Set(EventSamples.all.filter { $0.allocation != nil }.map(\.typeName))
        #expect(types == ["CaseAllocated", "CaseCoAllocated", "CaseTransferred"])
    }
}
