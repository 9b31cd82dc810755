import Fluent
import SQLKit

/// Indexes for the lookups every page makes: subtree prefix, search keys, login attempts, audit by time.
struct CreateIndexes: AsyncMigration {
    static let indexes: [(name: String, table: String, columns: [String])] = [
        ("idx_units_path", "units", ["path"]),
        ("idx_units_parent", "units", ["parent_id"]),
        ("idx_units_search", "units", ["search_key"]),
        ("idx_unit_aliases_unit", "unit_aliases", ["unit_id"]),
        ("idx_unit_aliases_search", "unit_aliases", ["search_key"]),
        ("idx_users_unit", "users", ["unit_id"]),
        ("idx_login_attempts_user", "login_attempts", ["username", "attempted_at"]),
        ("idx_login_attempts_addr", "login_attempts", ["address", "attempted_at"]),
        ("idx_audit_at", "audit_entries", ["at"]),
        ("idx_audit_entity", "audit_entries", ["entity_type", "entity_id"]),
    ]

    func prepare(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        for index in Self.indexes {
            var builder = sql.create(index: index.name).on(index.table).column(index.columns[0])
            for column in index.columns.dropFirst() { builder = builder.column(column) }
            try await builder.run()
        }
    }

    func revert(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        for index in Self.indexes {
            try await sql.drop(index: index.name).run()
        }
    }
}
