import Domain
import Fluent
import Foundation
import Vapor

/// The national dataset of DESIGN.md for the dashboard benchmark: 34 provinces (20 departments each), 3,321
/// communes (two offices each), about 10,700 units; one issued plan per province (60 tasks, each led by its
/// departments and communes) and per commune (14 tasks for itself and its offices), about 50,000 tasks and
/// 480,000 assignments, and four activities per assignment, 2,000,000 in all, dated through the year up to today.
/// `province` scale builds one province of the same shape, for a quick run.
enum DashboardDataset {
    struct Figures {
        var units = 0, tasks = 0, assignments = 0, activities = 0
        var seconds = 0.0
    }

    static let year = 2026

    static func generate(provinces: Int, communes: Int, today: CalendarDate, on db: any Database,
                         progress: (String) -> Void) async throws -> Figures {
        let started = Date()
        var figures = Figures()
        var rng = SplitMix(seed: 2026)
        let perProvince = max(1, communes / max(provinces, 1))
        let kinds = ActivityKind.allCases, channels = ActivityChannel.allCases
        var pendingActivities: [Activity] = []
        var pendingAssignments: [Assignment] = []

        func flushAssignments() async throws {
            guard !pendingAssignments.isEmpty else { return }
            let batch = pendingAssignments
            pendingAssignments = []
            try await db.transaction { db in
                for chunk in batch.chunked(500) { try await chunk.create(on: db) }
            }
            figures.assignments += batch.count
        }
        func flushActivities() async throws {
            guard !pendingActivities.isEmpty else { return }
            try await flushAssignments()
            let batch = pendingActivities
            pendingActivities = []
            try await db.transaction { db in
                for chunk in batch.chunked(500) { try await chunk.create(on: db) }
            }
            figures.activities += batch.count
        }
        /// Assignments of one task to each unit, each with about four activities, a share done (some late), some overdue.
        func assign(plan: Plan, task: TaskEntry, units: [Unit], startMonth: Int, dueMonth: Int) async throws {
            guard let starts = CalendarDate(year: year, month: startMonth, day: 1),
                  let due = CalendarDate(year: year, month: dueMonth, day: dueMonth == 2 ? 28 : 30) else { return }
            for unit in units {
                let a = Assignment(planID: try plan.requireID(), taskID: try task.requireID(), unitID: try unit.requireID(), startsOn: starts, dueOn: due)
                let roll = rng.next(100)
                if due < today || roll < 40 {
                    if roll < 70 {
                        a.status = .done
                        a.doneOn = roll < 55 ? due.adding(days: -rng.next(20)) : due.adding(days: 1 + rng.next(25))
                        if let done = a.doneOn, done > today { a.doneOn = today }
                    } else if roll < 75 {
                        a.status = .cancelled
                        a.cancelReason = "Không còn phù hợp"
                    }
                }
                pendingAssignments.append(a)
                let latest = min(today, a.doneOn ?? due, due)
                let span = max(1, latest.daysSince1970 - starts.daysSince1970)
                for k in 0..<4 {
                    let activity = Activity()
                    activity.id = UUID()
                    activity.$unit.id = try unit.requireID()
                    activity.$plan.id = try plan.requireID()
                    activity.$task.id = try task.requireID()
                    activity.$assignment.id = a.id
                    activity.kind = kinds[(rng.next(kinds.count) + k) % kinds.count]
                    activity.channel = channels[rng.next(channels.count)]
                    activity.happenedOn = starts.adding(days: rng.next(span)) ?? starts
                    activity.title = "Tin bài tuyên truyền cải cách hành chính số \(k + 1)"
                    activity.reach = 100 + rng.next(5000)
                    activity.review = .pending
                    activity.recordedBy = "benchmark"
                    pendingActivities.append(activity)
                }
                if pendingActivities.count >= 20_000 { try await flushActivities() }
            }
        }

        for p in 0..<provinces {
            let province = Unit(code: "T\(p)", name: "Ủy ban nhân dân tỉnh số \(p)", shortName: "UBND tỉnh \(p)", kind: .committee, level: .province)
            var units = [province]
            let departments = (0..<20).map { d in
                Unit(code: "T\(p)-S\(d)", name: "Sở số \(d) tỉnh \(p)", kind: .department, level: .province, parent: province)
            }
            units += departments
            let count = p < communes % max(provinces, 1) ? perProvince + 1 : perProvince
            var communeUnits: [(commune: Unit, offices: [Unit])] = []
            for c in 0..<count {
                let commune = Unit(code: "T\(p)-X\(c)", name: "Ủy ban nhân dân xã số \(c) tỉnh \(p)", shortName: "UBND xã \(c)",
                                   kind: .committee, level: .commune, parent: province)
                let offices = [Unit(code: "T\(p)-X\(c)-VP", name: "Văn phòng HĐND và UBND xã số \(c) tỉnh \(p)", kind: .office, level: .commune, parent: commune),
                               Unit(code: "T\(p)-X\(c)-VH", name: "Phòng Văn hóa - Xã hội xã số \(c) tỉnh \(p)", kind: .office, level: .commune, parent: commune)]
                communeUnits.append((commune, offices))
                units.append(commune)
                units += offices
            }
            let allUnits = units
            try await db.transaction { db in
                for chunk in allUnits.chunked(500) { try await chunk.create(on: db) }
            }
            figures.units += allUnits.count

            // The province's plan: 100 tasks, each led by three departments and every commune.
            let plan = Plan(unitID: try province.requireID(), year: year, title: "Kế hoạch tuyên truyền cải cách hành chính năm \(year) tỉnh số \(p)")
            plan.status = .issued
            plan.number = "\(p + 1)/KH-UBND"
            plan.issuedOn = CalendarDate(year: year, month: 1, day: 15)
            try await plan.create(on: db)
            var tasks: [TaskEntry] = []
            for t in 0..<100 {
                let start = 1 + t % 10, due = min(12, start + 2 + t % 3)
                let task = TaskEntry(planID: try plan.requireID(), position: t + 1, task: PlanTask(
                    no: t + 1, content: "Nhiệm vụ tuyên truyền số \(t + 1) của tỉnh", lead: [], coordinating: [],
                    timeframe: Timeframe(text: "Tháng \(start)-\(due)/\(year)", start: YearMonth(year: year, month: start), end: YearMonth(year: year, month: due))))
                tasks.append(task)
            }
            try await tasks.create(on: db)
            figures.tasks += tasks.count
            for (t, task) in tasks.enumerated() {
                let leads = [departments[t % 20], departments[(t + 7) % 20], departments[(t + 13) % 20]] + communeUnits.map(\.commune)
                try await assign(plan: plan, task: task, units: leads, startMonth: 1 + t % 10, dueMonth: min(12, 3 + t % 10 + t % 3))
            }
            // Each commune's own plan: 14 tasks for the committee and its two offices.
            for (c, entry) in communeUnits.enumerated() {
                let own = Plan(unitID: try entry.commune.requireID(), year: year, title: "Kế hoạch tuyên truyền cải cách hành chính năm \(year) xã số \(c)")
                own.status = .issued
                own.number = "\(c + 1)/KH-UBND"
                own.issuedOn = CalendarDate(year: year, month: 2, day: 1)
                own.$parentPlan.id = plan.id
                try await own.create(on: db)
                var ownTasks: [TaskEntry] = []
                for t in 0..<14 {
                    ownTasks.append(TaskEntry(planID: try own.requireID(), position: t + 1, task: PlanTask(
                        no: t + 1, content: "Nhiệm vụ tuyên truyền số \(t + 1) của xã", lead: [], coordinating: [],
                        timeframe: Timeframe(text: "Tháng \(1 + t % 11)/\(year)", start: YearMonth(year: year, month: 1 + t % 11),
                                             end: YearMonth(year: year, month: 1 + t % 11)))))
                }
                try await ownTasks.create(on: db)
                figures.tasks += ownTasks.count
                for (t, task) in ownTasks.enumerated() {
                    try await assign(plan: own, task: task, units: [entry.commune] + entry.offices, startMonth: 1 + t % 11, dueMonth: 1 + t % 11)
                }
            }
            try await flushActivities()
            progress(String(format: "province %d/%d: %d units, %d tasks, %d assignments, %d activities (%.0f s)", p + 1, provinces,
                            figures.units, figures.tasks, figures.assignments, figures.activities, Date().timeIntervalSince(started)))
        }
        try await flushActivities()
        figures.seconds = Date().timeIntervalSince(started)
        return figures
    }
}

/// A small, fixed-seed generator: the same dataset on every run.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next(_ bound: Int) -> Int {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        z ^= z >> 31
        return Int(z % UInt64(max(bound, 1)))
    }
}

extension DashboardDataset {
    /// The figures of a dataset already in the database (`bench --reuse`).
    static func count(on db: any Database) async throws -> Figures {
        Figures(units: try await Unit.query(on: db).count(), tasks: try await TaskEntry.query(on: db).count(),
                assignments: try await Assignment.query(on: db).count(), activities: try await Activity.query(on: db).count())
    }
}
