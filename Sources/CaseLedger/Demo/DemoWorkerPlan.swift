/// What the simulation knows about a practitioner beyond the decision state: plans and pace.
struct DemoWorkerPlan: Sendable, Hashable {
    var workerId: String
    /// Notice given: the last working day.
    var leavingOn: LocalDate?
    /// Off on long-term sickness (their cases are being reallocated).
    var isOnLongTermSickness = false
    /// A short sickness is open (recorded without an end date yet).
    var isOffSick = false
    /// Annual leave is not booked again before this day.
    var nextLeaveBooking: LocalDate
    /// When the worker last raised a workload concern.
    var lastConcern: LocalDate?
}
