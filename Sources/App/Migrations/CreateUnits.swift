import Fluent
import SQLKit

struct CreateUnits: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(Unit.schema)
            .id()
            .field("code", .string, .required)
            .field("name", .string, .required)
            .field("short_name", .string)
            .field("kind", .string, .required)
            .field("level", .string, .required)
            .field("parent_id", .uuid, .references(Unit.schema, .id, onDelete: .restrict))
            .field("path", .string, .required)
            .field("valid_from", .string)
            .field("valid_to", .string)
            .field("address", .string)
            .field("phone", .string)
            .field("email", .string)
            .field("website", .string)
            .field("search_key", .string, .required)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .unique(on: "code")
            .create()
        try await database.schema(UnitAlias.schema)
            .id()
            .field("unit_id", .uuid, .required, .references(Unit.schema, .id, onDelete: .cascade))
            .field("name", .string, .required)
            .field("search_key", .string, .required)
            .create()
    }

    func revert(on database: any Database) async throws {
        // The parent link restricts deletes; cut it so the table can go with its rows.
        if let sql = database as? any SQLDatabase {
            try await sql.update(Unit.schema).set("parent_id", to: SQLLiteral.null).run()
        }
        try await database.schema(UnitAlias.schema).delete()
        try await database.schema(Unit.schema).delete()
    }
}
