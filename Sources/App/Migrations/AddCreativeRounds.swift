import Fluent
import SQLKit

/// Creative rounds (a slogan per unit, judged on a rubric): the round's kind, rubric and word limits; the units'
/// entries, the judges and their scores.
struct AddCreativeRounds: AsyncMigration {
    func prepare(on database: any Database) async throws {
        // One column per statement: SQLite adds one at a time.
        try await database.schema(ContestRound.schema).field("kind", .string).update()
        try await database.schema(ContestRound.schema).field("rubric", .string).update()
        try await database.schema(ContestRound.schema).field("word_min", .int).update()
        try await database.schema(ContestRound.schema).field("word_max", .int).update()
        try await database.schema(ContestEntry.schema)
            .id()
            .field("round_id", .uuid, .required, .references(ContestRound.schema, "id", onDelete: .cascade))
            .field("unit_id", .uuid, .required, .references(Unit.schema, "id"))
            .field("text", .string, .required)
            .field("file_key", .string)
            .field("file_name", .string)
            .field("file_type", .string)
            .field("submitted_by", .string, .required)
            .field("submitted_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .unique(on: "round_id", "unit_id", name: "uq_contest_entries_unit")
            .create()
        try await database.schema(ContestJudge.schema)
            .id()
            .field("round_id", .uuid, .required, .references(ContestRound.schema, "id", onDelete: .cascade))
            .field("user_id", .uuid, .required, .references(User.schema, "id"))
            .unique(on: "round_id", "user_id", name: "uq_contest_judges")
            .create()
        try await database.schema(ContestScore.schema)
            .id()
            .field("entry_id", .uuid, .required, .references(ContestEntry.schema, "id", onDelete: .cascade))
            .field("judge_id", .uuid, .required, .references(User.schema, "id"))
            .field("points", .string, .required)
            .field("total", .double, .required)
            .field("scored_at", .datetime, .required)
            .unique(on: "entry_id", "judge_id", name: "uq_contest_scores_judge")
            .create()
    }

    func revert(on database: any Database) async throws {
        for schema in [ContestScore.schema, ContestJudge.schema, ContestEntry.schema] { try await database.schema(schema).delete() }
        for field in ["word_max", "word_min", "rubric", "kind"] {
            try await database.schema(ContestRound.schema).deleteField(.string(field)).update()
        }
    }
}
