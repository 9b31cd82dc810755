import Domain
import Fluent
import Foundation
import SQLKit

/// A plan's task table read for pages: plain rows straight from SQL, without building a Fluent model per row
/// (a 60-task plan names some 600 units and has 500 assignments; models would cost most of the page's time).
struct PlanReadModel: Sendable {
    struct Task: Sendable {
        let id: UUID
        let position: Int
        let no: Int
        let content: String
        let product: String?
        let notes: String?
        let timeframe: Timeframe
    }

    struct Link: Sendable {
        let taskID: UUID
        let role: TaskUnit.Role
        let position: Int
        let name: String
        let unitID: UUID?
        let groupID: UUID?
        let match: TaskUnit.Match
        let confidence: Double

        var isUncertain: Bool { match == .fuzzy || match == .unresolved }
    }

    struct AssignmentState: Sendable {
        let taskID: UUID
        let unitID: UUID
        let status: Assignment.Status
        let startsOn: CalendarDate
        let dueOn: CalendarDate
        let doneOn: CalendarDate?
    }

    let tasks: [Task]
    /// Each task's names, lead first, in the order written.
    let links: [UUID: [Link]]

    static func load(planID: UUID, withLinks: Bool = true, on db: any Database) async throws -> PlanReadModel {
        guard let sql = db as? any SQLDatabase else { throw AppError(.internalServerError, "Cơ sở dữ liệu không hỗ trợ SQL.") }
        let taskRows = try await sql.select()
            .columns("id", "position", "no", "content", "product", "notes", "timeframe_text", "start_month", "end_month", "recurrence", "rule", "deadline")
            .from(TaskEntry.schema).where("plan_id", .equal, planID).orderBy("position").all()
        let tasks = try taskRows.map { row in
            Task(id: try row.decode(column: "id", as: UUID.self), position: try row.decode(column: "position", as: Int.self),
                 no: try row.decode(column: "no", as: Int.self), content: try row.decode(column: "content", as: String.self),
                 product: try row.decode(column: "product", as: String?.self), notes: try row.decode(column: "notes", as: String?.self),
                 timeframe: Timeframe(text: try row.decode(column: "timeframe_text", as: String.self),
                                      start: try row.decode(column: "start_month", as: String?.self).flatMap(YearMonth.init),
                                      end: try row.decode(column: "end_month", as: String?.self).flatMap(YearMonth.init),
                                      recurrence: try row.decode(column: "recurrence", as: String?.self).flatMap(Timeframe.Recurrence.init(rawValue:)),
                                      rule: try row.decode(column: "rule", as: String?.self),
                                      deadline: try row.decode(column: "deadline", as: CalendarDate?.self)))
        }
        guard withLinks else { return PlanReadModel(tasks: tasks, links: [:]) }
        let linkRows = try await sql.select()
            .columns("task_id", "role", "position", "name", "unit_id", "group_id", "match", "confidence")
            .from(TaskUnit.schema).where("plan_id", .equal, planID).all()
        var links: [UUID: [Link]] = [:]
        for row in linkRows {
            let link = Link(taskID: try row.decode(column: "task_id", as: UUID.self),
                            role: TaskUnit.Role(rawValue: try row.decode(column: "role", as: String.self)) ?? .coordinating,
                            position: try row.decode(column: "position", as: Int.self), name: try row.decode(column: "name", as: String.self),
                            unitID: try row.decode(column: "unit_id", as: UUID?.self), groupID: try row.decode(column: "group_id", as: UUID?.self),
                            match: TaskUnit.Match(rawValue: try row.decode(column: "match", as: String.self)) ?? .unresolved,
                            confidence: try row.decode(column: "confidence", as: Double.self))
            links[link.taskID, default: []].append(link)
        }
        for (id, list) in links {
            links[id] = list.sorted { ($0.role == .lead ? 0 : 1, $0.position) < ($1.role == .lead ? 0 : 1, $1.position) }
        }
        return PlanReadModel(tasks: tasks, links: links)
    }

    var allLinks: [Link] { tasks.flatMap { links[$0.id] ?? [] } }

    static func assignments(planID: UUID, on db: any Database) async throws -> [AssignmentState] {
        guard let sql = db as? any SQLDatabase else { return [] }
        return try await sql.select().columns("task_id", "unit_id", "status", "starts_on", "due_on", "done_on").from(Assignment.schema)
            .where("plan_id", .equal, planID).all().map { row in
                AssignmentState(taskID: try row.decode(column: "task_id", as: UUID.self), unitID: try row.decode(column: "unit_id", as: UUID.self),
                                status: Assignment.Status(rawValue: try row.decode(column: "status", as: String.self)) ?? .open,
                                startsOn: try row.decode(column: "starts_on", as: CalendarDate.self),
                                dueOn: try row.decode(column: "due_on", as: CalendarDate.self),
                                doneOn: try row.decode(column: "done_on", as: CalendarDate?.self))
            }
    }

    /// The names of the units and groups the links point at.
    static func names(of links: [Link], on db: any Database) async throws -> PlanNames {
        guard let sql = db as? any SQLDatabase else { return PlanNames() }
        var names = PlanNames()
        let unitIDs = Array(Set(links.compactMap(\.unitID)))
        for chunk in unitIDs.chunked(500) {
            for row in try await sql.select().columns("id", "name").from(Unit.schema).where("id", .in, Array(chunk)).all() {
                names.units[try row.decode(column: "id", as: UUID.self)] = try row.decode(column: "name", as: String.self)
            }
        }
        let groupIDs = Array(Set(links.compactMap(\.groupID)))
        if !groupIDs.isEmpty {
            for row in try await sql.select().columns("id", "name").from(UnitGroup.schema).where("id", .in, groupIDs).all() {
                names.groups[try row.decode(column: "id", as: UUID.self)] = try row.decode(column: "name", as: String.self)
            }
        }
        return names
    }
}
