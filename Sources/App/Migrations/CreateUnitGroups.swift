import Fluent

struct CreateUnitGroups: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(UnitGroup.schema)
            .id()
            .field("name", .string, .required)
            .field("anchor_id", .uuid, .required, .references(Unit.schema, .id, onDelete: .cascade))
            .field("relation", .string, .required)
            .field("kinds", .string, .required)
            .field("levels", .string, .required)
            .field("search_key", .string, .required)
            .field("created_at", .datetime)
            .create()
        try await database.schema(UnitGroupAlias.schema)
            .id()
            .field("group_id", .uuid, .required, .references(UnitGroup.schema, .id, onDelete: .cascade))
            .field("name", .string, .required)
            .field("search_key", .string, .required)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(UnitGroupAlias.schema).delete()
        try await database.schema(UnitGroup.schema).delete()
    }
}
