import Fluent
import Foundation
import SQLKit

/// How often one key (an address and what it asks for) may do something per hour, counted in the database so that
/// every instance behind the proxy counts together: one upsert per request, old windows swept now and then.
///
/// The hour is a sliding one: the uses of the current clock hour plus those of the previous hour weighted by the part
/// of it still inside the last sixty minutes. A fixed hour would let a sender who used the whole limit at 10:59 send as
/// many again at 11:00.
enum SharedRateLimiter {
    /// Counts one use of `key`; false when that makes more than `limit` in the last hour (a limit of 0: no limit).
    static func allow(_ key: String, limit: Int, now: Date, on db: any Database) async throws -> Bool {
        guard limit > 0 else { return true }
        let hours = now.timeIntervalSince1970 / 3600
        let window = Int64(hours.rounded(.down))
        let key = String(key.prefix(300))
        let (current, previous) = try await db.write { db -> (Int64, Int64) in
            guard let sql = db as? any SQLDatabase else { throw AppError.busy }
            let row = try await sql.raw("""
                INSERT INTO rate_limits (key, window_start, count) VALUES (\(bind: key), \(bind: window), 1)
                ON CONFLICT (key, window_start) DO UPDATE SET count = rate_limits.count + 1 RETURNING count
                """).first()
            let before = try await sql.raw("""
                SELECT count FROM rate_limits WHERE key = \(bind: key) AND window_start = \(bind: window - 1)
                """).first()
            // One write in a thousand also drops the windows that ended an hour ago.
            if Int.random(in: 0..<1000) == 0 { try await sql.raw("DELETE FROM rate_limits WHERE window_start < \(bind: window - 1)").run() }
            return (try row?.decode(column: "count", as: Int64.self) ?? 1, try before?.decode(column: "count", as: Int64.self) ?? 0)
        }
        return Self.within(limit: limit, current: current, previous: previous, elapsed: hours - hours.rounded(.down))
    }

    /// The sliding estimate: `previous × (1 − elapsed) + current ≤ limit`, `elapsed` the part of the current hour gone.
    static func within(limit: Int, current: Int64, previous: Int64, elapsed: Double) -> Bool {
        let carried = Double(previous) * max(0, min(1, 1 - elapsed))
        return carried.rounded(.down) + Double(current) <= Double(limit)
    }
}
