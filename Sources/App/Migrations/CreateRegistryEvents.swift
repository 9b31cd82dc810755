import Fluent
import SQLKit

/// Registry events (merge, split, rename, move, abolish) with their legal basis, the links from predecessors to
/// successors, former placements of moved units, and validity dates on aliases.
struct CreateRegistryEvents: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(RegistryEvent.schema)
            .id()
            .field("kind", .string, .required)
            .field("state", .string, .required)
            .field("effective_on", .date, .required)
            .field("basis_number", .string, .required)
            .field("basis_date", .date)
            .field("basis_issuer", .string, .required)
            .field("note", .string)
            .field("unit_id", .uuid, .references(Unit.schema, "id"))
            .field("details", .string, .required)
            .field("summary", .string, .required)
            .field("recorded_by", .string)
            .field("created_at", .datetime)
            .field("applied_at", .datetime)
            .create()
        try await database.schema(UnitLink.schema)
            .id()
            .field("event_id", .uuid, .required, .references(RegistryEvent.schema, "id", onDelete: .cascade))
            .field("predecessor_id", .uuid, .required, .references(Unit.schema, "id"))
            .field("successor_id", .uuid, .required, .references(Unit.schema, "id"))
            .field("effective_on", .date, .required)
            .create()
        try await database.schema(UnitPlacement.schema)
            .id()
            .field("unit_id", .uuid, .required, .references(Unit.schema, "id"))
            .field("parent_id", .uuid, .references(Unit.schema, "id"))
            .field("until", .date, .required)
            .field("event_id", .uuid, .required, .references(RegistryEvent.schema, "id", onDelete: .cascade))
            .create()
        // One column per statement: SQLite adds columns one at a time.
        try await database.schema(UnitAlias.schema).field("valid_from", .date).update()
        try await database.schema(UnitAlias.schema).field("valid_to", .date).update()
        if let sql = database as? any SQLDatabase {
            try await sql.create(index: "idx_unit_links_successor").on(UnitLink.schema).column("successor_id").run()
            try await sql.create(index: "idx_unit_links_predecessor").on(UnitLink.schema).column("predecessor_id").run()
            try await sql.create(index: "idx_unit_placements_unit").on(UnitPlacement.schema).column("unit_id").run()
            try await sql.create(index: "idx_unit_placements_parent").on(UnitPlacement.schema).column("parent_id").run()
            try await sql.create(index: "idx_registry_events_state").on(RegistryEvent.schema).column("state").column("effective_on").run()
        }
    }

    func revert(on database: any Database) async throws {
        try await database.schema(UnitAlias.schema).deleteField("valid_to").update()
        try await database.schema(UnitAlias.schema).deleteField("valid_from").update()
        try await database.schema(UnitPlacement.schema).delete()
        try await database.schema(UnitLink.schema).delete()
        try await database.schema(RegistryEvent.schema).delete()
    }
}
