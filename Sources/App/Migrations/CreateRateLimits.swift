import Fluent
import SQLKit

/// Counters for limits that every instance of the application shares (`SharedRateLimiter`).
struct CreateRateLimits: AsyncMigration {
    func prepare(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.raw("""
            CREATE TABLE rate_limits (key TEXT NOT NULL, window_start BIGINT NOT NULL, count BIGINT NOT NULL,
                                      PRIMARY KEY (key, window_start))
            """).run()
    }

    func revert(on database: any Database) async throws {
        try await (database as? any SQLDatabase)?.raw("DROP TABLE rate_limits").run()
    }
}
