import Fluent
import Foundation
import SQLKit

/// Login attempts get an outcome (pending / failed / succeeded / blocked); API tokens an expiry, a
/// last-used time and a revocation time. Tokens made before this get 90 days from now.
struct HardenLoginsAndTokens: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(LoginAttempt.schema).field("outcome", .string).update()
        try await database.schema(APIToken.schema).field("expires_at", .datetime).update()
        try await database.schema(APIToken.schema).field("last_used_at", .datetime).update()
        try await database.schema(APIToken.schema).field("revoked_at", .datetime).update()
        try await APIToken.query(on: database).set(\.$expiresAt, to: Date().addingTimeInterval(90 * 86_400))
            .filter(\.$expiresAt == nil).update()
        try await database.schema(Notice.schema)
            .id()
            .field("user_id", .uuid, .required, .references(User.schema, .id, onDelete: .cascade))
            .field("text", .string, .required)
            .field("created_at", .datetime, .required)
            .field("read_at", .datetime)
            .create()
        try await database.schema(JobLease.schema)
            .id()
            .field("name", .string, .required)
            .field("holder", .string, .required)
            .field("expires_at", .datetime, .required)
            .unique(on: "name")
            .create()
        if let sql = database as? any SQLDatabase {
            try await sql.create(index: "idx_notices_user").on(Notice.schema).column("user_id").column("read_at").run()
            try await sql.create(index: "idx_api_tokens_user").on(APIToken.schema).column("user_id").run()
        }
    }

    func revert(on database: any Database) async throws {
        try await database.schema(JobLease.schema).delete()
        try await database.schema(Notice.schema).delete()
        if let sql = database as? any SQLDatabase {
            try await sql.drop(index: "idx_api_tokens_user").run()
        }
        try await database.schema(APIToken.schema).deleteField("revoked_at").update()
        try await database.schema(APIToken.schema).deleteField("last_used_at").update()
        try await database.schema(APIToken.schema).deleteField("expires_at").update()
        try await database.schema(LoginAttempt.schema).deleteField("outcome").update()
    }
}
