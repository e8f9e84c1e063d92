import LedgerAudit
import LedgerDomain
import LedgerEvents
import LedgerImport
import LedgerStore
import LedgerSupport

/// Stock phrases for the prose fields of generated events: practice language, never a person.
extension HistoryGenerator {
    package static let allocationRationales = [
        "Capacity in caseload and experience of similar work; continuity with the family's school.",
        "Worker has relevant skills (neglect, parental mental health) and no conflict of interest.",
        "Previous involvement with the sibling group; keeps relationships consistent for the child.",
        "Lower complexity suited to developing practice with close supervision.",
        "Specialist knowledge of domestic abuse risk; manageable weighted caseload.",
    ]

    package static let decisionRationales = [
        "Threshold for a social work assessment met: concerns about supervision and home conditions.",
        "Information indicates significant harm; strategy discussion held, section 47 enquiry to start.",
        "Needs can be met by early help; family consents to a referral.",
        "No role for children's social care; advice given to the referrer.",
    ]

    package static let tasks = [
        "Visit the child at home and see them alone",
        "Complete the single assessment",
        "Contact school and health visitor for information",
        "Convene a core group meeting",
        "Update the chronology and genogram",
    ]

    package static let worries = [
        "home conditions and supervision",
        "parental substance misuse",
        "domestic abuse in the household",
        "school attendance and missed health appointments",
    ]

    package static let notes = [
        "Home visit: child seen alone, room seen, wishes recorded.",
        "Telephone call with school: attendance improving.",
        "Supervision: plan reviewed, next steps agreed.",
        "Strategy discussion outcome recorded.",
        "Missed appointment; follow-up visit arranged.",
    ]

    package static let monitoringPlans = [
        "Duty worker visits fortnightly; school to report any concerns the same day.",
        "Health visitor and school monitoring; duty worker telephone contact weekly.",
    ]

    package static let leavingReasons = ["end of agency contract", "moved to another authority", "retirement", "career change"]

    package static let deallocationRationale = "No worker with capacity today; case held by the team manager and monitored."

    package static let closureSummary = ClosureSummary(
        workDone: "Assessment completed and plan delivered.", outstandingWork: "None.",
        responsibility: "Universal services; family know how to re-refer.")
}
