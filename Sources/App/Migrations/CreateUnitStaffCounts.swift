import Fluent

/// Dated staff counts of units (for contest participation rates), and the collective ranking a round's published
/// results froze with them.
struct CreateUnitStaffCounts: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(UnitStaffCount.schema)
            .id()
            .field("unit_id", .uuid, .required, .references(Unit.schema, "id"))
            .field("staff", .int, .required)
            .field("as_of", .string, .required)
            .field("recorded_by", .string, .required)
            .field("recorded_at", .datetime, .required)
            .unique(on: "unit_id", "as_of", name: "uq_unit_staff_counts_unit_date")
            .create()
        try await database.schema(ContestRound.schema).field("published_collective", .string).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(ContestRound.schema).deleteField("published_collective").update()
        try await database.schema(UnitStaffCount.schema).delete()
    }
}
