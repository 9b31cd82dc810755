import Fluent
import SQLKit
import Vapor

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
