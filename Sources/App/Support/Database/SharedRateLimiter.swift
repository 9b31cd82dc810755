import Fluent
import Foundation
import SQLKit

/// How often one key (an address and what it asks for) may do something per hour, counted in the database so that
/// every instance behind the proxy counts together: one upsert per request, old windows swept now and then.
enum SharedRateLimiter {
    /// Counts one use of `key` in the current hour; false when that makes more than `limit` (a limit of 0: no limit).
    static func allow(_ key: String, limit: Int, now: Date, on db: any Database) async throws -> Bool {
        guard limit > 0 else { return true }
        let window = Int64(now.timeIntervalSince1970 / 3600)
        let count = try await db.write { db -> Int64 in
            guard let sql = db as? any SQLDatabase else { throw AppError.busy }
            let row = try await sql.raw("""
                INSERT INTO rate_limits (key, window_start, count) VALUES (\(bind: String(key.prefix(300))), \(bind: window), 1)
                ON CONFLICT (key, window_start) DO UPDATE SET count = rate_limits.count + 1 RETURNING count
                """).first()
            // One write in a thousand also drops the windows that ended an hour ago.
            if Int.random(in: 0..<1000) == 0 { try await sql.raw("DELETE FROM rate_limits WHERE window_start < \(bind: window - 1)").run() }
            return try row?.decode(column: "count", as: Int64.self) ?? 1
        }
        return count <= Int64(limit)
    }
}
