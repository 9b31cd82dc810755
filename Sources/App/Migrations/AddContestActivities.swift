import Fluent

/// A contest may belong to the plan task that launched it ("Phát động cuộc thi …"): the organiser's assignment, or a task
/// of the organiser's own plan; each round whose results are published is then recorded as that task's activity (kind
/// "contest", reach = entrants).
struct AddContestActivities: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(Contest.schema).field("assignment_id", .uuid).update()
        try await database.schema(Contest.schema).field("task_id", .uuid).update()
        try await database.schema(ContestRound.schema).field("activity_id", .uuid).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(ContestRound.schema).deleteField("activity_id").update()
        try await database.schema(Contest.schema).deleteField("task_id").update()
        try await database.schema(Contest.schema).deleteField("assignment_id").update()
    }
}
