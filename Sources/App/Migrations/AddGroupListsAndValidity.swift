import Fluent
import SQLKit

/// Groups can be a list of named units as well as a rule, and have validity dates of their own.
struct AddGroupListsAndValidity: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(UnitGroup.schema).field("valid_from", .string).update()
        try await database.schema(UnitGroup.schema).field("valid_to", .string).update()
        try await database.schema(UnitGroupMember.schema)
            .id()
            .field("group_id", .uuid, .required, .references(UnitGroup.schema, .id, onDelete: .cascade))
            .field("unit_id", .uuid, .required, .references(Unit.schema, .id, onDelete: .cascade))
            .unique(on: "group_id", "unit_id")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(UnitGroupMember.schema).delete()
        try await database.schema(UnitGroup.schema).deleteField("valid_to").update()
        try await database.schema(UnitGroup.schema).deleteField("valid_from").update()
    }
}
