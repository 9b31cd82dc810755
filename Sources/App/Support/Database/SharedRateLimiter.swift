import Fluent
import Foundation
import SQLKit

/// How often one key (an address and what it asks for) may do something per hour, counted in the database so that
/// every instance behind the proxy counts together: one upsert and one sum per request, old counts swept now and then.
///
/// The hour slides: uses are counted in five-minute buckets and the last twelve are summed. A fixed clock hour would
/// let a sender who used the whole limit at 10:59 send as much again at 11:00; here those uses count until 11:55 at
/// the earliest and 12:00 at the latest.
enum SharedRateLimiter {
    static let bucketSeconds: Double = 300
    static let buckets: Int64 = 12

    /// Counts one use of `key`; false when that makes more than `limit` in the last hour (a limit of 0: no limit).
    static func allow(_ key: String, limit: Int, now: Date, on db: any Database) async throws -> Bool {
        guard limit > 0 else { return true }
        let bucket = Int64((now.timeIntervalSince1970 / bucketSeconds).rounded(.down))
        let key = String(key.prefix(300))
        let count = try await db.write { db -> Int64 in
            guard let sql = db as? any SQLDatabase else { throw AppError.busy }
            try await sql.raw("""
                INSERT INTO rate_limits (key, window_start, count) VALUES (\(bind: key), \(bind: bucket), 1)
                ON CONFLICT (key, window_start) DO UPDATE SET count = rate_limits.count + 1
                """).run()
            let row = try await sql.raw("""
                SELECT CAST(SUM(count) AS BIGINT) AS n FROM rate_limits WHERE key = \(bind: key) AND window_start > \(bind: bucket - buckets)
                """).first()
            // One write in a thousand also drops the counts that left the hour.
            if Int.random(in: 0..<1000) == 0 { try await sql.raw("DELETE FROM rate_limits WHERE window_start <= \(bind: bucket - buckets)").run() }
            return try row?.decode(column: "n", as: Int64?.self) ?? 1
        }
        return count <= Int64(limit)
    }
}
