import Domain
import Fluent
import Foundation

/// A plan's timeline: months × tasks, windows as bars, occurrences as marks, today as a line, colours by
/// status; with the same facts as a table for screen readers and for print.
struct PlanTimelinePage: Encodable {
    struct Row: Encodable {
        let no: Int
        let content: String
        let window: String
        let occurrences: Int
        let status: String
        let statusLabel: String
    }

    let id: String
    let title: String
    let year: Int
    let width: Double
    let height: Double
    let months: [TimelineLayout.Month]
    let bars: [TimelineLayout.Row]
    let today: Double?
    let todayLabel: String
    let rows: [Row]

    static let labels = ["draft": "Dự thảo", "open": "Đang thực hiện", "upcoming": "Chưa đến kỳ", "overdue": "Quá hạn", "done": "Hoàn thành"]

    static func load(_ plan: Plan, today: CalendarDate, on db: any Database) async throws -> PlanTimelinePage {
        let planID = try plan.requireID()
        let tasks = try await PlanReadModel.load(planID: planID, withLinks: false, on: db).tasks
        let byTask = Dictionary(grouping: try await PlanReadModel.assignments(planID: planID, on: db), by: \.taskID)
        var items: [TimelineLayout.Item] = []
        var rows: [Row] = []
        for task in tasks {
            let schedule = Schedule(timeframe: task.timeframe, planYear: plan.year)
            let start = schedule?.start ?? CalendarDate(year: plan.year, month: 1, day: 1) ?? today
            let due = schedule?.due ?? CalendarDate(year: plan.year, month: 12, day: 31) ?? today
            let status = Self.status(plan: plan, assignments: byTask[task.id] ?? [], start: start, due: due, today: today)
            let occurrences = schedule?.occurrences.map(\.due) ?? []
            items.append(.init(label: "\(task.no). \(task.content)", start: start, due: due, occurrences: occurrences, status: status))
            rows.append(Row(no: task.no, content: task.content, window: "\(start.display) – \(due.display)", occurrences: occurrences.count,
                            status: status, statusLabel: labels[status] ?? status))
        }
        let layout = TimelineLayout(year: plan.year, items: items, today: today)
        return PlanTimelinePage(id: planID.uuidString, title: plan.title, year: plan.year, width: layout.width, height: layout.height,
                                months: layout.months, bars: layout.rows, today: layout.today, todayLabel: today.display, rows: rows)
    }

    /// A draft has no status yet; an issued task is done when all its assignments are, overdue when one is open past its date.
    static func status(plan: Plan, assignments: [PlanReadModel.AssignmentState], start: CalendarDate, due: CalendarDate,
                       today: CalendarDate) -> String {
        guard plan.status == .issued else { return "draft" }
        let open = assignments.filter { $0.status == .open }
        if !assignments.isEmpty && open.isEmpty { return "done" }
        if open.contains(where: { $0.dueOn < today }) { return "overdue" }
        return start > today ? "upcoming" : "open"
    }
}
