import Fluent
import SQLKit

extension Database {
    /// Inside a write transaction: waits until no other transaction holds `key`, and holds it until this one ends,
    /// so "check, then write" steps keyed alike run one after the other. PostgreSQL takes a transaction-scoped
    /// advisory lock; SQLite's write transactions already run one at a time.
    func lockForTransaction(_ key: String) async throws {
        guard let sql = self as? any SQLDatabase, sql.dialect.name == "postgresql" else { return }
        try await sql.raw("SELECT pg_advisory_xact_lock(hashtext(\(bind: key)))").run()
    }
}
