import Fluent
import SQLKit

/// Our own session table (with the account, so sessions can be ended per account); Vapor's generic
/// session table is no longer used.
struct CreateUserSessions: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(UserSession.schema)
            .id()
            .field("token_hash", .string, .required)
            .field("user_id", .uuid, .required, .references(User.schema, .id, onDelete: .cascade))
            .field("csrf", .string, .required)
            .field("created_at", .datetime, .required)
            .field("last_seen_at", .datetime, .required)
            .field("address", .string, .required)
            .unique(on: "token_hash")
            .create()
        try await database.schema("_fluent_sessions").delete()
        if let sql = database as? any SQLDatabase {
            try await sql.create(index: "idx_user_sessions_user").on(UserSession.schema).column("user_id").run()
            try await sql.create(index: "idx_user_sessions_seen").on(UserSession.schema).column("last_seen_at").run()
        }
    }

    func revert(on database: any Database) async throws {
        try await database.schema(UserSession.schema).delete()
        try await database.schema("_fluent_sessions")
            .id()
            .field("key", .string, .required)
            .field("data", .json, .required)
            .unique(on: "key")
            .create()
    }
}
