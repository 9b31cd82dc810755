import Fluent
import SQLKit

struct CreateContests: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(Contest.schema)
            .id()
            .field("unit_id", .uuid, .required, .references(Unit.schema, "id", onDelete: .cascade))
            .field("title", .string, .required)
            .field("rules", .string, .required)
            .field("consent", .string, .required)
            .field("public_code", .string, .required)
            .field("created_by", .string, .required)
            .field("created_at", .datetime, .required)
            .unique(on: "public_code", name: "uq_contests_public_code")
            .create()
        try await database.schema(ContestRound.schema)
            .id()
            .field("contest_id", .uuid, .required, .references(Contest.schema, "id", onDelete: .cascade))
            .field("number", .int, .required)
            .field("opens_at", .datetime, .required)
            .field("closes_at", .datetime, .required)
            .field("time_limit_seconds", .int, .required)
            .field("question_count", .int, .required)
            .field("topic_quota", .string, .required)
            .field("prediction", .string)
            .field("actual", .int64)
            .field("published_version", .int, .required)
            .field("published_at", .datetime)
            .field("published_results", .string)
            .unique(on: "contest_id", "number", name: "uq_contest_rounds_number")
            .create()
        try await database.schema(ContestBankQuestion.schema)
            .id()
            .field("contest_id", .uuid, .required, .references(Contest.schema, "id", onDelete: .cascade))
            .field("number", .int, .required)
            .field("body", .string, .required)
            .unique(on: "contest_id", "number", name: "uq_contest_questions_number")
            .create()
        try await database.schema(ContestAttempt.schema)
            .id()
            .field("round_id", .uuid, .required, .references(ContestRound.schema, "id", onDelete: .cascade))
            .field("identity_key", .string, .required)
            .field("name", .string, .required)
            .field("citizen_id", .string)
            .field("phone", .string)
            .field("email", .string)
            .field("unit_id", .uuid, .references(Unit.schema, "id", onDelete: .setNull))
            .field("token", .string, .required)
            .field("questions", .string, .required)
            .field("answers", .string, .required)
            .field("predicted", .int64)
            .field("started_at", .datetime, .required)
            .field("deadline", .datetime, .required)
            .field("submitted_at", .datetime)
            .field("correct", .int)
            .unique(on: "round_id", "identity_key", name: "uq_contest_attempts_person")
            .unique(on: "token", name: "uq_contest_attempts_token")
            .create()
        if let sql = database as? any SQLDatabase {
            try await sql.create(index: "idx_contests_unit").on(Contest.schema).column("unit_id").run()
        }
    }

    func revert(on database: any Database) async throws {
        for schema in [ContestAttempt.schema, ContestBankQuestion.schema, ContestRound.schema, Contest.schema] {
            try await database.schema(schema).delete()
        }
    }
}
