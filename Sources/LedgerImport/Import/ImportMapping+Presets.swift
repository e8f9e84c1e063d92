import LedgerDomain
import LedgerEvents
import LedgerStore
import LedgerSupport

/// The built-in presets: the Standard Safeguarding Dataset, Liquidlogic's warehouse and Mosaic.
extension ImportMapping {
    /// The Standard Safeguarding Dataset's `ssd_involvements`, with `ssd_professionals` and
    /// `ssd_department` as optional workers and teams files. The SSD carries the source system's
    /// type codes, so both Liquidlogic's `CW` and Mosaic's `ALLWKR` are case holding.
    public static let ssd = ImportMapping(
        name: "ssd",
        involvementColumns: [
            .involvementId: ["invo_involvements_id", "invo_involvement_id"],
            .personId: ["invo_person_id"],
            .workerId: ["invo_professional_id"],
            .teamId: ["invo_professional_team"],
            .involvementType: ["invo_professional_role_id"],
            .startDate: ["invo_involvement_start_date"],
            .endDate: ["invo_involvement_end_date"],
            .reason: ["invo_worker_change_reason"],
            .referralId: ["invo_referral_id"],
        ],
        workerColumns: [
            .workerId: ["prof_professional_id"],
            .role: ["prof_professional_job_title", "prof_professional_role"],
            .agency: ["prof_agency_worker_flag"],
            .teamId: ["prof_professional_team", "prof_professional_department"],
            .fullTimeEquivalent: ["prof_full_time_equivalency"],
            .startDate: ["prof_professional_start_date"],
        ],
        teamColumns: [.teamId: ["dept_team_id"], .name: ["dept_team_name"]],
        caseHoldingTypes: ["CW", "ALLWKR"], otherKnownTypes: ["IRO", "PA"])

    /// Liquidlogic LCS's warehouse table `FACT_INVOLVEMENTS`, with `DIM_WORKER` (and a
    /// departments table) as optional side files. `CW` is the allocated case worker.
    public static let liquidlogic = ImportMapping(
        name: "liquidlogic",
        involvementColumns: [
            .involvementId: ["FACT_INVOLVEMENTS_ID"],
            .personId: ["DIM_PERSON_ID"],
            .workerId: ["DIM_WORKER_ID"],
            .teamId: ["DIM_DEPARTMENT_ID"],
            .involvementType: ["DIM_LOOKUP_INVOLVEMENT_TYPE_CODE"],
            .startDate: ["START_DTTM"],
            .endDate: ["END_DTTM"],
            .reason: ["DIM_LOOKUP_CWREASON_CODE"],
            .referralId: ["FACT_REFERRAL_ID"],
        ],
        workerColumns: [
            .workerId: ["DIM_WORKER_ID"],
            .role: ["JOB_TITLE", "WORKER_ROLE", "ROLE"],
            .agency: ["AGENCY", "AGENCY_WORKER_FLAG", "IS_AGENCY"],
            .teamId: ["DIM_DEPARTMENT_ID", "DEPARTMENT_ID"],
            .fullTimeEquivalent: ["FULL_TIME_EQUIVALENCY", "FTE"],
            .startDate: ["START_DTTM", "START_DATE"],
        ],
        teamColumns: [.teamId: ["DIM_DEPARTMENT_ID"], .name: ["DEPARTMENT_NAME", "NAME"]],
        caseHoldingTypes: ["CW"], otherKnownTypes: ["IRO", "PA"])

    /// Mosaic's `PEOPLE_WORKERS`. It has no team column (Mosaic keeps teams apart); a `TEAM_ID`
    /// column is read if present, otherwise the worker's team from an optional workers file.
    /// `ALLWKR` is the allocated worker.
    public static let mosaic = ImportMapping(
        name: "mosaic",
        involvementColumns: [
            .involvementId: ["ID"],
            .personId: ["PERSON_ID"],
            .workerId: ["WORKER_ID"],
            .teamId: ["TEAM_ID", "ORGANISATION_ID"],
            .involvementType: ["TYPE"],
            .startDate: ["START_DATE"],
            .endDate: ["END_DATE"],
            .reason: ["START_DATE_REASON"],
        ],
        workerColumns: [
            .workerId: ["WORKER_ID", "ID"],
            .role: ["JOB_TITLE", "ROLE", "WORKER_ROLE"],
            .agency: ["AGENCY", "IS_AGENCY"],
            .teamId: ["TEAM_ID", "ORGANISATION_ID"],
            .fullTimeEquivalent: ["FTE", "FULL_TIME_EQUIVALENCY"],
            .startDate: ["START_DATE"],
        ],
        teamColumns: [.teamId: ["TEAM_ID", "ORGANISATION_ID", "ID"], .name: ["TEAM_NAME", "NAME"]],
        caseHoldingTypes: ["ALLWKR"], otherKnownTypes: ["IRO", "PA"])
}
