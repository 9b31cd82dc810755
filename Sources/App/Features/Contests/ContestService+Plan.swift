import Domain
import Fluent
import Vapor

/// A contest belongs to the plan task that launched it: the organiser picks its assignment when creating the contest,
/// and each round whose results are published becomes that assignment's activity (kind "contest", reach = entrants),
/// which the reports, roll-ups and dashboards then count as any other.
extension ContestService {
    struct TaskChoice: Encodable, Sendable {
        /// "a:<assignment>" or "t:<task of the organiser's own plan>".
        let id: String
        let label: String
        /// The task reads as launching a contest ("Hội thi …", "cuộc thi tìm hiểu …").
        let suggested: Bool
    }

    /// The tasks the organiser carries out in issued plans: its assignments (not cancelled) and the tasks of its own
    /// plans, newest plans first (at most 300 of each).
    static func taskChoices(for unit: Unit, on db: any Database) async throws -> [TaskChoice] {
        let unitID = try unit.requireID()
        let assignments = try await Assignment.query(on: db).filter(\.$unit.$id == unitID).filter(\.$status != .cancelled)
            .with(\.$plan).with(\.$task).limit(300).all().filter { $0.plan.status == .issued }
        let plans = try await Plan.query(on: db).filter(\.$unit.$id == unitID).filter(\.$status == .issued).all()
        let own = try await TaskEntry.query(on: db).filter(\.$plan.$id ~~ plans.compactMap(\.id)).limit(300).all()
        let planByID = Dictionary(plans.compactMap { p in p.id.map { ($0, p) } }, uniquingKeysWith: { a, _ in a })
        func label(_ plan: Plan, _ task: TaskEntry) -> String { "\(plan.year) · \(plan.title.prefixed(60)) — \(task.no). \(task.content.prefixed(120))" }
        var rows: [(year: Int, position: Int, choice: TaskChoice)] = []
        for a in assignments {
            rows.append((a.plan.year, a.task.position, TaskChoice(id: "a:" + (try a.requireID()).uuidString, label: label(a.plan, a.task),
                                                                  suggested: ContestTask.launches(a.task.content))))
        }
        for t in own {
            guard let plan = planByID[t.$plan.id] else { continue }
            rows.append((plan.year, t.position, TaskChoice(id: "t:" + (try t.requireID()).uuidString, label: label(plan, t) + " (kế hoạch của đơn vị)",
                                                           suggested: ContestTask.launches(t.content))))
        }
        return rows.sorted { ($0.year, -$0.position) > ($1.year, -$1.position) }.map(\.choice)
    }

    /// The task a choice names, when `unit` may hang a contest on it: its own assignment (not cancelled) or a task of
    /// its own plan, in an issued plan.
    static func task(_ choice: String, for unit: Unit, on db: any Database) async throws -> (assignment: UUID?, task: UUID?) {
        let refused = AppError(.unprocessableEntity, "Nhiệm vụ đã chọn không phải nhiệm vụ của \(unit.name) trong một kế hoạch đã ban hành.")
        guard let id = UUID(uuidString: String(choice.dropFirst(2))) else { throw refused }
        if choice.hasPrefix("a:") {
            guard let a = try await Assignment.query(on: db).filter(\.$id == id).with(\.$plan).first(),
                  a.$unit.id == unit.id, a.status != .cancelled, a.plan.status == .issued else { throw refused }
            return (id, nil)
        }
        guard choice.hasPrefix("t:"), let t = try await TaskEntry.query(on: db).filter(\.$id == id).with(\.$plan).first(),
              t.plan.$unit.id == unit.id, t.plan.status == .issued else { throw refused }
        return (nil, id)
    }

    /// What publishing did on the plan's side.
    enum TaskRecord: Sendable, Equatable {
        /// The contest belongs to no task.
        case noTask
        case recorded(entrants: Int)
        /// The results are published; the activity could not be recorded (the reason).
        case notRecorded(String)
    }

    /// Publishes the round's results (`publish`), then records them as the activity of the task that launched the
    /// contest: whoever publishes (page, API, command) gets both.
    static func publishRecordingTask(_ round: ContestRound, of contest: Contest, reason: String?, link: String, viewer: Viewer,
                                     files: any FileStorage, config: AppConfig, now: Date, on db: any Database) async throws -> TaskRecord {
        try await publish(round, of: contest, reason: reason, viewer: viewer, now: now, on: db)
        guard contest.$assignment.id != nil || contest.taskID != nil, let published = try await ContestRound.find(round.requireID(), on: db) else {
            return .noTask
        }
        let entrants = published.isCreative ? try await creativeResults(of: published, on: db).rows.count
            : try await shownResults(of: published, now: now, on: db).count
        do {
            try await recordActivity(of: published, contest: contest, entrants: entrants, link: link, viewer: viewer, files: files,
                                     config: config, now: now, on: db)
            return .recorded(entrants: entrants)
        } catch let error as AppError where error.status.code < 500 {
            return .notRecorded(error.reason)
        }
    }

    /// Records the published round as the contest's activity (the first publication), or brings its reach up to date
    /// (a correction). Nothing when the contest belongs to no task.
    static func recordActivity(of round: ContestRound, contest: Contest, entrants: Int, link: String, viewer: Viewer, files: any FileStorage,
                               config: AppConfig, now: Date, on db: any Database) async throws {
        let title = "Cuộc thi “\(contest.title)” — vòng \(round.number): \(entrants) người dự thi".prefixed(300)
        let note = "Ghi tự động khi công bố kết quả vòng \(round.number) (lần \(round.publishedVersion))."
        if let id = round.activityID, let activity = try await Activity.find(id, on: db) {
            guard activity.reach != entrants || activity.title != title else { return }
            let before = ["reach": activity.reach.map(String.init) ?? "", "title": activity.title]
            try await db.audited(by: viewer.actor, at: now) { db, audit in
                activity.reach = entrants
                activity.title = title
                activity.note = note
                try await activity.save(on: db)
                try await audit.record(.update, .activity, id: id, unit: activity.$unit.id, summary: "Cập nhật kết quả cuộc thi: \(title)",
                                       before: before, after: ["reach": String(entrants), "title": title])
            }
            return
        }
        let input = ActivityService.Input(kind: .contest, channel: .portal, happenedOn: AppClock.calendarDate(round.closesAt), title: title, link: link,
                                          reach: entrants, cost: nil, note: note, occurrenceID: nil)
        guard let activity = try await recordOnTask(input, assignmentID: contest.$assignment.id, taskID: contest.taskID, unitID: contest.$unit.id,
                                                    actor: viewer.actor, files: files, config: config, on: db) else { return }
        round.activityID = activity.id
        try await db.write { db in
            try await ContestRound.query(on: db).filter(\.$id == round.requireID()).set(\.$activityID, to: activity.id).update()
        }
    }

    /// Records `input` as the activity of a plan task: on the assignment `assignmentID`, else as `unitID`'s work on the task
    /// `taskID` of its own plan; nil when neither names a stored record.
    static func recordOnTask(_ input: ActivityService.Input, assignmentID: UUID?, taskID: UUID?, unitID: UUID, actor: AuditActor,
                             files: any FileStorage, config: AppConfig, on db: any Database) async throws -> Activity? {
        if let assignmentID, let assignment = try await Assignment.query(on: db).filter(\.$id == assignmentID).with(\.$plan).first() {
            return try await ActivityService.record(input, upload: nil, on: assignment, plan: assignment.plan, actor: actor, storage: files,
                                                    maxBytes: config.maxUploadBytes, quota: config.unitStorageQuotaBytes, on: db)
        }
        if let taskID, let task = try await TaskEntry.query(on: db).filter(\.$id == taskID).with(\.$plan).first() {
            return try await ActivityService.contribute(input, upload: nil, unitID: unitID, plan: task.plan, taskID: taskID, actor: actor,
                                                        storage: files, maxBytes: config.maxUploadBytes, quota: config.unitStorageQuotaBytes, on: db)
        }
        return nil
    }

    /// `recordOnTask` for a task picked on a form (`taskChoices`): checked to be `unit`'s (`task(_:for:)`); nil for no choice.
    static func recordOnTask(_ input: ActivityService.Input, choice: String?, unit: Unit, actor: AuditActor, files: any FileStorage,
                             config: AppConfig, on db: any Database) async throws -> Activity? {
        guard let choice, !choice.isEmpty else { return nil }
        let (assignmentID, taskID) = try await task(choice, for: unit, on: db)
        return try await recordOnTask(input, assignmentID: assignmentID, taskID: taskID, unitID: try unit.requireID(), actor: actor,
                                      files: files, config: config, on: db)
    }
}
