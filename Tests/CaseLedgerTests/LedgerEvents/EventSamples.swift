import Foundation
@testable import LedgerSupport
@testable import LedgerStore
@testable import LedgerEvents
@testable import LedgerDomain
@testable import LedgerAudit
@testable import LedgerImport
@testable import LedgerReturns
@testable import LedgerSimulation

/// Realistic, deterministic payloads: at least one per event type, with awkward text (quotes,
/// backslashes, slashes, newlines, tabs, non-ASCII, emoji), empty arrays and nil optionals.
/// Reused by the store's tests; keep it free of clocks and randomness.
enum EventSamples {
    /// Text that stresses JSON escaping and UTF-8 handling.
    static let awkwardText =
        "Mum said \"not today\" \\ visit re-booked for 14/03 via school/nurse.\nSecond line:\tZoë 👩‍👧‍👦 café – ✓ \u{2028}end"

    static func instant(_ text: String) -> Instant {
        guard let value = Instant(iso8601: text) else { fatalError("bad sample instant \(text)") }
        return value
    }

    static func date(_ text: String) -> LocalDate {
        guard let value = LocalDate(iso8601: text) else { fatalError("bad sample date \(text)") }
        return value
    }

    static let caseload = CaseloadFigures(caseCount: 21, weightedScore: 44, caseCap: 25, pointsCap: 50)

    static let all: [LedgerEvent] = [
        .teamRegistered(
            TeamRegistered(teamId: "T1", name: "Safeguarding East / \"Hub\"", serviceArea: .safeguarding, managerId: "M1")),
        .teamRegistered(TeamRegistered(teamId: "T9", name: "Équipe Zoë", serviceArea: .adultServices, managerId: nil)),
        .workerRegistered(
            WorkerRegistered(
                workerId: "W7", teamId: "T1", role: .asye, startDate: date("2024-01-08"), isAgency: false,
                isQualified: true, fullTimeEquivalentPercent: 80)),
        .workerRegistered(
            WorkerRegistered(
                workerId: "W8", teamId: "T1", role: .socialWorker, startDate: date("2019-09-02"), isAgency: true,
                isQualified: true, fullTimeEquivalentPercent: 100)),
        .workerRoleChanged(
            WorkerRoleChanged(
                workerId: "W7", fromRole: .asye, toRole: .socialWorker, isQualified: true,
                effectiveDate: date("2025-01-08"))),
        .workerRoleChanged(
            WorkerRoleChanged(
                workerId: "W3", fromRole: .socialWorkOfficer, toRole: .socialWorker, isQualified: true,
                effectiveDate: nil)),
        .workerMovedTeam(WorkerMovedTeam(workerId: "W8", fromTeamId: "T1", toTeamId: "T2")),
        .workerAbsenceRecorded(
            WorkerAbsenceRecorded(
                workerId: "W8", absenceId: "A-2024-017", kind: .longTermSickness, startDate: date("2024-03-11"),
                endDate: nil, notifiedAt: nil)),
        .workerAbsenceRecorded(
            WorkerAbsenceRecorded(
                workerId: "W7", absenceId: "A-2024-018", kind: .annualLeave, startDate: date("2024-07-29"),
                endDate: date("2024-08-09"), notifiedAt: instant("2024-06-03T08:15:00.000Z"))),
        .workerLeft(WorkerLeft(workerId: "W8", lastWorkingDate: date("2024-04-30"), reason: "End of agency contract")),
        .workerLeft(WorkerLeft(workerId: "W5", lastWorkingDate: date("2023-12-22"), reason: nil)),
        .referralReceived(
            ReferralReceived(
                caseId: "C123", referralId: "R-2024-0042", familyId: "F77", teamId: "T1", serviceArea: .safeguarding,
                category: .childProtection, flags: [.section47, .courtProceedings, .section47], source: .police,
                riskLevel: .high, isReReferral: true, previousWorkerId: "W8",
                previousClosureAt: instant("2024-02-01T16:45:30.250Z"))),
        .referralReceived(
            ReferralReceived(
                caseId: "C124", referralId: "R-2024-0043", familyId: "F78", teamId: "T1",
                serviceArea: .dutyAndAssessment, category: .contact, flags: [], source: .anonymous, riskLevel: nil,
                isReReferral: false, previousWorkerId: nil, previousClosureAt: nil)),
        .referralDecisionRecorded(
            ReferralDecisionRecorded(
                caseId: "C123", referralId: "R-2024-0042", outcome: .section47Enquiry,
                rationale: "Disclosure at school; strategy discussion held.\nThreshold for s.47 met.",
                deciderId: "M1")),
        .caseCategoryChanged(
            CaseCategoryChanged(
                caseId: "C124", fromCategory: nil, toCategory: .childInNeed, flags: [],
                reason: "Assessment concluded: section 17 child in need plan")),
        .caseCategoryChanged(
            CaseCategoryChanged(
                caseId: "C123", fromCategory: .childProtection, toCategory: .childInCare,
                flags: [.supervisionOrder, .courtProceedings], reason: "Interim care order granted")),
        .riskLevelAssessed(
            RiskLevelAssessed(caseId: "C123", riskLevel: .high, previousRiskLevel: .moderate, rationale: awkwardText)),
        .riskLevelAssessed(
            RiskLevelAssessed(caseId: "C124", riskLevel: .low, previousRiskLevel: nil, rationale: "")),
        .caseAllocated(
            CaseAllocated(
                caseId: "C123", workerId: "W7", teamId: "T1", previousWorkerId: "W8", reason: .reReferral,
                rationale: "Re-referral within 6 weeks; W8 has left, so W7 who co-worked the family takes it.",
                factorsConsidered: [.previousWorker, .continuity, .caseload, .conflictOfInterestChecked],
                tasks: [
                    AllocationTask(description: "Visit the child at home; see the child alone", dueDate: date("2024-03-15")),
                    AllocationTask(description: "Strategy meeting minutes → file \"s47/strategy\"", dueDate: date("2024-03-18")),
                ],
                discussedWithWorker: true,
                overrides: [
                    PolicyOverride(
                        ruleId: "NQSW-RAMP", finding: "W7 is in week 10 and would hold 9 children (target 8)",
                        justification: "Sibling of a child W7 already holds; continuity outweighs the ramp."),
                ],
                caseloadAtAllocation: caseload)),
        .caseAllocated(
            CaseAllocated(
                caseId: "C900", workerId: "W2", teamId: "T2", previousWorkerId: nil, reason: .newReferral,
                rationale: "", factorsConsidered: [], tasks: [], discussedWithWorker: false, overrides: [],
                caseloadAtAllocation: nil)),
        .caseAllocated(
            CaseAllocated(
                caseId: "C901", workerId: "W2", teamId: "T2", previousWorkerId: nil, reason: .caseloadManagement,
                rationale: "Only worker with capacity", factorsConsidered: [.caseload],
                tasks: [AllocationTask(description: "Visit", dueDate: date("2024-03-20"))], discussedWithWorker: true,
                overrides: [], caseloadAtAllocation: caseload,
                findings: [PolicyFinding(ruleId: "CAP", finding: "W2 holds 25 of 25 cases allowed for a social worker")])),
        .caseCoAllocated(
            CaseCoAllocated(
                caseId: "C123", workerId: "S1", teamId: nil, primaryWorkerId: "W7", reason: .caseloadManagement,
                rationale: "Student co-working under practice educator supervision", factorsConsidered: [.skills, .experience],
                tasks: [AllocationTask(description: "Shadow the first home visit", dueDate: date("2024-03-15"))],
                discussedWithWorker: true, overrides: [],
                caseloadAtAllocation: CaseloadFigures(caseCount: 2, weightedScore: 3, caseCap: nil, pointsCap: nil))),
        .caseDeallocated(
            CaseDeallocated(
                caseId: "C123", workerId: "W8", isPrimary: true, reason: .workerLeft,
                rationale: "Worker leaving 30/04; case returns to team pending allocation", remainsWithTeamId: "T1")),
        .caseDeallocated(
            CaseDeallocated(
                caseId: "C123", workerId: "S1", isPrimary: false, reason: .other, rationale: "Placement ended",
                remainsWithTeamId: nil)),
        .caseDeallocated(
            CaseDeallocated(
                caseId: "C123", workerId: "W7", isPrimary: true, reason: .workerLeft, rationale: "Worker left",
                remainsWithTeamId: "T1",
                overrides: [PolicyOverride(ruleId: "STATUTORY-ALLOCATED", finding: "C123 is a child protection case",
                                           justification: "Service manager covering until Monday")],
                findings: [PolicyFinding(ruleId: "LEAVE-SOON", finding: awkwardText)])),
        .caseTransferred(
            CaseTransferred(
                caseId: "C123", fromWorkerId: "W7", toWorkerId: "W20", fromTeamId: "T1", toTeamId: "T3",
                reason: .transfer,
                transferSummary: TransferSummary(
                    workDone: "Child protection plan in place; core group held 02/05.",
                    outstandingWork: "Review conference due 20/06", responsibility: "Receiving social worker (W20)"),
                rationale: "Transfer to the children in care team after the care order",
                factorsConsidered: [.skills, .caseload], tasks: [
                    AllocationTask(description: "Introductory visit with W7", dueDate: date("2024-05-10")),
                ], discussedWithWorker: true, overrides: [], caseloadAtAllocation: caseload)),
        .caseTransferred(
            CaseTransferred(
                caseId: "C124", fromWorkerId: nil, toWorkerId: nil, fromTeamId: "T1", toTeamId: "T4",
                reason: .restructure,
                transferSummary: TransferSummary(workDone: "", outstandingWork: "All", responsibility: "T4 duty"),
                rationale: "Locality restructure", factorsConsidered: [], tasks: [], discussedWithWorker: nil,
                overrides: [], caseloadAtAllocation: nil)),
        .caseClosureRequested(
            CaseClosureRequested(
                caseId: "C124", requestedById: "W2",
                closureSummary: ClosureSummary(
                    workDone: "CIN plan completed", outstandingWork: "None", responsibility: "Universal services"))),
        .caseClosureRequested(
            CaseClosureRequested(
                caseId: "C125", requestedById: "W3",
                closureSummary: ClosureSummary(workDone: "Visits", outstandingWork: "", responsibility: "School"),
                overrides: [PolicyOverride(ruleId: "CLOSURE-SUMMARY", finding: "missing outstanding work",
                                           justification: "None outstanding")],
                findings: nil)),
        .caseClosed(
            CaseClosed(
                caseId: "C124",
                closureSummary: ClosureSummary(
                    workDone: "CIN plan completed", outstandingWork: "None", responsibility: "Universal services"),
                authorisingManagerId: "M1", evidenceNeedsAddressed: nil, continuingSupport: nil, overrides: [])),
        .caseClosed(
            CaseClosed(
                caseId: "C555",
                closureSummary: ClosureSummary(
                    workDone: "Duty visits ×3", outstandingWork: "School to monitor attendance",
                    responsibility: "School DSL / health visitor"),
                authorisingManagerId: "M2", evidenceNeedsAddressed: "Attendance 96%; no new concerns in 8 weeks",
                continuingSupport: "Early help family worker",
                overrides: [
                    PolicyOverride(
                        ruleId: "UNALLOCATED-CLOSURE", finding: "Closed while unallocated",
                        justification: "Needs met through early help; agreed with service manager"),
                ])),
        .caseReopened(
            CaseReopened(
                caseId: "C124", referralId: "R-2024-0101", reason: "New referral from health visitor",
                isReReferral: true, previousWorkerId: "W2")),
        .caseReopened(
            CaseReopened(
                caseId: "C555", referralId: "R-2025-0003", reason: "Police notification", isReReferral: false,
                previousWorkerId: nil)),
        .allocationDiscussionRecorded(
            AllocationDiscussionRecorded(
                caseId: "C123", workerId: "W7", managerId: "M1", discussedAt: instant("2024-03-13T10:00:00.000Z"),
                notes: "One-to-one in supervision. W7 raised lone-working concern; joint visit agreed.",
                agreedTasks: [AllocationTask(description: "Joint visit with police", dueDate: date("2024-03-14"))])),
        .allocationDiscussionRecorded(
            AllocationDiscussionRecorded(
                caseId: "C900", workerId: "W2", managerId: "M2", discussedAt: nil, notes: "", agreedTasks: [])),
        .oversightRecorded(
            OversightRecorded(
                caseId: "C123", managerId: "M1",
                summaryHistory: "Third referral in 12 months.\nPrevious CP plan ended 2023.",
                workingWell: "Grandmother engaged; school attendance 92%",
                worriedAbout: "Unexplained bruising; adult with history of violence in the household",
                needsToHappen: "1) See child within 24h\n2) Strategy discussion\n3) Medical",
                voiceOfChild: "\"I don't like it when they shout\" (age 7)",
                expectationsAndTimeframes: "Visit by 15/03; assessment by 10 working days",
                riskAssessmentsNeeded: ["Lone working", "Dog at property"], nextOversightDue: date("2024-04-12"))),
        .oversightRecorded(
            OversightRecorded(
                caseId: "C900", managerId: "M2", summaryHistory: "", workingWell: "", worriedAbout: "",
                needsToHappen: "", voiceOfChild: "", expectationsAndTimeframes: "", riskAssessmentsNeeded: [],
                nextOversightDue: nil)),
        .caseNoteRecorded(
            CaseNoteRecorded(caseId: "C123", authorId: "M1", noteKind: .socialWorkAllocation, text: awkwardText)),
        .caseNoteRecorded(CaseNoteRecorded(caseId: "C123", authorId: "W7", noteKind: nil, text: "😀")),
        .unallocatedMonitoringRecorded(
            UnallocatedMonitoringRecorded(
                caseId: "C555", managementPlan: "Duty SW visits; school reports weekly to team inbox",
                visitingFrequency: .fortnightly, visitingFrequencyDetail: nil, childLastSeen: date("2024-03-01"),
                partnerAgencyMonitoring: "School DSL to report attendance every Friday", recordedById: "M2")),
        .unallocatedMonitoringRecorded(
            UnallocatedMonitoringRecorded(
                caseId: "C556", managementPlan: "Telephone contact with parent", visitingFrequency: .other,
                visitingFrequencyDetail: "Every 10 days, alternating phone and visit", childLastSeen: nil,
                partnerAgencyMonitoring: nil, recordedById: "M2")),
        .familyLetterSent(
            FamilyLetterSent(
                caseId: "C555", recipients: [.school, .family, .health, .family], sentOn: date("2024-03-08"),
                includesTeamContactDetails: true, includesVisitingArrangements: true)),
        .familyLetterSent(
            FamilyLetterSent(
                caseId: "C556", recipients: [], sentOn: date("2024-03-09"), includesTeamContactDetails: false,
                includesVisitingArrangements: false)),
        .unallocatedReviewRecorded(
            UnallocatedReviewRecorded(
                caseId: "C555", reviewerId: "M2", outcome: "Remain unallocated; consider step-down at next review",
                nextReviewDue: date("2024-04-12"))),
        .unallocatedReviewRecorded(
            UnallocatedReviewRecorded(caseId: "C556", reviewerId: "M2", outcome: "Allocated next week", nextReviewDue: nil)),
        .escalationRecorded(
            EscalationRecorded(
                caseId: "C555", level: .serviceManager, escalatedToId: "SM1",
                reason: "Unallocated 4 weeks; no capacity in T2")),
        .escalationRecorded(
            EscalationRecorded(
                caseId: "C555", level: .headOfService, escalatedToId: "HS1", reason: "Unallocated 6 weeks")),
        .workloadConcernRaised(
            .individual(
                workerId: "W7", teamId: "T1", raisedById: "W7",
                concern: "Holding 9 children in week 10; two court reports due the same week",
                reviewDue: date("2024-04-05"))),
        .workloadConcernRaised(
            .team(
                teamId: "T2", raisedById: "M2", concern: "12 unallocated CIN cases; 2 vacancies", reviewDue: nil)),
        .entryRetracted(
            EntryRetracted(
                retractedSequenceNumber: 41, retractedEventId: "0f9c2a8e-3b1d-4c55-9a77-2f0e1d6b8c10",
                retractedStream: .case("C123"), reason: "Allocated to the wrong worker (W17 for W7)",
                authorisingManagerId: "M1", replacementFollows: true)),
        .entryRetracted(
            EntryRetracted(
                retractedSequenceNumber: UInt64.max, retractedEventId: nil, retractedStream: .worker("W8"),
                reason: "Duplicate entry", authorisingManagerId: "M1", replacementFollows: false)),
        .importBatchRecorded(
            ImportBatchRecorded(
                batchId: "B2024-03-01", fileName: "involvements export (March) \"final\".csv",
                fileSHA256: "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", preset: "liquidlogic",
                rowCountRead: 10_000, rowCountImported: 9_990, rowCountRejected: 10, anomalyCount: 57,
                eventCount: 12_345)),
        .policyAdopted(
            PolicyAdopted(
                policyId: "authority", profile: "children",
                contentSHA256: "2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae",
                effectiveFrom: instant("2024-04-01T00:00:00.000Z"),
                policyJSON: "{\n  \"profile\": \"children\",\n  \"rules\": {\"CAP\": {\"severity\": \"justify\"}},\n  \"source\": \"policies/adult-case-allocation-policy.txt\"\n}\n")),
        .involvementRecorded(
            InvolvementRecorded(
                caseId: "C123", workerId: "IRO4", teamId: nil, involvementType: "IRO",
                startedAt: instant("2015-06-01T00:00:00.000Z"), endedAt: instant("2016-02-29T23:59:59.999Z"),
                holdsCase: false)),
        .involvementRecorded(
            InvolvementRecorded(
                caseId: "C124", workerId: nil, teamId: "T1", involvementType: "UNKNOWN:ZZ",
                startedAt: instant("1999-12-31T23:00:00.000Z"), endedAt: nil, holdsCase: true)),
    ]

    /// An `InvolvementRecorded` payload as schema version 1 stored it: team-only, no `holdsCase`.
    static let involvementRecordedVersion1TeamOnlyData = Data(
        #"{"caseId":"C124","endedAt":"2024-03-01T00:00:00.000Z","involvementType":"CW","startedAt":"2024-01-05T00:00:00.000Z","teamId":"T2"}"#
            .utf8)

    /// An `InvolvementRecorded` payload as schema version 1 stored it: a team-only IRO row, which
    /// never held the case.
    static let involvementRecordedVersion1TeamOnlyOtherData = Data(
        #"{"caseId":"C125","involvementType":"IRO","startedAt":"2024-01-05T00:00:00.000Z","teamId":"T2"}"#
            .utf8)

    /// An `InvolvementRecorded` payload as schema version 1 stored it: an IRO, with a worker.
    static let involvementRecordedVersion1WorkerData = Data(
        #"{"caseId":"C123","involvementType":"IRO","startedAt":"2015-06-01T00:00:00.000Z","teamId":"T1","workerId":"IRO4"}"#
            .utf8)

    /// A `WorkerRegistered` payload as schema version 1 stored it: hours as a decimal string.
    static let workerRegisteredVersion1Data = Data(
        #"{"fte":"0.8","isAgency":false,"isQualified":true,"role":"asye","startDate":"2024-01-08","teamId":"T1","workerId":"W7"}"#
            .utf8)
}
