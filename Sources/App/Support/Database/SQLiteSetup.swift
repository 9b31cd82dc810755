import Fluent
import SQLKit
import Vapor

enum SQLiteSetup {
    /// Per-connection settings for the embedded database, applied to the one connection each event
    /// loop keeps: WAL so readers never wait for the writer, FULL sync so an acknowledged write survives
    /// a power cut, a busy timeout for the rare writer in another process (a `cchc` command), and a page cache of
    /// 32 MB per connection (SQLite's default is 2 MB: a national roll-up then spends a third of its time re-reading
    /// pages from the operating system).
    static func prepare(_ app: Application, ids: [DatabaseID] = [.sqlite, .sqliteWriter]) async throws {
        var loops = app.eventLoopGroup.makeIterator()
        while let loop = loops.next() {
            for id in ids where app.databases.configuration(for: id) != nil {
                guard let sql = app.databases.database(id, logger: app.logger, on: loop) as? any SQLDatabase else { continue }
                try await sql.raw("PRAGMA journal_mode = WAL").run()
                try await sql.raw("PRAGMA synchronous = FULL").run()
                try await sql.raw("PRAGMA busy_timeout = 5000").run()
                try await sql.raw("PRAGMA foreign_keys = ON").run()
                try await sql.raw("PRAGMA cache_size = -32000").run()
            }
        }
    }

    /// Statistics for the query planner, as SQLite advises for long-running applications (`PRAGMA optimize`, each
    /// table sampled rather than read whole): without them a national query and a province's query over the same
    /// table cannot both get the right index. Cheap when nothing has changed much; the jobs run it every round.
    /// PostgreSQL's autovacuum does the same there.
    static func optimize(_ db: any Database) async throws {
        guard db.isSQLite else { return }
        try await db.write { db in
            guard let sql = db as? any SQLDatabase else { return }
            try await sql.raw("PRAGMA analysis_limit = 1000").run()
            try await sql.raw("PRAGMA optimize = 0x10002").run()
        }
    }
}
