import Domain
import Fluent
import Foundation
import SQLKit

/// The roll-up of a year's work over the units the viewer may see (its unit and, for plan owners, leaders and
/// administrators, everything below): completion by unit (ranked), activities by month, channel and kind, the overdue
/// list, and the units with work but nothing recorded. Charts are SVG drawn from `BarChart`; each has its table.
struct RollupPage: Encodable {
    struct Overdue: Encodable {
        let assignmentID: String
        let unit: String
        let task: String
        let due: String
    }

    let year: Int
    let years: [SelectOption]
    let scope: String
    let progress: WorkProgress
    let byUnit: BarChart
    let byMonth: BarChart
    let byChannel: BarChart
    let byKind: BarChart
    let activities: Int
    let overdue: [Overdue]
    let silent: [String]

    static func load(viewer: Viewer, year: Int, today: CalendarDate, on db: any Database) async throws -> RollupPage {
        guard let sql = db as? any SQLDatabase else { throw AppError(.internalServerError, "Cơ sở dữ liệu không hỗ trợ SQL.") }
        let scopePath = viewer.role == .reporter ? nil : viewer.unit.path
        // Assignments of the year's plans, in scope.
        var assignmentQuery = sql.select()
            .column(SQLColumn("id", table: "a")).column(SQLColumn("unit_id", table: "a")).column(SQLColumn("status", table: "a"))
            .column(SQLColumn("due_on", table: "a")).column(SQLColumn("done_on", table: "a")).column(SQLColumn("name", table: "u"))
            .column(SQLColumn("content", table: "t")).column(SQLColumn("no", table: "t"))
            .from(SQLAlias(SQLIdentifier(Assignment.schema), as: SQLIdentifier("a")))
            .join(SQLAlias(SQLIdentifier(Plan.schema), as: SQLIdentifier("p")), on: SQLColumn("plan_id", table: "a"), .equal, SQLColumn("id", table: "p"))
            .join(SQLAlias(SQLIdentifier(Unit.schema), as: SQLIdentifier("u")), on: SQLColumn("unit_id", table: "a"), .equal, SQLColumn("id", table: "u"))
            .join(SQLAlias(SQLIdentifier(TaskEntry.schema), as: SQLIdentifier("t")), on: SQLColumn("task_id", table: "a"), .equal, SQLColumn("id", table: "t"))
            .where(SQLColumn("year", table: "p"), .equal, SQLBind(year))
        if let scopePath {
            assignmentQuery = assignmentQuery.where(SQLLikeEscaped(column: SQLColumn("path", table: "u"), pattern: LikePattern.escaped(scopePath) + "%"))
        } else {
            assignmentQuery = assignmentQuery.where(SQLColumn("unit_id", table: "a"), .equal, SQLBind(try viewer.unit.requireID()))
        }
        var progress = WorkProgress()
        var perUnit: [UUID: (name: String, progress: WorkProgress)] = [:]
        var overdue: [(CalendarDate, Overdue)] = []
        for row in try await assignmentQuery.all() {
            let unitID = try row.decode(column: "unit_id", as: UUID.self)
            let status = try row.decode(column: "status", as: String.self)
            let due = try row.decode(column: "due_on", as: CalendarDate.self)
            let done = try row.decode(column: "done_on", as: CalendarDate?.self)
            let name = try row.decode(column: "name", as: String.self)
            progress.add(status: status, due: due, done: done, today: today)
            var entry = perUnit[unitID] ?? (name, WorkProgress())
            entry.progress.add(status: status, due: due, done: done, today: today)
            perUnit[unitID] = entry
            if status == Assignment.Status.open.rawValue && due < today {
                overdue.append((due, Overdue(assignmentID: try row.decode(column: "id", as: UUID.self).uuidString, unit: name,
                                             task: "\(try row.decode(column: "no", as: Int.self)). \(PlanEditing.short(try row.decode(column: "content", as: String.self)))",
                                             due: due.display)))
            }
        }
        // Activities of the year, in scope.
        guard let first = CalendarDate(year: year, month: 1, day: 1), let last = CalendarDate(year: year, month: 12, day: 31) else {
            throw AppError(.badRequest, "Năm không hợp lệ.")
        }
        var activityQuery = sql.select()
            .column(SQLColumn("unit_id", table: "ac")).column(SQLColumn("happened_on", table: "ac"))
            .column(SQLColumn("channel", table: "ac")).column(SQLColumn("kind", table: "ac"))
            .from(SQLAlias(SQLIdentifier(Activity.schema), as: SQLIdentifier("ac")))
            .join(SQLAlias(SQLIdentifier(Unit.schema), as: SQLIdentifier("u")), on: SQLColumn("unit_id", table: "ac"), .equal, SQLColumn("id", table: "u"))
            .where(SQLColumn("happened_on", table: "ac"), .greaterThanOrEqual, SQLBind(first))
            .where(SQLColumn("happened_on", table: "ac"), .lessThanOrEqual, SQLBind(last))
        if let scopePath {
            activityQuery = activityQuery.where(SQLLikeEscaped(column: SQLColumn("path", table: "u"), pattern: LikePattern.escaped(scopePath) + "%"))
        } else {
            activityQuery = activityQuery.where(SQLColumn("unit_id", table: "ac"), .equal, SQLBind(try viewer.unit.requireID()))
        }
        var months = Array(repeating: 0, count: 12)
        var channels: [ActivityChannel: Int] = [:]
        var kinds: [ActivityKind: Int] = [:]
        var active = Set<UUID>()
        var count = 0
        for row in try await activityQuery.all() {
            count += 1
            active.insert(try row.decode(column: "unit_id", as: UUID.self))
            let date = try row.decode(column: "happened_on", as: CalendarDate.self)
            months[date.month - 1] += 1
            if let channel = ActivityChannel(rawValue: try row.decode(column: "channel", as: String.self)) { channels[channel, default: 0] += 1 }
            if let kind = ActivityKind(rawValue: try row.decode(column: "kind", as: String.self)) { kinds[kind, default: 0] += 1 }
        }
        let ranked = perUnit.values.sorted { ($0.progress.percentDone, $0.name) > ($1.progress.percentDone, $1.name) }
        let silent = perUnit.filter { !active.contains($0.key) }.map(\.value.name).sorted()
        let thisYear = today.year
        return RollupPage(
            year: year,
            years: ((thisYear - 4)...(thisYear + 1)).reversed().map { SelectOption(value: "\($0)", label: "\($0)", selected: $0 == year) },
            scope: viewer.role == .reporter ? viewer.unit.name : "\(viewer.unit.name) và các đơn vị trực thuộc",
            progress: progress,
            byUnit: BarChart(ranked.map { ($0.name, Double($0.progress.percentDone), "\($0.progress.percentDone)%") }, maximum: 100),
            byMonth: BarChart(months.enumerated().map { ("Tháng \($0.offset + 1)", Double($0.element), "\($0.element)") }),
            byChannel: BarChart(channels.sorted { $0.value > $1.value }.map { ($0.key.label, Double($0.value), "\($0.value)") }),
            byKind: BarChart(kinds.sorted { $0.value > $1.value }.map { ($0.key.label, Double($0.value), "\($0.value)") }),
            activities: count,
            overdue: overdue.sorted { $0.0 < $1.0 }.prefix(50).map(\.1),
            silent: silent)
    }
}
