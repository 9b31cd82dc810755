import Fluent
import SQLKit
import Vapor

enum WriteScope {
    /// Marks the task tree that already runs inside a write transaction, so nested writes join it.
    @TaskLocal static var active = false
    /// The embedded database's writer connections (a pool of their own, set per request by
    /// `WriterDatabaseMiddleware`), so a write transaction never holds a connection readers wait for.
    @TaskLocal static var writer: (any Database)?
}

extension DatabaseID {
    /// The same SQLite file as `.sqlite`, opened on connections used only for writes.
    static let sqliteWriter = DatabaseID(string: "sqlite-writer")
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
        let gate = WriteGate.gate(for: storageKey)
        guard await gate.acquire() else { throw AppError.busy }
        do {
            let result = try await (WriteScope.writer ?? self).withConnection { conn -> T in
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
            await gate.release()
            return result
        } catch {
            await gate.release()
            throw error
        }
    }

    /// Which database file this is (the SQLite storage both the reader and the writer configuration
    /// name), so each file has one writer queue. Read from the driver's configuration, which is not public.
    var storageKey: String {
        Mirror(reflecting: context.configuration).descendant("configuration", "storage").map { String(describing: $0) } ?? "sqlite"
    }
}

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

/// Runs each request with the writer connections at hand (embedded database only).
struct WriterDatabaseMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let databases = request.application.databases
        guard databases.configuration(for: .sqliteWriter) != nil,
              let writer = databases.database(.sqliteWriter, logger: request.logger, on: request.eventLoop) else {
            return try await next.respond(to: request)
        }
        return try await WriteScope.$writer.withValue(writer) { try await next.respond(to: request) }
    }
}

