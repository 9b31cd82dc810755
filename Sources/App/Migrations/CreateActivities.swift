import Fluent
import SQLKit

/// Activities recorded as evidence and their files.
struct CreateActivities: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(Activity.schema)
            .id()
            .field("unit_id", .uuid, .required, .references(Unit.schema, "id"))
            .field("plan_id", .uuid, .required, .references(Plan.schema, "id", onDelete: .cascade))
            .field("task_id", .uuid, .required, .references(TaskEntry.schema, "id", onDelete: .cascade))
            .field("assignment_id", .uuid, .references(Assignment.schema, "id", onDelete: .cascade))
            .field("occurrence_id", .uuid, .references(Occurrence.schema, "id", onDelete: .setNull))
            .field("kind", .string, .required)
            .field("channel", .string, .required)
            .field("happened_on", .date, .required)
            .field("title", .string, .required)
            .field("link", .string)
            .field("reach", .int)
            .field("cost", .int64)
            .field("note", .string)
            .field("review", .string, .required)
            .field("review_note", .string)
            .field("recorded_by", .string)
            .field("created_at", .datetime)
            .create()
        try await database.schema(EvidenceFile.schema)
            .id()
            .field("activity_id", .uuid, .required, .references(Activity.schema, "id", onDelete: .cascade))
            .field("unit_id", .uuid, .required, .references(Unit.schema, "id"))
            .field("filename", .string, .required)
            .field("type", .string, .required)
            .field("size", .int, .required)
            .field("sha256", .string, .required)
            .field("storage_key", .string, .required)
            .field("created_at", .datetime)
            .create()
        // One column per statement: SQLite adds columns one at a time.
        try await database.schema(Assignment.schema).field("done_on", .date).update()
        try await database.schema(Assignment.schema).field("justification", .string).update()
        try await database.schema(Assignment.schema).field("cancel_reason", .string).update()
        if let sql = database as? any SQLDatabase {
            try await sql.create(index: "idx_activities_assignment").on(Activity.schema).column("assignment_id").run()
            try await sql.create(index: "idx_activities_unit_date").on(Activity.schema).column("unit_id").column("happened_on").run()
            try await sql.create(index: "idx_activities_plan").on(Activity.schema).column("plan_id").run()
            try await sql.create(index: "idx_evidence_activity").on(EvidenceFile.schema).column("activity_id").run()
        }
    }

    func revert(on database: any Database) async throws {
        for column in ["done_on", "justification", "cancel_reason"] { try await database.schema(Assignment.schema).deleteField(FieldKey(stringLiteral: column)).update() }
        try await database.schema(EvidenceFile.schema).delete()
        try await database.schema(Activity.schema).delete()
    }
}
