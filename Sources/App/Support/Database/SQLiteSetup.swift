import Fluent
import SQLKit
import Vapor

enum SQLiteSetup {
    /// Per-connection settings for the embedded database, applied to the one connection each event
    /// loop keeps: WAL so readers never wait for the writer, FULL sync so an acknowledged write survives
    /// a power cut, a busy timeout for the rare writer in another process (a `cchc` command).
    static func prepare(_ app: Application, ids: [DatabaseID] = [.sqlite, .sqliteWriter]) async throws {
        var loops = app.eventLoopGroup.makeIterator()
        while let loop = loops.next() {
            for id in ids where app.databases.configuration(for: id) != nil {
                guard let sql = app.databases.database(id, logger: app.logger, on: loop) as? any SQLDatabase else { continue }
            try await sql.raw("PRAGMA journal_mode = WAL").run()
            try await sql.raw("PRAGMA synchronous = FULL").run()
            try await sql.raw("PRAGMA busy_timeout = 5000").run()
                try await sql.raw("PRAGMA foreign_keys = ON").run()
            }
        }
    }
}
