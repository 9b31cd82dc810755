import Fluent
import SQLKit
import Vapor

/// Marks the task tree that already runs inside a write transaction, so nested writes join it.
enum WriteScope {
    @TaskLocal static var active = false
}

extension Database {
    var isSQLite: Bool { (self as? any SQLDatabase)?.dialect.name == "sqlite" }

    /// Runs `body` as one write transaction: all of it or nothing.
    ///
    /// Every change to the database goes through here. On SQLite the process's writers queue at the
    /// `WriteGate` and the transaction starts with `BEGIN IMMEDIATE` (it holds the write lock from its
    /// first statement, so a read followed by a write can never fail to upgrade); readers are not
    /// blocked (WAL). On PostgreSQL it is an ordinary transaction. Writes nested in `body` join it.
    func write<T: Sendable>(_ body: @escaping @Sendable (any Database) async throws -> T) async throws -> T {
        if WriteScope.active { return try await body(self) }
        guard isSQLite else {
            return try await transaction { db in try await WriteScope.$active.withValue(true) { try await body(db) } }
        }
        guard await WriteGate.shared.acquire() else { throw AppError.busy }
        do {
            let result = try await withConnection { conn -> T in
                guard let sql = conn as? any SQLDatabase else { throw AppError.busy }
                try await sql.raw("BEGIN IMMEDIATE").run()
                do {
                    let value = try await WriteScope.$active.withValue(true) { try await body(conn) }
                    try await sql.raw("COMMIT").run()
                    return value
                } catch {
                    try? await sql.raw("ROLLBACK").run()
                    throw error
                }
            }
            await WriteGate.shared.release()
            return result
        } catch {
            await WriteGate.shared.release()
            throw error
        }
    }
}

enum SQLiteSetup {
    /// Per-connection settings for the embedded database, applied to the one connection each event
    /// loop keeps: WAL so readers never wait for the writer, FULL sync so an acknowledged write survives
    /// a power cut, a busy timeout for the rare writer in another process (a `cchc` command).
    static func prepare(_ app: Application, id: DatabaseID = .sqlite) async throws {
        var loops = app.eventLoopGroup.makeIterator()
        while let loop = loops.next() {
            guard let sql = app.databases.database(id, logger: app.logger, on: loop) as? any SQLDatabase else { continue }
            try await sql.raw("PRAGMA journal_mode = WAL").run()
            try await sql.raw("PRAGMA synchronous = FULL").run()
            try await sql.raw("PRAGMA busy_timeout = 5000").run()
            try await sql.raw("PRAGMA foreign_keys = ON").run()
        }
    }
}
