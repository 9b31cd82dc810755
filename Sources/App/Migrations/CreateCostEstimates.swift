import Fluent
import SQLKit

/// Cost estimates of assignments, and the office that appraises a plan's estimates.
struct CreateCostEstimates: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(CostEstimate.schema)
            .id()
            .field("plan_id", .uuid, .required, .references(Plan.schema, "id", onDelete: .cascade))
            .field("assignment_id", .uuid, .required, .references(Assignment.schema, "id", onDelete: .cascade))
            .field("unit_id", .uuid, .required, .references(Unit.schema, "id"))
            .field("amount", .int64, .required)
            .field("source", .string, .required)
            .field("scope", .string, .required)
            .field("note", .string)
            .field("status", .string, .required)
            .field("review_note", .string)
            .field("reviewed_by", .string)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .create()
        try await database.schema(Plan.schema).field("finance_unit_id", .uuid, .references(Unit.schema, "id")).update()
        if let sql = database as? any SQLDatabase {
            try await sql.create(index: "idx_cost_estimates_plan").on(CostEstimate.schema).column("plan_id").run()
        }
    }

    func revert(on database: any Database) async throws {
        try await database.schema(Plan.schema).deleteField("finance_unit_id").update()
        try await database.schema(CostEstimate.schema).delete()
    }
}
