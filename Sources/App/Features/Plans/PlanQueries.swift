import Domain
import Fluent
import FluentSQL
import SQLKit
import Vapor

/// The plan list: what the viewer may read, filtered, searched (case and diacritics ignored, in plans and in
/// their tasks), newest first, one page at a time.
enum PlanQueries {
    static let perPage = 30

    static func list(viewer: Viewer, filters: PlanListFilters, page: Int, on db: any Database) async throws -> (plans: [Plan], total: Int) {
        let q = Plan.query(on: db).readable(by: viewer)
        if let year = filters.year { q.filter(\.$year == year) }
        if let status = filters.status { q.filter(\.$status == status) }
        if let level = filters.level {
            let units = SQLSubquery.select { $0.column("id").from(Unit.schema).where("level", .equal, level.rawValue) }
            q.filter(.sql(SQLBinaryExpression(SQLColumn("unit_id", table: Plan.schema), .in, units)))
        }
        if let issuer = filters.issuer {
            let key = VietnameseText.fold(issuer)
            if let pattern = LikePattern.contains(key) {
                let units = SQLSubquery.select { $0.column("id").from(Unit.schema)
                    .where(SQLLikeEscaped(column: SQLColumn("search_key"), pattern: pattern))
                    .orWhere(SQLFunction("UPPER", args: SQLColumn("code")), .equal, SQLBind(issuer.uppercased()))
                }
                q.filter(.sql(SQLBinaryExpression(SQLColumn("unit_id", table: Plan.schema), .in, units)))
            }
        }
        if let words = filters.query, let pattern = LikePattern.contains(VietnameseText.fold(words)) {
            let inTasks = SQLSubquery.select { $0.column("plan_id").from(TaskEntry.schema)
                .where(SQLLikeEscaped(column: SQLColumn("search_key"), pattern: pattern)) }
            q.group(.or) { or in
                or.filter(.sql(like: "search_key", pattern))
                or.filter(.sql(SQLBinaryExpression(SQLColumn("id", table: Plan.schema), .in, inTasks)))
            }
        }
        let total = try await q.count()
        let pages = max(1, (total + perPage - 1) / perPage)
        let current = min(max(1, page), pages)
        let plans = try await q.with(\.$unit).sort(\.$year, .descending).sort(\.$issuedOn, .descending).sort(\.$createdAt, .descending)
            .range(((current - 1) * perPage)..<(current * perPage)).all()
        return (plans, total)
    }

    static func years(viewer: Viewer, on db: any Database) async throws -> [Int] {
        Array(Set(try await Plan.query(on: db).readable(by: viewer).field(\.$year).all().map(\.year))).sorted(by: >)
    }
}
