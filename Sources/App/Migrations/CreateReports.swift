import Fluent
import SQLKit

struct CreateReports: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(Report.schema)
            .id()
            .field("unit_id", .uuid, .required, .references(Unit.schema, "id", onDelete: .cascade))
            .field("year", .int, .required)
            .field("period", .string, .required)
            .field("status", .string, .required)
            .field("number", .string)
            .field("results", .string, .required)
            .field("limitations", .string, .required)
            .field("proposals", .string, .required)
            .field("snapshot", .string)
            .field("submitted_at", .datetime)
            .field("submitted_by", .string)
            .field("submitted_late", .bool)
            .field("review_note", .string)
            .field("reviewed_at", .datetime)
            .field("reviewed_by", .string)
            .field("updated_at", .datetime, .required)
            .unique(on: "unit_id", "year", "period", name: "uq_reports_unit_period")
            .create()
        try await database.schema(ReportDeadline.schema)
            .id()
            .field("year", .int, .required)
            .field("tier", .int, .required)
            .field("period", .string, .required)
            .field("starts_on", .date, .required)
            .field("ends_on", .date, .required)
            .field("due_on", .date, .required)
            .unique(on: "year", "tier", "period", name: "uq_report_deadlines")
            .create()
        if let sql = database as? any SQLDatabase {
            try await sql.create(index: "idx_reports_year_period").on(Report.schema).column("year").column("period").run()
        }
    }

    func revert(on database: any Database) async throws {
        try await database.schema(ReportDeadline.schema).delete()
        try await database.schema(Report.schema).delete()
    }
}
