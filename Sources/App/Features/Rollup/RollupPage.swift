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
    /// Ranked by the units right below the scope (each with its subtree) rather than one by one.
    let groupedByChild: Bool

    static let rankedOneByOne = 200
    static let silentListed = 100

    /// `tallies: false` reads the rows themselves (what the tallies must always agree with).
    static func load(viewer: Viewer, year: Int, today: CalendarDate, tallies: Bool = true, on db: any Database) async throws -> RollupPage {
        guard let sql = db as? any SQLDatabase else { throw AppError(.internalServerError, "Cơ sở dữ liệu không hỗ trợ SQL.") }
        guard let first = CalendarDate(year: year, month: 1, day: 1), let last = CalendarDate(year: year, month: 12, day: 31) else {
            throw AppError(.badRequest, "Năm không hợp lệ.")
        }
        // The units in scope: the subtree by its live path, or the reporter's own unit.
        // Administrators see the whole country.
        let present = viewer.presentScope
        let own = present.pathCondition("u.path")
        // The units the viewer's unit succeeded count with their own names for the time before their work passed on.
        func scoped(date: String) -> SQLQueryString {
            var query: SQLQueryString = "(\(own)"
            for p in viewer.predecessors {
                let unit = viewer.historyScope(p).pathCondition("u.path")
                query = "\(query) OR (\(unit) AND \(unsafeRaw: date) < \(bind: p.until))"
            }
            return "\(query))"
        }
        let scope = scoped(date: "a.due_on")
        // Without predecessors whose work falls in the year, the counts come from the running tallies the database keeps
        // (`CreateRollupTallies`): thousands of rows instead of millions. A successor's view, cut at a date, reads the rows.
        let tallied = tallies && !viewer.predecessors.contains { $0.until > first }
        // Activities by month, channel and kind: the whole country's from the (year, dimension) index, a subtree's by
        // each unit's key ("+" keeps SQLite's planner off the year index there, whatever its statistics say).
        // The tallies in scope: the subtree's unit ids first (by the path index), then each unit's few rows by its
        // key — an explicit list, so neither database's planner can choose to scan a whole table to join them. Counts
        // are summed per unit first and only then joined to the units' names. The whole country reads the tallies.
        var scopeIDs: [UUID] = []
        if case .subtrees = present.reach {
            scopeIDs = try await sql.raw("SELECT s.id AS id FROM units s WHERE \(present.pathCondition("s.path"))")
                .all().map { try $0.decode(column: "id", as: UUID.self) }
        }
        let manyUnits = scopeIDs.count > 5_000
        func tallyRows(_ table: String, join: String = "") -> SQLQueryString {
            switch present.reach {
            case .everything, .units: return "\(unsafeRaw: table) t\(unsafeRaw: join) WHERE \(present.sql("t.unit_id"))"
            case .subtrees: break
            }
            if manyUnits {
                return "\(unsafeRaw: table) t\(unsafeRaw: join) WHERE \(present.sql("t.unit_id"))"
            }
            return scopeIDs.isEmpty ? "\(unsafeRaw: table) t\(unsafeRaw: join) WHERE 1 = 0"
                : "\(unsafeRaw: table) t\(unsafeRaw: join) WHERE t.unit_id IN (\(binds: scopeIDs))"
        }
        let perUnitRows = try await sql.raw(tallied ? """
            SELECT g.*, u.name AS name, u.path AS path FROM (
              SELECT t.unit_id AS unit_id,
                SUM(CASE WHEN t.state = 'on_time' THEN t.n ELSE 0 END) AS on_time,
                SUM(CASE WHEN t.state = 'late' THEN t.n ELSE 0 END) AS late,
                SUM(CASE WHEN t.state = 'open' AND t.due_on < \(bind: today) THEN t.n ELSE 0 END) AS overdue,
                SUM(CASE WHEN t.state = 'open' AND t.due_on >= \(bind: today) THEN t.n ELSE 0 END) AS still_open,
                SUM(CASE WHEN t.state = 'cancelled' THEN t.n ELSE 0 END) AS cancelled
              FROM \(tallyRows("assignment_tallies", join: " JOIN plans p ON p.id = t.plan_id")) AND p.year = \(bind: year)
              GROUP BY t.unit_id HAVING SUM(t.n) > 0) g
            JOIN units u ON u.id = g.unit_id
            """ : """
            SELECT a.unit_id AS unit_id, u.name AS name, u.path AS path,
              SUM(CASE WHEN a.status = 'done' AND (a.done_on IS NULL OR a.done_on <= a.due_on) THEN 1 ELSE 0 END) AS on_time,
              SUM(CASE WHEN a.status = 'done' AND a.done_on > a.due_on THEN 1 ELSE 0 END) AS late,
              SUM(CASE WHEN a.status = 'open' AND a.due_on < \(bind: today) THEN 1 ELSE 0 END) AS overdue,
              SUM(CASE WHEN a.status = 'open' AND a.due_on >= \(bind: today) THEN 1 ELSE 0 END) AS still_open,
              SUM(CASE WHEN a.status = 'cancelled' THEN 1 ELSE 0 END) AS cancelled
            FROM assignments a JOIN plans p ON p.id = a.plan_id JOIN units u ON u.id = a.unit_id
            WHERE p.year = \(bind: year) AND \(scope)
            GROUP BY a.unit_id, u.name, u.path
            """).all()
        var progress = WorkProgress()
        var perUnit: [UUID: (name: String, progress: WorkProgress)] = [:]
        var paths: [UUID: String] = [:]
        for row in perUnitRows {
            var unit = WorkProgress()
            unit.doneOnTime = try row.decode(column: "on_time", as: Int.self)
            unit.doneLate = try row.decode(column: "late", as: Int.self)
            unit.overdue = try row.decode(column: "overdue", as: Int.self)
            unit.open = try row.decode(column: "still_open", as: Int.self)
            unit.cancelled = try row.decode(column: "cancelled", as: Int.self)
            let id = try row.decode(column: "unit_id", as: UUID.self)
            perUnit[id] = (try row.decode(column: "name", as: String.self), unit)
            paths[id] = try row.decode(column: "path", as: String.self)
            progress.add(unit)
        }
        // The oldest overdue first: the (status, due date) index walks them in order.
        let overdueRows = try await sql.raw("""
            SELECT a.id AS id, u.name AS name, t.no AS no, t.content AS content, a.due_on AS due_on
            FROM assignments a JOIN plans p ON p.id = a.plan_id JOIN units u ON u.id = a.unit_id JOIN plan_tasks t ON t.id = a.task_id
            WHERE a.status = 'open' AND a.due_on < \(bind: today) AND p.year = \(bind: year) AND \(scope)
            ORDER BY a.due_on, u.name LIMIT 50
            """).all()
        let overdue = try overdueRows.map { row in
            Overdue(assignmentID: try row.decode(column: "id", as: UUID.self).uuidString, unit: try row.decode(column: "name", as: String.self),
                    task: "\(try row.decode(column: "no", as: Int.self)). \(PlanEditing.short(try row.decode(column: "content", as: String.self)))",
                    due: try row.decode(column: "due_on", as: CalendarDate.self).display)
        }
        var months = Array(repeating: 0, count: 12)
        var count = 0
        var channels: [ActivityChannel: Int] = [:]
        var kinds: [ActivityKind: Int] = [:]
        let active: Set<UUID>
        if tallied {
            for row in try await sql.raw("""
                SELECT t.dim AS dim, t.value AS value, SUM(t.n) AS n FROM \(tallyRows("activity_tallies"))
                AND \(unsafeRaw: viewer.isAdmin ? "" : "+")t.year = \(bind: year) GROUP BY t.dim, t.value
                """).all() {
                let n = try row.decode(column: "n", as: Int.self), value = try row.decode(column: "value", as: String.self)
                switch try row.decode(column: "dim", as: String.self) {
                case "month":
                    if let month = Int(value), (1...12).contains(month) { months[month - 1] += n }
                    count += n
                case "channel": if let channel = ActivityChannel(rawValue: value) { channels[channel, default: 0] += n }
                default: if let kind = ActivityKind(rawValue: value) { kinds[kind, default: 0] += n }
                }
            }
            // In key order (unit first), not by the year index ("+" keeps SQLite's planner off it): no sort for DISTINCT.
            active = Set(try await sql.raw("""
                SELECT DISTINCT t.unit_id AS unit_id FROM \(tallyRows("activity_tallies"))
                AND +t.year = \(bind: year) AND t.dim = 'month' AND t.n > 0
                """).all().map { try $0.decode(column: "unit_id", as: UUID.self) })
        } else {
            // Activities of the year in scope, counted per day, channel and kind (a day's rows fold into months here,
            // the same on both databases).
            let activityScope: SQLQueryString = "FROM activities ac JOIN units u ON u.id = ac.unit_id WHERE ac.happened_on >= \(bind: first) AND ac.happened_on <= \(bind: last) AND \(scoped(date: "ac.happened_on"))"
            for row in try await sql.raw("SELECT ac.happened_on AS day, COUNT(*) AS n \(activityScope) GROUP BY ac.happened_on").all() {
                let n = try row.decode(column: "n", as: Int.self)
                months[try row.decode(column: "day", as: CalendarDate.self).month - 1] += n
                count += n
            }
            for row in try await sql.raw("SELECT ac.channel AS channel, COUNT(*) AS n \(activityScope) GROUP BY ac.channel").all() {
                if let channel = ActivityChannel(rawValue: try row.decode(column: "channel", as: String.self)) { channels[channel] = try row.decode(column: "n", as: Int.self) }
            }
            for row in try await sql.raw("SELECT ac.kind AS kind, COUNT(*) AS n \(activityScope) GROUP BY ac.kind").all() {
                if let kind = ActivityKind(rawValue: try row.decode(column: "kind", as: String.self)) { kinds[kind] = try row.decode(column: "n", as: Int.self) }
            }
            active = Set(try await sql.raw("SELECT DISTINCT ac.unit_id AS unit_id \(activityScope)").all().map { try $0.decode(column: "unit_id", as: UUID.self) })
        }
        kinds = kinds.filter { $0.value > 0 }
        channels = channels.filter { $0.value > 0 }
        // Hundreds of units (a province, the country) are ranked by the units right below the scope, each with its own
        // subtree; a few dozen are ranked one by one.
        let grouped = perUnit.count > Self.rankedOneByOne
        var ranked = perUnit.values.map { (name: $0.name, progress: $0.progress) }
        if grouped {
            let depth = viewer.isAdmin ? 0 : viewer.unit.path.split(separator: "/").count
            var groups: [String: WorkProgress] = [:]
            for (id, entry) in perUnit {
                let parts = (paths[id] ?? "").split(separator: "/")
                let key = depth < parts.count ? String(parts[depth]) : id.uuidString
                groups[key, default: WorkProgress()].add(entry.progress)
            }
            let ids = groups.keys.compactMap(UUID.init(uuidString:))
            var names: [UUID: String] = [:]
            for chunk in ids.chunked(500) {
                for unit in try await Unit.query(on: db).filter(\.$id ~~ chunk).all() { if let id = unit.id { names[id] = unit.name } }
            }
            ranked = groups.compactMap { key, progress in UUID(uuidString: key).flatMap { names[$0] }.map { (name: $0, progress: progress) } }
        }
        ranked.sort { ($0.progress.percentDone, $0.name) > ($1.progress.percentDone, $1.name) }
        let silentAll = perUnit.filter { !active.contains($0.key) }.map(\.value.name).sorted()
        let silent = silentAll.count > Self.silentListed
            ? Array(silentAll.prefix(Self.silentListed)) + ["… và \(silentAll.count - Self.silentListed) đơn vị khác"] : silentAll
        let thisYear = today.year
        let history = viewer.predecessors.filter { $0.until > first }.sorted { $0.name < $1.name }
            .map { "\($0.name) (đến \(($0.until.adding(days: -1) ?? $0.until).display))" }
        return RollupPage(
            year: year,
            years: ((thisYear - 4)...(thisYear + 1)).reversed().map { SelectOption(value: "\($0)", label: "\($0)", selected: $0 == year) },
            scope: Self.scopeLabel(present, unit: viewer.unit)
                + (history.isEmpty ? "" : "; gồm kết quả của " + history.joined(separator: ", ")),
            progress: progress,
            byUnit: BarChart(ranked.map { ($0.name, Double($0.progress.percentDone), "\($0.progress.percentDone)%") }, maximum: 100),
            byMonth: BarChart(months.enumerated().map { ("Tháng \($0.offset + 1)", Double($0.element), "\($0.element)") }),
            byChannel: BarChart(channels.sorted { ($0.value, $1.key.label) > ($1.value, $0.key.label) }.map { ($0.key.label, Double($0.value), "\($0.value)") }),
            byKind: BarChart(kinds.sorted { ($0.value, $1.key.label) > ($1.value, $0.key.label) }.map { ($0.key.label, Double($0.value), "\($0.value)") }),
            activities: count,
            overdue: overdue,
            silent: silent,
            groupedByChild: grouped)
    }

    /// What the page covers, in words.
    static func scopeLabel(_ scope: UnitScope, unit: Unit) -> String {
        switch scope.reach {
        case .everything: return "Cả nước (mọi đơn vị trong danh mục)"
        case .units: return unit.name
        case .subtrees: return "\(unit.name) và các đơn vị trực thuộc"
        }
    }
}
